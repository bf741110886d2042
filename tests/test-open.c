/*
 * libvmap - tests for vmap_open, vmap_open_if, vmap_map and vmap_map_if
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
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

#define FD_SENTINEL (-77)

static struct vmap_options opts(unsigned int flags, uint64_t offset,
				struct vmap_extent len)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;

	o.flags = flags;
	o.offset = offset;
	o.len = len;
	return o;
}

static struct vmap_options resize_opts(unsigned int flags,
				       struct vmap_extent resize)
{
	struct vmap_options o = opts(flags, 0, vmap_extent_end());

	o.resize = resize;
	return o;
}

static const char *text_file(const char *name)
{
	return th_mkfile(name, TH_TEXT, TH_TEXT_LEN);
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

static void check_errno(int line, const char *what, int rc, int want_rc,
			int err, int want)
{
	ck_assert_msg(rc == want_rc, "line %d: %s returned %d, expected %d",
		      line, what, rc, want_rc);
	if (want != 0)
		ck_assert_msg(err == want,
			      "line %d: %s errno %d (%s), expected %d (%s)",
			      line, what, err, strerror(err), want,
			      strerror(want));
	else
		ck_assert_msg(err != 0, "line %d: %s failed with errno 0",
			      line, what);
}

static void check_clean(int line, const struct th_res *before,
			const struct vmap_map *m, int fd)
{
	struct th_res now;

	th_snap(&now);
	ck_assert_msg(now.fds == before->fds,
		      "line %d: %d descriptors before, %d after", line,
		      before->fds, now.fds);
	ck_assert_msg(now.maps == before->maps,
		      "line %d: %d mappings before, %d after", line,
		      before->maps, now.maps);
	ck_assert_msg(th_is_sentinel(m), "line %d: map was modified", line);
	ck_assert_msg(fd == FD_SENTINEL, "line %d: fd was modified", line);
}

/*
 * Assert that vmap_open() (and, unless @want is ERANGE, vmap_open_if())
 * fails with errno @want (any nonzero errno if @want is 0), leaks nothing
 * and leaves the out-parameters alone.  Returns the errno.
 */
#define open_fails(path, o, want) open_fails_at(__LINE__, path, o, want)

static int open_fails_at(int line, const char *path,
			 const struct vmap_options *o, int want)
{
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int rc, err;

	th_sentinel(&m);
	th_snap(&before);
	errno = 0;
	rc = vmap_open(path, o, &m, &fd);
	err = errno;
	check_errno(line, "vmap_open", rc, -1, err, want);
	check_clean(line, &before, &m, fd);

	errno = 0;
	rc = vmap_open(path, o, &m, NULL);
	check_errno(line, "vmap_open(fdp NULL)", rc, -1, errno, want);
	check_clean(line, &before, &m, fd);

	if (want != ERANGE) {
		errno = 0;
		rc = vmap_open_if(path, o, &m, &fd);
		check_errno(line, "vmap_open_if", rc, -1, errno, want);
		ck_assert_msg(errno != ERANGE, "line %d: _if gave ERANGE",
			      line);
		check_clean(line, &before, &m, fd);
	}
	return err;
}

/* As open_fails() for vmap_map() and vmap_map_if() on @fd. */
#define map_fails(fd, o, want) map_fails_at(__LINE__, fd, o, want)

static int map_fails_at(int line, int fd, const struct vmap_options *o,
			int want)
{
	struct th_res before;
	struct vmap_map m;
	int rc, err;

	th_sentinel(&m);
	th_snap(&before);
	errno = 0;
	rc = vmap_map(fd, o, &m);
	err = errno;
	check_errno(line, "vmap_map", rc, -1, err, want);
	check_clean(line, &before, &m, FD_SENTINEL);

	if (want != ERANGE) {
		errno = 0;
		rc = vmap_map_if(fd, o, &m);
		check_errno(line, "vmap_map_if", rc, -1, errno, want);
		ck_assert_msg(errno != ERANGE, "line %d: _if gave ERANGE",
			      line);
		check_clean(line, &before, &m, FD_SENTINEL);
	}
	return err;
}

/*
 * Assert that the range of @o lies outside the file at @path: vmap_open()
 * fails with ERANGE, vmap_open_if() returns 0 with the descriptor handed
 * back and the map untouched, and vmap_map() / vmap_map_if() agree.
 */
#define outside(path, o) outside_at(__LINE__, path, o)

static void outside_at(int line, const char *path,
		       const struct vmap_options *o)
{
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int rc;

	open_fails_at(line, path, o, ERANGE);

	th_sentinel(&m);
	th_snap(&before);
	rc = vmap_open_if(path, o, &m, &fd);
	ck_assert_msg(rc == 0, "line %d: vmap_open_if returned %d", line, rc);
	ck_assert_msg(th_is_sentinel(&m), "line %d: map was modified", line);
	ck_assert_msg(fd >= 0, "line %d: no descriptor handed back", line);
	ck_assert_msg(fcntl(fd, F_GETFD) >= 0, "line %d: bad fd", line);
	ck_assert_int_eq(close(fd), 0);
	fd = FD_SENTINEL;
	check_clean(line, &before, &m, fd);

	rc = vmap_open_if(path, o, &m, NULL);
	ck_assert_msg(rc == 0, "line %d: vmap_open_if returned %d", line, rc);
	check_clean(line, &before, &m, fd);

	fd = open_fd(path, (o->flags & VMAP_WRITE) ? O_RDWR : O_RDONLY);
	th_snap(&before);
	map_fails_at(line, fd, o, ERANGE);
	rc = vmap_map_if(fd, o, &m);
	ck_assert_msg(rc == 0, "line %d: vmap_map_if returned %d", line, rc);
	check_clean(line, &before, &m, FD_SENTINEL);
	ck_assert_int_eq(close(fd), 0);
}

/* Check that vmap_open(), vmap_open_if(), vmap_map() and vmap_map_if() of
 * @path with @o all give a map holding exactly the @len bytes at @data. */
#define open_check(path, o, data, len)                                        \
	open_check_at(__LINE__, path, o, data, len)

static void check_map_at(int line, const char *what, struct vmap_map *m,
			 const void *data, size_t len)
{
	ck_assert_msg(m->len == len, "line %d: %s: len %zu, expected %zu",
		      line, what, m->len, len);
	ck_assert_msg(m->ptr != NULL, "line %d: %s: NULL ptr", line, what);
	ck_assert_msg(memcmp(m->ptr, data, len) == 0,
		      "line %d: %s: wrong bytes", line, what);
	unmap_ok(m);
}

static void open_check_at(int line, const char *path,
			  const struct vmap_options *o, const void *data,
			  size_t len)
{
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int rc;

	rc = vmap_open(path, o, &m, &fd);
	ck_assert_msg(rc == 0, "line %d: vmap_open: %d (%s)", line, rc,
		      strerror(errno));
	check_map_at(line, "vmap_open", &m, data, len);
	rc = vmap_open_if(path, o, &m, NULL);
	ck_assert_msg(rc == 1, "line %d: vmap_open_if: %d", line, rc);
	check_map_at(line, "vmap_open_if", &m, data, len);
	rc = vmap_map(fd, o, &m);
	ck_assert_msg(rc == 0, "line %d: vmap_map: %d", line, rc);
	check_map_at(line, "vmap_map", &m, data, len);
	rc = vmap_map_if(fd, o, &m);
	ck_assert_msg(rc == 1, "line %d: vmap_map_if: %d", line, rc);
	check_map_at(line, "vmap_map_if", &m, data, len);
	ck_assert_int_eq(close(fd), 0);
}

/* ------------------------------------------------------------------ */
/* basic                                                               */
/* ------------------------------------------------------------------ */

START_TEST(open_read_to_end)
{
	const char *path = text_file("t");
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, NULL, &m, NULL), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	ck_assert_uint_eq(m.offset, 0);
	ck_assert_uint_eq(m.flags & (VMAP_WRITE | VMAP_COPY | VMAP_ANON), 0);
	unmap_ok(&m);
}
END_TEST

START_TEST(open_read_to_end_at_offset)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 5, vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "is a test", 9);
	ck_assert_uint_eq(m.offset, 5);
	unmap_ok(&m);
}
END_TEST

START_TEST(open_default_options)
{
	const char *path = text_file("t");
	struct vmap_options o = VMAP_OPTIONS_INIT;

	open_check(path, &o, TH_TEXT, TH_TEXT_LEN);
	open_check(path, NULL, TH_TEXT, TH_TEXT_LEN);
}
END_TEST

START_TEST(readme_example)
{
	const char *path = text_file("example");
	struct vmap_options o = opts(0, 0, vmap_extent_exact(4));
	struct vmap_map m1, m2;
	int fd = FD_SENTINEL;

	/* Map the first 4 bytes */
	ck_assert_int_eq(vmap_open(path, &o, &m1, &fd), 0);
	th_assert_bytes(&m1, "this", 4);

	/* Reuse the file to map a different region */
	o.offset = 10;
	ck_assert_int_eq(vmap_map(fd, &o, &m2), 0);
	th_assert_bytes(&m2, "test", 4);
	ck_assert_uint_eq(m2.offset, 10);

	th_assert_bytes(&m1, "this", 4);
	unmap_ok(&m1);
	unmap_ok(&m2);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(open_write_sets_flag)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());
	struct vmap_map m;
	size_t len;
	char *data;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_uint_eq(m.flags & (VMAP_COPY | VMAP_ANON), 0);
	memcpy(m.ptr, "that", 4);
	unmap_ok(&m);
	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, TH_TEXT_LEN);
	ck_assert_mem_eq(data, "that is a test", len);
	free(data);
}
END_TEST

START_TEST(map_fd_whole_file)
{
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDONLY);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(vmap_map_if(fd, NULL, &m), 1);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(map_outlives_fd)
{
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDONLY);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	ck_assert_int_eq(close(fd), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
}
END_TEST

START_TEST(unmap_restores_maps)
{
	const char *path = text_file("t");
	struct th_res before;
	struct vmap_map m;
	int fd;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, NULL, &m, &fd), 0);
	ck_assert_int_eq(th_count_maps(), before.maps + 1);
	ck_assert_int_eq(th_count_fds(), before.fds + 1);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

/* ------------------------------------------------------------------ */
/* extent                                                              */
/* ------------------------------------------------------------------ */

START_TEST(extent_min_at_offset)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 5, vmap_extent_min(4));

	open_check(path, &o, "is a test", 9);
	o.len = vmap_extent_min(9);
	open_check(path, &o, "is a test", 9);
	o.len = vmap_extent_min(0);
	open_check(path, &o, "is a test", 9);
}
END_TEST

START_TEST(extent_max_at_offset)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 5, vmap_extent_max(100));

	open_check(path, &o, "is a test", 9);
	o.len = vmap_extent_max(9);
	open_check(path, &o, "is a test", 9);
	o.len = vmap_extent_max(4);
	open_check(path, &o, "is a", 4);
	o.len = vmap_extent_max(UINT64_MAX);
	open_check(path, &o, "is a test", 9);
}
END_TEST

START_TEST(extent_exact_at_offset)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 5, vmap_extent_exact(4));

	open_check(path, &o, "is a", 4);
	o.len = vmap_extent_exact(9);
	open_check(path, &o, "is a test", 9);
	o.offset = 0;
	o.len = vmap_extent_exact(TH_TEXT_LEN);
	open_check(path, &o, TH_TEXT, TH_TEXT_LEN);
}
END_TEST

START_TEST(extent_min_out_of_range)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 0, vmap_extent_min(100));

	outside(path, &o);
	o.offset = 5;
	o.len = vmap_extent_min(10);
	outside(path, &o);
}
END_TEST

START_TEST(extent_exact_out_of_range)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 0, vmap_extent_exact(25));

	outside(path, &o);
	o.len = vmap_extent_exact(TH_TEXT_LEN + 1);
	outside(path, &o);
	o.offset = 5;
	o.len = vmap_extent_exact(10);
	outside(path, &o);
}
END_TEST

START_TEST(offset_past_end)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, TH_TEXT_LEN + 1, vmap_extent_end());

	outside(path, &o);
	o.len = vmap_extent_max(4);
	outside(path, &o);
	o.len = vmap_extent_exact(0);
	outside(path, &o);
	o.offset = TH_GIB4;
	o.len = vmap_extent_end();
	outside(path, &o);
}
END_TEST

START_TEST(offset_huge)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, UINT64_MAX, vmap_extent_end());
	int err;

	/* Outside the file, and not a valid off_t either: either error is
	 * fine, but it must be consistent with the _if forms. */
	for (int i = 0; i < 2; i++) {
		struct vmap_map m;

		errno = 0;
		ck_assert_int_eq(vmap_open(path, &o, &m, NULL), -1);
		err = errno;
		ck_assert_msg(err == ERANGE || err == EOVERFLOW, "errno %d",
			      err);
		if (err == ERANGE)
			outside(path, &o);
		else
			open_fails(path, &o, EOVERFLOW);
		o.offset = (uint64_t)INT64_MAX + 1;
	}
}
END_TEST

START_TEST(offset_at_end_is_empty)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, TH_TEXT_LEN, vmap_extent_end());
	struct vmap_map m;
	int fd;

	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	o.len = vmap_extent_max(10);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 1);
	th_assert_empty(&m);
	unmap_ok(&m);
	o.len = vmap_extent_exact(0);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(zero_length_request)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 0, vmap_extent_exact(0));
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_empty(&m);
	th_assert_no_leak(&before);
	unmap_ok(&m);
	o.len = vmap_extent_max(0);
	o.offset = 3;
	ck_assert_int_eq(vmap_open_if(path, &o, &m, NULL), 1);
	th_assert_empty(&m);
	unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(empty_file)
{
	const char *path = th_mkfile("empty", "", 0);
	struct vmap_options o = opts(0, 0, vmap_extent_end());
	struct th_res before;
	struct vmap_map m;
	int fd;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	th_assert_empty(&m);
	ck_assert_int_eq(th_count_maps(), before.maps);
	unmap_ok(&m);
	o.len = vmap_extent_min(0);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	o.len = vmap_extent_max(100);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);

	o.len = vmap_extent_exact(1);
	outside(path, &o);
	o.len = vmap_extent_end();
	o.offset = 1;
	outside(path, &o);
}
END_TEST

static void fill_pattern(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 8));
}

START_TEST(unaligned_offset)
{
	size_t ps = vmap_page_size();
	size_t flen = 3 * ps;
	unsigned char *buf = malloc(flen);
	const char *path;
	struct vmap_options o;
	struct vmap_map m;

	ck_assert_ptr_nonnull(buf);
	fill_pattern(buf, flen);
	path = th_mkfile("pattern", buf, flen);

	o = opts(0, ps + 3, vmap_extent_exact(100));
	open_check(path, &o, buf + ps + 3, 100);
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	ck_assert_uint_eq(m.offset, ps + 3);
	ck_assert_uint_eq((uintptr_t)m.ptr % ps, 3);
	unmap_ok(&m);

	/* Running across a page boundary, and to the end. */
	o = opts(0, 2 * ps - 5, vmap_extent_exact(10));
	open_check(path, &o, buf + 2 * ps - 5, 10);
	o = opts(0, ps - 1, vmap_extent_end());
	open_check(path, &o, buf + ps - 1, flen - ps + 1);
	o = opts(0, flen - 1, vmap_extent_end());
	open_check(path, &o, buf + flen - 1, 1);
	free(buf);
}
END_TEST

START_TEST(offset_beyond_4gib)
{
	const char *path = th_mkfile("sparse", "", 0);
	uint64_t flen = 5 * (UINT64_C(1) << 30);
	uint64_t mark = TH_GIB4 + 123;
	struct vmap_options o = opts(0, mark, vmap_extent_exact(6));
	struct vmap_map m;
	int fd = open_fd(path, O_RDWR);

	ck_assert_int_eq(ftruncate(fd, (off_t)flen), 0);
	ck_assert_int_eq(pwrite(fd, "marker", 6, (off_t)mark), 6);

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, "marker", 6);
	ck_assert_uint_eq(m.offset, mark);
	unmap_ok(&m);

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "marker", 6);
	unmap_ok(&m);

	o.len = vmap_extent_end();
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	ck_assert_uint_eq(m.len, flen - mark);
	ck_assert_mem_eq(m.ptr, "marker", 6);
	unmap_ok(&m);

	o.offset = flen + 1;
	outside(path, &o);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* resize                                                              */
/* ------------------------------------------------------------------ */

START_TEST(resize_exact_shrinks)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_exact(7));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "this is", 7);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 7);
}
END_TEST

START_TEST(resize_exact_grows)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_exact(20));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, TH_TEXT "\0\0\0\0\0\0", 20);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 20);
}
END_TEST

START_TEST(resize_min_grows_short)
{
	const char *path = th_mkfile("t", "this", 4);
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_min(7));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "this\0\0\0", 7);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 7);
}
END_TEST

START_TEST(resize_min_keeps_long)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_min(7));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

START_TEST(resize_max_keeps_short)
{
	const char *path = th_mkfile("t", "this", 4);
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_max(7));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "this", 4);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 4);
}
END_TEST

START_TEST(resize_max_shrinks_long)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_max(7));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "this is", 7);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 7);
}
END_TEST

START_TEST(resize_end_leaves_file)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_end());
	int fd = open_fd(path, O_RDWR);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(resize_on_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_exact(4));
	int fd = open_fd(path, O_RDWR);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, "this", 4);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 4);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(resize_then_range_outside)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_exact(7));
	struct vmap_map m;
	int fd = FD_SENTINEL;

	/* The file is resized even though the range then lies outside. */
	o.len = vmap_extent_exact(10);
	th_sentinel(&m);
	ck_assert_int_eq(vmap_open_if(path, &o, &m, &fd), 0);
	th_assert_untouched(&m);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(th_file_size(path), 7);
	ck_assert_int_eq(close(fd), 0);

	text_file("t");
	fd = open_fd(path, O_RDWR);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 0);
	th_assert_untouched(&m);
	ck_assert_int_eq(th_file_size(path), 7);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(resize_overflow)
{
	const char *path = text_file("t");
	uint64_t too_big = (uint64_t)INT64_MAX + 1;
	struct vmap_options o =
		resize_opts(VMAP_WRITE, vmap_extent_exact(too_big));
	int fd;

	open_fails(path, &o, EOVERFLOW);
	o.resize = vmap_extent_min(UINT64_MAX);
	open_fails(path, &o, EOVERFLOW);
	fd = open_fd(path, O_RDWR);
	map_fails(fd, &o, EOVERFLOW);
	o.resize = vmap_extent_exact(too_big);
	map_fails(fd, &o, EOVERFLOW);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

START_TEST(truncate_resize_zeros)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE | VMAP_TRUNCATE,
					    vmap_extent_exact(8));
	static const char zeros[8];
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, zeros, 8);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 8);
}
END_TEST

START_TEST(write_resize_make_writable)
{
	const char *path = th_mkfile("t", "this", 4);
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_min(16));
	struct vmap_map m;
	size_t len;
	char *data;
	int fd;

	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	ck_assert_uint_eq(m.len, 16);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	memcpy((char *)m.ptr + 4, " is a test!!", 12);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_mem_eq(data, "this is a test!!", 16);
	free(data);
}
END_TEST

START_TEST(readonly_map_of_rdwr_fd_made_writable)
{
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDWR);
	struct vmap_map m;
	size_t len;
	char *data;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	memcpy(m.ptr, "that", 4);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	data = th_read_file(path, &len);
	ck_assert_mem_eq(data, "that is a test", TH_TEXT_LEN);
	free(data);
}
END_TEST

/* ------------------------------------------------------------------ */
/* copy                                                                */
/* ------------------------------------------------------------------ */

START_TEST(copy_on_write_stays_private)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_COPY, 0, vmap_extent_end());
	struct vmap_map m, other;
	size_t len;
	char *data;
	int fd;

	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	ck_assert_uint_ne(m.flags & VMAP_COPY, 0);
	memcpy(m.ptr, "that", 4);
	th_assert_bytes(&m, "that is a test", TH_TEXT_LEN);

	ck_assert_int_eq(vmap_map(fd, NULL, &other), 0);
	th_assert_bytes(&other, TH_TEXT, TH_TEXT_LEN);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	unmap_ok(&other);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, TH_TEXT_LEN);
	ck_assert_mem_eq(data, TH_TEXT, len);
	free(data);
}
END_TEST

START_TEST(copy_of_rdonly_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_COPY, 5, vmap_extent_exact(4));
	int fd = open_fd(path, O_RDONLY);
	struct vmap_map m;
	size_t len;
	char *data;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, "is a", 4);
	memcpy(m.ptr, "IS A", 4);
	th_assert_bytes(&m, "IS A", 4);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	data = th_read_file(path, &len);
	ck_assert_mem_eq(data, TH_TEXT, TH_TEXT_LEN);
	free(data);
}
END_TEST

/* ------------------------------------------------------------------ */
/* create                                                              */
/* ------------------------------------------------------------------ */

START_TEST(create_missing_file)
{
	const char *path = th_path("new");
	struct vmap_options o = resize_opts(VMAP_WRITE | VMAP_CREATE,
					    vmap_extent_exact(10));
	static const char zeros[10];
	struct vmap_map m;

	ck_assert_int_eq(th_file_size(path), -1);
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, zeros, 10);
	memcpy(m.ptr, "0123456789", 10);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 10);
}
END_TEST

START_TEST(create_empty_file)
{
	const char *path = th_path("new");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE, 0,
				     vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 0);
}
END_TEST

START_TEST(create_existing_keeps_contents)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE, 0,
				     vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
}
END_TEST

START_TEST(create_new_missing_file)
{
	const char *path = th_path("new");
	struct vmap_options o = resize_opts(VMAP_WRITE | VMAP_CREATE_NEW,
					    vmap_extent_exact(4));
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	ck_assert_uint_eq(m.len, 4);
	memcpy(m.ptr, "abcd", 4);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 4);
}
END_TEST

START_TEST(create_new_existing_eexist)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE_NEW, 0,
				     vmap_extent_end());
	size_t len;
	char *data;

	open_fails(path, &o, EEXIST);
	o.flags |= VMAP_CREATE;
	open_fails(path, &o, EEXIST);
	/* The existing file is neither removed nor changed. */
	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, TH_TEXT_LEN);
	ck_assert_mem_eq(data, TH_TEXT, len);
	free(data);
}
END_TEST

START_TEST(create_new_removed_on_failure)
{
	const char *path = th_path("new");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE_NEW, 0,
				     vmap_extent_exact(10));
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;

	th_sentinel(&m);
	th_snap(&before);
	errno = 0;
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), -1);
	ck_assert_int_eq(errno, ERANGE);
	th_assert_untouched(&m);
	ck_assert_int_eq(fd, FD_SENTINEL);
	th_assert_no_leak(&before);
	ck_assert_int_eq(th_file_size(path), -1);

	/* Same when a later step (the resize) fails. */
	o.len = vmap_extent_end();
	o.resize = vmap_extent_exact((uint64_t)INT64_MAX + 1);
	errno = 0;
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), -1);
	ck_assert_int_eq(errno, EOVERFLOW);
	th_assert_untouched(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(th_file_size(path), -1);
}
END_TEST

START_TEST(truncate_existing)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_TRUNCATE, 0,
				     vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	ck_assert_int_eq(th_file_size(path), 0);
}
END_TEST

START_TEST(truncate_missing_enoent)
{
	const char *path = th_path("missing");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_TRUNCATE, 0,
				     vmap_extent_end());

	open_fails(path, &o, ENOENT);
	ck_assert_int_eq(th_file_size(path), -1);
}
END_TEST

static void check_mode(const char *name, unsigned int mode,
		       unsigned int expect)
{
	const char *path = th_path(name);
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE, 0,
				     vmap_extent_end());
	struct vmap_map m;
	struct stat st;

	o.mode = mode;
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	unmap_ok(&m);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, expect);
}

START_TEST(create_mode_honoured)
{
	mode_t old = umask(0);

	check_mode("m640", 0640, 0640);
	check_mode("m600", 0600, 0600);
	check_mode("m604", 0604, 0604);
	umask(old);
}
END_TEST

START_TEST(create_mode_default)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;
	mode_t old = umask(0);

	ck_assert_uint_eq(o.mode, 0666);
	check_mode("m666", o.mode, 0666);
	umask(022);
	check_mode("m644", o.mode, 0644);
	umask(old);
}
END_TEST

START_TEST(create_new_mode_honoured)
{
	const char *path = th_path("new");
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE_NEW, 0,
				     vmap_extent_end());
	mode_t old = umask(0);
	struct vmap_map m;
	struct stat st;

	o.mode = 0751;
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	unmap_ok(&m);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0751);
	umask(old);
}
END_TEST

/* ------------------------------------------------------------------ */
/* descriptors                                                         */
/* ------------------------------------------------------------------ */

START_TEST(fdp_null_closes)
{
	const char *path = text_file("t");
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, NULL, &m, NULL), 0);
	ck_assert_int_eq(th_count_fds(), before.fds);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	unmap_ok(&m);
	ck_assert_int_eq(vmap_open_if(path, NULL, &m, NULL), 1);
	ck_assert_int_eq(th_count_fds(), before.fds);
	unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(fdp_gets_cloexec_fd)
{
	const char *path = text_file("t");
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int fl;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, NULL, &m, &fd), 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(th_count_fds(), before.fds + 1);
	fl = fcntl(fd, F_GETFD);
	ck_assert_int_ge(fl, 0);
	ck_assert_int_ne(fl & FD_CLOEXEC, 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	fd = FD_SENTINEL;
	ck_assert_int_eq(vmap_open_if(path, NULL, &m, &fd), 1);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(fdp_access_mode)
{
	const char *path = text_file("t");
	struct vmap_options o = VMAP_OPTIONS_INIT;
	struct vmap_map m;
	int fd;

	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	o.flags = VMAP_COPY;
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	o.flags = VMAP_WRITE;
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(map_leaves_caller_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 5, vmap_extent_exact(4));
	int fd = open_fd(path, O_RDONLY);
	struct th_res before;
	struct vmap_map m;
	int fl = fcntl(fd, F_GETFD);

	ck_assert_int_eq(lseek(fd, 2, SEEK_SET), 2);
	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	ck_assert_int_eq(th_count_fds(), before.fds);
	unmap_ok(&m);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 1);
	ck_assert_int_eq(th_count_fds(), before.fds);
	unmap_ok(&m);
	th_assert_no_leak(&before);

	/* Still open, same flags, same position. */
	ck_assert_int_eq(fcntl(fd, F_GETFD), fl);
	ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 2);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(map_failure_leaves_caller_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(0, 0, vmap_extent_exact(100));
	int fd = open_fd(path, O_RDONLY);

	map_fails(fd, &o, ERANGE);
	o.flags = VMAP_WRITE;
	o.len = vmap_extent_end();
	map_fails(fd, &o, EACCES);
	ck_assert_int_ge(fcntl(fd, F_GETFD), 0);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(open_if_outside_hands_back_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_min(100));
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;

	th_sentinel(&m);
	th_snap(&before);
	ck_assert_int_eq(vmap_open_if(path, &o, &m, &fd), 0);
	th_assert_untouched(&m);
	ck_assert_int_eq(th_count_fds(), before.fds + 1);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);

	/* The descriptor is usable: grow the file and map it. */
	ck_assert_int_eq(ftruncate(fd, 100), 0);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 1);
	ck_assert_uint_eq(m.len, 100);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

/* ------------------------------------------------------------------ */
/* errors                                                              */
/* ------------------------------------------------------------------ */

START_TEST(err_null_path)
{
	open_fails(NULL, NULL, EINVAL);
}
END_TEST

START_TEST(err_null_map)
{
	const char *path = text_file("t");
	struct th_res before;
	int fd = FD_SENTINEL;
	int rfd;

	th_snap(&before);
	errno = 0;
	ck_assert_int_eq(vmap_open(path, NULL, NULL, &fd), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(fd, FD_SENTINEL);
	errno = 0;
	ck_assert_int_eq(vmap_open_if(path, NULL, NULL, &fd), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(fd, FD_SENTINEL);
	errno = 0;
	ck_assert_int_eq(vmap_open(path, NULL, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	th_assert_no_leak(&before);

	rfd = open_fd(path, O_RDONLY);
	th_snap(&before);
	errno = 0;
	ck_assert_int_eq(vmap_map(rfd, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(vmap_map_if(rfd, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(rfd), 0);
}
END_TEST

START_TEST(err_unknown_flags)
{
	static const unsigned int bad[] = { 1u << 6, 1u << 10, 1u << 14,
					    1u << 31 };
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDWR);
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vmap_options o = opts(bad[i], 0, vmap_extent_end());

		open_fails(path, &o, EINVAL);
		map_fails(fd, &o, EINVAL);
		o.flags |= VMAP_WRITE;
		open_fails(path, &o, EINVAL);
		map_fails(fd, &o, EINVAL);
	}
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(err_bad_extent_kind)
{
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDWR);
	struct vmap_options o = opts(0, 0, vmap_extent_end());

	o.len.kind = (enum vmap_extent_kind)42;
	open_fails(path, &o, EINVAL);
	map_fails(fd, &o, EINVAL);
	o.len.kind = (enum vmap_extent_kind)-1;
	open_fails(path, &o, EINVAL);
	map_fails(fd, &o, EINVAL);

	o = resize_opts(VMAP_WRITE, vmap_extent_end());
	o.resize.kind = (enum vmap_extent_kind)42;
	open_fails(path, &o, EINVAL);
	map_fails(fd, &o, EINVAL);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

START_TEST(err_create_without_write)
{
	const char *path = th_path("new");
	static const unsigned int fl[] = { VMAP_CREATE, VMAP_CREATE_NEW,
					   VMAP_CREATE | VMAP_COPY,
					   VMAP_CREATE_NEW | VMAP_COPY };
	size_t i;

	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		struct vmap_options o = opts(fl[i], 0, vmap_extent_end());

		open_fails(path, &o, EINVAL);
		ck_assert_int_eq(th_file_size(path), -1);
	}
}
END_TEST

START_TEST(err_truncate_without_write)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_TRUNCATE, 0, vmap_extent_end());

	open_fails(path, &o, EINVAL);
	o.flags |= VMAP_COPY;
	open_fails(path, &o, EINVAL);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

START_TEST(err_resize_without_write)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(0, vmap_extent_exact(4));
	int fd = open_fd(path, O_RDWR);

	open_fails(path, &o, EINVAL);
	map_fails(fd, &o, EINVAL);
	o.resize = vmap_extent_min(100);
	open_fails(path, &o, EINVAL);
	map_fails(fd, &o, EINVAL);
	o.flags = VMAP_COPY;
	o.resize = vmap_extent_max(2);
	open_fails(path, &o, EINVAL);
	map_fails(fd, &o, EINVAL);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

START_TEST(err_open_flags_to_map)
{
	static const unsigned int fl[] = { VMAP_CREATE, VMAP_CREATE_NEW,
					   VMAP_TRUNCATE };
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDWR);
	size_t i;

	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		struct vmap_options o = opts(fl[i] | VMAP_WRITE, 0,
					     vmap_extent_end());

		map_fails(fd, &o, EINVAL);
	}
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

START_TEST(err_negative_fd)
{
	map_fails(-1, NULL, EINVAL);
	map_fails(-42, NULL, EINVAL);
}
END_TEST

START_TEST(err_closed_fd)
{
	const char *path = text_file("t");
	int fd = open_fd(path, O_RDONLY);

	ck_assert_int_eq(close(fd), 0);
	map_fails(fd, NULL, EBADF);
}
END_TEST

START_TEST(err_no_such_file)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());

	open_fails(th_path("missing"), NULL, ENOENT);
	open_fails(th_path("missing"), &o, ENOENT);
	open_fails(th_path("no/such/dir"), NULL, ENOENT);
}
END_TEST

START_TEST(err_directory)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());
	int fd;

	/* Read-only, open(2) succeeds and the library refuses the type. */
	open_fails(th_tmpdir(), NULL, ENODEV);
	/* Read-write, open(2) itself refuses. */
	open_fails(th_tmpdir(), &o, EISDIR);
	fd = open_fd(th_tmpdir(), O_RDONLY | O_DIRECTORY);
	map_fails(fd, NULL, ENODEV);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(err_pipe)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(0));
	int p[2];

	/* A pipe's size (0) says nothing: even an empty map is refused. */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "data", 4), 4);
	map_fails(p[0], NULL, ENODEV);
	map_fails(p[1], NULL, ENODEV);
	map_fails(p[0], &o, ENODEV);
	ck_assert_int_eq(close(p[0]), 0);
	ck_assert_int_eq(close(p[1]), 0);
}
END_TEST

START_TEST(err_char_device)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());
	int fd;

	open_fails("/dev/null", NULL, ENODEV);
	open_fails("/dev/null", &o, ENODEV);
	fd = open_fd("/dev/null", O_RDONLY);
	map_fails(fd, NULL, ENODEV);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(err_write_map_of_rdonly_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());
	int fd = open_fd(path, O_RDONLY);

	map_fails(fd, &o, EACCES);
	o.offset = 5;
	o.len = vmap_extent_exact(4);
	map_fails(fd, &o, EACCES);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(err_resize_rdonly_fd)
{
	const char *path = text_file("t");
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_exact(4));
	int fd = open_fd(path, O_RDONLY);

	map_fails(fd, &o, 0);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(th_file_size(path), TH_TEXT_LEN);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("open");
	TCase *tc;

	tc = th_tcase("basic");
	tcase_add_test(tc, open_read_to_end);
	tcase_add_test(tc, open_read_to_end_at_offset);
	tcase_add_test(tc, open_default_options);
	tcase_add_test(tc, readme_example);
	tcase_add_test(tc, open_write_sets_flag);
	tcase_add_test(tc, map_fd_whole_file);
	tcase_add_test(tc, map_outlives_fd);
	tcase_add_test(tc, unmap_restores_maps);
	suite_add_tcase(s, tc);

	tc = th_tcase("extent");
	tcase_add_test(tc, extent_min_at_offset);
	tcase_add_test(tc, extent_max_at_offset);
	tcase_add_test(tc, extent_exact_at_offset);
	tcase_add_test(tc, extent_min_out_of_range);
	tcase_add_test(tc, extent_exact_out_of_range);
	tcase_add_test(tc, offset_past_end);
	tcase_add_test(tc, offset_huge);
	tcase_add_test(tc, offset_at_end_is_empty);
	tcase_add_test(tc, zero_length_request);
	tcase_add_test(tc, empty_file);
	tcase_add_test(tc, unaligned_offset);
	tcase_add_test(tc, offset_beyond_4gib);
	suite_add_tcase(s, tc);

	tc = th_tcase("resize");
	tcase_add_test(tc, resize_exact_shrinks);
	tcase_add_test(tc, resize_exact_grows);
	tcase_add_test(tc, resize_min_grows_short);
	tcase_add_test(tc, resize_min_keeps_long);
	tcase_add_test(tc, resize_max_keeps_short);
	tcase_add_test(tc, resize_max_shrinks_long);
	tcase_add_test(tc, resize_end_leaves_file);
	tcase_add_test(tc, resize_on_fd);
	tcase_add_test(tc, resize_then_range_outside);
	tcase_add_test(tc, resize_overflow);
	tcase_add_test(tc, truncate_resize_zeros);
	tcase_add_test(tc, write_resize_make_writable);
	tcase_add_test(tc, readonly_map_of_rdwr_fd_made_writable);
	suite_add_tcase(s, tc);

	tc = th_tcase("copy");
	tcase_add_test(tc, copy_on_write_stays_private);
	tcase_add_test(tc, copy_of_rdonly_fd);
	suite_add_tcase(s, tc);

	tc = th_tcase("create");
	tcase_add_test(tc, create_missing_file);
	tcase_add_test(tc, create_empty_file);
	tcase_add_test(tc, create_existing_keeps_contents);
	tcase_add_test(tc, create_new_missing_file);
	tcase_add_test(tc, create_new_existing_eexist);
	tcase_add_test(tc, create_new_removed_on_failure);
	tcase_add_test(tc, truncate_existing);
	tcase_add_test(tc, truncate_missing_enoent);
	tcase_add_test(tc, create_mode_honoured);
	tcase_add_test(tc, create_mode_default);
	tcase_add_test(tc, create_new_mode_honoured);
	suite_add_tcase(s, tc);

	tc = th_tcase("descriptors");
	tcase_add_test(tc, fdp_null_closes);
	tcase_add_test(tc, fdp_gets_cloexec_fd);
	tcase_add_test(tc, fdp_access_mode);
	tcase_add_test(tc, map_leaves_caller_fd);
	tcase_add_test(tc, map_failure_leaves_caller_fd);
	tcase_add_test(tc, open_if_outside_hands_back_fd);
	suite_add_tcase(s, tc);

	tc = th_tcase("errors");
	tcase_add_test(tc, err_null_path);
	tcase_add_test(tc, err_null_map);
	tcase_add_test(tc, err_unknown_flags);
	tcase_add_test(tc, err_bad_extent_kind);
	tcase_add_test(tc, err_create_without_write);
	tcase_add_test(tc, err_truncate_without_write);
	tcase_add_test(tc, err_resize_without_write);
	tcase_add_test(tc, err_open_flags_to_map);
	tcase_add_test(tc, err_negative_fd);
	tcase_add_test(tc, err_closed_fd);
	tcase_add_test(tc, err_no_such_file);
	tcase_add_test(tc, err_directory);
	tcase_add_test(tc, err_pipe);
	tcase_add_test(tc, err_char_device);
	tcase_add_test(tc, err_write_map_of_rdonly_fd);
	tcase_add_test(tc, err_resize_rdonly_fd);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return th_run(suite());
}
