/*
 * libvmap - tests for the buffered reader and writer (vmap_reader_*,
 * vmap_writer_*)
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Callback sources and sinks record every call (count, buffer pointer and
 * length) so the tests can tell when the library reads or writes, and
 * through which buffer.
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/*
 * What differs on Windows: there is no SIGPIPE.  A write to a pipe that no
 * one reads just fails, as it does on POSIX with the signal ignored.
 */
#ifdef _WIN32
static void ignore_sigpipe(void)
{
}
#else
static void ignore_sigpipe(void)
{
	signal(SIGPIPE, SIG_IGN);
}
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The source data and the sink: 64 allocation units each (256 KiB with a
 * 4 KiB unit), room for the longest stream of a test.  Allocated in
 * main(). */
#define BUF_UNITS 64

static size_t buf_len;
static unsigned char *data;
static unsigned char *got;

static size_t page(void)
{
	return vmap_allocation_size();
}

static void pat_fill(unsigned char *dst, size_t n, size_t pos)
{
	ck_assert_uint_le(n, buf_len);
	th_pattern_fill(dst, n, pos);
}

static void fails_with(long rc, int err)
{
	int e = errno;

	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e, err);
}

static void fd_open(int fd)
{
	ck_assert_msg(th_fd_is_open(fd), "descriptor %d is closed", fd);
}

static void sentinel(void *p, size_t n)
{
	memset(p, TH_SENTINEL, n);
}

/* ------------------------------------------------------------------ */
/* a recording source                                                  */
/* ------------------------------------------------------------------ */

struct src {
	const unsigned char *data;
	size_t len, pos;
	const size_t *chunks; /* sizes handed out in turn (NULL: any) */
	size_t nchunks, k;
	int calls;
	void *last_buf;
	size_t last_len;
	int fail_call; /* the call that fails (0: none) */
	int fail_errno;
};

static ssize_t src_read(void *cookie, void *buf, size_t len)
{
	struct src *s = cookie;
	size_t n = s->len - s->pos;

	s->calls++;
	s->last_buf = buf;
	s->last_len = len;
	if (s->calls == s->fail_call) {
		errno = s->fail_errno;
		return -1;
	}
	if (s->chunks != NULL && n > s->chunks[s->k % s->nchunks])
		n = s->chunks[s->k % s->nchunks];
	s->k++;
	if (n > len)
		n = len;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

static struct src src_of(const void *bytes, size_t len, const size_t *chunks,
			 size_t nchunks)
{
	struct src s = { 0 };

	s.data = bytes;
	s.len = len;
	s.chunks = chunks;
	s.nchunks = nchunks;
	return s;
}

static void reader_open(struct vmap_reader *r, struct src *s, size_t cap)
{
	ck_assert_int_eq(vmap_reader_init_fn(r, src_read, s, cap), 0);
}

static void reader_close(struct vmap_reader *r)
{
	ck_assert_int_eq(vmap_reader_destroy(r), 0);
}

/* ------------------------------------------------------------------ */
/* reader: fill, low-water mark, consume                               */
/* ------------------------------------------------------------------ */

START_TEST(reader_fill_lowat_zero)
{
	static const size_t five[] = { 5 };
	struct src s = src_of(TH_TEXT, TH_TEXT_LEN, five, 1);
	struct vmap_reader r;
	const char *p;
	size_t len = 99;

	reader_open(&r, &s, 1);
	ck_assert_uint_eq(vmap_reader_lowat(&r), 0);
	p = vmap_reader_fill(&r, &len);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(p, "this ", 5), 0);
	/* Data buffered and above the mark: no call. */
	ck_assert_ptr_eq(vmap_reader_fill(&r, &len), p);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(vmap_reader_consume(&r, 4), 0);
	p = vmap_reader_fill(&r, &len);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(vmap_reader_consume(&r, 1), 0);
	p = vmap_reader_fill(&r, &len);
	ck_assert_int_eq(s.calls, 2);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(p, "is a ", 5), 0);
	reader_close(&r);
}
END_TEST

START_TEST(reader_fill_lowat_ten)
{
	static const size_t four[] = { 4 };
	struct src s = src_of(data, 1000, four, 1);
	struct vmap_reader r;
	const unsigned char *p;
	size_t len;

	pat_fill(data, 1000, 0);
	reader_open(&r, &s, 1);
	ck_assert_int_eq(vmap_reader_set_lowat(&r, 10), 0);
	ck_assert_uint_eq(vmap_reader_lowat(&r), 10);
	p = vmap_reader_fill(&r, &len);
	ck_assert_uint_eq(len, 4);
	p = vmap_reader_fill(&r, &len);
	ck_assert_uint_eq(len, 8);
	p = vmap_reader_fill(&r, &len);
	ck_assert_uint_eq(len, 12);
	ck_assert_int_eq(s.calls, 3);
	/* 12 > 10: no call. */
	p = vmap_reader_fill(&r, &len);
	ck_assert_uint_eq(len, 12);
	ck_assert_int_eq(s.calls, 3);
	/* Exactly 10 buffered: at the mark, so it reads. */
	ck_assert_int_eq(vmap_reader_consume(&r, 2), 0);
	p = vmap_reader_fill(&r, &len);
	ck_assert_int_eq(s.calls, 4);
	ck_assert_uint_eq(len, 14);
	ck_assert_int_eq(memcmp(p, data + 2, 14), 0);
	ck_assert_int_eq(vmap_reader_consume(&r, 3), 0);
	p = vmap_reader_fill(&r, &len);
	ck_assert_int_eq(s.calls, 4);
	ck_assert_uint_eq(len, 11);
	reader_close(&r);
}
END_TEST

START_TEST(reader_set_lowat_range)
{
	struct src s = src_of("", 0, NULL, 0);
	struct vmap_reader r;
	size_t cap;

	reader_open(&r, &s, 1);
	cap = page();
	ck_assert_int_eq(vmap_reader_set_lowat(&r, 7), 0);
	fails_with(vmap_reader_set_lowat(&r, cap), EINVAL);
	fails_with(vmap_reader_set_lowat(&r, SIZE_MAX), EINVAL);
	ck_assert_uint_eq(vmap_reader_lowat(&r), 7);
	ck_assert_int_eq(vmap_reader_set_lowat(&r, cap - 1), 0);
	ck_assert_uint_eq(vmap_reader_lowat(&r), cap - 1);
	ck_assert_int_eq(vmap_reader_set_lowat(&r, 0), 0);
	reader_close(&r);
}
END_TEST

START_TEST(reader_fill_eof_and_consume)
{
	struct src s = src_of("abc", 3, NULL, 0);
	struct vmap_reader r;
	const char *p;
	size_t len;

	reader_open(&r, &s, 1);
	p = vmap_reader_fill(&r, &len);
	ck_assert_uint_eq(len, 3);
	fails_with(vmap_reader_consume(&r, 4), ERANGE);
	ck_assert_ptr_eq(vmap_reader_fill(&r, &len), p);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(vmap_reader_consume(&r, 3), 0);
	fails_with(vmap_reader_consume(&r, 1), ERANGE);
	p = vmap_reader_fill(&r, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(s.calls, 2);
	/* The source ended: it is not asked again. */
	p = vmap_reader_fill(&r, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(s.calls, 2);
	reader_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* reader: read                                                        */
/* ------------------------------------------------------------------ */

START_TEST(reader_read_copies)
{
	static const size_t chunks[] = { 1, 333, 4093, 17, 2, 1000, 4096 };
	static const size_t asks[] = { 100, 7, 333, 1, 4000, 50 };
	/* A dozen times round the ring: 50000 bytes with a 4 KiB unit. */
	size_t len = 12 * page() + 848;
	struct src s = src_of(data, len, chunks, ARRAY_LEN(chunks));
	struct vmap_reader r;
	size_t total = 0, k = 0;
	ssize_t n;

	pat_fill(data, len, 0);
	reader_open(&r, &s, 1);
	while ((n = vmap_reader_read(&r, got + total,
				     asks[k++ % ARRAY_LEN(asks)])) > 0)
		total += (size_t)n;
	ck_assert_int_eq(n, 0);
	ck_assert_uint_eq(total, len);
	ck_assert_int_eq(memcmp(got, data, total), 0);
	ck_assert_int_eq(vmap_reader_read(&r, got, 10), 0);
	ck_assert_int_eq(vmap_reader_read(&r, got, 0), 0);
	reader_close(&r);
}
END_TEST

START_TEST(reader_read_bypass)
{
	struct src s = src_of(data, 5 * page(), NULL, 0);
	struct vmap_reader r;
	size_t cap, len;
	int calls;

	pat_fill(data, 5 * page(), 0);
	reader_open(&r, &s, 1);
	cap = page();
	/* Empty ring, buffer of capacity bytes: read straight into it. */
	ck_assert_int_eq(vmap_reader_read(&r, got, cap), (ssize_t)cap);
	ck_assert_ptr_eq(s.last_buf, got);
	ck_assert_uint_eq(s.last_len, cap);
	ck_assert_int_eq(memcmp(got, data, cap), 0);
	ck_assert_int_eq(vmap_reader_read(&r, got + cap, 2 * cap),
			 (ssize_t)(2 * cap));
	ck_assert_ptr_eq(s.last_buf, got + cap);
	ck_assert_uint_eq(s.last_len, 2 * cap);
	/* Bytes buffered: they come first, with no call. */
	ck_assert_ptr_nonnull(vmap_reader_fill(&r, &len));
	ck_assert_ptr_ne(s.last_buf, got + 3 * cap);
	calls = s.calls;
	ck_assert_int_eq(vmap_reader_read(&r, got + 3 * cap, 2 * cap),
			 (ssize_t)len);
	ck_assert_int_eq(s.calls, calls);
	ck_assert_int_eq(memcmp(got, data, 3 * cap + len), 0);
	reader_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* reader: lines                                                       */
/* ------------------------------------------------------------------ */

/* Builds @count lines of varied length (some empty) into @buf, the last
 * without '\n'; stores each line's start in @starts.  Returns the length. */
static size_t make_lines(char *buf, size_t *starts, int count)
{
	size_t len = 0;
	int k, j;

	for (k = 0; k < count; k++) {
		int width = (k * 37) % 211;

		starts[k] = len;
		len += (size_t)sprintf(buf + len, "%d:", k);
		for (j = 0; j < width; j++)
			buf[len++] = (char)('a' + (k + j) % 26);
		if (k % 17 == 5)
			len = starts[k]; /* an empty line */
		if (k + 1 < count)
			buf[len++] = '\n';
	}
	starts[count] = len;
	return len;
}

/* The longest line make_lines() writes: number, colon, 210 letters and
 * the newline. */
#define LINE_MAX_LEN (sizeof("-2147483648:") - 1 + 210 + 1)

/* Lines per 4 KiB of ring: 600 lines, some 60 KiB of text, go round a ring
 * of one unit 15 times, at every granularity. */
#define LINES_PER_4K 600

START_TEST(reader_line_iteration)
{
	static const size_t chunks[] = { 1, 7, 13, 100, 4093, 3, 250 };
	const int nlines = (int)(LINES_PER_4K * (page() / 4096));
	size_t *starts = malloc(((size_t)nlines + 1) * sizeof(*starts));
	const char *line, *base = NULL;
	struct vmap_reader r;
	struct src s;
	int k, wrapped = 0;
	size_t len, cap, total;

	ck_assert_ptr_nonnull(starts);
	ck_assert_uint_le((size_t)nlines * LINE_MAX_LEN, buf_len);
	total = make_lines((char *)data, starts, nlines);
	s = src_of(data, total, chunks, ARRAY_LEN(chunks));
	reader_open(&r, &s, 1);
	cap = page();
	ck_assert_uint_gt(total, 8 * cap);
	for (k = 0; k < nlines; k++) {
		size_t want = starts[k + 1] - starts[k];

		ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
		if (base == NULL)
			base = line; /* a fresh ring starts at its base */
		ck_assert_uint_eq(len, want);
		ck_assert_int_eq(memcmp(line, data + starts[k], len), 0);
		wrapped += line < base + cap && line + len > base + cap;
	}
	ck_assert_int_ne(line[len - 1], '\n');
	ck_assert_int_gt(wrapped, 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 0);
	reader_close(&r);
	free(starts);
}
END_TEST

START_TEST(reader_line_too_long)
{
	struct src s = src_of(data, 0, NULL, 0);
	struct vmap_reader r;
	const char *line;
	size_t cap, len;

	reader_open(&r, &s, 1);
	cap = page();
	memset(data, 'L', cap + 10);
	memcpy(data + cap + 10, "\nshort\n", 7);
	s.len = cap + 17;
	errno = 0;
	fails_with(vmap_reader_line(&r, &line, &len), ENOBUFS);
	/* Its bytes stay buffered, readable with fill and read. */
	ck_assert_ptr_nonnull(vmap_reader_fill(&r, &len));
	ck_assert_uint_eq(len, cap);
	ck_assert_int_eq(vmap_reader_read(&r, got, cap), (ssize_t)cap);
	ck_assert_int_eq(memcmp(got, data, cap), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_uint_eq(len, 11);
	ck_assert_int_eq(memcmp(line, data + cap, 11), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(memcmp(line, "short\n", 6), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 0);
	reader_close(&r);
}
END_TEST

START_TEST(reader_line_exactly_capacity)
{
	struct src s = src_of(data, 0, NULL, 0);
	struct vmap_reader r;
	const char *line;
	size_t cap, len;

	reader_open(&r, &s, 1);
	cap = page();
	memset(data, 'x', cap - 1);
	data[cap - 1] = '\n';
	memcpy(data + cap, "tail", 4);
	s.len = cap + 4;
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_uint_eq(len, cap);
	ck_assert_int_eq(memcmp(line, data, cap), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_uint_eq(len, 4);
	ck_assert_int_eq(memcmp(line, "tail", 4), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 0);
	reader_close(&r);
}
END_TEST

START_TEST(reader_source_errors)
{
	static const size_t three[] = { 3 };
	struct src s = src_of("ab\ncd\nef", 8, three, 1);
	struct vmap_reader r;
	const char *line;
	size_t len;

	s.fail_call = 2;
	s.fail_errno = ECONNRESET;
	reader_open(&r, &s, 1);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_uint_eq(len, 3);
	fails_with(vmap_reader_line(&r, &line, &len), ECONNRESET);
	/* A later call may succeed; nothing was lost. */
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_int_eq(memcmp(line, "cd\n", 3), 0);
	s.fail_call = s.calls + 1;
	s.fail_errno = EIO;
	errno = 0;
	ck_assert_ptr_null(vmap_reader_fill(&r, &len));
	ck_assert_int_eq(errno, EIO);
	s.fail_call = s.calls + 1;
	s.fail_errno = ETIMEDOUT;
	fails_with(vmap_reader_read(&r, got, 10), ETIMEDOUT);
	s.fail_call = s.calls + 1;
	s.fail_errno = EINTR;
	fails_with(vmap_reader_read(&r, got, 2 * page()), EINTR);
	ck_assert_int_eq(vmap_reader_read(&r, got, 10), 2);
	ck_assert_int_eq(memcmp(got, "ef", 2), 0);
	ck_assert_int_eq(vmap_reader_read(&r, got, 10), 0);
	reader_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* reader: descriptors, accessors, lifetime                            */
/* ------------------------------------------------------------------ */

START_TEST(reader_over_fd)
{
	struct vmap_reader r;
	const char *line;
	size_t len, n = 0;
	int fd, p[2], rc;

	fd = open(th_mkfile("lines", "one\ntwo\n\nthree", 14),
		  O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(vmap_reader_init(&r, fd, 100), 0);
	ck_assert_int_eq(vmap_reader_fd(&r), fd);
	ck_assert_ptr_null(vmap_reader_cookie(&r));
	while ((rc = vmap_reader_line(&r, &line, &len)) == 1) {
		memcpy(got + n, line, len);
		n += len;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(n, 14);
	ck_assert_int_eq(memcmp(got, "one\ntwo\n\nthree", 14), 0);
	reader_close(&r);
	fd_open(fd);
	ck_assert_int_eq(close(fd), 0);
	/* And a pipe. */
	th_pipe(p, 0, 0);
	ck_assert_int_eq(vmap_reader_init(&r, p[0], 1), 0);
	ck_assert_int_eq(write(p[1], "xy", 2), 2);
	ck_assert_int_eq(vmap_reader_read(&r, got, 10), 2);
	ck_assert_int_eq(vmap_reader_fd(&r), p[0]);
	reader_close(&r);
	fd_open(p[0]);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(reader_accessors_cookie)
{
	struct src s = src_of("", 0, NULL, 0);
	struct vmap_reader r;

	reader_open(&r, &s, 1);
	ck_assert_int_eq(vmap_reader_fd(&r), -1);
	ck_assert_ptr_eq(vmap_reader_cookie(&r), &s);
	reader_close(&r);
	/* A NULL cookie is a valid cookie. */
	ck_assert_int_eq(vmap_reader_init_fn(&r, src_read, NULL, 1), 0);
	ck_assert_ptr_null(vmap_reader_cookie(&r));
	ck_assert_int_eq(vmap_reader_fd(&r), -1);
	reader_close(&r);
}
END_TEST

START_TEST(reader_init_errors)
{
	struct vmap_reader r;
	struct th_res before;

	th_snap(&before);
	sentinel(&r, sizeof(r));
	fails_with(vmap_reader_init(NULL, 0, 1), EINVAL);
	fails_with(vmap_reader_init(&r, -1, 1), EINVAL);
	fails_with(vmap_reader_init(&r, 0, 0), EINVAL);
	fails_with(vmap_reader_init(&r, 0, SIZE_MAX), EOVERFLOW);
	fails_with(vmap_reader_init_fn(NULL, src_read, NULL, 1), EINVAL);
	fails_with(vmap_reader_init_fn(&r, NULL, NULL, 1), EINVAL);
	fails_with(vmap_reader_init_fn(&r, src_read, NULL, 0), EINVAL);
	fails_with(vmap_reader_init_fn(&r, src_read, NULL, SIZE_MAX),
		   EOVERFLOW);
	ck_assert_msg(th_all_bytes(&r, sizeof(r), TH_SENTINEL),
		      "reader modified");
	fails_with(vmap_reader_destroy(NULL), EINVAL);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(reader_no_leak)
{
	struct th_res before;
	struct vmap_reader r;
	size_t len;
	int p[2];

	th_pipe(p, 0, 0);
	th_snap(&before);
	ck_assert_int_eq(vmap_reader_init(&r, p[0], 3 * page()), 0);
	ck_assert_int_eq(write(p[1], "z", 1), 1);
	ck_assert_ptr_nonnull(vmap_reader_fill(&r, &len));
	ck_assert_uint_eq(len, 1);
	reader_close(&r);
	th_assert_no_leak(&before);
	fd_open(p[0]);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(reader_null_args)
{
	struct src s = src_of("a\n", 2, NULL, 0);
	struct vmap_reader r;
	const char *line;
	size_t len = 7;

	reader_open(&r, &s, 1);
	errno = 0;
	ck_assert_ptr_null(vmap_reader_fill(NULL, &len));
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_ptr_null(vmap_reader_fill(&r, NULL));
	ck_assert_int_eq(errno, EINVAL);
	fails_with(vmap_reader_consume(NULL, 0), EINVAL);
	fails_with(vmap_reader_read(NULL, got, 1), EINVAL);
	fails_with(vmap_reader_read(&r, NULL, 1), EINVAL);
	fails_with(vmap_reader_line(NULL, &line, &len), EINVAL);
	fails_with(vmap_reader_line(&r, NULL, &len), EINVAL);
	fails_with(vmap_reader_line(&r, &line, NULL), EINVAL);
	fails_with(vmap_reader_set_lowat(NULL, 0), EINVAL);
	ck_assert_uint_eq(vmap_reader_lowat(NULL), 0);
	ck_assert_int_eq(vmap_reader_fd(NULL), -1);
	ck_assert_ptr_null(vmap_reader_cookie(NULL));
	/* None of that reached the source. */
	ck_assert_int_eq(s.calls, 0);
	ck_assert_int_eq(vmap_reader_read(&r, NULL, 0), 0);
	ck_assert_int_eq(vmap_reader_line(&r, &line, &len), 1);
	ck_assert_uint_eq(len, 2);
	reader_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* a recording sink                                                    */
/* ------------------------------------------------------------------ */

struct sink {
	unsigned char *out;
	size_t len;
	int calls;
	const void *last_buf;
	size_t last_len;
	size_t max_write; /* short writes of at most this (0: none) */
	int eintr_call;   /* the call that fails with EINTR (0: none) */
	int fail_from;    /* calls from this one fail (0: none) */
	int fail_errno;   /* ... with this errno, or return 0 if 0 */
};

static ssize_t sink_write(void *cookie, const void *buf, size_t len)
{
	struct sink *k = cookie;

	k->calls++;
	k->last_buf = buf;
	k->last_len = len;
	if (k->calls == k->eintr_call) {
		errno = EINTR;
		return -1;
	}
	if (k->fail_from != 0 && k->calls >= k->fail_from) {
		if (k->fail_errno == 0)
			return 0;
		errno = k->fail_errno;
		return -1;
	}
	if (k->max_write != 0 && len > k->max_write)
		len = k->max_write;
	ck_assert_uint_le(k->len + len, buf_len);
	memcpy(k->out + k->len, buf, len);
	k->len += len;
	return (ssize_t)len;
}

static struct sink sink_new(void)
{
	struct sink k = { 0 };

	k.out = got;
	return k;
}

static void writer_open(struct vmap_writer *w, struct sink *k, size_t cap)
{
	ck_assert_int_eq(vmap_writer_init_fn(w, sink_write, k, cap), 0);
}

static size_t buffered(struct vmap_writer *w)
{
	return vmap_ring_read_len(vmap_writer_ring(w));
}

/* ------------------------------------------------------------------ */
/* writer                                                              */
/* ------------------------------------------------------------------ */

START_TEST(writer_small_then_flush)
{
	struct sink k = sink_new();
	struct vmap_writer w;
	size_t total = 0, n;

	pat_fill(data, 3000, 0);
	writer_open(&w, &k, 1);
	for (n = 1; total + n <= 3000; total += n, n = n % 50 + 1)
		ck_assert_int_eq(vmap_writer_write(&w, data + total, n), 0);
	ck_assert_int_eq(k.calls, 0);
	ck_assert_uint_eq(buffered(&w), total);
	ck_assert_int_eq(vmap_writer_flush(&w), 0);
	ck_assert_int_eq(k.calls, 1);
	ck_assert_uint_eq(k.len, total);
	ck_assert_int_eq(memcmp(got, data, total), 0);
	ck_assert_uint_eq(buffered(&w), 0);
	ck_assert_int_eq(vmap_writer_flush(&w), 0);
	ck_assert_int_eq(vmap_writer_write(&w, data, 0), 0);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	ck_assert_uint_eq(k.len, total);
}
END_TEST

START_TEST(writer_overflow_flushes_in_order)
{
	struct sink k = sink_new();
	struct vmap_writer w;
	size_t total = 0, n, cap;

	pat_fill(data, 5 * page(), 0);
	writer_open(&w, &k, 1);
	cap = vmap_ring_capacity(vmap_writer_ring(&w));
	/* Does not fit beside cap - 10 buffered bytes: those go first. */
	ck_assert_int_eq(vmap_writer_write(&w, data, cap - 10), 0);
	ck_assert_int_eq(vmap_writer_write(&w, data + cap - 10, 20), 0);
	ck_assert_int_eq(k.calls, 1);
	ck_assert_uint_eq(k.len, cap - 10);
	ck_assert_uint_eq(buffered(&w), 20);
	total = cap + 10;
	for (n = 1; total + n <= 5 * page(); total += n, n = n * 3 % 997 + 1)
		ck_assert_int_eq(vmap_writer_write(&w, data + total, n), 0);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	ck_assert_uint_eq(k.len, total);
	ck_assert_int_eq(memcmp(got, data, total), 0);
}
END_TEST

START_TEST(writer_large_goes_straight)
{
	struct sink k = sink_new();
	struct vmap_writer w;
	size_t cap;

	pat_fill(data, 4 * page(), 0);
	writer_open(&w, &k, 1);
	cap = vmap_ring_capacity(vmap_writer_ring(&w));
	ck_assert_int_eq(vmap_writer_write(&w, data, cap), 0);
	ck_assert_int_eq(k.calls, 1);
	ck_assert_ptr_eq(k.last_buf, data);
	ck_assert_uint_eq(k.last_len, cap);
	ck_assert_uint_eq(buffered(&w), 0);
	/* With bytes buffered: they are flushed, then the big write. */
	ck_assert_int_eq(vmap_writer_write(&w, data + cap, 2), 0);
	ck_assert_int_eq(k.calls, 1);
	ck_assert_int_eq(vmap_writer_write(&w, data + cap + 2, 2 * cap), 0);
	ck_assert_int_eq(k.calls, 3);
	ck_assert_ptr_eq(k.last_buf, data + cap + 2);
	ck_assert_uint_eq(k.last_len, 2 * cap);
	ck_assert_uint_eq(k.len, 3 * cap + 2);
	ck_assert_int_eq(memcmp(got, data, k.len), 0);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	ck_assert_int_eq(k.calls, 3);
}
END_TEST

START_TEST(writer_printf)
{
	struct sink k = sink_new();
	struct vmap_writer w;
	size_t cap, big, j;
	char *text;

	writer_open(&w, &k, 1);
	cap = vmap_ring_capacity(vmap_writer_ring(&w));
	ck_assert_int_eq(vmap_writer_printf(&w, "%s=%d;", "x", 42), 5);
	ck_assert_int_eq(k.calls, 0);
	ck_assert_uint_eq(buffered(&w), 5);
	big = 2 * cap + 99;
	text = malloc(big + 1);
	ck_assert_ptr_nonnull(text);
	for (j = 0; j < big; j++)
		text[j] = (char)('A' + j % 23);
	text[big] = '\0';
	ck_assert_int_eq(vmap_writer_printf(&w, "<%s>", text), (int)big + 2);
	ck_assert_int_eq(vmap_writer_printf(&w, "%c", '!'), 1);
	ck_assert_int_eq(vmap_writer_flush(&w), 0);
	ck_assert_uint_eq(k.len, 5 + big + 3);
	ck_assert_int_eq(memcmp(got, "x=42;<", 6), 0);
	ck_assert_int_eq(memcmp(got + 6, text, big), 0);
	ck_assert_int_eq(memcmp(got + 6 + big, ">!", 2), 0);
	/* Text that fills the whole ring exactly. */
	k.len = 0;
	ck_assert_int_eq(vmap_writer_printf(&w, "%.*s", (int)cap, text),
			 (int)cap);
	ck_assert_int_eq(vmap_writer_flush(&w), 0);
	ck_assert_uint_eq(k.len, cap);
	ck_assert_int_eq(memcmp(got, text, cap), 0);
	free(text);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
}
END_TEST

START_TEST(writer_short_writes_and_eintr)
{
	struct sink k = sink_new();
	struct vmap_writer w;

	k.max_write = 100;
	k.eintr_call = 2;
	pat_fill(data, 3000, 0);
	writer_open(&w, &k, 1);
	ck_assert_int_eq(vmap_writer_write(&w, data, 3000), 0);
	ck_assert_int_eq(vmap_writer_flush(&w), 0);
	ck_assert_uint_eq(k.len, 3000);
	ck_assert_int_eq(memcmp(got, data, 3000), 0);
	ck_assert_int_eq(k.calls, 31);
	ck_assert_uint_eq(buffered(&w), 0);
	/* Large direct writes are retried the same way. */
	k.len = 0;
	k.eintr_call = k.calls + 3;
	ck_assert_int_eq(vmap_writer_write(&w, data, 2 * page()), 0);
	ck_assert_uint_eq(k.len, 2 * page());
	ck_assert_int_eq(memcmp(got, data, k.len), 0);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
}
END_TEST

START_TEST(writer_flush_failure_keeps_bytes)
{
	struct sink k = sink_new();
	struct vmap_writer w;
	struct vmap_ring ring;

	pat_fill(data, 500, 0);
	writer_open(&w, &k, 1);
	ck_assert_int_eq(vmap_writer_write(&w, data, 500), 0);
	k.fail_from = 1;
	k.fail_errno = EIO;
	errno = 0;
	fails_with(vmap_writer_flush(&w), EIO);
	ck_assert_uint_eq(buffered(&w), 500);
	ck_assert_int_eq(memcmp(vmap_ring_read_ptr(vmap_writer_ring(&w)), data,
				500),
			 0);
	fails_with(vmap_writer_destroy(&w), EIO);
	ck_assert_uint_eq(buffered(&w), 500);
	ck_assert_int_eq(vmap_writer_into_ring(&w, &ring), 0);
	ck_assert_uint_eq(vmap_ring_read_len(&ring), 500);
	ck_assert_int_eq(memcmp(vmap_ring_read_ptr(&ring), data, 500), 0);
	ck_assert_int_eq(vmap_ring_destroy(&ring), 0);
}
END_TEST

START_TEST(writer_flush_partial_failure)
{
	struct sink k = sink_new();
	struct vmap_writer w;

	pat_fill(data, 500, 0);
	k.max_write = 100;
	k.fail_from = 3;
	k.fail_errno = ENOSPC;
	writer_open(&w, &k, 1);
	ck_assert_int_eq(vmap_writer_write(&w, data, 500), 0);
	fails_with(vmap_writer_flush(&w), ENOSPC);
	ck_assert_uint_eq(k.len, 200);
	ck_assert_uint_eq(buffered(&w), 300);
	ck_assert_int_eq(memcmp(vmap_ring_read_ptr(vmap_writer_ring(&w)),
				data + 200, 300),
			 0);
	/* The sink recovers: the rest follows, in order. */
	k.fail_from = 0;
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	ck_assert_uint_eq(k.len, 500);
	ck_assert_int_eq(memcmp(got, data, 500), 0);
}
END_TEST

START_TEST(writer_sink_writes_zero)
{
	struct sink k = sink_new();
	struct vmap_writer w;

	k.fail_from = 1; /* fail_errno 0: returns 0 */
	writer_open(&w, &k, 1);
	ck_assert_int_eq(vmap_writer_write(&w, "abc", 3), 0);
	fails_with(vmap_writer_flush(&w), EIO);
	ck_assert_uint_eq(buffered(&w), 3);
	fails_with(vmap_writer_write(&w, data, 2 * page()), EIO);
	k.fail_from = 0;
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	ck_assert_uint_eq(k.len, 3);
	ck_assert_int_eq(memcmp(got, "abc", 3), 0);
}
END_TEST

START_TEST(writer_into_ring)
{
	static const struct vmap_writer zero;
	struct sink k = sink_new();
	struct vmap_writer w;
	struct vmap_ring ring;

	writer_open(&w, &k, 1);
	ck_assert_int_eq(vmap_writer_printf(&w, "unflushed %d", 7), 11);
	fails_with(vmap_writer_into_ring(NULL, &ring), EINVAL);
	fails_with(vmap_writer_into_ring(&w, NULL), EINVAL);
	ck_assert_int_eq(vmap_writer_into_ring(&w, &ring), 0);
	ck_assert_mem_eq(&w, &zero, sizeof(w));
	ck_assert_int_eq(k.calls, 0);
	ck_assert_uint_eq(vmap_ring_read_len(&ring), 11);
	ck_assert_int_eq(memcmp(vmap_ring_read_ptr(&ring), "unflushed 7", 11),
			 0);
	ck_assert_ptr_nonnull(vmap_ring_strategy(&ring));
	ck_assert_int_eq(vmap_ring_destroy(&ring), 0);
}
END_TEST

START_TEST(writer_from_ring)
{
	struct vmap_ring ring;
	struct vmap_writer w;
	const char *path;
	size_t len;
	char *text;
	int fd;

	path = th_path("from-ring");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(vmap_ring_init(&ring, 1, 0), 0);
	ck_assert_int_eq(vmap_ring_write_all(&ring, "hello, ", 7), 0);
	ck_assert_int_eq(vmap_writer_from_ring(&w, &ring, fd), 0);
	ck_assert_ptr_null(vmap_ring_strategy(&ring));
	ck_assert_uint_eq(buffered(&w), 7);
	ck_assert_int_eq(vmap_writer_write(&w, "world", 5), 0);
	ck_assert_int_eq(vmap_writer_flush(&w), 0);
	text = th_read_file(path, &len);
	ck_assert_uint_eq(len, 12);
	ck_assert_str_eq(text, "hello, world");
	free(text);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	fd_open(fd);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* @r still is the ring @saved was copied from (fields, not padding). */
static void assert_same_ring(const struct vmap_ring *r,
			     const struct vmap_ring *saved)
{
	ck_assert_ptr_eq(vmap_ring_read_ptr(r), vmap_ring_read_ptr(saved));
	ck_assert_ptr_eq(vmap_ring_write_ptr(r), vmap_ring_write_ptr(saved));
	ck_assert_uint_eq(vmap_ring_read_len(r), vmap_ring_read_len(saved));
	ck_assert_uint_eq(vmap_ring_write_len(r), vmap_ring_write_len(saved));
	ck_assert_uint_eq(vmap_ring_capacity(r), vmap_ring_capacity(saved));
	ck_assert_ptr_eq(vmap_ring_strategy(r), vmap_ring_strategy(saved));
}

START_TEST(writer_from_ring_errors)
{
	struct vmap_ring ring, saved, dead;
	struct vmap_writer w;

	sentinel(&w, sizeof(w));
	ck_assert_int_eq(vmap_ring_init(&ring, 1, VMAP_RING_OVERWRITE), 0);
	ck_assert_int_eq(vmap_ring_write_all(&ring, "x", 1), 0);
	saved = ring;
	fails_with(vmap_writer_from_ring(&w, &ring, 1), EINVAL);
	assert_same_ring(&ring, &saved);
	ck_assert_uint_eq(vmap_ring_read_len(&ring), 1);
	ck_assert_int_eq(vmap_ring_destroy(&ring), 0);
	ck_assert_int_eq(vmap_ring_init(&ring, 1, 0), 0);
	saved = ring;
	fails_with(vmap_writer_from_ring(NULL, &ring, 1), EINVAL);
	fails_with(vmap_writer_from_ring(&w, NULL, 1), EINVAL);
	fails_with(vmap_writer_from_ring(&w, &ring, -1), EINVAL);
	assert_same_ring(&ring, &saved);
	ck_assert_int_eq(vmap_ring_destroy(&ring), 0);
	memset(&dead, 0, sizeof(dead));
	fails_with(vmap_writer_from_ring(&w, &dead, 1), EINVAL);
	ck_assert_msg(th_all_bytes(&w, sizeof(w), TH_SENTINEL),
		      "writer modified");
}
END_TEST

START_TEST(writer_init_errors)
{
	struct vmap_writer w;
	struct th_res before;

	th_snap(&before);
	sentinel(&w, sizeof(w));
	fails_with(vmap_writer_init(NULL, 1, 1), EINVAL);
	fails_with(vmap_writer_init(&w, -1, 1), EINVAL);
	fails_with(vmap_writer_init(&w, 1, 0), EINVAL);
	fails_with(vmap_writer_init(&w, 1, SIZE_MAX), EOVERFLOW);
	fails_with(vmap_writer_init_fn(NULL, sink_write, NULL, 1), EINVAL);
	fails_with(vmap_writer_init_fn(&w, NULL, NULL, 1), EINVAL);
	fails_with(vmap_writer_init_fn(&w, sink_write, NULL, 0), EINVAL);
	ck_assert_msg(th_all_bytes(&w, sizeof(w), TH_SENTINEL),
		      "writer modified");
	fails_with(vmap_writer_destroy(NULL), EINVAL);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(writer_fd_not_closed)
{
	struct th_res before;
	struct vmap_writer w;
	int p[2];

	th_pipe(p, 0, 0);
	th_snap(&before);
	ck_assert_int_eq(vmap_writer_init(&w, p[1], 1), 0);
	ck_assert_int_eq(vmap_writer_printf(&w, "%s", TH_TEXT),
			 (int)TH_TEXT_LEN);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	th_assert_no_leak(&before);
	fd_open(p[1]);
	ck_assert_int_eq(read(p[0], got, buf_len), (ssize_t)TH_TEXT_LEN);
	ck_assert_int_eq(memcmp(got, TH_TEXT, TH_TEXT_LEN), 0);
	/* A failed flush does not close it either. */
	ck_assert_int_eq(close(p[0]), 0);
	ck_assert_int_eq(vmap_writer_init(&w, p[1], 1), 0);
	ck_assert_int_eq(vmap_writer_write(&w, "x", 1), 0);
	ignore_sigpipe();
	fails_with(vmap_writer_destroy(&w), EPIPE);
	fd_open(p[1]);
	ck_assert_uint_eq(buffered(&w), 1);
	ck_assert_int_eq(vmap_ring_destroy(vmap_writer_ring(&w)), 0);
	ck_assert_int_eq(close(p[1]), 0);
}
END_TEST

START_TEST(writer_null_args)
{
	struct sink k = sink_new();
	struct vmap_writer w;

	writer_open(&w, &k, 1);
	fails_with(vmap_writer_write(NULL, "x", 1), EINVAL);
	fails_with(vmap_writer_write(&w, NULL, 1), EINVAL);
	fails_with(vmap_writer_printf(NULL, "x"), EINVAL);
	fails_with(vmap_writer_flush(NULL), EINVAL);
	fails_with(vmap_writer_destroy(NULL), EINVAL);
	ck_assert_ptr_null(vmap_writer_ring(NULL));
	ck_assert_uint_eq(buffered(&w), 0);
	ck_assert_int_eq(vmap_writer_write(&w, NULL, 0), 0);
	ck_assert_int_eq(vmap_writer_destroy(&w), 0);
	ck_assert_int_eq(k.calls, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("buffered");
	TCase *tc;

	tc = tcase_create("reader");
	tcase_add_test(tc, reader_fill_lowat_zero);
	tcase_add_test(tc, reader_fill_lowat_ten);
	tcase_add_test(tc, reader_set_lowat_range);
	tcase_add_test(tc, reader_fill_eof_and_consume);
	tcase_add_test(tc, reader_read_copies);
	tcase_add_test(tc, reader_read_bypass);
	tcase_add_test(tc, reader_line_iteration);
	tcase_add_test(tc, reader_line_too_long);
	tcase_add_test(tc, reader_line_exactly_capacity);
	tcase_add_test(tc, reader_source_errors);
	tcase_add_test(tc, reader_over_fd);
	tcase_add_test(tc, reader_accessors_cookie);
	tcase_add_test(tc, reader_init_errors);
	tcase_add_test(tc, reader_no_leak);
	tcase_add_test(tc, reader_null_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer");
	tcase_add_test(tc, writer_small_then_flush);
	tcase_add_test(tc, writer_overflow_flushes_in_order);
	tcase_add_test(tc, writer_large_goes_straight);
	tcase_add_test(tc, writer_printf);
	tcase_add_test(tc, writer_short_writes_and_eintr);
	tcase_add_test(tc, writer_flush_failure_keeps_bytes);
	tcase_add_test(tc, writer_flush_partial_failure);
	tcase_add_test(tc, writer_sink_writes_zero);
	tcase_add_test(tc, writer_into_ring);
	tcase_add_test(tc, writer_from_ring);
	tcase_add_test(tc, writer_from_ring_errors);
	tcase_add_test(tc, writer_init_errors);
	tcase_add_test(tc, writer_fd_not_closed);
	tcase_add_test(tc, writer_null_args);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	buf_len = BUF_UNITS * page();
	data = th_buffer(buf_len);
	got = th_buffer(buf_len);
	return th_run(suite());
}
