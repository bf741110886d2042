/*
 * libvmap - tests for ring descriptor I/O (vmap_ring_fill, vmap_ring_drain),
 * run once per compiled strategy
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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/*
 * What differs on Windows.  Its anonymous pipes do not take O_NONBLOCK:
 * PIPE_NOWAIT is the nearest, but the C runtime, whose read and write the
 * library calls, fails on an empty or full one with
 * EINVAL (it has no errno for ERROR_NO_DATA) where POSIX has EAGAIN.  So
 * what needs a non-blocking pipe is POSIX's: the last step of fill_errors
 * and the whole of drain_partial, which is not registered on Windows (its
 * nonblocking_pipe() is never called there).
 */
#ifdef _WIN32
#define NONBLOCKING_PIPES 0

static size_t nonblocking_pipe(int p[2], size_t room)
{
	(void)p;
	(void)room;
	ck_abort_msg("no non-blocking pipes on Windows");
	return 0;
}
#else
#define NONBLOCKING_PIPES 1

/* A non-blocking pipe that holds about @room bytes (0: any size); returns
 * what it holds. */
static size_t nonblocking_pipe(int p[2], size_t room)
{
	ck_assert_int_eq(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	if (room != 0)
		ck_assert_int_ge(fcntl(p[1], F_SETPIPE_SZ, (int)room), 0);
	return (size_t)fcntl(p[1], F_GETPIPE_SZ);
}
#endif

/* Room for the largest stream of a test (four capacities of a one-unit
 * ring, or three of a two-page one): 16 allocation units, 64 KiB with a
 * 4 KiB unit.  Allocated in main(). */
#define BUF_UNITS 16

static size_t buf_len;
static unsigned char *src;
static unsigned char *got;

/* Byte @p of the test stream. */
static void pat_fill(unsigned char *dst, size_t n, size_t pos)
{
	ck_assert_uint_le(n, buf_len);
	th_pattern_fill(dst, n, pos);
}

static int pat_ok(const void *p, size_t n, size_t pos)
{
	const unsigned char *b = p;
	size_t j;

	for (j = 0; j < n; j++)
		if (b[j] != th_pattern(pos + j))
			return 0;
	return 1;
}

static void make_pipe(int p[2])
{
	th_pipe(p, 0, 0);
}

static void close_pipe(int p[2])
{
	ck_assert_int_eq(close(p[0]), 0);
	if (p[1] >= 0)
		ck_assert_int_eq(close(p[1]), 0);
}

/* All @n bytes into the pipe, or a failure: never a blocked test. */
static void put(int fd, const void *buf, size_t n)
{
	th_pipe_put(fd, buf, n);
}

static void fd_open(int fd)
{
	ck_assert_msg(th_fd_is_open(fd), "descriptor %d is closed", fd);
}

static void fails_with(ssize_t rc, int err)
{
	int e = errno;

	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e, err);
}

/* Move an empty ring's positions forward by @n bytes. */
static void skip(struct vmap_ring *r, size_t n)
{
	ck_assert_int_eq(vmap_ring_feed(r, n), 0);
	ck_assert_int_eq(vmap_ring_consume(r, n), 0);
}

/* ------------------------------------------------------------------ */
/* fill                                                                */
/* ------------------------------------------------------------------ */

START_TEST(fill_pipe)
{
	struct vmap_ring r;
	size_t cap;
	int p[2];

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	th_pipe(p, 0, cap + 1000);
	pat_fill(src, cap + 1000, 0);
	put(p[1], src, 100);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), 100);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 100);
	put(p[1], src + 100, cap + 900);
	/* One read(2), of the free space only. */
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), (ssize_t)(cap - 100));
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), cap, 0));
	close_pipe(p);
	th_ring_close(&r);
}
END_TEST

START_TEST(fill_full_enobufs)
{
	struct vmap_ring r;
	void *rp;
	size_t cap;
	int p[2];

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	th_pipe(p, 0, 2 * cap);
	pat_fill(src, 2 * cap, 0);
	put(p[1], src, 2 * cap);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), (ssize_t)cap);
	rp = vmap_ring_read_ptr(&r);
	errno = 0;
	fails_with(vmap_ring_fill(&r, p[0]), ENOBUFS);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_ptr_eq(vmap_ring_read_ptr(&r), rp);
	/* Nothing was taken from the pipe: the next bytes are still there. */
	ck_assert_int_eq(vmap_ring_consume(&r, 1000), 0);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), 1000);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), cap, 1000));
	close_pipe(p);
	th_ring_close(&r);
}
END_TEST

/* The stream is fed as the pipe takes it, whatever the pipe and the ring
 * hold: before each fill the pipe has bytes, or has been closed. */
START_TEST(fill_wraps_and_eof)
{
	struct vmap_ring r;
	size_t cap, total = 0, seen = 0, fed = 0;
	ssize_t n;
	int p[2];

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	skip(&r, cap - 77);
	make_pipe(p);
	pat_fill(src, 3 * cap, 0);
	for (;;) {
		if (p[1] >= 0) {
			fed += th_pipe_offer(p[1], src + fed, 3 * cap - fed);
			if (fed == 3 * cap) {
				ck_assert_int_eq(close(p[1]), 0);
				p[1] = -1;
			}
		}
		n = vmap_ring_fill(&r, p[0]);
		if (n <= 0)
			break;
		total += (size_t)n;
		ck_assert(pat_ok(vmap_ring_read_ptr(&r),
				 vmap_ring_read_len(&r), seen));
		/* Leave a few bytes behind so the next fill wraps. */
		seen += vmap_ring_read_len(&r) - 3;
		ck_assert_int_eq(vmap_ring_consume(&r,
						   vmap_ring_read_len(&r) - 3),
				 0);
	}
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(p[1], -1);
	ck_assert_uint_eq(total, 3 * cap);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 3);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), 3, 3 * cap - 3));
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), 0);
	close_pipe(p);
	th_ring_close(&r);
}
END_TEST

START_TEST(fill_file)
{
	struct vmap_ring r;
	size_t total = 0, cap, len;
	ssize_t n;
	int fd;

	th_ring_open(&r, 3 * vmap_page_size(), 0, _i);
	cap = vmap_ring_capacity(&r);
	/* More than the free space from the middle of the ring, where the
	 * fills start, to the end of the first view, so they run across it:
	 * 10000 bytes with a 4 KiB unit. */
	len = cap / 2 + 3856;
	ck_assert_uint_gt(cap / 2 + len, cap);
	pat_fill(src, len, 0);
	fd = open(th_mkfile("fill", src, len), O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	skip(&r, cap / 2);
	while ((n = vmap_ring_fill(&r, fd)) > 0) {
		ck_assert(pat_ok(vmap_ring_read_ptr(&r), (size_t)n, total));
		total += (size_t)n;
		ck_assert_uint_eq(vmap_ring_read(&r, got, (size_t)n),
				  (size_t)n);
	}
	ck_assert_int_eq(n, 0);
	ck_assert_uint_eq(total, len);
	ck_assert_int_eq(vmap_ring_fill(&r, fd), 0);
	fd_open(fd);
	ck_assert_int_eq(close(fd), 0);
	th_ring_close(&r);
}
END_TEST

START_TEST(fill_errors)
{
	struct vmap_ring r;
	void *rp;
	int p[2], fd;

	th_ring_open(&r, 1, 0, _i);
	ck_assert_int_eq(vmap_ring_write_all(&r, "keep", 4), 0);
	rp = vmap_ring_read_ptr(&r);
	fails_with(vmap_ring_fill(&r, -1), EBADF);
	fd = open(th_mkfile("wo", "x", 1), O_WRONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	fails_with(vmap_ring_fill(&r, fd), EBADF);
	ck_assert_int_eq(close(fd), 0);
	fails_with(vmap_ring_fill(&r, fd), EBADF);
	/* An empty non-blocking pipe: the error of read(2) as it is. */
	if (NONBLOCKING_PIPES) {
		(void)nonblocking_pipe(p, 0);
		fails_with(vmap_ring_fill(&r, p[0]), EAGAIN);
		close_pipe(p);
	}
	ck_assert_uint_eq(vmap_ring_read_len(&r), 4);
	ck_assert_ptr_eq(vmap_ring_read_ptr(&r), rp);
	ck_assert_int_eq(memcmp(rp, "keep", 4), 0);
	th_ring_close(&r);
}
END_TEST

START_TEST(fill_overwrite)
{
	struct vmap_ring r;
	size_t cap;
	int p[2];

	th_ring_open(&r, 1, VMAP_RING_OVERWRITE, _i);
	cap = vmap_ring_capacity(&r);
	th_pipe(p, 0, 2 * cap);
	pat_fill(src, 4 * cap, 0);
	put(p[1], src, cap);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), (ssize_t)cap);
	/* Full, yet a fill still reads: it drops the oldest bytes. */
	put(p[1], src + cap, 1000);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), 1000);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), cap, 1000));
	/* More pending than the capacity: one read of at most capacity. */
	put(p[1], src + cap + 1000, 2 * cap);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), (ssize_t)cap);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), cap, 1000 + cap));
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), (ssize_t)cap);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), cap, 1000 + 2 * cap));
	close_pipe(p);
	th_ring_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* drain                                                               */
/* ------------------------------------------------------------------ */

START_TEST(drain_pipe)
{
	struct vmap_ring r;
	size_t cap;
	int p[2];

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	th_pipe(p, 0, cap); /* takes the whole drain in one write(2) */
	ck_assert_int_eq(vmap_ring_drain(&r, p[1]), 0);
	skip(&r, cap - 123); /* the unread bytes wrap */
	pat_fill(src, cap - 10, 0);
	ck_assert_int_eq(vmap_ring_write_all(&r, src, cap - 10), 0);
	ck_assert_int_eq(vmap_ring_drain(&r, p[1]), (ssize_t)(cap - 10));
	ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
	ck_assert_int_eq(vmap_ring_drain(&r, p[1]), 0);
	ck_assert_int_eq(read(p[0], got, buf_len), (ssize_t)(cap - 10));
	ck_assert(pat_ok(got, cap - 10, 0));
	fd_open(p[1]);
	close_pipe(p);
	th_ring_close(&r);
}
END_TEST

/* A pipe with room for less than the ring holds: drain consumes exactly
 * what write(2) took. */
START_TEST(drain_partial)
{
	struct vmap_ring r;
	size_t cap, room;
	ssize_t n;
	int p[2];

	th_ring_open(&r, 4 * vmap_page_size(), 0, _i);
	cap = vmap_ring_capacity(&r);
	room = nonblocking_pipe(p, vmap_page_size());
	ck_assert_uint_lt(room, cap);
	pat_fill(src, cap, 0);
	ck_assert_int_eq(vmap_ring_write_all(&r, src, cap), 0);
	n = vmap_ring_drain(&r, p[1]);
	ck_assert_int_gt(n, 0);
	ck_assert_uint_le((size_t)n, room);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap - (size_t)n);
	ck_assert(pat_ok(vmap_ring_read_ptr(&r), cap - (size_t)n, (size_t)n));
	fails_with(vmap_ring_drain(&r, p[1]), EAGAIN);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap - (size_t)n);
	ck_assert_int_eq(read(p[0], got, buf_len), n);
	ck_assert(pat_ok(got, (size_t)n, 0));
	close_pipe(p);
	th_ring_close(&r);
}
END_TEST

START_TEST(drain_file)
{
	struct vmap_ring r;
	const char *path;
	size_t cap, len = 0, total = 0;
	ssize_t n;
	char *data;
	int fd;

	th_ring_open(&r, 2 * vmap_page_size(), 0, _i);
	cap = vmap_ring_capacity(&r);
	path = th_path("drain");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	pat_fill(src, 3 * cap, 0);
	while (total < 3 * cap) {
		total += vmap_ring_write(&r, src + total, 3 * cap - total);
		while ((n = vmap_ring_drain(&r, fd)) > 0)
			;
		ck_assert_int_eq(n, 0);
		ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
		skip(&r, 1000); /* shift the next batch off the view start */
	}
	fd_open(fd);
	ck_assert_int_eq(close(fd), 0);
	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, 3 * cap);
	ck_assert(pat_ok(data, len, 0));
	free(data);
	th_ring_close(&r);
}
END_TEST

START_TEST(drain_errors)
{
	struct vmap_ring r;
	void *rp;
	int fd;

	th_ring_open(&r, 1, 0, _i);
	ck_assert_int_eq(vmap_ring_write_all(&r, "keep", 4), 0);
	rp = vmap_ring_read_ptr(&r);
	fails_with(vmap_ring_drain(&r, -1), EBADF);
	fd = open(th_mkfile("ro", "x", 1), O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	fails_with(vmap_ring_drain(&r, fd), EBADF);
	ck_assert_int_eq(close(fd), 0);
	fails_with(vmap_ring_drain(&r, fd), EBADF);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 4);
	ck_assert_ptr_eq(vmap_ring_read_ptr(&r), rp);
	ck_assert_int_eq(memcmp(rp, "keep", 4), 0);
	th_ring_close(&r);
}
END_TEST

/* fill and drain neither close, dup nor leak descriptors. */
START_TEST(io_no_leak)
{
	struct th_res before;
	struct vmap_ring r;
	int p[2];

	make_pipe(p);
	th_snap(&before);
	th_ring_open(&r, 1, 0, _i);
	put(p[1], "0123456789", 10);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), 10);
	ck_assert_int_eq(vmap_ring_drain(&r, p[1]), 10);
	ck_assert_int_eq(vmap_ring_fill(&r, p[0]), 10);
	th_ring_close(&r);
	th_assert_no_leak(&before);
	fd_open(p[0]);
	fd_open(p[1]);
	close_pipe(p);
}
END_TEST

/* A NULL ring: EINVAL, and the descriptor is not touched. */
START_TEST(io_null_ring)
{
	int p[2];

	make_pipe(p);
	put(p[1], "ab", 2);
	errno = 0;
	fails_with(vmap_ring_fill(NULL, p[0]), EINVAL);
	fails_with(vmap_ring_drain(NULL, p[1]), EINVAL);
	ck_assert_int_eq(close(p[1]), 0);
	p[1] = -1;
	ck_assert_int_eq(read(p[0], got, buf_len), 2);
	ck_assert_int_eq(memcmp(got, "ab", 2), 0);
	close_pipe(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ring-io");
	int n = th_n_strategies();
	TCase *tc;

	tc = tcase_create("fill");
	tcase_add_loop_test(tc, fill_pipe, 0, n);
	tcase_add_loop_test(tc, fill_full_enobufs, 0, n);
	tcase_add_loop_test(tc, fill_wraps_and_eof, 0, n);
	tcase_add_loop_test(tc, fill_file, 0, n);
	tcase_add_loop_test(tc, fill_errors, 0, n);
	tcase_add_loop_test(tc, fill_overwrite, 0, n);
	suite_add_tcase(s, tc);

	tc = tcase_create("drain");
	tcase_add_loop_test(tc, drain_pipe, 0, n);
	if (NONBLOCKING_PIPES)
		tcase_add_loop_test(tc, drain_partial, 0, n);
	tcase_add_loop_test(tc, drain_file, 0, n);
	tcase_add_loop_test(tc, drain_errors, 0, n);
	tcase_add_loop_test(tc, io_no_leak, 0, n);
	tcase_add_test(tc, io_null_ring);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	buf_len = BUF_UNITS * vmap_allocation_size();
	src = th_buffer(buf_len);
	got = th_buffer(buf_len);
	return th_run(suite());
}
