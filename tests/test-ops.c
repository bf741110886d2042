/*
 * libvmap - tests for operations on mappings: unmap, flush, advise, lock,
 * make_writable / make_readonly, exec access and remap
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

static const enum vmap_advice all_advice[] = {
	VMAP_ADVISE_NORMAL,   VMAP_ADVISE_SEQUENTIAL, VMAP_ADVISE_RANDOM,
	VMAP_ADVISE_WILLNEED, VMAP_ADVISE_DONTNEED,
};

#define N_ADVICE (sizeof(all_advice) / sizeof(all_advice[0]))

static struct vmap_options opts(unsigned int flags, uint64_t offset,
				struct vmap_extent len)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;

	o.flags = flags;
	o.offset = offset;
	o.len = len;
	return o;
}

static int open_fd(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open(%s): %s", path, strerror(errno));
	return fd;
}

static void unmap_ok(struct vmap_map *m)
{
	static const struct vmap_map zero;

	ck_assert_int_eq(vmap_unmap(m), 0);
	ck_assert_mem_eq(m, &zero, sizeof(zero));
}

/* Map the text file "t" with @flags; hands back the descriptor in @fd. */
static void map_text(unsigned int flags, struct vmap_map *m, int *fd)
{
	struct vmap_options o = opts(flags, 0, vmap_extent_end());
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);

	ck_assert_int_eq(vmap_open(path, &o, m, fd), 0);
	th_assert_bytes(m, TH_TEXT, TH_TEXT_LEN);
}

static void map_anon(unsigned int flags, size_t len, struct vmap_map *m)
{
	struct vmap_options o = opts(flags, 0, vmap_extent_exact(len));

	ck_assert_int_eq(vmap_alloc(&o, m), 0);
	ck_assert_uint_eq(m->len, len);
}

static void check_pread(int fd, off_t off, const void *data, size_t len)
{
	char buf[256];

	ck_assert_uint_le(len, sizeof(buf));
	ck_assert_int_eq(pread(fd, buf, len, off), (ssize_t)len);
	ck_assert_mem_eq(buf, data, len);
}

/* Assert a call fails with @want and errno set accordingly. */
#define ck_fails(call, want)                                                  \
	do {                                                                  \
		errno = 0;                                                    \
		ck_assert_int_eq((call), -1);                                 \
		ck_assert_int_eq(errno, (want));                              \
	} while (0)

/* ------------------------------------------------------------------ */
/* unmap                                                               */
/* ------------------------------------------------------------------ */

START_TEST(unmap_zeroes_struct)
{
	struct th_res before;
	struct vmap_map m;
	void *p;
	char perms[5];
	int fd;

	th_snap(&before);
	map_text(0, &m, &fd);
	p = m.ptr;
	ck_assert_int_eq(th_maps_perms(p, perms), 0);
	unmap_ok(&m);
	ck_assert_int_eq(th_maps_perms(p, perms), -1);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(unmap_unaligned_offset)
{
	size_t ps = vmap_page_size();
	char *buf = calloc(1, 3 * ps);
	const char *path;
	struct vmap_options o = opts(0, ps + 3, vmap_extent_exact(ps));
	struct th_res before;
	struct vmap_map m;
	char *base;
	char perms[5];

	ck_assert_ptr_nonnull(buf);
	path = th_mkfile("big", buf, 3 * ps);
	free(buf);
	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	base = (char *)m.ptr - 3;
	ck_assert_int_eq(th_maps_perms(base, perms), 0);
	ck_assert_int_eq(th_maps_perms(base + 2 * ps - 1, perms), 0);
	unmap_ok(&m);
	/* The whole range, from the page start, is gone. */
	ck_assert_int_eq(th_maps_perms(base, perms), -1);
	ck_assert_int_eq(th_maps_perms(base + 2 * ps - 1, perms), -1);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(unmap_anon)
{
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	map_anon(VMAP_WRITE, 3 * vmap_page_size() + 1, &m);
	unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(unmap_empty_and_twice)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(0));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	unmap_ok(&m);
	unmap_ok(&m); /* a zeroed struct is an empty mapping */
}
END_TEST

START_TEST(unmap_null)
{
	ck_fails(vmap_unmap(NULL), EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* flush                                                               */
/* ------------------------------------------------------------------ */

static void flush_mode_check(enum vmap_flush_mode mode)
{
	struct vmap_map m;
	int fd;

	map_text(VMAP_WRITE, &m, &fd);
	memcpy(m.ptr, "that", 4);
	ck_assert_int_eq(vmap_flush(&m, fd, mode), 0);
	check_pread(fd, 0, "that is a test", TH_TEXT_LEN);
	memcpy((char *)m.ptr + 10, "TEST", 4);
	ck_assert_int_eq(vmap_flush_range(&m, fd, 10, 4, mode), 0);
	check_pread(fd, 0, "that is a TEST", TH_TEXT_LEN);
	/* fd is optional on POSIX. */
	ck_assert_int_eq(vmap_flush(&m, -1, mode), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}

START_TEST(flush_sync)
{
	flush_mode_check(VMAP_FLUSH_SYNC);
}
END_TEST

START_TEST(flush_async)
{
	flush_mode_check(VMAP_FLUSH_ASYNC);
}
END_TEST

START_TEST(flush_unaligned_map)
{
	size_t ps = vmap_page_size();
	char *buf = calloc(1, 3 * ps);
	const char *path;
	struct vmap_options o = opts(VMAP_WRITE, ps + 3, vmap_extent_exact(ps));
	struct vmap_map m;
	int fd;

	ck_assert_ptr_nonnull(buf);
	path = th_mkfile("big", buf, 3 * ps);
	free(buf);
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	memcpy(m.ptr, "head", 4);
	memcpy((char *)m.ptr + ps - 4, "tail", 4);
	ck_assert_int_eq(vmap_flush_range(&m, fd, 1, 2, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush_range(&m, fd, ps - 4, 4, VMAP_FLUSH_SYNC),
			 0);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	check_pread(fd, (off_t)ps + 3, "head", 4);
	check_pread(fd, (off_t)(2 * ps - 1), "tail", 4);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(flush_range_bounds)
{
	struct vmap_map m;
	size_t n;
	int fd;

	map_text(VMAP_WRITE, &m, &fd);
	n = m.len;
	ck_assert_int_eq(vmap_flush_range(&m, fd, 0, n, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush_range(&m, fd, n - 1, 1, VMAP_FLUSH_SYNC),
			 0);
	ck_assert_int_eq(vmap_flush_range(&m, fd, n, 0, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush_range(&m, fd, 3, 0, VMAP_FLUSH_ASYNC), 0);
	ck_fails(vmap_flush_range(&m, fd, n - 1, 2, VMAP_FLUSH_SYNC), ERANGE);
	ck_fails(vmap_flush_range(&m, fd, 0, n + 1, VMAP_FLUSH_SYNC), ERANGE);
	ck_fails(vmap_flush_range(&m, fd, n, 1, VMAP_FLUSH_ASYNC), ERANGE);
	ck_fails(vmap_flush_range(&m, fd, SIZE_MAX, 2, VMAP_FLUSH_SYNC),
		 EOVERFLOW);
	ck_fails(vmap_flush_range(&m, fd, 1, SIZE_MAX, VMAP_FLUSH_SYNC),
		 EOVERFLOW);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(flush_bad_mode)
{
	struct vmap_map m;
	int fd;

	map_text(VMAP_WRITE, &m, &fd);
	ck_fails(vmap_flush(&m, fd, (enum vmap_flush_mode)2), EINVAL);
	ck_fails(vmap_flush(&m, fd, (enum vmap_flush_mode)-1), EINVAL);
	ck_fails(vmap_flush_range(&m, fd, 0, 1, (enum vmap_flush_mode)42),
		 EINVAL);
	ck_fails(vmap_flush(NULL, fd, VMAP_FLUSH_SYNC), EINVAL);
	ck_fails(vmap_flush_range(NULL, fd, 0, 0, VMAP_FLUSH_SYNC), EINVAL);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(flush_empty_and_anon)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_exact(0));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(vmap_flush(&m, -1, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush_range(&m, -1, 0, 0, VMAP_FLUSH_ASYNC), 0);
	ck_fails(vmap_flush_range(&m, -1, 0, 1, VMAP_FLUSH_SYNC), ERANGE);
	unmap_ok(&m);

	map_anon(VMAP_WRITE, 100, &m);
	ck_assert_int_eq(vmap_flush(&m, -1, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush_range(&m, -1, 10, 20, VMAP_FLUSH_ASYNC),
			 0);
	unmap_ok(&m);
}
END_TEST

START_TEST(flush_readonly_map)
{
	struct vmap_map m;
	int fd;

	map_text(0, &m, &fd);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_ASYNC), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* advise                                                              */
/* ------------------------------------------------------------------ */

START_TEST(advise_every_value)
{
	struct vmap_map m;
	size_t i;
	int fd;

	map_text(0, &m, &fd);
	for (i = 0; i < N_ADVICE; i++) {
		ck_assert_int_eq(vmap_advise(&m, all_advice[i]), 0);
		ck_assert_int_eq(vmap_advise_range(&m, 1, 5, all_advice[i]), 0);
		ck_assert_int_eq(vmap_advise_range(&m, 0, m.len,
						   all_advice[i]),
				 0);
		th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	}
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(advise_dontneed_keeps_private_data)
{
	size_t len = 3 * vmap_page_size();
	struct vmap_map m;
	char *expect;
	int fd;

	/* Private anonymous memory: Linux MADV_DONTNEED would zero it. */
	map_anon(VMAP_COPY, len, &m);
	expect = malloc(len);
	ck_assert_ptr_nonnull(expect);
	memset(expect, 0x3c, len);
	memset(m.ptr, 0x3c, len);
	ck_assert_int_eq(vmap_advise(&m, VMAP_ADVISE_DONTNEED), 0);
	ck_assert_mem_eq(m.ptr, expect, len);
	ck_assert_int_eq(vmap_advise_range(&m, 1, len - 2,
					   VMAP_ADVISE_DONTNEED),
			 0);
	ck_assert_mem_eq(m.ptr, expect, len);
	free(expect);
	unmap_ok(&m);

	/* Private copy of a file: changes must survive too. */
	map_text(VMAP_COPY, &m, &fd);
	memcpy(m.ptr, "that", 4);
	ck_assert_int_eq(vmap_advise(&m, VMAP_ADVISE_DONTNEED), 0);
	th_assert_bytes(&m, "that is a test", TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(advise_bad_advice)
{
	struct vmap_map m;
	int fd;

	map_text(0, &m, &fd);
	ck_fails(vmap_advise(&m, (enum vmap_advice)5), EINVAL);
	ck_fails(vmap_advise(&m, (enum vmap_advice)42), EINVAL);
	ck_fails(vmap_advise(&m, (enum vmap_advice)-1), EINVAL);
	ck_fails(vmap_advise_range(&m, 0, 1, (enum vmap_advice)5), EINVAL);
	ck_fails(vmap_advise(NULL, VMAP_ADVISE_NORMAL), EINVAL);
	ck_fails(vmap_advise_range(NULL, 0, 0, VMAP_ADVISE_NORMAL), EINVAL);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(advise_range_bounds)
{
	struct vmap_map m;
	size_t n;
	int fd;

	map_text(0, &m, &fd);
	n = m.len;
	ck_assert_int_eq(vmap_advise_range(&m, n - 1, 1, VMAP_ADVISE_RANDOM),
			 0);
	ck_assert_int_eq(vmap_advise_range(&m, n, 0, VMAP_ADVISE_RANDOM), 0);
	ck_fails(vmap_advise_range(&m, n - 1, 2, VMAP_ADVISE_RANDOM), ERANGE);
	ck_fails(vmap_advise_range(&m, n + 1, 1, VMAP_ADVISE_NORMAL), ERANGE);
	ck_fails(vmap_advise_range(&m, SIZE_MAX, 2, VMAP_ADVISE_NORMAL),
		 EOVERFLOW);
	ck_fails(vmap_advise_range(&m, 2, SIZE_MAX - 1, VMAP_ADVISE_NORMAL),
		 EOVERFLOW);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(advise_empty)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(0));
	struct vmap_map m;
	size_t i;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	for (i = 0; i < N_ADVICE; i++) {
		ck_assert_int_eq(vmap_advise(&m, all_advice[i]), 0);
		ck_assert_int_eq(vmap_advise_range(&m, 0, 0, all_advice[i]),
				 0);
	}
	ck_fails(vmap_advise_range(&m, 0, 1, VMAP_ADVISE_NORMAL), ERANGE);
	unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* lock                                                                */
/* ------------------------------------------------------------------ */

/* Locked memory of this process in kB (VmLck of /proc/self/status). */
static long vm_locked_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "re");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(f);
	ck_assert_int_ge(kb, 0);
	return kb;
}

START_TEST(lock_unlock_whole)
{
	long page_kb = (long)(vmap_page_size() / 1024);
	struct vmap_map m;
	long before;

	map_anon(VMAP_WRITE, 2 * vmap_page_size(), &m);
	before = vm_locked_kb();
	ck_assert_int_eq(vmap_lock(&m), 0);
	ck_assert_int_eq(vm_locked_kb(), before + 2 * page_kb);
	ck_assert_int_eq(vmap_unlock(&m), 0);
	ck_assert_int_eq(vm_locked_kb(), before);
	unmap_ok(&m);
}
END_TEST

START_TEST(lock_unlock_range)
{
	size_t ps = vmap_page_size();
	long page_kb = (long)(ps / 1024);
	struct vmap_map m;
	long before;

	map_anon(VMAP_WRITE, 4 * ps, &m);
	before = vm_locked_kb();
	/* Two bytes straddling the first page boundary: two pages. */
	ck_assert_int_eq(vmap_lock_range(&m, ps - 1, 2), 0);
	ck_assert_int_eq(vm_locked_kb(), before + 2 * page_kb);
	ck_assert_int_eq(vmap_unlock_range(&m, ps - 1, 2), 0);
	ck_assert_int_eq(vm_locked_kb(), before);
	ck_assert_int_eq(vmap_lock_range(&m, 3 * ps, ps), 0);
	ck_assert_int_eq(vm_locked_kb(), before + page_kb);
	ck_assert_int_eq(vmap_unlock_range(&m, 3 * ps, ps), 0);
	ck_assert_int_eq(vm_locked_kb(), before);
	unmap_ok(&m);
}
END_TEST

START_TEST(lock_file_map)
{
	struct vmap_map m;
	int fd;

	map_text(0, &m, &fd);
	ck_assert_int_eq(vmap_lock(&m), 0);
	ck_assert_int_eq(vmap_lock_range(&m, 3, 4), 0);
	ck_assert_int_eq(vmap_unlock_range(&m, 3, 4), 0);
	ck_assert_int_eq(vmap_unlock(&m), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(lock_range_bounds)
{
	struct vmap_map m;
	size_t n = 100;

	map_anon(VMAP_WRITE, n, &m);
	ck_assert_int_eq(vmap_lock_range(&m, n, 0), 0);
	ck_assert_int_eq(vmap_unlock_range(&m, n, 0), 0);
	ck_fails(vmap_lock_range(&m, n - 1, 2), ERANGE);
	ck_fails(vmap_unlock_range(&m, n - 1, 2), ERANGE);
	ck_fails(vmap_lock_range(&m, 0, n + 1), ERANGE);
	ck_fails(vmap_lock_range(&m, SIZE_MAX, 2), EOVERFLOW);
	ck_fails(vmap_unlock_range(&m, SIZE_MAX, 2), EOVERFLOW);
	ck_fails(vmap_lock_range(&m, 1, SIZE_MAX), EOVERFLOW);
	ck_fails(vmap_lock(NULL), EINVAL);
	ck_fails(vmap_unlock(NULL), EINVAL);
	ck_fails(vmap_lock_range(NULL, 0, 0), EINVAL);
	ck_fails(vmap_unlock_range(NULL, 0, 0), EINVAL);
	unmap_ok(&m);
}
END_TEST

START_TEST(lock_empty)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(0));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(vmap_lock(&m), 0);
	ck_assert_int_eq(vmap_unlock(&m), 0);
	ck_assert_int_eq(vmap_lock_range(&m, 0, 0), 0);
	ck_assert_int_eq(vmap_unlock_range(&m, 0, 0), 0);
	ck_fails(vmap_lock_range(&m, 0, 1), ERANGE);
	unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* protect                                                             */
/* ------------------------------------------------------------------ */

START_TEST(readme_convert_example)
{
	const char *path = th_mkfile("example", TH_TEXT, TH_TEXT_LEN);
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_exact(14));
	struct vmap_map m;
	size_t len;
	char *data;
	int fd;

	/* Open with write permissions so the map can be made writable */
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);

	ck_assert_int_eq(vmap_make_writable(&m), 0);
	memcpy(m.ptr, "that", 4);

	/* Flush the changes to disk synchronously */
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);

	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	th_assert_bytes(&m, "that is a test", TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, TH_TEXT_LEN);
	ck_assert_mem_eq(data, "that is a test", len);
	free(data);
}
END_TEST

/* make_readonly, check that a write faults, make_writable, check that it
 * no longer does; flags follow. */
static void readonly_round_trip(struct vmap_map *m)
{
	unsigned int other = m->flags & ~VMAP_WRITE;
	void *ptr = m->ptr;
	size_t len = m->len;

	ck_assert_int_eq(th_faults(th_poke, m->ptr), 0);
	ck_assert_int_eq(vmap_make_readonly(m), 0);
	ck_assert_uint_eq(m->flags & VMAP_WRITE, 0);
	ck_assert_uint_eq(m->flags & ~VMAP_WRITE, other);
	ck_assert_ptr_eq(m->ptr, ptr);
	ck_assert_uint_eq(m->len, len);
	ck_assert_int_eq(th_faults(th_peek, m->ptr), 0);
	ck_assert_int_eq(th_faults(th_poke, m->ptr), 1);
	ck_assert_int_eq(th_faults(th_poke, (char *)m->ptr + len - 1), 1);
	/* Twice is fine. */
	ck_assert_int_eq(vmap_make_readonly(m), 0);

	ck_assert_int_eq(vmap_make_writable(m), 0);
	ck_assert_uint_ne(m->flags & VMAP_WRITE, 0);
	ck_assert_uint_eq(m->flags & ~VMAP_WRITE, other);
	ck_assert_int_eq(th_faults(th_poke, m->ptr), 0);
	ck_assert_int_eq(vmap_make_writable(m), 0);
	((volatile char *)m->ptr)[len - 1] = 'X';
}

START_TEST(readonly_faults_file)
{
	struct vmap_map m;
	int fd;

	map_text(VMAP_WRITE, &m, &fd);
	readonly_round_trip(&m);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(readonly_faults_anon)
{
	struct vmap_map m;

	map_anon(VMAP_WRITE, 3 * vmap_page_size(), &m);
	readonly_round_trip(&m);
	unmap_ok(&m);
	map_anon(VMAP_COPY, 100, &m);
	readonly_round_trip(&m);
	unmap_ok(&m);
}
END_TEST

START_TEST(readonly_faults_copy)
{
	struct vmap_map m;
	size_t len;
	char *data;
	int fd;

	map_text(VMAP_COPY, &m, &fd);
	readonly_round_trip(&m);
	ck_assert_uint_ne(m.flags & VMAP_COPY, 0);
	memcpy(m.ptr, "that", 4);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	data = th_read_file(th_path("t"), &len);
	ck_assert_mem_eq(data, TH_TEXT, TH_TEXT_LEN);
	free(data);
}
END_TEST

START_TEST(make_writable_rdonly_fd)
{
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	int fd = open_fd(path, O_RDONLY);
	struct vmap_map m, copy;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	copy = m;
	ck_fails(vmap_make_writable(&m), EACCES);
	ck_assert_mem_eq(&m, &copy, sizeof(m));
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 1);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(make_writable_readonly_anon)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(64));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 1);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_uint_ne(m.flags & VMAP_ANON, 0);
	memcpy(m.ptr, "now writable", 12);
	ck_assert_mem_eq(m.ptr, "now writable", 12);
	unmap_ok(&m);
}
END_TEST

START_TEST(protect_empty_and_null)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(0));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	ck_fails(vmap_make_writable(NULL), EINVAL);
	ck_fails(vmap_make_readonly(NULL), EINVAL);
}
END_TEST

static void check_perms(const void *p, const char *want)
{
	char perms[5];

	ck_assert_int_eq(th_maps_perms(p, perms), 0);
	ck_assert_msg(memcmp(perms, want, 3) == 0, "perms %s, expected %.3s",
		      perms, want);
}

START_TEST(exec_file_map)
{
	struct vmap_map m;
	int fd;

	map_text(VMAP_EXEC, &m, &fd);
	ck_assert_uint_ne(m.flags & VMAP_EXEC, 0);
	check_perms(m.ptr, "r-x");
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	map_text(VMAP_EXEC | VMAP_WRITE, &m, &fd);
	check_perms(m.ptr, "rwx");
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_EXEC, 0);
	check_perms(m.ptr, "r-x");
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	check_perms(m.ptr, "rwx");
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(no_exec_by_default)
{
	struct vmap_map m;
	int fd;

	map_text(0, &m, &fd);
	check_perms(m.ptr, "r--");
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	map_text(VMAP_WRITE, &m, &fd);
	check_perms(m.ptr, "rw-");
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(exec_anon_map)
{
	struct vmap_options o = opts(VMAP_EXEC | VMAP_WRITE, 0,
				     vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_ne(m.flags & VMAP_EXEC, 0);
	check_perms(m.ptr, "rwx");
	unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* remap                                                               */
/* ------------------------------------------------------------------ */

START_TEST(remap_after_grow)
{
	size_t ps = vmap_page_size();
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	int fd = open_fd(path, O_RDWR);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)(3 * ps)), 0);
	ck_assert_int_eq(pwrite(fd, "marker", 6, (off_t)(2 * ps + 5)), 6);
	ck_assert_uint_eq(m.len, TH_TEXT_LEN);

	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	ck_assert_uint_eq(m.len, 3 * ps);
	ck_assert_uint_eq(m.offset, 0);
	ck_assert_mem_eq(m.ptr, TH_TEXT, TH_TEXT_LEN);
	ck_assert_mem_eq((char *)m.ptr + 2 * ps + 5, "marker", 6);
	ck_assert_uint_eq(((unsigned char *)m.ptr)[ps], 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_after_shrink)
{
	size_t ps = vmap_page_size();
	char *buf = malloc(3 * ps);
	const char *path;
	struct th_res before;
	struct vmap_map m;
	int fd;

	ck_assert_ptr_nonnull(buf);
	memset(buf, 'z', 3 * ps);
	memcpy(buf, TH_TEXT, TH_TEXT_LEN);
	path = th_mkfile("big", buf, 3 * ps);
	free(buf);
	fd = open_fd(path, O_RDWR);
	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	ck_assert_uint_eq(m.len, 3 * ps);
	ck_assert_int_eq(ftruncate(fd, 10), 0);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	th_assert_bytes(&m, TH_TEXT, 10);
	unmap_ok(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_extents)
{
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	struct vmap_options o = opts(0, 5, vmap_extent_exact(2));
	int fd = open_fd(path, O_RDONLY);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, "is", 2);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_exact(4)), 0);
	th_assert_bytes(&m, "is a", 4);
	ck_assert_uint_eq(m.offset, 5);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_max(100)), 0);
	th_assert_bytes(&m, "is a test", 9);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_max(1)), 0);
	th_assert_bytes(&m, "i", 1);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_min(3)), 0);
	th_assert_bytes(&m, "is a test", 9);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	th_assert_bytes(&m, "is a test", 9);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_unaligned_offset)
{
	size_t ps = vmap_page_size();
	char *buf = malloc(2 * ps);
	struct vmap_options o = opts(0, ps + 3, vmap_extent_exact(10));
	const char *path;
	struct vmap_map m;
	size_t i;
	int fd;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < 2 * ps; i++)
		buf[i] = (char)(i % 251);
	path = th_mkfile("big", buf, 2 * ps);
	fd = open_fd(path, O_RDWR);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)(4 * ps)), 0);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	ck_assert_uint_eq(m.len, 3 * ps - 3);
	ck_assert_uint_eq(m.offset, ps + 3);
	ck_assert_uint_eq((uintptr_t)m.ptr % ps, 3);
	ck_assert_mem_eq(m.ptr, buf + ps + 3, ps - 3);
	free(buf);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_keeps_write_access)
{
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());
	int fd = open_fd(path, O_RDWR);
	struct vmap_map m;
	unsigned int flags;
	size_t len;
	char *data;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	flags = m.flags;
	ck_assert_int_eq(ftruncate(fd, 20), 0);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	ck_assert_uint_eq(m.flags, flags);
	ck_assert_uint_eq(m.len, 20);
	memcpy((char *)m.ptr + 14, "!more!", 6);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, 20);
	ck_assert_mem_eq(data, TH_TEXT "!more!", 20);
	free(data);
}
END_TEST

START_TEST(remap_past_end)
{
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	struct vmap_options o = opts(0, 5, vmap_extent_end());
	int fd = open_fd(path, O_RDWR);
	struct th_res before;
	struct vmap_map m, copy;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	copy = m;
	th_snap(&before);
	ck_fails(vmap_remap(&m, fd, vmap_extent_exact(100)), ERANGE);
	ck_fails(vmap_remap(&m, fd, vmap_extent_min(10)), ERANGE);
	ck_assert_mem_eq(&m, &copy, sizeof(m));
	th_assert_no_leak(&before);
	th_assert_bytes(&m, "is a test", 9);

	/* The offset itself now lies past the end. */
	ck_assert_int_eq(ftruncate(fd, 3), 0);
	ck_fails(vmap_remap(&m, fd, vmap_extent_end()), ERANGE);
	ck_fails(vmap_remap(&m, fd, vmap_extent_max(1)), ERANGE);
	ck_assert_mem_eq(&m, &copy, sizeof(m));
	th_assert_no_leak(&before);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_empty_and_back)
{
	const char *path = th_mkfile("e", "", 0);
	int fd = open_fd(path, O_RDWR);
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	th_assert_empty(&m);
	ck_assert_int_eq(pwrite(fd, TH_TEXT, TH_TEXT_LEN, 0),
			 (ssize_t)TH_TEXT_LEN);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	th_assert_empty(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_exact(0)), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_no_leak)
{
	size_t ps = vmap_page_size();
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	int fd = open_fd(path, O_RDWR);
	struct th_res before;
	struct vmap_map m;
	int i;

	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	for (i = 0; i < 8; i++) {
		size_t len = (size_t)(i % 3 + 1) * ps;

		ck_assert_int_eq(ftruncate(fd, (off_t)len), 0);
		ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
		ck_assert_uint_eq(m.len, len);
		ck_assert_mem_eq(m.ptr, TH_TEXT, TH_TEXT_LEN);
		ck_assert_int_eq(th_count_maps(), before.maps + 1);
	}
	unmap_ok(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_errors)
{
	const char *path = th_mkfile("t", TH_TEXT, TH_TEXT_LEN);
	int fd = open_fd(path, O_RDWR);
	struct vmap_extent bad = { (enum vmap_extent_kind)42, 0 };
	struct th_res before;
	struct vmap_map m, a, copy;
	int p[2];

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	map_anon(VMAP_WRITE, 100, &a);
	th_snap(&before);

	ck_fails(vmap_remap(NULL, fd, vmap_extent_end()), EINVAL);
	copy = a;
	ck_fails(vmap_remap(&a, fd, vmap_extent_end()), EINVAL);
	ck_assert_mem_eq(&a, &copy, sizeof(a));
	copy = m;
	ck_fails(vmap_remap(&m, -1, vmap_extent_end()), EINVAL);
	ck_assert_mem_eq(&m, &copy, sizeof(m));
	ck_fails(vmap_remap(&m, fd, bad), EINVAL);
	ck_assert_mem_eq(&m, &copy, sizeof(m));
	th_assert_no_leak(&before);

	/* A descriptor that is not a regular file. */
	ck_assert_int_eq(pipe(p), 0);
	th_snap(&before);
	ck_fails(vmap_remap(&m, p[0], vmap_extent_end()), ENODEV);
	ck_assert_mem_eq(&m, &copy, sizeof(m));
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(p[0]), 0);
	ck_assert_int_eq(close(p[1]), 0);

	/* A closed descriptor: the error of fstat(2). */
	ck_fails(vmap_remap(&m, p[0], vmap_extent_end()), EBADF);
	ck_assert_mem_eq(&m, &copy, sizeof(m));

	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
	unmap_ok(&a);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ops");
	TCase *tc;

	tc = th_tcase("unmap");
	tcase_add_test(tc, unmap_zeroes_struct);
	tcase_add_test(tc, unmap_unaligned_offset);
	tcase_add_test(tc, unmap_anon);
	tcase_add_test(tc, unmap_empty_and_twice);
	tcase_add_test(tc, unmap_null);
	suite_add_tcase(s, tc);

	tc = th_tcase("flush");
	tcase_add_test(tc, flush_sync);
	tcase_add_test(tc, flush_async);
	tcase_add_test(tc, flush_unaligned_map);
	tcase_add_test(tc, flush_range_bounds);
	tcase_add_test(tc, flush_bad_mode);
	tcase_add_test(tc, flush_empty_and_anon);
	tcase_add_test(tc, flush_readonly_map);
	suite_add_tcase(s, tc);

	tc = th_tcase("advise");
	tcase_add_test(tc, advise_every_value);
	tcase_add_test(tc, advise_dontneed_keeps_private_data);
	tcase_add_test(tc, advise_bad_advice);
	tcase_add_test(tc, advise_range_bounds);
	tcase_add_test(tc, advise_empty);
	suite_add_tcase(s, tc);

	tc = th_tcase("lock");
	tcase_add_test(tc, lock_unlock_whole);
	tcase_add_test(tc, lock_unlock_range);
	tcase_add_test(tc, lock_file_map);
	tcase_add_test(tc, lock_range_bounds);
	tcase_add_test(tc, lock_empty);
	suite_add_tcase(s, tc);

	tc = th_tcase("protect");
	tcase_add_test(tc, readme_convert_example);
	tcase_add_test(tc, readonly_faults_file);
	tcase_add_test(tc, readonly_faults_anon);
	tcase_add_test(tc, readonly_faults_copy);
	tcase_add_test(tc, make_writable_rdonly_fd);
	tcase_add_test(tc, make_writable_readonly_anon);
	tcase_add_test(tc, protect_empty_and_null);
	tcase_add_test(tc, exec_file_map);
	tcase_add_test(tc, no_exec_by_default);
	tcase_add_test(tc, exec_anon_map);
	suite_add_tcase(s, tc);

	tc = th_tcase("remap");
	tcase_add_test(tc, remap_after_grow);
	tcase_add_test(tc, remap_after_shrink);
	tcase_add_test(tc, remap_extents);
	tcase_add_test(tc, remap_unaligned_offset);
	tcase_add_test(tc, remap_keeps_write_access);
	tcase_add_test(tc, remap_past_end);
	tcase_add_test(tc, remap_empty_and_back);
	tcase_add_test(tc, remap_no_leak);
	tcase_add_test(tc, remap_errors);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return th_run(suite());
}
