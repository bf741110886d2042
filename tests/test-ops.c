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
#ifdef _WIN32
#include <io.h>
#include <windows.h>
#else
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/*
 * What differs on Windows.  Its C runtime has no pread(), pwrite() or
 * usable ftruncate(): these go to the handle under the descriptor.  It
 * refuses to shrink a file that has a view (ERROR_USER_MAPPED_FILE), so
 * the remap cases check that refusal where POSIX lets the file shrink
 * under the mapping.
 */
#ifdef _WIN32
static OVERLAPPED at_offset(off_t off)
{
	OVERLAPPED o = { 0 };

	o.Offset = (DWORD)((uint64_t)off & 0xffffffffu);
	o.OffsetHigh = (DWORD)((uint64_t)off >> 32);
	return o;
}

static ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	OVERLAPPED o = at_offset(off);
	DWORD n;

	if (!ReadFile((HANDLE)_get_osfhandle(fd), buf, (DWORD)len, &n, &o))
		return -1;
	return (ssize_t)n;
}

static ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	OVERLAPPED o = at_offset(off);
	DWORD n;

	if (!WriteFile((HANDLE)_get_osfhandle(fd), buf, (DWORD)len, &n, &o))
		return -1;
	return (ssize_t)n;
}

/* Change the size of a mapped file behind the library's back, as another
 * process might.  Returns 1 when the file has the new size; 0 when it
 * would shrink under the mapping, which Windows refuses. */
static int resize_under_map(int fd, off_t size)
{
	FILE_END_OF_FILE_INFO eof;
	int shrinks = size < _filelengthi64(fd);
	DWORD err = 0;

	eof.EndOfFile.QuadPart = size;
	if (!SetFileInformationByHandle((HANDLE)_get_osfhandle(fd),
					FileEndOfFileInfo, &eof, sizeof(eof)))
		err = GetLastError();
	ck_assert_msg(err == (shrinks ? ERROR_USER_MAPPED_FILE : 0),
		      "resize to %ld: error %lu", (long)size, err);
	return !shrinks;
}
#else
static int resize_under_map(int fd, off_t size)
{
	ck_assert_int_eq(ftruncate(fd, size), 0);
	return 1;
}
#endif

/* A file of @len zero bytes named @name; returns its path. */
static const char *zero_file(const char *name, size_t len)
{
	char *buf = calloc(1, len);
	const char *path;

	ck_assert_ptr_nonnull(buf);
	path = th_mkfile(name, buf, len);
	free(buf);
	return path;
}

static void check_pread(int fd, off_t off, const void *data, size_t len)
{
	char buf[256];

	ck_assert_uint_le(len, sizeof(buf));
	ck_assert_int_eq(pread(fd, buf, len, off), (ssize_t)len);
	ck_assert_mem_eq(buf, data, len);
}

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
	th_map_text(0, &m, &fd);
	p = m.ptr;
	ck_assert_int_eq(th_maps_perms(p, perms), 0);
	th_unmap_ok(&m);
	ck_assert_int_eq(th_maps_perms(p, perms), -1);
	ck_assert_int_eq(close(fd), 0);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(unmap_unaligned_offset)
{
	size_t ps = vmap_page_size();
	const char *path = zero_file("big", 3 * ps);
	struct vmap_options o = th_opts(0, ps + 3, vmap_extent_exact(ps));
	struct th_res before;
	struct vmap_map m;
	char *base;
	char perms[5];

	th_snap(&before);
	ck_assert_int_eq(vmap_open(path, &o, &m, NULL), 0);
	base = (char *)m.ptr - 3;
	ck_assert_int_eq(th_maps_perms(base, perms), 0);
	ck_assert_int_eq(th_maps_perms(base + 2 * ps - 1, perms), 0);
	th_unmap_ok(&m);
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
	th_anon(VMAP_WRITE, 0, 3 * vmap_page_size() + 1, &m);
	th_unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(unmap_empty_twice_and_null)
{
	struct vmap_map m;

	th_anon(0, 0, 0, &m);
	th_unmap_ok(&m);
	th_unmap_ok(&m); /* a zeroed struct is an empty mapping */
	th_assert_fails(vmap_unmap(NULL), EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* flush, advise, lock: every operation on a whole map or a range      */
/* ------------------------------------------------------------------ */

/*
 * Each operation behind one pair of signatures, so that the bounds, the
 * empty map and the NULL map are checked the same way for all of them.
 * WHOLE and RANGE are expressions in m, fd, off and len.
 */
#define OP(NAME, WHOLE, RANGE)                                                \
	static int NAME##_whole(const struct vmap_map *m, int fd)             \
	{                                                                     \
		(void)fd;                                                     \
		return WHOLE;                                                 \
	}                                                                     \
	static int NAME##_range(const struct vmap_map *m, int fd, size_t off, \
				size_t len)                                   \
	{                                                                     \
		(void)fd;                                                     \
		return RANGE;                                                 \
	}

#define ADVICE(NAME, A)                                                       \
	OP(NAME, vmap_advise(m, A), vmap_advise_range(m, off, len, A))
#define FLUSH(NAME, MODE)                                                     \
	OP(NAME, vmap_flush(m, fd, MODE),                                     \
	   vmap_flush_range(m, fd, off, len, MODE))

FLUSH(flush_sync, VMAP_FLUSH_SYNC)
FLUSH(flush_async, VMAP_FLUSH_ASYNC)
ADVICE(advise_normal, VMAP_ADVISE_NORMAL)
ADVICE(advise_sequential, VMAP_ADVISE_SEQUENTIAL)
ADVICE(advise_random, VMAP_ADVISE_RANDOM)
ADVICE(advise_willneed, VMAP_ADVISE_WILLNEED)
ADVICE(advise_dontneed, VMAP_ADVISE_DONTNEED)
OP(lock, vmap_lock(m), vmap_lock_range(m, off, len))
OP(unlock, vmap_unlock(m), vmap_unlock_range(m, off, len))

struct op {
	const char *name;
	int (*whole)(const struct vmap_map *m, int fd);
	int (*range)(const struct vmap_map *m, int fd, size_t off, size_t len);
};

#define OP_ROW(NAME) { #NAME, NAME##_whole, NAME##_range }

static const struct op ops[] = {
	OP_ROW(flush_sync),     OP_ROW(flush_async),   OP_ROW(advise_normal),
	OP_ROW(advise_sequential), OP_ROW(advise_random),
	OP_ROW(advise_willneed), OP_ROW(advise_dontneed), OP_ROW(lock),
	OP_ROW(unlock),
};

/* Ranges relative to the map's length n (see th_rel), with the result on
 * the 14-byte text file and on 100 bytes of anonymous memory. */
struct range {
	const char *name;
	struct th_rel off, len;
	int want_file, want_anon; /* 0 or an errno */
};

static const struct range ranges[] = {
	{ "(0, n)", TH_REL(0, 0), TH_REL(1, 0), 0, 0 },
	{ "(n-1, 1)", TH_REL(1, -1), TH_REL(0, 1), 0, 0 },
	{ "(n, 0)", TH_REL(1, 0), TH_REL(0, 0), 0, 0 },
	{ "(3, 0)", TH_REL(0, 3), TH_REL(0, 0), 0, 0 },
	{ "(1, 5)", TH_REL(0, 1), TH_REL(0, 5), 0, 0 },
	{ "(3, 4)", TH_REL(0, 3), TH_REL(0, 4), 0, 0 },
	{ "(10, 20)", TH_REL(0, 10), TH_REL(0, 20), ERANGE, 0 },
	{ "(n-1, 2)", TH_REL(1, -1), TH_REL(0, 2), ERANGE, ERANGE },
	{ "(0, n+1)", TH_REL(0, 0), TH_REL(1, 1), ERANGE, ERANGE },
	{ "(n, 1)", TH_REL(1, 0), TH_REL(0, 1), ERANGE, ERANGE },
	{ "(n+1, 1)", TH_REL(1, 1), TH_REL(0, 1), ERANGE, ERANGE },
	{ "(SIZE_MAX, 2)", TH_REL(0, -1), TH_REL(0, 2), EOVERFLOW, EOVERFLOW },
	{ "(1, SIZE_MAX)", TH_REL(0, 1), TH_REL(0, -1), EOVERFLOW, EOVERFLOW },
	{ "(2, SIZE_MAX-1)", TH_REL(0, 2), TH_REL(0, -2), EOVERFLOW,
	  EOVERFLOW },
};

/* The maps the operations run on. */
enum target { FILE_RW, FILE_RO, ANON, N_TARGETS };

static const char *const target_names[] = { "writable file", "read-only file",
					    "anon" };

static void map_target(enum target t, struct vmap_map *m, int *fd)
{
	*fd = -1;
	if (t == ANON)
		th_anon(VMAP_WRITE, 0, 100, m);
	else
		th_map_text(t == FILE_RW ? VMAP_WRITE : 0, m, fd);
}

static void check_range(const struct op *op, enum target t,
			const struct vmap_map *m, int fd, const struct range *r)
{
	size_t off = (size_t)th_rel(r->off, m->len);
	size_t len = (size_t)th_rel(r->len, m->len);
	int want = t == ANON ? r->want_anon : r->want_file;
	int rc;

	errno = 0;
	rc = op->range(m, fd, off, len);
	ck_assert_msg(rc == (want ? -1 : 0) && (!want || errno == want),
		      "%s on %s, range %s: returned %d, errno %d, expected %d",
		      op->name, target_names[t], r->name, rc, errno, want);
}

/* The whole map and every range, on each kind of map; no operation
 * changes the bytes. */
START_TEST(op_bounds)
{
	const struct op *op = &ops[_i];
	struct vmap_map m;
	size_t i;
	int t, fd;

	for (t = 0; t < N_TARGETS; t++) {
		map_target(t, &m, &fd);
		ck_assert_msg(op->whole(&m, fd) == 0, "%s on %s: %s", op->name,
			      target_names[t], strerror(errno));
		for (i = 0; i < TH_LEN(ranges); i++)
			check_range(op, t, &m, fd, &ranges[i]);
		if (t != ANON)
			ck_assert_msg(memcmp(m.ptr, TH_TEXT, TH_TEXT_LEN) == 0,
				      "%s on %s: bytes changed", op->name,
				      target_names[t]);
		th_unmap_ok_as(op->name, &m);
		if (fd >= 0)
			ck_assert_int_eq(close(fd), 0);
	}
}
END_TEST

/* On an empty map, read-only or not, only empty ranges are in bounds. */
START_TEST(op_empty_map)
{
	const struct op *op = &ops[_i];
	unsigned int flags;
	struct vmap_map m;

	for (flags = 0; flags <= VMAP_WRITE; flags += VMAP_WRITE) {
		th_anon(flags, 0, 0, &m);
		ck_assert_msg(op->whole(&m, -1) == 0, "%s: whole empty map",
			      op->name);
		ck_assert_msg(op->range(&m, -1, 0, 0) == 0, "%s: (0, 0)",
			      op->name);
		th_assert_fails_as(op->name, op->range(&m, -1, 0, 1), ERANGE);
		th_unmap_ok_as(op->name, &m);
	}
}
END_TEST

START_TEST(op_null_map)
{
	const struct op *op = &ops[_i];

	th_assert_fails_as(op->name, op->whole(NULL, -1), EINVAL);
	th_assert_fails_as(op->name, op->range(NULL, -1, 0, 0), EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* flush                                                               */
/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	enum vmap_flush_mode mode;
} flush_modes[] = {
	{ "sync", VMAP_FLUSH_SYNC },
	{ "async", VMAP_FLUSH_ASYNC },
};

START_TEST(flush_reaches_file)
{
	enum vmap_flush_mode mode = flush_modes[_i].mode;
	const char *name = flush_modes[_i].name;
	struct vmap_map m;
	int fd;

	th_map_text(VMAP_WRITE, &m, &fd);
	memcpy(m.ptr, "that", 4);
	ck_assert_msg(vmap_flush(&m, fd, mode) == 0, "%s: flush", name);
	check_pread(fd, 0, "that is a test", TH_TEXT_LEN);
	memcpy((char *)m.ptr + 10, "TEST", 4);
	ck_assert_msg(vmap_flush_range(&m, fd, 10, 4, mode) == 0,
		      "%s: flush_range", name);
	check_pread(fd, 0, "that is a TEST", TH_TEXT_LEN);
	/* fd is optional on POSIX. */
	ck_assert_msg(vmap_flush(&m, -1, mode) == 0, "%s: flush without fd",
		      name);
	th_unmap_ok_as(name, &m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(flush_unaligned_map)
{
	size_t ps = vmap_page_size();
	const char *path = zero_file("big", 3 * ps);
	struct vmap_options o = th_opts(VMAP_WRITE, ps + 3,
					vmap_extent_exact(ps));
	struct vmap_map m;
	int fd;

	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	memcpy(m.ptr, "head", 4);
	memcpy((char *)m.ptr + ps - 4, "tail", 4);
	ck_assert_int_eq(vmap_flush_range(&m, fd, 1, 2, VMAP_FLUSH_SYNC), 0);
	ck_assert_int_eq(vmap_flush_range(&m, fd, ps - 4, 4, VMAP_FLUSH_SYNC),
			 0);
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	check_pread(fd, (off_t)ps + 3, "head", 4);
	check_pread(fd, (off_t)(2 * ps - 1), "tail", 4);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* Out-of-range modes and advice values. */
START_TEST(bad_mode_and_advice)
{
	struct vmap_map m;
	int fd;

	th_map_text(VMAP_WRITE, &m, &fd);
	th_assert_fails(vmap_flush(&m, fd, (enum vmap_flush_mode)2), EINVAL);
	th_assert_fails(vmap_flush(&m, fd, (enum vmap_flush_mode)-1), EINVAL);
	th_assert_fails(vmap_flush_range(&m, fd, 0, 1,
					 (enum vmap_flush_mode)42),
			EINVAL);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	th_map_text(0, &m, &fd);
	th_assert_fails(vmap_advise(&m, (enum vmap_advice)5), EINVAL);
	th_assert_fails(vmap_advise(&m, (enum vmap_advice)42), EINVAL);
	th_assert_fails(vmap_advise(&m, (enum vmap_advice)-1), EINVAL);
	th_assert_fails(vmap_advise_range(&m, 0, 1, (enum vmap_advice)5),
			EINVAL);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* advise                                                              */
/* ------------------------------------------------------------------ */

START_TEST(advise_dontneed_keeps_private_data)
{
	size_t len = 3 * vmap_page_size();
	struct vmap_map m;
	int fd;

	/* Private anonymous memory: Linux MADV_DONTNEED would zero it. */
	th_anon(VMAP_COPY, 0, len, &m);
	memset(m.ptr, 0x3c, len);
	ck_assert_int_eq(vmap_advise(&m, VMAP_ADVISE_DONTNEED), 0);
	ck_assert(th_all_bytes(m.ptr, len, 0x3c));
	ck_assert_int_eq(vmap_advise_range(&m, 1, len - 2,
					   VMAP_ADVISE_DONTNEED),
			 0);
	ck_assert(th_all_bytes(m.ptr, len, 0x3c));
	th_unmap_ok(&m);

	/* Private copy of a file: changes must survive too. */
	th_map_text(VMAP_COPY, &m, &fd);
	memcpy(m.ptr, "that", 4);
	ck_assert_int_eq(vmap_advise(&m, VMAP_ADVISE_DONTNEED), 0);
	th_assert_bytes(&m, "that is a test", TH_TEXT_LEN);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* lock                                                                */
/* ------------------------------------------------------------------ */

/* Not on Windows, which has no count of locked memory to read: the nearest,
 * QueryWorkingSetEx()'s Locked bit of each page, is never set by Wine 8.
 * (op_bounds still locks and unlocks every range there.) */
#ifndef _WIN32
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

struct lock_case {
	const char *name;
	size_t pages;        /* of anonymous memory */
	int whole;           /* vmap_lock() rather than vmap_lock_range() */
	struct th_rel off;   /* relative to the page size */
	struct th_rel len;
	long locked;         /* pages that get locked */
};

static const struct lock_case lock_cases[] = {
	{ "whole map", 2, 1, TH_REL(0, 0), TH_REL(0, 0), 2 },
	{ "two bytes across a page boundary", 4, 0, TH_REL(1, -1),
	  TH_REL(0, 2), 2 },
	{ "the last page", 4, 0, TH_REL(3, 0), TH_REL(1, 0), 1 },
};

/* Locking counts the pages holding the range; unlocking gives them back. */
START_TEST(lock_counts_pages)
{
	const struct lock_case *c = &lock_cases[_i];
	size_t ps = vmap_page_size();
	long page_kb = (long)(ps / 1024);
	size_t off = (size_t)th_rel(c->off, ps);
	size_t len = (size_t)th_rel(c->len, ps);
	struct vmap_map m;
	long before;
	int rc;

	th_anon(VMAP_WRITE, 0, c->pages * ps, &m);
	before = vm_locked_kb();
	rc = c->whole ? vmap_lock(&m) : vmap_lock_range(&m, off, len);
	ck_assert_msg(rc == 0, "%s: lock: %s", c->name, strerror(errno));
	ck_assert_msg(!th_counts_locks() ||
			      vm_locked_kb() == before + c->locked * page_kb,
		      "%s: %ld kB locked, expected %ld", c->name,
		      vm_locked_kb() - before, c->locked * page_kb);
	rc = c->whole ? vmap_unlock(&m) : vmap_unlock_range(&m, off, len);
	ck_assert_msg(rc == 0, "%s: unlock: %s", c->name, strerror(errno));
	ck_assert_msg(vm_locked_kb() == before, "%s: still locked", c->name);
	th_unmap_ok_as(c->name, &m);
}
END_TEST
#endif

/* ------------------------------------------------------------------ */
/* protect                                                             */
/* ------------------------------------------------------------------ */

START_TEST(readme_convert_example)
{
	const char *path = th_text_file("example");
	struct vmap_options o = th_opts(VMAP_WRITE, 0, vmap_extent_exact(14));
	struct vmap_map m;
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
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	th_assert_file(path, "that is a test", TH_TEXT_LEN);
}
END_TEST

/* The writable maps that go read-only and back. */
struct protect_case {
	const char *name;
	int anon;
	unsigned int flags;
	size_t len; /* anon only; files are TH_TEXT */
};

static const struct protect_case protect_cases[] = {
	{ "writable file", 0, VMAP_WRITE, 0 },
	{ "private copy of a file", 0, VMAP_COPY, 0 },
	{ "anon, 3 pages", 1, VMAP_WRITE, 0 },
	{ "private anon, 100 bytes", 1, VMAP_COPY, 100 },
};

/* make_readonly, check that a write faults, make_writable, check that it
 * no longer does; the other flags, ptr and len stay. */
static void readonly_round_trip(const char *name, struct vmap_map *m)
{
	unsigned int other = m->flags & ~VMAP_WRITE;
	char *p = m->ptr;
	size_t len = m->len;

	ck_assert_msg(th_faults(th_poke, p) == 0, "%s: not writable", name);
	ck_assert_msg(vmap_make_readonly(m) == 0, "%s: make_readonly", name);
	ck_assert_msg(m->flags == other, "%s: flags %#x after make_readonly",
		      name, m->flags);
	ck_assert_msg(m->ptr == p && m->len == len, "%s: moved", name);
	ck_assert_msg(th_faults(th_peek, p) == 0, "%s: read faults", name);
	ck_assert_msg(th_faults(th_poke, p) == 1, "%s: first byte writable",
		      name);
	ck_assert_msg(th_faults(th_poke, p + len - 1) == 1,
		      "%s: last byte writable", name);
	/* Twice is fine. */
	ck_assert_msg(vmap_make_readonly(m) == 0, "%s: readonly twice", name);

	ck_assert_msg(vmap_make_writable(m) == 0, "%s: make_writable", name);
	ck_assert_msg(m->flags == (other | VMAP_WRITE),
		      "%s: flags %#x after make_writable", name, m->flags);
	ck_assert_msg(th_faults(th_poke, p) == 0, "%s: still read-only", name);
	ck_assert_msg(vmap_make_writable(m) == 0, "%s: writable twice", name);
	((volatile char *)p)[len - 1] = 'X';
}

START_TEST(readonly_faults)
{
	const struct protect_case *c = &protect_cases[_i];
	size_t len = c->len ? c->len : 3 * vmap_page_size();
	struct vmap_map m;
	int fd = -1;

	if (c->anon)
		th_anon(c->flags, 0, len, &m);
	else
		th_map_text(c->flags, &m, &fd);
	readonly_round_trip(c->name, &m);
	if (c->flags & VMAP_COPY) {
		ck_assert_msg(m.flags & VMAP_COPY, "%s: not a copy", c->name);
		memcpy(m.ptr, "that", 4);
	}
	th_unmap_ok_as(c->name, &m);
	if (fd < 0)
		return;
	ck_assert_int_eq(close(fd), 0);
	if (c->flags & VMAP_COPY) {
		/* A private copy's writes never reach the file. */
		th_assert_file_as(c->name, th_path("t"), TH_TEXT,
				  TH_TEXT_LEN);
	}
}
END_TEST

START_TEST(make_writable_rdonly_fd)
{
	const char *path = th_text_file("t");
	int fd = th_open_fd(path, O_RDONLY);
	struct vmap_map m, copy;

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	copy = m;
	th_assert_fails(vmap_make_writable(&m), EACCES);
	ck_assert(th_same_map(&m, &copy));
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 1);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(make_writable_readonly_anon)
{
	struct vmap_map m;

	th_anon(0, 0, 64, &m);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 1);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_uint_ne(m.flags & VMAP_ANON, 0);
	memcpy(m.ptr, "now writable", 12);
	ck_assert_mem_eq(m.ptr, "now writable", 12);
	th_unmap_ok(&m);
}
END_TEST

START_TEST(protect_empty_and_null)
{
	struct vmap_map m;

	th_anon(0, 0, 0, &m);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	ck_assert_uint_eq(m.flags & VMAP_WRITE, 0);
	th_assert_empty(&m);
	th_unmap_ok(&m);
	th_assert_fails(vmap_make_writable(NULL), EINVAL);
	th_assert_fails(vmap_make_readonly(NULL), EINVAL);
}
END_TEST

/* The page protection a mapping gets, and keeps through make_readonly /
 * make_writable; VMAP_EXEC is in the flags exactly when asked for. */
struct perm_case {
	const char *name;
	int anon; /* else the text file */
	unsigned int flags;
	const char *perms;
};

static const struct perm_case perm_cases[] = {
	{ "file, exec", 0, VMAP_EXEC, "r-x" },
	{ "file, exec + write", 0, VMAP_EXEC | VMAP_WRITE, "rwx" },
	{ "file, no exec by default", 0, 0, "r--" },
	{ "file, write, no exec", 0, VMAP_WRITE, "rw-" },
	{ "anon, exec + write", 1, VMAP_EXEC | VMAP_WRITE, "rwx" },
};

static void check_perms(const char *name, const void *p, const char *want)
{
	char perms[5];

	ck_assert_msg(th_maps_perms(p, perms) == 0, "%s: not mapped", name);
	ck_assert_msg(memcmp(perms, want, 3) == 0, "%s: perms %s, expected %.3s",
		      name, perms, want);
}

START_TEST(exec_perms)
{
	const struct perm_case *c = &perm_cases[_i];
	struct vmap_options o = th_opts(c->flags, 0, vmap_extent_end());
	char ro[4];
	struct vmap_map m;
	int fd = -1;

	if (c->anon)
		ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	else
		th_map_text(c->flags, &m, &fd);
	ck_assert_msg(((m.flags & VMAP_EXEC) != 0) ==
			      ((c->flags & VMAP_EXEC) != 0),
		      "%s: VMAP_EXEC is %#x", c->name, m.flags & VMAP_EXEC);
	check_perms(c->name, m.ptr, c->perms);
	if (c->flags & VMAP_WRITE) {
		/* Read-only drops only the w; writable brings it back. */
		memcpy(ro, c->perms, 4);
		ro[1] = '-';
		ck_assert_int_eq(vmap_make_readonly(&m), 0);
		ck_assert_msg((m.flags & VMAP_EXEC) == (c->flags & VMAP_EXEC),
			      "%s: VMAP_EXEC changed", c->name);
		check_perms(c->name, m.ptr, ro);
		ck_assert_int_eq(vmap_make_writable(&m), 0);
		check_perms(c->name, m.ptr, c->perms);
	}
	th_unmap_ok_as(c->name, &m);
	if (fd >= 0)
		ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* remap                                                               */
/* ------------------------------------------------------------------ */

/* The files the remap cases start from. */
enum remap_file {
	R_TEXT,    /* TH_TEXT */
	R_Z3,      /* TH_TEXT, then 'z' up to three pages */
	R_PATTERN, /* two pages of (i % 251) */
};

/* Make the file "f" and hand back its malloc'd bytes and length. */
static const char *make_remap_file(enum remap_file f, char **datap,
				   size_t *lenp)
{
	size_t ps = vmap_page_size();
	size_t len = f == R_TEXT ? TH_TEXT_LEN : f == R_Z3 ? 3 * ps : 2 * ps;
	char *buf = malloc(len);
	size_t i;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < len; i++)
		buf[i] = f == R_PATTERN ? (char)(i % 251) : 'z';
	if (f != R_PATTERN)
		memcpy(buf, TH_TEXT, TH_TEXT_LEN);
	*datap = buf;
	*lenp = len;
	return th_mkfile("f", buf, len);
}

/* A file changes size under a mapping, which vmap_remap() follows to the
 * new end of the file.  Sizes are relative to the page size. */
struct remap_case {
	const char *name;
	enum remap_file file;
	unsigned int flags;
	struct th_rel offset;
	struct vmap_extent len; /* of the first mapping */
	struct th_rel size;     /* the file's new size */
	struct th_rel marker;   /* where "marker" is written; 0: nowhere */
	struct th_rel want_len;
};

static const struct remap_case remaps[] = {
	{ "grow to three pages", R_TEXT, 0, TH_REL(0, 0), { VMAP_END, 0 },
	  TH_REL(3, 0), TH_REL(2, 5), TH_REL(3, 0) },
	{ "shrink to 10 bytes", R_Z3, 0, TH_REL(0, 0), { VMAP_END, 0 },
	  TH_REL(0, 10), TH_REL(0, 0), TH_REL(0, 10) },
	{ "grow, at an unaligned offset", R_PATTERN, 0, TH_REL(1, 3),
	  { VMAP_EXACT, 10 }, TH_REL(4, 0), TH_REL(0, 0), TH_REL(3, -3) },
	{ "grow a writable map", R_TEXT, VMAP_WRITE, TH_REL(0, 0),
	  { VMAP_END, 0 }, TH_REL(0, 20), TH_REL(0, 0), TH_REL(0, 20) },
};

/* After the remap: the old bytes that are still in the file, then zeros
 * (and the marker) where the file grew. */
static void check_remapped(const struct remap_case *c, const char *ptr,
			   const char *old, size_t old_len, uint64_t off,
			   size_t len, uint64_t marker)
{
	size_t keep = old_len - off < len ? old_len - (size_t)off : len;
	size_t i;

	ck_assert_msg(memcmp(ptr, old + off, keep) == 0, "%s: old bytes lost",
		      c->name);
	for (i = keep; i < len; i++) {
		uint64_t at = off + i;

		if (marker && at >= marker && at < marker + 6)
			continue;
		ck_assert_msg(ptr[i] == 0, "%s: byte %zu not zero", c->name, i);
	}
	if (marker)
		ck_assert_msg(memcmp(ptr + (marker - off), "marker", 6) == 0,
			      "%s: marker not seen", c->name);
}

/* A writable map of the whole file writes its last 6 bytes back to it: the
 * file then holds exactly the map's bytes. */
static void check_writes_back(const struct remap_case *c,
			      struct vmap_map *m, int fd, const char *path)
{

	ck_assert_msg(m->len >= 6 && m->offset == 0, "%s: bad case", c->name);
	memcpy((char *)m->ptr + m->len - 6, "!more!", 6);
	ck_assert_int_eq(vmap_flush(m, fd, VMAP_FLUSH_SYNC), 0);
	th_assert_file_as(c->name, path, m->ptr, m->len);
}

START_TEST(remap_follows_file)
{
	const struct remap_case *c = &remaps[_i];
	size_t ps = vmap_page_size();
	struct vmap_options o = th_opts(c->flags, th_rel(c->offset, ps),
					c->len);
	uint64_t size = th_rel(c->size, ps), marker = th_rel(c->marker, ps);
	size_t want = (size_t)th_rel(c->want_len, ps), old_len;
	struct th_res before;
	struct vmap_map m;
	unsigned int flags;
	char *old;
	const char *path = make_remap_file(c->file, &old, &old_len);
	int fd = th_open_fd(path, O_RDWR);
	size_t first = c->len.kind == VMAP_END ? old_len - (size_t)o.offset
					       : (size_t)c->len.n;

	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	ck_assert_msg(m.len == first, "%s: first len %zu", c->name, m.len);
	flags = m.flags;
	/* The mapping does not follow the file by itself.  Where the file
	 * cannot shrink under it, the remap finds the file as it was. */
	if (!resize_under_map(fd, (off_t)size))
		want = old_len - (size_t)o.offset;
	ck_assert_msg(m.len == first, "%s: len changed", c->name);
	if (marker)
		ck_assert_int_eq(pwrite(fd, "marker", 6, (off_t)marker), 6);

	ck_assert_msg(vmap_remap(&m, fd, vmap_extent_end()) == 0, "%s: %s",
		      c->name, strerror(errno));
	ck_assert_msg(m.len == want, "%s: len %zu, expected %zu", c->name,
		      m.len, want);
	ck_assert_msg(m.offset == o.offset && m.flags == flags,
		      "%s: offset or flags changed", c->name);
	ck_assert_msg((uintptr_t)m.ptr % ps == o.offset % ps,
		      "%s: ptr not at the offset in its page", c->name);
	ck_assert_msg(th_count_maps() == before.maps + 1,
		      "%s: old mapping left behind", c->name);
	check_remapped(c, m.ptr, old, old_len, o.offset, m.len, marker);
	if (c->flags & VMAP_WRITE)
		check_writes_back(c, &m, fd, path);
	th_unmap_ok_as(c->name, &m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(fd), 0);
	free(old);
}
END_TEST

/* One mapping at offset 5 of the text, taken through successive extents. */
START_TEST(remap_extents)
{
	static const struct {
		struct vmap_extent len;
		const char *want;
	} steps[] = {
		{ { VMAP_EXACT, 4 }, "is a" },
		{ { VMAP_MAX, 100 }, "is a test" },
		{ { VMAP_MAX, 1 }, "i" },
		{ { VMAP_MIN, 3 }, "is a test" },
		{ { VMAP_END, 0 }, "is a test" },
	};
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(0, 5, vmap_extent_exact(2));
	int fd = th_open_fd(path, O_RDONLY);
	struct vmap_map m;
	size_t i;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	th_assert_bytes(&m, "is", 2);
	for (i = 0; i < TH_LEN(steps); i++) {
		const char *want = steps[i].want;

		ck_assert_msg(vmap_remap(&m, fd, steps[i].len) == 0,
			      "step %zu: %s", i, strerror(errno));
		ck_assert_msg(m.len == strlen(want) &&
				      memcmp(m.ptr, want, m.len) == 0 &&
				      m.offset == 5,
			      "step %zu: not \"%s\" at 5", i, want);
	}
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_past_end)
{
	/* First the range, then the offset itself lies past the end. */
	static const struct {
		off_t size;
		struct vmap_extent len;
	} steps[] = {
		{ TH_TEXT_LEN, { VMAP_EXACT, 100 } },
		{ TH_TEXT_LEN, { VMAP_MIN, 10 } },
		{ 3, { VMAP_END, 0 } },
		{ 3, { VMAP_MAX, 1 } },
	};
	const char *path = th_text_file("t");
	struct vmap_options o = th_opts(0, 5, vmap_extent_end());
	int fd = th_open_fd(path, O_RDWR);
	struct th_res before;
	struct vmap_map m, copy;
	size_t i;

	ck_assert_int_eq(vmap_map(fd, &o, &m), 0);
	copy = m;
	th_snap(&before);
	for (i = 0; i < TH_LEN(steps); i++) {
		/* Where the file cannot shrink under the map, the offset
		 * cannot come to lie past its end. */
		if (!resize_under_map(fd, steps[i].size))
			continue;
		th_assert_fails(vmap_remap(&m, fd, steps[i].len), ERANGE);
		ck_assert_msg(th_same_map(&m, &copy),
			      "step %zu: map changed", i);
		th_assert_no_leak(&before);
		if (steps[i].size == TH_TEXT_LEN)
			th_assert_bytes(&m, "is a test", 9);
	}
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_empty_and_back)
{
	const char *path = th_mkfile("e", "", 0);
	int fd = th_open_fd(path, O_RDWR);
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	th_assert_empty(&m);
	ck_assert_int_eq(pwrite(fd, TH_TEXT, TH_TEXT_LEN, 0),
			 (ssize_t)TH_TEXT_LEN);
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	if (resize_under_map(fd, 0)) {
		ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
		th_assert_empty(&m);
		th_assert_no_leak(&before);
	}
	ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_exact(0)), 0);
	th_assert_empty(&m);
	th_assert_no_leak(&before);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_no_leak)
{
	size_t ps = vmap_page_size();
	const char *path = th_text_file("t");
	int fd = th_open_fd(path, O_RDWR);
	struct th_res before;
	struct vmap_map m;
	int i;

	th_snap(&before);
	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	for (i = 0; i < 8; i++) {
		size_t len = (size_t)(i % 3 + 1) * ps;

		/* Where the file cannot shrink under the map, it keeps its
		 * length, which the remap finds. */
		if (!resize_under_map(fd, (off_t)len))
			len = m.len;
		ck_assert_int_eq(vmap_remap(&m, fd, vmap_extent_end()), 0);
		ck_assert_uint_eq(m.len, len);
		ck_assert_mem_eq(m.ptr, TH_TEXT, TH_TEXT_LEN);
		ck_assert_int_eq(th_count_maps(), before.maps + 1);
	}
	th_unmap_ok(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(remap_errors)
{
	const char *path = th_text_file("t");
	int fd = th_open_fd(path, O_RDWR);
	struct vmap_extent bad = { (enum vmap_extent_kind)42, 0 };
	struct th_res before;
	struct vmap_map m, a, copy;
	int p[2];

	ck_assert_int_eq(vmap_map(fd, NULL, &m), 0);
	th_anon(VMAP_WRITE, 0, 100, &a);
	th_snap(&before);

	th_assert_fails(vmap_remap(NULL, fd, vmap_extent_end()), EINVAL);
	copy = a;
	th_assert_fails(vmap_remap(&a, fd, vmap_extent_end()), EINVAL);
	ck_assert(th_same_map(&a, &copy));
	copy = m;
	th_assert_fails(vmap_remap(&m, -1, vmap_extent_end()), EINVAL);
	ck_assert(th_same_map(&m, &copy));
	th_assert_fails(vmap_remap(&m, fd, bad), EINVAL);
	ck_assert(th_same_map(&m, &copy));
	th_assert_no_leak(&before);

	/* A descriptor that is not a regular file. */
	th_pipe(p, 0, 0);
	th_snap(&before);
	th_assert_fails(vmap_remap(&m, p[0], vmap_extent_end()), ENODEV);
	ck_assert(th_same_map(&m, &copy));
	th_assert_no_leak(&before);
	ck_assert_int_eq(close(p[0]), 0);
	ck_assert_int_eq(close(p[1]), 0);

	/* A closed descriptor: the error of fstat(2). */
	th_assert_fails(vmap_remap(&m, p[0], vmap_extent_end()), EBADF);
	ck_assert(th_same_map(&m, &copy));

	th_assert_bytes(&m, TH_TEXT, TH_TEXT_LEN);
	th_unmap_ok(&m);
	th_unmap_ok(&a);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "unmap", unmap_zeroes_struct, 0 },
		{ "unmap", unmap_unaligned_offset, 0 },
		{ "unmap", unmap_anon, 0 },
		{ "unmap", unmap_empty_twice_and_null, 0 },
		{ "ops", op_bounds, TH_LEN(ops) },
		{ "ops", op_empty_map, TH_LEN(ops) },
		{ "ops", op_null_map, TH_LEN(ops) },
		{ "flush", flush_reaches_file, TH_LEN(flush_modes) },
		{ "flush", flush_unaligned_map, 0 },
		{ "flush", bad_mode_and_advice, 0 },
		{ "advise", advise_dontneed_keeps_private_data, 0 },
#ifndef _WIN32 /* no count of locked memory */
		{ "lock", lock_counts_pages, TH_LEN(lock_cases) },
#endif
		{ "protect", readme_convert_example, 0 },
		{ "protect", readonly_faults, TH_LEN(protect_cases) },
		{ "protect", make_writable_rdonly_fd, 0 },
		{ "protect", make_writable_readonly_anon, 0 },
		{ "protect", protect_empty_and_null, 0 },
		{ "protect", exec_perms, TH_LEN(perm_cases) },
		{ "remap", remap_follows_file, TH_LEN(remaps) },
		{ "remap", remap_extents, 0 },
		{ "remap", remap_past_end, 0 },
		{ "remap", remap_empty_and_back, 0 },
		{ "remap", remap_no_leak, 0 },
		{ "remap", remap_errors, 0 },
	};

	return th_run(th_suite("ops", tests, TH_LEN(tests)));
}
