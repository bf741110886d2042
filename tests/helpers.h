/*
 * libvmap - shared helpers for the Check test suites
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#ifndef TH_HELPERS_H
#define TH_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <check.h>

#include <vmap.h>

/* The default text of the vmap README examples. */
#define TH_TEXT "this is a test"
#define TH_TEXT_LEN (sizeof(TH_TEXT) - 1)

/* 4 GiB, for offsets that do not fit in 32 bits. */
#define TH_GIB4 (UINT64_C(1) << 32)

/* Byte used to pre-fill out-parameters that must stay untouched. */
#define TH_SENTINEL 0xa5

/* The private temporary directory of the current test: a fresh one per test
 * for TCases made with th_tcase(), else the directory of the process.  All
 * of them live in one mkdtemp() directory under $TMPDIR (or /tmp), created
 * by th_run() and removed with its contents when that process exits. */
const char *th_tmpdir(void);

/* Checked fixture: give each test its own empty th_tmpdir(), and remove it
 * afterwards. */
void th_setup(void);
void th_teardown(void);

/* tcase_create() plus the th_setup() / th_teardown() fixture. */
TCase *th_tcase(const char *name);

/* A path named @name inside th_tmpdir().  The result lives in one of a few
 * rotating static buffers: copy it if it must outlive later calls. */
const char *th_path(const char *name);

/* Create or replace @path with exactly @len bytes of @data; returns @path. */
const char *th_write_file(const char *path, const void *data, size_t len);

/* th_write_file() of th_path(@name); returns the path. */
const char *th_mkfile(const char *name, const void *data, size_t len);

/* Read a whole file into a malloc'd buffer (NUL-terminated for
 * convenience); stores its length in @lenp.  The caller frees it. */
char *th_read_file(const char *path, size_t *lenp);

/* The size of the file at @path, or -1 if it does not exist. */
long long th_file_size(const char *path);

/* Number of open descriptors (entries of /proc/self/fd). */
int th_count_fds(void);

/* Number of mappings (lines of /proc/self/maps). */
int th_count_maps(void);

/* Copy the permission string ("r-xp", ...) of the mapping holding @addr
 * into @perms (5 bytes).  Returns 0, or -1 when no mapping holds it. */
int th_maps_perms(const void *addr, char perms[5]);

/* Run @fn(@arg) in a forked child.  Returns 1 when the child died of
 * SIGSEGV or SIGBUS, 0 when it exited normally or died otherwise. */
int th_faults(void (*fn)(void *), void *arg);

/* th_faults() callbacks: store a byte at, or load a byte from, @addr. */
void th_poke(void *addr);
void th_peek(void *addr);

/* Run a suite with CK_ENV; EXIT_SUCCESS iff no test failed. */
int th_run(Suite *s);

/* Pre-fill / compare a map struct with the sentinel pattern. */
void th_sentinel(struct vmap_map *map);
int th_is_sentinel(const struct vmap_map *map);

/* Resource snapshot for leak checks. */
struct th_res {
	int fds;
	int maps;
};

void th_snap(struct th_res *res);

/* Assert that no descriptor and no mapping appeared since th_snap(). */
#define th_assert_no_leak(res)                                                \
	do {                                                                  \
		struct th_res th_now_;                                        \
		th_snap(&th_now_);                                            \
		ck_assert_int_eq(th_now_.fds, (res)->fds);                    \
		ck_assert_int_eq(th_now_.maps, (res)->maps);                  \
	} while (0)

/* Assert that @map holds the sentinel pattern (was left untouched). */
#define th_assert_untouched(map)                                              \
	ck_assert_msg(th_is_sentinel(map), "out-parameter was modified")

/* Assert that @map is the empty mapping. */
#define th_assert_empty(map)                                                  \
	do {                                                                  \
		ck_assert_ptr_null((map)->ptr);                               \
		ck_assert_uint_eq((map)->len, 0);                             \
	} while (0)

/* Assert that @map holds exactly the @len bytes at @data. */
#define th_assert_bytes(map, data, n)                                         \
	do {                                                                  \
		ck_assert_uint_eq((map)->len, (n));                           \
		ck_assert_ptr_nonnull((map)->ptr);                            \
		ck_assert_mem_eq((map)->ptr, (data), (n));                    \
	} while (0)

#endif /* TH_HELPERS_H */
