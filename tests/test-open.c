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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/*
 * What the suite asks of the system beside the library, per system.
 * Windows has no fcntl(): a descriptor's close-on-exec is its handle not
 * being inherited, and its access mode is what the handle was granted.
 * Its character device is "NUL".  The C runtime's open() refuses a
 * directory, which CreateFile opens only with backup semantics.  A file's
 * mode is one bit there, the owner's write bit, kept as the read-only
 * attribute (see lib/os-win32.c); stat() gives read to all, and write to
 * all unless the file is read-only.
 */
#ifdef _WIN32
#include <io.h>
#include <windows.h>
#include <winternl.h>

#ifndef FD_CLOEXEC
#define FD_CLOEXEC 1
#endif

#define CHAR_DEVICE "NUL"
#define FILE_MODE(mode) (((mode) & 0200) ? 0666u : 0444u)

/* As fcntl(F_GETFD): FD_CLOEXEC or 0, -1 when @fd is not open. */
static int fd_flags(int fd)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	DWORD f;

	if (h == INVALID_HANDLE_VALUE || !GetHandleInformation(h, &f))
		return -1;
	return (f & HANDLE_FLAG_INHERIT) ? 0 : FD_CLOEXEC;
}

typedef NTSTATUS(NTAPI *query_object_fn)(HANDLE, OBJECT_INFORMATION_CLASS,
					 PVOID, ULONG, PULONG);

/* As fcntl(F_GETFL) & O_ACCMODE, from the access the handle was granted
 * (NtQueryObject, looked up at run time: the suite does not link ntdll). */
static int fd_accmode(int fd)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	query_object_fn query = (query_object_fn)(void (*)(void))GetProcAddress(
		GetModuleHandleW(L"ntdll.dll"), "NtQueryObject");
	PUBLIC_OBJECT_BASIC_INFORMATION info;
	int r, w;

	ck_assert_msg(query != NULL, "no NtQueryObject in ntdll");
	if (h == INVALID_HANDLE_VALUE ||
	    !NT_SUCCESS(query(h, ObjectBasicInformation, &info, sizeof(info),
			      NULL)))
		return -1;
	r = (info.GrantedAccess & FILE_READ_DATA) != 0;
	w = (info.GrantedAccess & FILE_WRITE_DATA) != 0;
	return r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY;
}

static int open_dir(const char *path)
{
	HANDLE h = CreateFileA(path, GENERIC_READ,
			       FILE_SHARE_READ | FILE_SHARE_WRITE |
				       FILE_SHARE_DELETE,
			       NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
			       NULL);
	int fd;

	ck_assert_msg(h != INVALID_HANDLE_VALUE, "CreateFile(%s): error %lu",
		      path, GetLastError());
	fd = _open_osfhandle((intptr_t)h, _O_RDONLY);
	ck_assert_int_ge(fd, 0);
	return fd;
}
#else
#define CHAR_DEVICE "/dev/null"
#define FILE_MODE(mode) (mode)

static int fd_flags(int fd)
{
	return fcntl(fd, F_GETFD);
}

static int fd_accmode(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fl & O_ACCMODE;
}

static int open_dir(const char *path)
{
	return th_open_fd(path, O_RDONLY);
}
#endif

#define FD_SENTINEL (-77)
#define ANY_ERRNO (-1) /* a failure with any nonzero errno will do */
#define TOO_BIG ((uint64_t)INT64_MAX + 1) /* not an off_t */
#define KIND(k) ((enum vmap_extent_kind)(k))

/* Byte counts, and page counts plus bytes, for th_rel() of the page size. */
#define B(n) TH_REL(0, n)
#define P(pages, n) TH_REL(pages, n)

static struct vmap_options resize_opts(unsigned int flags,
				       struct vmap_extent resize)
{
	struct vmap_options o = th_opts(flags, 0, vmap_extent_end());

	o.resize = resize;
	return o;
}

/* ------------------------------------------------------------------ */
/* the files cases start from                                          */
/* ------------------------------------------------------------------ */

/* (Not SHORT nor PATTERN: <windows.h> names types so.) */
enum start {
	TEXT,       /* TH_TEXT */
	SHORT_TEXT, /* "this" */
	EMPTY,      /* no bytes */
	PAGES,      /* three pages of fill_pattern() */
	MISSING,    /* no file at all */
};

static void fill_pattern(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 8));
}

/* Make th_path(@name) as @st says and return its path; its bytes go to a
 * malloc'd *@datap (the caller frees it) when @datap is not NULL. */
static const char *make_start(enum start st, const char *name,
			      unsigned char **datap)
{
	size_t len = st == TEXT ? TH_TEXT_LEN : st == SHORT_TEXT ? 4 : 0;
	const char *path = th_path(name);
	unsigned char *data;

	if (st == PAGES)
		len = 3 * vmap_page_size();
	data = malloc(len + 1);
	ck_assert_ptr_nonnull(data);
	if (st == PAGES)
		fill_pattern(data, len);
	else
		memcpy(data, st == TEXT ? TH_TEXT : "this", len);
	if (st == MISSING)
		ck_assert_int_eq(th_file_size(path), -1);
	else
		th_write_file(path, data, len);
	if (datap != NULL)
		*datap = data;
	else
		free(data);
	return path;
}

/* ------------------------------------------------------------------ */
/* checks shared by the tables                                         */
/* ------------------------------------------------------------------ */

static void check_errno(const char *what, const char *call, int rc,
			int want_rc, int err, int want)
{
	char got[80];

	ck_assert_msg(rc == want_rc, "%s: %s returned %d, expected %d", what,
		      call, rc, want_rc);
	/* A copy: strerror() may give one buffer to both calls (Windows'
	 * runtime does), and the message would name one error twice. */
	snprintf(got, sizeof(got), "%s", strerror(err));
	if (want != ANY_ERRNO)
		ck_assert_msg(err == want, "%s: %s errno %d (%s), expected %d (%s)",
			      what, call, err, got, want, strerror(want));
	else
		ck_assert_msg(err != 0, "%s: %s failed with errno 0", what,
			      call);
}

/* Nothing leaked since @before, and the out-parameters are untouched. */
static void check_clean(const char *what, const struct th_res *before,
			const struct vmap_map *m, int fd)
{
	struct th_res now;

	th_snap(&now);
	ck_assert_msg(now.fds == before->fds,
		      "%s: %d descriptors before, %d after", what, before->fds,
		      now.fds);
	ck_assert_msg(now.maps == before->maps,
		      "%s: %d mappings before, %d after", what, before->maps,
		      now.maps);
	ck_assert_msg(th_is_sentinel(m), "%s: map was modified", what);
	ck_assert_msg(fd == FD_SENTINEL, "%s: fd was modified", what);
}

/*
 * Assert that vmap_open() (and, unless @want is ERANGE, vmap_open_if())
 * fails with errno @want (or ANY_ERRNO), leaks nothing and leaves the
 * out-parameters alone.  Returns the errno.
 */
static int open_fails(const char *what, const char *path,
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
	check_errno(what, "vmap_open", rc, -1, err, want);
	check_clean(what, &before, &m, fd);

	errno = 0;
	rc = vmap_open(path, o, &m, NULL);
	check_errno(what, "vmap_open(fdp NULL)", rc, -1, errno, want);
	check_clean(what, &before, &m, fd);

	if (want != ERANGE) {
		errno = 0;
		rc = vmap_open_if(path, o, &m, &fd);
		check_errno(what, "vmap_open_if", rc, -1, errno, want);
		ck_assert_msg(errno != ERANGE, "%s: _if gave ERANGE", what);
		check_clean(what, &before, &m, fd);
	}
	return err;
}

/* As open_fails() for vmap_map() and vmap_map_if() on @fd. */
static int map_fails(const char *what, int fd, const struct vmap_options *o,
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
	check_errno(what, "vmap_map", rc, -1, err, want);
	check_clean(what, &before, &m, FD_SENTINEL);

	if (want != ERANGE) {
		errno = 0;
		rc = vmap_map_if(fd, o, &m);
		check_errno(what, "vmap_map_if", rc, -1, errno, want);
		ck_assert_msg(errno != ERANGE, "%s: _if gave ERANGE", what);
		check_clean(what, &before, &m, FD_SENTINEL);
	}
	return err;
}

/*
 * Assert that the range of @o lies outside the file at @path: vmap_open()
 * fails with ERANGE, vmap_open_if() returns 0 with the descriptor handed
 * back and the map untouched, and vmap_map() / vmap_map_if() agree.
 */
static void outside(const char *what, const char *path,
		    const struct vmap_options *o)
{
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int rc;

	open_fails(what, path, o, ERANGE);

	th_sentinel(&m);
	th_snap(&before);
	rc = vmap_open_if(path, o, &m, &fd);
	ck_assert_msg(rc == 0, "%s: vmap_open_if returned %d", what, rc);
	ck_assert_msg(th_is_sentinel(&m), "%s: map was modified", what);
	ck_assert_msg(fd >= 0, "%s: no descriptor handed back", what);
	ck_assert_msg(fd_flags(fd) >= 0, "%s: bad fd", what);
	ck_assert_int_eq(close(fd), 0);
	fd = FD_SENTINEL;
	check_clean(what, &before, &m, fd);

	rc = vmap_open_if(path, o, &m, NULL);
	ck_assert_msg(rc == 0, "%s: vmap_open_if returned %d", what, rc);
	check_clean(what, &before, &m, fd);

	fd = th_open_fd(path, (o->flags & VMAP_WRITE) ? O_RDWR : O_RDONLY);
	th_snap(&before);
	map_fails(what, fd, o, ERANGE);
	rc = vmap_map_if(fd, o, &m);
	ck_assert_msg(rc == 0, "%s: vmap_map_if returned %d", what, rc);
	check_clean(what, &before, &m, FD_SENTINEL);
	ck_assert_int_eq(close(fd), 0);
}

/* Check that @m, just made by @call with @o, holds exactly the @len bytes
 * at @data at the requested offset; an empty one maps nothing (no more
 * mappings than @before).  Then unmap it. */
static void check_map(const char *what, const char *call, struct vmap_map *m,
		      const struct vmap_options *o, const void *data,
		      size_t len, const struct th_res *before)
{
	uint64_t off = o ? o->offset : 0;

	ck_assert_msg(m->len == len, "%s: %s: len %zu, expected %zu", what,
		      call, m->len, len);
	ck_assert_msg(m->offset == off, "%s: %s: offset %llu, expected %llu",
		      what, call, (unsigned long long)m->offset,
		      (unsigned long long)off);
	if (len == 0) {
		ck_assert_msg(m->ptr == NULL, "%s: %s: empty map has a ptr",
			      what, call);
		ck_assert_msg(th_count_maps() == before->maps,
			      "%s: %s: empty map mapped something", what, call);
	} else {
		ck_assert_msg(m->ptr != NULL, "%s: %s: NULL ptr", what, call);
		ck_assert_msg(memcmp(m->ptr, data, len) == 0,
			      "%s: %s: wrong bytes", what, call);
		/* Mapped from the page holding the offset. */
		ck_assert_msg((uintptr_t)m->ptr % vmap_page_size() ==
				      off % vmap_page_size(),
			      "%s: %s: ptr %p not at offset %llu", what, call,
			      m->ptr, (unsigned long long)off);
	}
	th_unmap_ok_as(what, m);
}

/* Check that vmap_open() (with and without fdp), vmap_open_if(), vmap_map()
 * and vmap_map_if() of @path with @o all give a map holding exactly the @len
 * bytes at @data, that only vmap_open() with fdp leaves a descriptor open,
 * and that nothing is left behind. */
static void open_check(const char *what, const char *path,
		       const struct vmap_options *o, const void *data,
		       size_t len)
{
	struct th_res start, before;
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int rc;

	th_snap(&start);
	rc = vmap_open(path, o, &m, &fd);
	ck_assert_msg(rc == 0, "%s: vmap_open: %d (%s)", what, rc,
		      strerror(errno));
	check_map(what, "vmap_open", &m, o, data, len, &start);

	th_snap(&before);
	rc = vmap_open(path, o, &m, NULL);
	ck_assert_msg(rc == 0, "%s: vmap_open(fdp NULL): %d", what, rc);
	ck_assert_msg(th_count_fds() == before.fds, "%s: fd left open", what);
	check_map(what, "vmap_open(fdp NULL)", &m, o, data, len, &before);

	rc = vmap_open_if(path, o, &m, NULL);
	ck_assert_msg(rc == 1, "%s: vmap_open_if: %d", what, rc);
	ck_assert_msg(th_count_fds() == before.fds, "%s: fd left open", what);
	check_map(what, "vmap_open_if", &m, o, data, len, &before);

	rc = vmap_map(fd, o, &m);
	ck_assert_msg(rc == 0, "%s: vmap_map: %d", what, rc);
	ck_assert_msg(th_count_fds() == before.fds, "%s: fd opened", what);
	check_map(what, "vmap_map", &m, o, data, len, &before);

	rc = vmap_map_if(fd, o, &m);
	ck_assert_msg(rc == 1, "%s: vmap_map_if: %d", what, rc);
	check_map(what, "vmap_map_if", &m, o, data, len, &before);
	ck_assert_int_eq(close(fd), 0);
	th_snap(&before);
	ck_assert_msg(before.fds == start.fds && before.maps == start.maps,
		      "%s: leaked a descriptor or mapping", what);
}

/* ------------------------------------------------------------------ */
/* basic                                                               */
/* ------------------------------------------------------------------ */

START_TEST(open_read_to_end)
{
	const char *path = th_text_file("t");
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, NULL, &m, NULL), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	ck_assert_uint_eq(m.offset, 0);
	ck_assert_uint_eq(m.flags & (VMAP_WRITE | VMAP_COPY | VMAP_ANON), 0);
	th_unmap_ok(&m);
}
END_TEST

START_TEST(readme_example)
{
	const char *path = th_text_file("example");
	struct vmap_options o = th_opts(0, 0, vmap_extent_exact(4));
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
	th_unmap_ok(&m1);
	th_unmap_ok(&m2);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(open_write_sets_flag)
{
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(VMAP_WRITE, 0, vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_uint_eq(m.flags & (VMAP_COPY | VMAP_ANON), 0);
	memcpy(m.ptr, "that", 4);
	th_unmap_ok(&m);
	th_assert_file(path, "that is a test", TH_TEXT_LEN);
}
END_TEST

START_TEST(map_outlives_fd)
{
	const char *path = th_text_file("t");
	int fd = th_open_fd(path, O_RDONLY);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	ck_assert_int_eq(close(fd), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	th_unmap_ok(&m);
}
END_TEST

START_TEST(unmap_restores_maps)
{
	const char *path = th_text_file("t");
	struct th_res before;
	struct vmap_map m;
	int fd;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, NULL, &m, &fd), 0);
	ck_assert_int_eq(th_count_maps(), before.maps + 1);
	ck_assert_int_eq(th_count_fds(), before.fds + 1);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

/* ------------------------------------------------------------------ */
/* extent: ranges inside the file, and outside it                      */
/* ------------------------------------------------------------------ */

struct range_case {
	const char *name;
	enum start start;
	int defaults; /* pass NULL options */
	struct th_rel offset;
	enum vmap_extent_kind kind;
	struct th_rel n;
	struct th_rel want_len; /* mapped from the file at the offset */
};

/* Sizes relative to the page size (P), or plain byte counts (B). */
static const struct range_case inside[] = {
	{ "NULL options", TEXT, 1, B(0), VMAP_END, B(0), B(TH_TEXT_LEN) },
	{ "default options", TEXT, 0, B(0), VMAP_END, B(0), B(TH_TEXT_LEN) },
	{ "to the end at 5", TEXT, 0, B(5), VMAP_END, B(0), B(9) },
	{ "min 4 at 5", TEXT, 0, B(5), VMAP_MIN, B(4), B(9) },
	{ "min 9 at 5", TEXT, 0, B(5), VMAP_MIN, B(9), B(9) },
	{ "min 0 at 5", TEXT, 0, B(5), VMAP_MIN, B(0), B(9) },
	{ "max 100 at 5", TEXT, 0, B(5), VMAP_MAX, B(100), B(9) },
	{ "max 9 at 5", TEXT, 0, B(5), VMAP_MAX, B(9), B(9) },
	{ "max 4 at 5", TEXT, 0, B(5), VMAP_MAX, B(4), B(4) },
	{ "max UINT64_MAX at 5", TEXT, 0, B(5), VMAP_MAX, B(-1), B(9) },
	{ "exact 4 at 5", TEXT, 0, B(5), VMAP_EXACT, B(4), B(4) },
	{ "exact 9 at 5", TEXT, 0, B(5), VMAP_EXACT, B(9), B(9) },
	{ "exact whole file", TEXT, 0, B(0), VMAP_EXACT, B(TH_TEXT_LEN),
	  B(TH_TEXT_LEN) },
	/* Empty requests and empty files give the empty mapping. */
	{ "offset at the end", TEXT, 0, B(TH_TEXT_LEN), VMAP_END, B(0), B(0) },
	{ "max 10 at the end", TEXT, 0, B(TH_TEXT_LEN), VMAP_MAX, B(10),
	  B(0) },
	{ "exact 0 at the end", TEXT, 0, B(TH_TEXT_LEN), VMAP_EXACT, B(0),
	  B(0) },
	{ "exact 0 at 0", TEXT, 0, B(0), VMAP_EXACT, B(0), B(0) },
	{ "max 0 at 3", TEXT, 0, B(3), VMAP_MAX, B(0), B(0) },
	{ "empty file", EMPTY, 0, B(0), VMAP_END, B(0), B(0) },
	{ "empty file, min 0", EMPTY, 0, B(0), VMAP_MIN, B(0), B(0) },
	{ "empty file, max 100", EMPTY, 0, B(0), VMAP_MAX, B(100), B(0) },
	/* Offsets that are not page aligned. */
	{ "page + 3, exact 100", PAGES, 0, P(1, 3), VMAP_EXACT, B(100),
	  B(100) },
	{ "across a page boundary", PAGES, 0, P(2, -5), VMAP_EXACT, B(10),
	  B(10) },
	{ "page - 1 to the end", PAGES, 0, P(1, -1), VMAP_END, B(0),
	  P(2, 1) },
	{ "last byte to the end", PAGES, 0, P(3, -1), VMAP_END, B(0),
	  B(1) },
};

static struct vmap_options range_opts(const struct range_case *c)
{
	size_t ps = vmap_page_size();

	return th_opts(0, th_rel(c->offset, ps),
		       (struct vmap_extent){ c->kind, th_rel(c->n, ps) });
}

START_TEST(range_inside)
{
	const struct range_case *c = &inside[_i];
	struct vmap_options o = range_opts(c);
	unsigned char *data;
	const char *path = make_start(c->start, "t", &data);

	open_check(c->name, path, c->defaults ? NULL : &o, data + o.offset,
		   th_rel(c->want_len, vmap_page_size()));
	free(data);
}
END_TEST

static const struct range_case outside_cases[] = {
	{ "min 100", TEXT, 0, B(0), VMAP_MIN, B(100), B(0) },
	{ "min 10 at 5", TEXT, 0, B(5), VMAP_MIN, B(10), B(0) },
	{ "exact 25", TEXT, 0, B(0), VMAP_EXACT, B(25), B(0) },
	{ "exact one past the end", TEXT, 0, B(0), VMAP_EXACT,
	  B(TH_TEXT_LEN + 1), B(0) },
	{ "exact 10 at 5", TEXT, 0, B(5), VMAP_EXACT, B(10), B(0) },
	{ "offset past the end", TEXT, 0, B(TH_TEXT_LEN + 1), VMAP_END, B(0),
	  B(0) },
	{ "max 4 past the end", TEXT, 0, B(TH_TEXT_LEN + 1), VMAP_MAX, B(4),
	  B(0) },
	{ "exact 0 past the end", TEXT, 0, B(TH_TEXT_LEN + 1), VMAP_EXACT,
	  B(0), B(0) },
	{ "offset 4 GiB", TEXT, 0, B(TH_GIB4), VMAP_END, B(0), B(0) },
	{ "empty file, exact 1", EMPTY, 0, B(0), VMAP_EXACT, B(1), B(0) },
	{ "empty file, offset 1", EMPTY, 0, B(1), VMAP_END, B(0), B(0) },
};

START_TEST(range_outside)
{
	const struct range_case *c = &outside_cases[_i];
	struct vmap_options o = range_opts(c);

	outside(c->name, make_start(c->start, "t", NULL), &o);
}
END_TEST

START_TEST(offset_huge)
{
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(0, UINT64_MAX, vmap_extent_end());
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
			outside("huge offset", path, &o);
		else
			open_fails("huge offset", path, &o, EOVERFLOW);
		o.offset = TOO_BIG;
	}
}
END_TEST

START_TEST(offset_beyond_4gib)
{
	const char *path = th_mkfile("sparse", "", 0);
	uint64_t flen = 5 * (UINT64_C(1) << 30);
	uint64_t mark = TH_GIB4 + 123;
	struct vmap_options o = th_opts(0, mark, vmap_extent_exact(6));
	struct vmap_map m;
	int fd = th_open_fd(path, O_RDWR);

	ck_assert_int_eq(ftruncate(fd, (off_t)flen), 0);
	ck_assert_int_eq(lseek(fd, (off_t)mark, SEEK_SET), (off_t)mark);
	ck_assert_int_eq(write(fd, "marker", 6), 6);

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, "marker", 6);
	ck_assert_uint_eq(m.offset, mark);
	th_unmap_ok(&m);

	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	th_assert_bytes(&m, "marker", 6);
	th_unmap_ok(&m);

	o.len = vmap_extent_end();
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	ck_assert_uint_eq(m.len, flen - mark);
	ck_assert_mem_eq(m.ptr, "marker", 6);
	th_unmap_ok(&m);

	o.offset = flen + 1;
	outside("past a 5 GiB file", path, &o);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* resize, create, truncate: the file's new size and the mapped bytes  */
/* ------------------------------------------------------------------ */

struct sizing_case {
	const char *name;
	enum start start;
	unsigned int flags;        /* VMAP_WRITE is added */
	struct vmap_extent resize; /* the mapping runs to the end */
	const char *want;          /* the file's bytes afterwards ... */
	size_t want_len;           /* ... and its size */
};

#define BYTES(s) s, sizeof(s) - 1

static const struct sizing_case sizings[] = {
	{ "resize exact 7 shrinks", TEXT, 0, { VMAP_EXACT, 7 },
	  BYTES("this is") },
	{ "resize exact 20 grows", TEXT, 0, { VMAP_EXACT, 20 },
	  BYTES(TH_TEXT "\0\0\0\0\0\0") },
	{ "resize exact 4", TEXT, 0, { VMAP_EXACT, 4 }, BYTES("this") },
	{ "resize min 7 grows a short file", SHORT_TEXT, 0, { VMAP_MIN, 7 },
	  BYTES("this\0\0\0") },
	{ "resize min 7 keeps a long file", TEXT, 0, { VMAP_MIN, 7 },
	  BYTES(TH_TEXT) },
	{ "resize max 7 keeps a short file", SHORT_TEXT, 0, { VMAP_MAX, 7 },
	  BYTES("this") },
	{ "resize max 7 shrinks a long file", TEXT, 0, { VMAP_MAX, 7 },
	  BYTES("this is") },
	{ "no resize leaves the file", TEXT, 0, { VMAP_END, 0 },
	  BYTES(TH_TEXT) },
	{ "truncate, then resize exact 8", TEXT, VMAP_TRUNCATE,
	  { VMAP_EXACT, 8 }, BYTES("\0\0\0\0\0\0\0\0") },
	{ "truncate", TEXT, VMAP_TRUNCATE, { VMAP_END, 0 }, BYTES("") },
	{ "create a missing file, resize exact 10", MISSING, VMAP_CREATE,
	  { VMAP_EXACT, 10 }, BYTES("\0\0\0\0\0\0\0\0\0\0") },
	{ "create an empty file", MISSING, VMAP_CREATE, { VMAP_END, 0 },
	  BYTES("") },
	{ "create keeps an existing file", TEXT, VMAP_CREATE, { VMAP_END, 0 },
	  BYTES(TH_TEXT) },
	{ "create new, resize exact 4", MISSING, VMAP_CREATE_NEW,
	  { VMAP_EXACT, 4 }, BYTES("\0\0\0\0") },
};

/* Map the case's start file by path, or by a read-write descriptor when
 * @by_fd; check the bytes, write all of them through the map, and check
 * that the file has the new size and the written bytes. */
static void check_sizing(const struct sizing_case *c, int by_fd)
{
	struct vmap_options o = resize_opts(VMAP_WRITE | c->flags, c->resize);
	const char *how = by_fd ? "vmap_map" : "vmap_open";
	const char *path = make_start(c->start, "t", NULL);
	struct vmap_map m;
	size_t len;
	char *data;
	int rc, fd;

	if (by_fd) {
		fd = th_open_fd(path, O_RDWR);
		rc = vmap_map(fd, &o, &m);
		ck_assert_int_eq(close(fd), 0);
	} else {
		rc = vmap_open(path, &o, &m, NULL);
	}
	ck_assert_msg(rc == 0, "%s: %s: %s", c->name, how, strerror(errno));
	ck_assert_msg(m.len == c->want_len, "%s: %s: len %zu, expected %zu",
		      c->name, how, m.len, c->want_len);
	ck_assert_msg(c->want_len == 0 ? m.ptr == NULL :
					 memcmp(m.ptr, c->want, m.len) == 0,
		      "%s: %s: wrong bytes", c->name, how);
	if (m.len > 0)
		memset(m.ptr, 'w', m.len);
	th_unmap_ok_as(c->name, &m);

	data = th_read_file(path, &len);
	ck_assert_msg(len == c->want_len, "%s: %s: file size %zu, expected %zu",
		      c->name, how, len, c->want_len);
	ck_assert_msg(th_all_bytes(data, len, 'w'), "%s: %s: write lost",
		      c->name, how);
	free(data);
}

START_TEST(sizing)
{
	const struct sizing_case *c = &sizings[_i];
	unsigned int open_only = VMAP_CREATE | VMAP_CREATE_NEW | VMAP_TRUNCATE;

	check_sizing(c, 0);
	/* vmap_map() refuses the open-only flags, tested under errors. */
	if (!(c->flags & open_only))
		check_sizing(c, 1);
}
END_TEST

START_TEST(resize_then_range_outside)
{
	const char *path = th_text_file("t");
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

	th_text_file("t");
	fd = th_open_fd(path, O_RDWR);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 0);
	th_assert_untouched(&m);
	ck_assert_int_eq(th_file_size(path), 7);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(write_resize_make_writable)
{
	const char *path = th_mkfile("t", "this", 4);
	struct vmap_options o = resize_opts(VMAP_WRITE, vmap_extent_min(16));
	struct vmap_map m;
	int fd;

	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	ck_assert_uint_eq(m.len, 16);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	memcpy((char *)m.ptr + 4, " is a test!!", 12);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	th_assert_file(path, "this is a test!!", 16);
}
END_TEST

START_TEST(readonly_map_of_rdwr_fd_made_writable)
{
	const char *path = th_text_file("t");
	int fd = th_open_fd(path, O_RDWR);
	struct vmap_map m;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	memcpy(m.ptr, "that", 4);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	th_assert_file(path, "that is a test", TH_TEXT_LEN);
}
END_TEST

START_TEST(create_new_removed_on_failure)
{
	const char *path = th_path("new");
	struct vmap_options o = th_opts(VMAP_WRITE | VMAP_CREATE_NEW, 0,
					vmap_extent_exact(10));
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;

	th_sentinel(&m);
	th_snap(&before);
	th_assert_fails(vmap_open(path, &o, &m, &fd), ERANGE);
	th_assert_untouched(&m);
	ck_assert_int_eq(fd, FD_SENTINEL);
	th_assert_no_leak(&before);
	ck_assert_int_eq(th_file_size(path), -1);

	/* Same when a later step (the resize) fails. */
	o.len = vmap_extent_end();
	o.resize = vmap_extent_exact(TOO_BIG);
	th_assert_fails(vmap_open(path, &o, &m, NULL), EOVERFLOW);
	th_assert_untouched(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(th_file_size(path), -1);
}
END_TEST

struct mode_case {
	const char *name;
	unsigned int flags; /* with VMAP_WRITE */
	mode_t mask;
	unsigned int mode; /* 0: the default of VMAP_OPTIONS_INIT */
	unsigned int want;
};

static const struct mode_case modes[] = {
	{ "create 0640", VMAP_CREATE, 0, 0640, 0640 },
	{ "create 0600", VMAP_CREATE, 0, 0600, 0600 },
	{ "create 0604", VMAP_CREATE, 0, 0604, 0604 },
	{ "create, default mode", VMAP_CREATE, 0, 0, 0666 },
	{ "create, default mode, umask 022", VMAP_CREATE, 022, 0, 0644 },
	{ "create new 0751", VMAP_CREATE_NEW, 0, 0751, 0751 },
};

/* A created file gets the options' mode, less the umask. */
START_TEST(create_mode)
{
	const struct mode_case *c = &modes[_i];
	const char *path = th_path("new");
	struct vmap_options o = th_opts(VMAP_WRITE | c->flags, 0,
					vmap_extent_end());
	mode_t old = umask(c->mask);
	struct vmap_map m;
	struct stat st;

	ck_assert_msg(o.mode == 0666, "%s: default mode %#o", c->name, o.mode);
	if (c->mode != 0)
		o.mode = c->mode;
	ck_assert_msg(vmap_open(path, &o, &m, NULL) == 0, "%s: vmap_open: %s",
		      c->name, strerror(errno));
	umask(old);
	th_unmap_ok_as(c->name, &m);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_msg((st.st_mode & 07777) == FILE_MODE(c->want),
		      "%s: mode %#o", c->name,
		      (unsigned int)(st.st_mode & 07777));
}
END_TEST

/* ------------------------------------------------------------------ */
/* copy                                                                */
/* ------------------------------------------------------------------ */

struct copy_case {
	const char *name;
	int by_path;  /* vmap_open(), else vmap_map() of a read-only fd */
	uint64_t offset;
	struct vmap_extent len;
	size_t want_len;
	const char *put; /* 4 bytes written at the start of the copy */
};

static const struct copy_case copies[] = {
	{ "whole file, by path", 1, 0, { VMAP_END, 0 }, TH_TEXT_LEN, "that" },
	{ "4 bytes at 5 of a read-only fd", 0, 5, { VMAP_EXACT, 4 }, 4,
	  "IS A" },
};

/* A private copy is writable; its writes show in the copy only, never in
 * another mapping of the file nor in the file, even after a flush. */
START_TEST(copy_stays_private)
{
	const struct copy_case *c = &copies[_i];
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(VMAP_COPY, c->offset, c->len);
	char want[TH_TEXT_LEN];
	struct vmap_map m, other;
	int fd;

	if (c->by_path) {
		ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	} else {
		fd = th_open_fd(path, O_RDONLY);
		ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	}
	ck_assert_msg(m.flags & VMAP_COPY, "%s: not a copy", c->name);
	ck_assert_msg(m.len == c->want_len, "%s: len %zu", c->name, m.len);
	ck_assert_msg(memcmp(m.ptr, TH_TEXT + c->offset, m.len) == 0,
		      "%s: wrong bytes", c->name);
	memcpy(want, TH_TEXT + c->offset, m.len);
	memcpy(want, c->put, 4);
	memcpy(m.ptr, c->put, 4);
	ck_assert_msg(memcmp(m.ptr, want, m.len) == 0, "%s: write lost",
		      c->name);

	ck_assert_int_eq(vmap_map(fd, NULL, &other), 0);
	th_assert_bytes(&other, TH_TEXT, TH_TEXT_LEN);
	ck_assert_msg(vmap_flush(&m, fd, VMAP_FLUSH_SYNC) == 0, "%s: flush",
		      c->name);
	th_unmap_ok_as(c->name, &other);
	th_unmap_ok_as(c->name, &m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_file_as(c->name, path, TH_TEXT, TH_TEXT_LEN);
}
END_TEST

/* ------------------------------------------------------------------ */
/* descriptors                                                         */
/* ------------------------------------------------------------------ */

START_TEST(fdp_null_closes)
{
	const char *path = th_text_file("t");
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, NULL, &m, NULL), 0);
	ck_assert_int_eq(th_count_fds(), before.fds);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	th_unmap_ok(&m);
	ck_assert_int_eq(vmap_open_if(path, NULL, &m, NULL), 1);
	ck_assert_int_eq(th_count_fds(), before.fds);
	th_unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(fdp_gets_cloexec_fd)
{
	const char *path = th_text_file("t");
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;
	int fl;

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, NULL, &m, &fd), 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(th_count_fds(), before.fds + 1);
	fl = fd_flags(fd);
	ck_assert_int_ge(fl, 0);
	ck_assert_int_ne(fl & FD_CLOEXEC, 0);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	fd = FD_SENTINEL;
	ck_assert_int_eq(vmap_open_if(path, NULL, &m, &fd), 1);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ne(fd_flags(fd) & FD_CLOEXEC, 0);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(fdp_access_mode)
{
	/* Read-only unless VMAP_WRITE: a private copy needs no write access. */
	static const struct {
		const char *name;
		unsigned int flags;
		int accmode;
	} cases[] = {
		{ "read-only", 0, O_RDONLY },
		{ "copy", VMAP_COPY, O_RDONLY },
		{ "write", VMAP_WRITE, O_RDWR },
	};
	const char *path = th_text_file("t");
	size_t i;

	for (i = 0; i < TH_LEN(cases); i++) {
		struct vmap_options o = th_opts(cases[i].flags, 0,
						vmap_extent_end());
		struct vmap_map m;
		int fd;

		ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
		ck_assert_msg(fd_accmode(fd) == cases[i].accmode,
			      "%s: wrong access mode", cases[i].name);
		th_unmap_ok_as(cases[i].name, &m);
		ck_assert_int_eq(close(fd), 0);
	}
}
END_TEST

START_TEST(map_leaves_caller_fd)
{
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(0, 5, vmap_extent_exact(4));
	int fd = th_open_fd(path, O_RDONLY);
	struct th_res before;
	struct vmap_map m;
	int fl = fd_flags(fd);

	ck_assert_int_eq(lseek(fd, 2, SEEK_SET), 2);
	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	ck_assert_int_eq(th_count_fds(), before.fds);
	th_unmap_ok(&m);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 1);
	ck_assert_int_eq(th_count_fds(), before.fds);
	th_unmap_ok(&m);
	th_assert_no_leak(&before);

	/* Still open, same flags, same position. */
	ck_assert_int_eq(fd_flags(fd), fl);
	ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 2);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(open_if_outside_hands_back_fd)
{
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(VMAP_WRITE, 0, vmap_extent_min(100));
	struct th_res before;
	struct vmap_map m;
	int fd = FD_SENTINEL;

	th_sentinel(&m);
	th_snap(&before);
	ck_assert_int_eq(vmap_open_if(path, &o, &m, &fd), 0);
	th_assert_untouched(&m);
	ck_assert_int_eq(th_count_fds(), before.fds + 1);
	ck_assert_int_ne(fd_flags(fd) & FD_CLOEXEC, 0);
	ck_assert_int_eq(fd_accmode(fd), O_RDWR);

	/* The descriptor is usable: grow the file and map it. */
	ck_assert_int_eq(ftruncate(fd, 100), 0);
	ck_assert_int_eq(vmap_map_if(fd, &o, &m), 1);
	ck_assert_uint_eq(m.len, 100);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

/* ------------------------------------------------------------------ */
/* errors                                                              */
/* ------------------------------------------------------------------ */

/* What a failing call is given as its path ... */
enum target {
	T_TEXT,    /* a TH_TEXT file "t", unchanged afterwards */
	T_MISSING, /* "new", which must still not exist afterwards */
	T_NO_DIR,  /* a path through a missing directory */
	T_DIR,     /* th_tmpdir() */
	T_DEVNULL, /* a character device */
	T_NULL,    /* NULL */
};

/* ... and as its descriptor (the target opened, or none of its own). */
enum fd_kind {
	F_RDONLY,
	F_RDWR,
	F_CLOSED,
	F_PIPE_R,
	F_PIPE_W,
	F_NEG1,
	F_NEG42,
};

struct error_case {
	const char *name;
	enum target target;
	int defaults; /* pass NULL options */
	unsigned int flags;
	uint64_t offset;
	struct vmap_extent len, resize;
	int open_err;      /* from vmap_open*(path), 0: not tried */
	enum fd_kind fd;   /* how vmap_map*() gets its descriptor ... */
	int map_err;       /* ... and what it fails with, 0: not tried */
};

#define W VMAP_WRITE
#define END { VMAP_END, 0 }
#define NOFD F_RDONLY, 0 /* vmap_map*() not tried */

/* name, path, NULL options?, flags, offset, len, resize,
 * errno of vmap_open*(path), descriptor, errno of vmap_map*(fd) */
static const struct error_case errors[] = {
	{ "NULL path", T_NULL, 1, 0, 0, END, END, EINVAL, NOFD },
	/* Unknown flag bits, with and without write access. */
	{ "flag 1 << 6", T_TEXT, 0, 1u << 6, 0, END, END, EINVAL, F_RDWR,
	  EINVAL },
	{ "flag 1 << 10", T_TEXT, 0, 1u << 10, 0, END, END, EINVAL, F_RDWR,
	  EINVAL },
	{ "flag 1 << 14", T_TEXT, 0, 1u << 14, 0, END, END, EINVAL, F_RDWR,
	  EINVAL },
	{ "flag 1 << 31", T_TEXT, 0, 1u << 31, 0, END, END, EINVAL, F_RDWR,
	  EINVAL },
	{ "write + flag 1 << 6", T_TEXT, 0, W | 1u << 6, 0, END, END, EINVAL,
	  F_RDWR, EINVAL },
	{ "write + flag 1 << 10", T_TEXT, 0, W | 1u << 10, 0, END, END, EINVAL,
	  F_RDWR, EINVAL },
	{ "write + flag 1 << 14", T_TEXT, 0, W | 1u << 14, 0, END, END, EINVAL,
	  F_RDWR, EINVAL },
	{ "write + flag 1 << 31", T_TEXT, 0, W | 1u << 31, 0, END, END, EINVAL,
	  F_RDWR, EINVAL },
	/* Extent kinds out of the enum. */
	{ "length kind 42", T_TEXT, 0, 0, 0, { KIND(42), 0 }, END, EINVAL,
	  F_RDWR, EINVAL },
	{ "length kind -1", T_TEXT, 0, 0, 0, { KIND(-1), 0 }, END, EINVAL,
	  F_RDWR, EINVAL },
	{ "resize kind 42", T_TEXT, 0, W, 0, END, { KIND(42), 0 }, EINVAL,
	  F_RDWR, EINVAL },
	/* Every option that changes the file needs VMAP_WRITE. */
	{ "create without write", T_MISSING, 0, VMAP_CREATE, 0, END, END,
	  EINVAL, NOFD },
	{ "create new without write", T_MISSING, 0, VMAP_CREATE_NEW, 0, END,
	  END, EINVAL, NOFD },
	{ "create with copy", T_MISSING, 0, VMAP_CREATE | VMAP_COPY, 0, END,
	  END, EINVAL, NOFD },
	{ "create new with copy", T_MISSING, 0, VMAP_CREATE_NEW | VMAP_COPY, 0,
	  END, END, EINVAL, NOFD },
	{ "truncate without write", T_TEXT, 0, VMAP_TRUNCATE, 0, END, END,
	  EINVAL, NOFD },
	{ "truncate with copy", T_TEXT, 0, VMAP_TRUNCATE | VMAP_COPY, 0, END,
	  END, EINVAL, NOFD },
	{ "resize exact 4 without write", T_TEXT, 0, 0, 0, END,
	  { VMAP_EXACT, 4 }, EINVAL, F_RDWR, EINVAL },
	{ "resize min 100 without write", T_TEXT, 0, 0, 0, END,
	  { VMAP_MIN, 100 }, EINVAL, F_RDWR, EINVAL },
	{ "resize max 2 with copy", T_TEXT, 0, VMAP_COPY, 0, END,
	  { VMAP_MAX, 2 }, EINVAL, F_RDWR, EINVAL },
	/* vmap_map() has no use for the open-only flags. */
	{ "map with create", T_TEXT, 0, W | VMAP_CREATE, 0, END, END, 0,
	  F_RDWR, EINVAL },
	{ "map with create new", T_TEXT, 0, W | VMAP_CREATE_NEW, 0, END, END,
	  0, F_RDWR, EINVAL },
	{ "map with truncate", T_TEXT, 0, W | VMAP_TRUNCATE, 0, END, END, 0,
	  F_RDWR, EINVAL },
	{ "resize exact 2^63", T_TEXT, 0, W, 0, END, { VMAP_EXACT, TOO_BIG },
	  EOVERFLOW, F_RDWR, EOVERFLOW },
	{ "resize min UINT64_MAX", T_TEXT, 0, W, 0, END,
	  { VMAP_MIN, UINT64_MAX }, EOVERFLOW, F_RDWR, EOVERFLOW },
	/* Bad descriptors. */
	{ "fd -1", T_NULL, 1, 0, 0, END, END, 0, F_NEG1, EINVAL },
	{ "fd -42", T_NULL, 1, 0, 0, END, END, 0, F_NEG42, EINVAL },
	{ "closed fd", T_TEXT, 1, 0, 0, END, END, 0, F_CLOSED, EBADF },
	/* Paths that are not there. */
	{ "no such file", T_MISSING, 1, 0, 0, END, END, ENOENT, NOFD },
	{ "no such file, write", T_MISSING, 0, W, 0, END, END, ENOENT, NOFD },
	{ "no such directory", T_NO_DIR, 1, 0, 0, END, END, ENOENT, NOFD },
	{ "truncate a missing file", T_MISSING, 0, W | VMAP_TRUNCATE, 0, END,
	  END, ENOENT, NOFD },
	{ "create new, existing", T_TEXT, 0, W | VMAP_CREATE_NEW, 0, END, END,
	  EEXIST, NOFD },
	{ "create + create new, existing", T_TEXT, 0,
	  W | VMAP_CREATE | VMAP_CREATE_NEW, 0, END, END, EEXIST, NOFD },
	/* Not regular files: read-only, open(2) succeeds and the library
	 * refuses the type; read-write, open(2) may refuse first.  A pipe's
	 * size (0) says nothing: even an empty map is refused. */
	{ "directory", T_DIR, 1, 0, 0, END, END, ENODEV, F_RDONLY, ENODEV },
	{ "directory, write", T_DIR, 0, W, 0, END, END, EISDIR, NOFD },
	{ "char device", T_DEVNULL, 1, 0, 0, END, END, ENODEV, F_RDONLY,
	  ENODEV },
	{ "char device, write", T_DEVNULL, 0, W, 0, END, END, ENODEV, NOFD },
	{ "pipe, read end", T_NULL, 1, 0, 0, END, END, 0, F_PIPE_R, ENODEV },
	{ "pipe, write end", T_NULL, 1, 0, 0, END, END, 0, F_PIPE_W, ENODEV },
	{ "pipe, exact 0", T_NULL, 0, 0, 0, { VMAP_EXACT, 0 }, END, 0,
	  F_PIPE_R, ENODEV },
	/* The descriptor does not allow what is asked. */
	{ "exact 100 of a 14-byte file", T_TEXT, 0, 0, 0,
	  { VMAP_EXACT, 100 }, END, 0, F_RDONLY, ERANGE },
	{ "write map of a read-only fd", T_TEXT, 0, W, 0, END, END, 0,
	  F_RDONLY, EACCES },
	{ "write map at 5 of a read-only fd", T_TEXT, 0, W, 5,
	  { VMAP_EXACT, 4 }, END, 0, F_RDONLY, EACCES },
	{ "resize of a read-only fd", T_TEXT, 0, W, 0, END, { VMAP_EXACT, 4 },
	  0, F_RDONLY, ANY_ERRNO },
};

#undef W
#undef END
#undef NOFD

static const char *target_path(enum target t)
{
	switch (t) {
	case T_TEXT:
		return th_text_file("t");
	case T_MISSING:
		return th_path("new");
	case T_NO_DIR:
		return th_path("no/such/dir");
	case T_DIR:
		return th_tmpdir();
	case T_DEVNULL:
		return CHAR_DEVICE;
	default:
		return NULL;
	}
}

/* The descriptor vmap_map*() gets; a pipe's other end goes to *@other. */
static int case_fd(const struct error_case *c, const char *path, int *other)
{
	int p[2], fd;

	*other = -1;
	switch (c->fd) {
	case F_NEG1:
		return -1;
	case F_NEG42:
		return -42;
	case F_PIPE_R:
	case F_PIPE_W:
		th_pipe(p, 0, 4);
		ck_assert_int_eq(write(p[1], "data", 4), 4);
		*other = c->fd == F_PIPE_R ? p[1] : p[0];
		return c->fd == F_PIPE_R ? p[0] : p[1];
	case F_CLOSED:
		fd = th_open_fd(path, O_RDONLY);
		ck_assert_int_eq(close(fd), 0);
		return fd;
	default:
		if (c->target == T_DIR)
			return open_dir(path);
		return th_open_fd(path, c->fd == F_RDWR ? O_RDWR : O_RDONLY);
	}
}

/* A descriptor the caller passed in stays open after a failure. */
static void close_case_fd(const struct error_case *c, int fd, int other)
{
	if (c->fd == F_NEG1 || c->fd == F_NEG42 || c->fd == F_CLOSED)
		return;
	ck_assert_msg(fd_flags(fd) >= 0, "%s: caller's fd closed",
		      c->name);
	ck_assert_int_eq(close(fd), 0);
	if (other >= 0)
		ck_assert_int_eq(close(other), 0);
}

/* A failed call leaves the file as it was. */
static void check_target_unchanged(const struct error_case *c,
				   const char *path)
{

	if (c->target == T_MISSING) {
		ck_assert_msg(th_file_size(path) == -1, "%s: file created",
			      c->name);
	} else if (c->target == T_TEXT) {
		th_assert_file_as(c->name, path, TH_TEXT, TH_TEXT_LEN);
	}
}

START_TEST(open_errors)
{
	const struct error_case *c = &errors[_i];
	struct vmap_options o = th_opts(c->flags, c->offset, c->len);
	const struct vmap_options *op = c->defaults ? NULL : &o;
	const char *path = target_path(c->target);
	int fd, other;

	o.resize = c->resize;
	if (c->open_err != 0)
		open_fails(c->name, path, op, c->open_err);
	if (c->map_err != 0) {
		fd = case_fd(c, path, &other);
		map_fails(c->name, fd, op, c->map_err);
		close_case_fd(c, fd, other);
	}
	check_target_unchanged(c, path);
}
END_TEST

START_TEST(err_null_map)
{
	const char *path = th_text_file("t");
	struct th_res before;
	int fd = FD_SENTINEL;
	int rfd;

	th_snap(&before);
	th_assert_fails(vmap_open(path, NULL, NULL, &fd), EINVAL);
	ck_assert_int_eq(fd, FD_SENTINEL);
	th_assert_fails(vmap_open_if(path, NULL, NULL, &fd), EINVAL);
	ck_assert_int_eq(fd, FD_SENTINEL);
	th_assert_fails(vmap_open(path, NULL, NULL, NULL), EINVAL);
	th_assert_no_leak(&before);

	rfd = th_open_fd(path, O_RDONLY);
	th_snap(&before);
	th_assert_fails(vmap_map(rfd, NULL, NULL), EINVAL);
	th_assert_fails(vmap_map_if(rfd, NULL, NULL), EINVAL);
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(rfd), 0);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "basic", open_read_to_end, 0 },
		{ "basic", readme_example, 0 },
		{ "basic", open_write_sets_flag, 0 },
		{ "basic", map_outlives_fd, 0 },
		{ "basic", unmap_restores_maps, 0 },
		{ "extent", range_inside, TH_LEN(inside) },
		{ "extent", range_outside, TH_LEN(outside_cases) },
		{ "extent", offset_huge, 0 },
		{ "extent", offset_beyond_4gib, 0 },
		{ "resize", sizing, TH_LEN(sizings) },
		{ "resize", resize_then_range_outside, 0 },
		{ "resize", write_resize_make_writable, 0 },
		{ "resize", readonly_map_of_rdwr_fd_made_writable, 0 },
		{ "create", create_new_removed_on_failure, 0 },
		{ "create", create_mode, TH_LEN(modes) },
		{ "copy", copy_stays_private, TH_LEN(copies) },
		{ "descriptors", fdp_null_closes, 0 },
		{ "descriptors", fdp_gets_cloexec_fd, 0 },
		{ "descriptors", fdp_access_mode, 0 },
		{ "descriptors", map_leaves_caller_fd, 0 },
		{ "descriptors", open_if_outside_hands_back_fd, 0 },
		{ "errors", open_errors, TH_LEN(errors) },
		{ "errors", err_null_map, 0 },
	};

	return th_run(th_suite("open", tests, TH_LEN(tests)));
}
