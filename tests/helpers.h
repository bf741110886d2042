/*
 * libvmap - shared helpers for the Check test suites
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#ifndef TH_HELPERS_H
#define TH_HELPERS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <check.h>

#include <vmap.h>

#ifdef _WIN32
#include <fcntl.h>
/* Windows' nearest to close-on-exec is a handle children do not inherit;
 * and the suites' files are bytes, never text with CR LF line ends. */
#ifndef O_CLOEXEC
#define O_CLOEXEC (_O_NOINHERIT | _O_BINARY)
#endif
#endif

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

/* Whether @fd is an open descriptor. */
int th_fd_is_open(int fd);

/* Number of open descriptors (entries of /proc/self/fd). */
int th_count_fds(void);

/* AddressSanitizer maps its own anonymous memory at any moment and turns
 * mlock(2) into a no-op: builds with it count only named mappings and no
 * locked pages; the plain and valgrind runs check everything. */
#if defined(__SANITIZE_ADDRESS__)
#define TH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TH_ASAN 1
#endif
#endif

/* Number of mappings (lines of /proc/self/maps); under TH_ASAN or with
 * VMAP_TEST_NAMED_MAPS_ONLY in the environment (valgrind), only those of
 * files and shared memory. */
int th_count_maps(void);

/* Whether mlock(2) really locks pages in this build (not under TH_ASAN). */
static inline int th_counts_locks(void)
{
#ifdef TH_ASAN
	return 0;
#else
	return 1;
#endif
}

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

/* Whether two mappings are the same, field by field (their padding bytes
 * are unspecified). */
static inline int th_same_map(const struct vmap_map *a,
			      const struct vmap_map *b)
{
	return a->ptr == b->ptr && a->len == b->len &&
	       a->offset == b->offset && a->flags == b->flags;
}

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

/*
 * Shared by several suites, so that each piece of set-up is written once.
 * (Added after the helpers above, which stay as they are.)
 */

/* VMAP_OPTIONS_INIT with @flags, @offset and the mapped length rule @len. */
struct vmap_options th_opts(unsigned int flags, uint64_t offset,
			    struct vmap_extent len);

/* open(2) @path with @flags | O_CLOEXEC, asserting success. */
int th_open_fd(const char *path, int flags);

/* vmap_unmap(@map), asserting that it succeeds and zeroes the struct. */
void th_unmap_ok(struct vmap_map *map);

/* th_unmap_ok() that names the case @what in its failure messages, for the
 * rows of table-driven tests. */
void th_unmap_ok_as(const char *what, struct vmap_map *map);

/* Assert that the file at @path holds exactly the @len bytes at @data;
 * th_assert_file_as() names the case @what in its failure message. */
void th_assert_file(const char *path, const void *data, size_t len);
void th_assert_file_as(const char *what, const char *path, const void *data,
		       size_t len);

/* th_mkfile() of @name holding TH_TEXT; returns the path. */
const char *th_text_file(const char *name);

/* Map a fresh TH_TEXT file "t" to its end with @flags (vmap_open), assert
 * that it holds TH_TEXT, and hand the descriptor back in *@fdp. */
void th_map_text(unsigned int flags, struct vmap_map *map, int *fdp);

/* vmap_alloc() of exactly @len bytes at in-unit @offset with @flags,
 * asserting success and the length. */
void th_anon(unsigned int flags, uint64_t offset, size_t len,
	     struct vmap_map *map);

/* Whether all @len bytes at @p equal @byte (true for @len 0). */
int th_all_bytes(const void *p, size_t len, unsigned char byte);

/*
 * A number written relative to a size known only at run time (the page,
 * the allocation unit, a mapping's length): units * size + bytes, wrapping
 * modulo 2^64 so that negative parts count down from 2^64.  TH_REL(0, -1)
 * is UINT64_MAX and TH_REL(-1, 0) the largest multiple of the size.  Lets
 * tables of cases be static const.
 */
struct th_rel {
	int64_t units;
	int64_t bytes;
};

#define TH_REL(units, bytes) { (units), (bytes) }

uint64_t th_rel(struct th_rel v, uint64_t size);

/* Number of elements of an array. */
#define TH_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The symbol of an errno value ("EINVAL"), or its number as text for one
 * the suites do not expect.  Static storage: unlike strerror(), two calls
 * may appear in one message. */
const char *th_errno_name(int err);

/* Assert that @call returns -1 and sets errno to @want; @what names the
 * case in the failure message. */
#define th_assert_fails_as(what, call, want)                                  \
	do {                                                                  \
		int th_rc_, th_err_;                                          \
		errno = 0;                                                    \
		th_rc_ = (call);                                              \
		th_err_ = errno;                                              \
		ck_assert_msg(th_rc_ == -1, "%s: returned %d, expected -1",   \
			      (what), th_rc_);                                \
		ck_assert_msg(th_err_ == (want),                              \
			      "%s: errno %s, expected %s", (what),            \
			      th_errno_name(th_err_), th_errno_name(want));   \
	} while (0)

/* th_assert_fails_as() named by the call's own text. */
#define th_assert_fails(call, want) th_assert_fails_as(#call, call, want)

/*
 * A suite as a table: each row adds @test to the TCase named @tcase (made
 * with th_tcase(), so each test gets its own th_tmpdir()), as a loop test
 * over @rows rows when @rows > 0.  Consecutive rows with the same @tcase
 * share one TCase.  Check's test handles are not constant expressions, so
 * the table is an automatic array: see the main() of any suite.
 */
struct th_test {
	const char *tcase;
	const TTest *test;
	int rows;
};

Suite *th_suite(const char *name, const struct th_test *tests, size_t n);

/* The compiled ring strategies a test may force: vmap_ring_strategies()
 * less those named (separated by spaces or commas) in the environment
 * variable VMAP_TEST_SKIP_STRATEGIES; valgrind, for one, cannot run
 * "mremap".  NULL-terminated. */
const char *const *th_strategies(void);
int th_n_strategies(void);

/* Creates a ring with strategy @i of th_strategies(), asserting success and
 * that the ring names that strategy. */
void th_ring_open(struct vmap_ring *r, size_t cap, unsigned int flags, int i);

/* Destroys a ring, asserting success and a zeroed struct. */
void th_ring_close(struct vmap_ring *r);

/*
 * Sizes that follow the allocation unit, so that a suite holds at every
 * granularity (configure --with-test-granularity): buffers sized from
 * vmap_allocation_size(), and pipes that hold what a test puts in them.
 */

/* A buffer of @len bytes for the whole run of a suite, sized at run time
 * (from the unit, say): call it in main() before th_run(), which frees it
 * once the suite has run.  Made before any test, so the mappings of a
 * large allocation cannot upset the tests' leak checks.  Never NULL: a
 * failure ends the process. */
void *th_buffer(size_t len);

/* pipe2(@p, O_CLOEXEC | @flags), asserting success, that holds at least
 * @room unread bytes: grown with F_SETPIPE_SZ (plus a page of slack, as
 * a pipe keeps its bytes in page-sized buffers) when it is smaller.
 * Fails the test when the system refuses. */
void th_pipe(int p[2], int flags, size_t room);

/* Write as much of the @n bytes at @buf to the pipe end @fd as it takes
 * without blocking (O_NONBLOCK for the call, whatever the descriptor's
 * own flags); returns the count, 0 when the pipe is full. */
size_t th_pipe_offer(int fd, const void *buf, size_t n);

/* Write all @n bytes at @buf to the pipe end @fd, asserting that they fit
 * beside what it already holds: a test that feeds a pipe it drains itself
 * fails there, instead of blocking until its timeout. */
void th_pipe_put(int fd, const void *buf, size_t n);

/* Byte @p of the byte stream the ring I/O and buffered suites pass around
 * (not a power-of-two period, so misplaced bytes show). */
unsigned char th_pattern(size_t p);

/* Fills @dst with bytes @pos .. @pos + @n - 1 of that stream. */
void th_pattern_fill(unsigned char *dst, size_t n, size_t pos);

#endif /* TH_HELPERS_H */
