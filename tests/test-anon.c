/*
 * libvmap - tests for anonymous mappings (vmap_alloc)
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/*
 * What differs on Windows.  th_faults() has no fork() there: it runs the
 * function in this process, so a store that does not fault is seen here
 * afterwards (and the fork sharing cases do not apply).  Pages are made
 * read-only behind the library's back with VirtualProtect().
 */
#ifdef _WIN32
#define FAULTS_IN_PROCESS 1

static int protect_read_only(void *p, size_t len)
{
	DWORD old;

	return VirtualProtect(p, len, PAGE_READONLY, &old) ? 0 : -1;
}
#else
#define FAULTS_IN_PROCESS 0

static int protect_read_only(void *p, size_t len)
{
	return mprotect(p, len, PROT_READ);
}
#endif

#define GIB4 ((int64_t)TH_GIB4)

static size_t unit(void)
{
	return vmap_allocation_size();
}

/* ------------------------------------------------------------------ */
/* extent: the length, offset, placement and flags a request gives     */
/* ------------------------------------------------------------------ */

struct alloc_case {
	const char *name;
	int defaults;               /* pass NULL options (flags etc. unused) */
	unsigned int flags;
	struct th_rel offset;       /* relative to the unit u */
	enum vmap_extent_kind kind; /* the length rule ... */
	struct th_rel n;            /* ... and its byte count */
	struct vmap_extent resize;  /* ignored by vmap_alloc */
	struct th_rel want_len;     /* 0: the empty mapping */
	struct th_rel want_off;     /* in-unit offset of ptr */
};

/* Omitted fields are 0: flags none, offset 0, VMAP_END, no resize. */
static const struct alloc_case alloc_cases[] = {
	{ .name = "NULL options: one unit", .defaults = 1,
	  .want_len = TH_REL(1, 0) },
	{ .name = "end at offset 100", .flags = VMAP_WRITE,
	  .offset = TH_REL(0, 100),
	  .want_len = TH_REL(1, -100), .want_off = TH_REL(0, 100) },
	/* VMAP_MIN: at least n bytes from ptr, to the end of the last unit */
	{ .name = "min 2000: one unit", .flags = VMAP_WRITE,
	  .kind = VMAP_MIN, .n = TH_REL(0, 2000),
	  .want_len = TH_REL(1, 0) },
	{ .name = "min u: one unit", .flags = VMAP_WRITE,
	  .kind = VMAP_MIN, .n = TH_REL(1, 0),
	  .want_len = TH_REL(1, 0) },
	{ .name = "min 3u+1: four units", .flags = VMAP_WRITE,
	  .kind = VMAP_MIN, .n = TH_REL(3, 1),
	  .want_len = TH_REL(4, 0) },
	{ .name = "min 2000 at offset 100", .flags = VMAP_WRITE,
	  .offset = TH_REL(0, 100), .kind = VMAP_MIN, .n = TH_REL(0, 2000),
	  .want_len = TH_REL(1, -100), .want_off = TH_REL(0, 100) },
	{ .name = "min 2000 at offset u-10", .flags = VMAP_WRITE,
	  .offset = TH_REL(1, -10), .kind = VMAP_MIN, .n = TH_REL(0, 2000),
	  .want_len = TH_REL(1, 10), .want_off = TH_REL(1, -10) },
	/* VMAP_MAX and VMAP_EXACT: exactly n bytes */
	{ .name = "max 2000 is exact", .flags = VMAP_WRITE,
	  .kind = VMAP_MAX, .n = TH_REL(0, 2000),
	  .want_len = TH_REL(0, 2000) },
	{ .name = "exact 2000", .flags = VMAP_WRITE,
	  .kind = VMAP_EXACT, .n = TH_REL(0, 2000),
	  .want_len = TH_REL(0, 2000) },
	{ .name = "exact 2u+1", .flags = VMAP_WRITE,
	  .kind = VMAP_EXACT, .n = TH_REL(2, 1),
	  .want_len = TH_REL(2, 1) },
	{ .name = "exact 0 is empty", .flags = VMAP_WRITE,
	  .kind = VMAP_EXACT, .n = TH_REL(0, 0) },
	{ .name = "max 0 at offset 77 is empty", .flags = VMAP_WRITE,
	  .offset = TH_REL(0, 77), .kind = VMAP_MAX, .n = TH_REL(0, 0) },
	/* Only the offset modulo u counts. */
	{ .name = "offset 3u+7, exact 10", .flags = VMAP_WRITE,
	  .offset = TH_REL(3, 7), .kind = VMAP_EXACT, .n = TH_REL(0, 10),
	  .want_len = TH_REL(0, 10), .want_off = TH_REL(0, 7) },
	{ .name = "offset 4GiB+9, to the end", .flags = VMAP_WRITE,
	  .offset = TH_REL(0, GIB4 + 9),
	  .want_len = TH_REL(1, -9), .want_off = TH_REL(0, 9) },
	{ .name = "offset 2u, to the end", .flags = VMAP_WRITE,
	  .offset = TH_REL(2, 0),
	  .want_len = TH_REL(1, 0) },
	{ .name = "resize is ignored",
	  .kind = VMAP_EXACT, .n = TH_REL(0, 100),
	  .resize = { VMAP_EXACT, 12345 },
	  .want_len = TH_REL(0, 100) },
	/* The flags in force. */
	{ .name = "read-only", .want_len = TH_REL(1, 0) },
	{ .name = "writable", .flags = VMAP_WRITE, .want_len = TH_REL(1, 0) },
	{ .name = "private copy", .flags = VMAP_COPY,
	  .want_len = TH_REL(1, 0) },
};

/* Check the flags in force: always VMAP_ANON, the copy bit as asked, and
 * writable with VMAP_WRITE or VMAP_COPY. */
static void check_flags(const char *name, unsigned int asked,
			unsigned int got)
{
	int writable = (asked & (VMAP_WRITE | VMAP_COPY)) != 0;

	ck_assert_msg(got & VMAP_ANON, "%s: VMAP_ANON not set", name);
	ck_assert_msg((got & VMAP_COPY) == (asked & VMAP_COPY),
		      "%s: VMAP_COPY is %#x, asked %#x", name, got & VMAP_COPY,
		      asked & VMAP_COPY);
	ck_assert_msg(((got & VMAP_WRITE) != 0) == writable,
		      "%s: VMAP_WRITE is %#x", name, got & VMAP_WRITE);
}

/* Check a non-empty mapping: length, offset, placement in its unit, zero
 * fill, flags; and that every byte can be written when it is writable. */
static void check_mapped(const struct alloc_case *c, struct vmap_map *m)
{
	size_t u = unit();
	uint64_t len = th_rel(c->want_len, u);
	uint64_t off = th_rel(c->want_off, u);

	ck_assert_msg(m->ptr != NULL, "%s: NULL ptr", c->name);
	ck_assert_msg(m->len == len, "%s: len %zu, expected %llu", c->name,
		      m->len, (unsigned long long)len);
	ck_assert_msg(m->offset == off, "%s: offset %llu, expected %llu",
		      c->name, (unsigned long long)m->offset,
		      (unsigned long long)off);
	ck_assert_msg((uintptr_t)m->ptr % u == off, "%s: ptr %p not at %llu",
		      c->name, m->ptr, (unsigned long long)off);
	ck_assert_msg(th_all_bytes(m->ptr, m->len, 0), "%s: not zero-filled",
		      c->name);
	check_flags(c->name, c->defaults ? 0 : c->flags, m->flags);
	if (m->flags & VMAP_WRITE)
		memset(m->ptr, 0x5a, m->len);
}

/* vmap_alloc() per @c, then unmap; no descriptor is ever used and nothing
 * is left behind.  An empty mapping holds nothing even while mapped. */
static void check_alloc(const struct alloc_case *c)
{
	size_t u = unit();
	struct vmap_options o = th_opts(
		c->flags, th_rel(c->offset, u),
		(struct vmap_extent){ c->kind, th_rel(c->n, u) });
	struct th_res before, now;
	struct vmap_map m;
	int rc;

	o.resize = c->resize;
	th_snap(&before);
	rc = vmap_alloc(c->defaults ? NULL : &o, &m);
	ck_assert_msg(rc == 0, "%s: vmap_alloc: %s", c->name, strerror(errno));
	th_snap(&now);
	ck_assert_msg(now.fds == before.fds, "%s: descriptor opened", c->name);
	if (th_rel(c->want_len, u) == 0) {
		ck_assert_msg(m.ptr == NULL && m.len == 0, "%s: not empty",
			      c->name);
		ck_assert_msg(now.maps == before.maps, "%s: empty map mapped",
			      c->name);
	} else {
		check_mapped(c, &m);
	}
	th_unmap_ok_as(c->name, &m);
	th_snap(&now);
	ck_assert_msg(now.fds == before.fds && now.maps == before.maps,
		      "%s: leaked a descriptor or mapping", c->name);
}

START_TEST(alloc_extent)
{
	check_alloc(&alloc_cases[_i]);
}
END_TEST

START_TEST(alloc_unmap_releases)
{
	static const struct alloc_case min_one = {
		.name = "min 1", .flags = VMAP_WRITE,
		.kind = VMAP_MIN, .n = TH_REL(0, 1),
		.want_len = TH_REL(1, 0)
	};

	/* The second time round finds everything released by the first. */
	check_alloc(&min_one);
	check_alloc(&min_one);
}
END_TEST

/* ------------------------------------------------------------------ */
/* access                                                              */
/* ------------------------------------------------------------------ */

struct protect_case {
	const char *name;
	unsigned int flags;
	int make_readonly; /* writable at first; vmap_make_readonly() it */
};

static const struct protect_case protect_cases[] = {
	{ "shared read-only", 0, 0 },
	{ "private made read-only", VMAP_COPY, 1 },
};

/* A read-only mapping reads as zeros and faults on any store.  (The poke
 * that shows a private map writable is seen only where th_faults() runs
 * it in this process.) */
START_TEST(alloc_readonly_faults)
{
	const struct protect_case *c = &protect_cases[_i];
	unsigned char poked = 0;
	struct vmap_map m;
	char *p;

	th_anon(c->flags, 0, 100, &m);
	p = m.ptr;
	if (c->make_readonly) {
		ck_assert_msg(th_faults(th_poke, p) == 0, "%s: poke faulted",
			      c->name);
		poked = FAULTS_IN_PROCESS;
		ck_assert_msg(vmap_make_readonly(&m) == 0,
			      "%s: vmap_make_readonly", c->name);
	}
	ck_assert_msg((unsigned char)p[0] == poked &&
			      th_all_bytes(p + 1, m.len - 1, 0),
		      "%s: not zero", c->name);
	ck_assert_msg(th_faults(th_peek, p) == 0, "%s: read faulted", c->name);
	ck_assert_msg(th_faults(th_poke, p) == 1, "%s: first byte writable",
		      c->name);
	ck_assert_msg(th_faults(th_poke, p + 99) == 1,
		      "%s: last byte writable", c->name);
	th_unmap_ok_as(c->name, &m);
}
END_TEST

#ifndef _WIN32 /* fork(): a child's writes to shared and private memory */
struct child_case {
	const char *name;
	unsigned int flags;
	size_t len;
	int shared; /* a child's writes show in the parent */
};

static const struct child_case child_cases[] = {
	{ "shared with a child", VMAP_WRITE, 64, 1 },
	{ "copy not shared with a child", VMAP_COPY, 64, 0 },
	{ "copy of 100 bytes", VMAP_COPY, 100, 0 },
};

static void write_hello(void *p)
{
	memcpy(p, "hello", 5);
}

/* A forked child writes; then the parent writes its own bytes. */
START_TEST(alloc_fork_sharing)
{
	const struct child_case *c = &child_cases[_i];
	struct vmap_map m;

	th_anon(c->flags, 0, c->len, &m);
	ck_assert_msg(th_faults(write_hello, m.ptr) == 0, "%s: child faulted",
		      c->name);
	if (c->shared)
		ck_assert_msg(memcmp(m.ptr, "hello", 5) == 0,
			      "%s: child's write not seen", c->name);
	else
		ck_assert_msg(th_all_bytes(m.ptr, 5, 0),
			      "%s: child's write seen", c->name);
	memcpy(m.ptr, "private", 7);
	ck_assert_msg(memcmp(m.ptr, "private", 7) == 0,
		      "%s: parent's write lost", c->name);
	th_unmap_ok_as(c->name, &m);
}
END_TEST
#endif

START_TEST(alloc_last_bytes_of_unit)
{
	size_t u = unit();
	size_t ps = vmap_page_size();
	struct vmap_map m;
	unsigned char *p;

	th_anon(VMAP_WRITE, u - 5, 6, &m);
	ck_assert_uint_eq(m.offset, u - 5);
	p = m.ptr;
	ck_assert_uint_eq((uintptr_t)(p + 5) % u, 0);

	/* The sixth byte is on the next page: make that page read-only. */
	ck_assert_int_eq(protect_read_only(p + 5, ps), 0);
	memcpy(p, "abcde", 5);
	ck_assert_mem_eq(p, "abcde", 5);
	ck_assert_uint_eq(p[5], 0);
	ck_assert_int_eq(th_faults(th_peek, p + 5), 0);
	ck_assert_int_eq(th_faults(th_poke, p + 5), 1);
	ck_assert_int_eq(th_faults(th_poke, p + 4), 0);
	th_unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* errors                                                              */
/* ------------------------------------------------------------------ */

struct alloc_error {
	const char *name;
	unsigned int flags;
	uint64_t offset;
	struct vmap_extent len;
	int want;
};

#define KIND(k) ((enum vmap_extent_kind)(k))

static const struct alloc_error alloc_errors[] = {
	{ "min UINT64_MAX", VMAP_WRITE, 0, { VMAP_MIN, UINT64_MAX },
	  EOVERFLOW },
	{ "exact SIZE_MAX", VMAP_WRITE, 0, { VMAP_EXACT, SIZE_MAX },
	  EOVERFLOW },
	{ "max UINT64_MAX", VMAP_WRITE, 0, { VMAP_MAX, UINT64_MAX },
	  EOVERFLOW },
	{ "min UINT64_MAX - 2", VMAP_WRITE, 0, { VMAP_MIN, UINT64_MAX - 2 },
	  EOVERFLOW },
	/* Fits alone, but not after the in-unit offset is added. */
	{ "exact SIZE_MAX - 50 at 100", VMAP_WRITE, 100,
	  { VMAP_EXACT, SIZE_MAX - 50 }, EOVERFLOW },
	{ "unknown flag 1 << 6", 1u << 6, 0, { VMAP_END, 0 }, EINVAL },
	{ "write + unknown flag 1 << 12", VMAP_WRITE | (1u << 12), 0,
	  { VMAP_END, 0 }, EINVAL },
	{ "unknown flag 1 << 31", 1u << 31, 0, { VMAP_END, 0 }, EINVAL },
	/* The open-only flags mean nothing without a file. */
	{ "create", VMAP_CREATE, 0, { VMAP_END, 0 }, EINVAL },
	{ "write + create", VMAP_WRITE | VMAP_CREATE, 0, { VMAP_END, 0 },
	  EINVAL },
	{ "create new", VMAP_CREATE_NEW, 0, { VMAP_END, 0 }, EINVAL },
	{ "write + create new", VMAP_WRITE | VMAP_CREATE_NEW, 0,
	  { VMAP_END, 0 }, EINVAL },
	{ "truncate", VMAP_TRUNCATE, 0, { VMAP_END, 0 }, EINVAL },
	{ "write + truncate", VMAP_WRITE | VMAP_TRUNCATE, 0, { VMAP_END, 0 },
	  EINVAL },
	{ "extent kind 42", VMAP_WRITE, 0, { KIND(42), 0 }, EINVAL },
	{ "extent kind -1", VMAP_WRITE, 0, { KIND(-1), 0 }, EINVAL },
};

/* vmap_alloc() fails with the row's errno, leaving no mapping behind and
 * the map struct untouched. */
START_TEST(alloc_fails)
{
	const struct alloc_error *c = &alloc_errors[_i];
	struct vmap_options o = th_opts(c->flags, c->offset, c->len);
	struct th_res before;
	struct vmap_map m;

	th_sentinel(&m);
	th_snap(&before);
	th_assert_fails_as(c->name, vmap_alloc(&o, &m), c->want);
	ck_assert_msg(th_is_sentinel(&m), "%s: map was modified", c->name);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(alloc_null_map)
{
	struct th_res before;

	th_snap(&before);
	th_assert_fails(vmap_alloc(NULL, NULL), EINVAL);
	th_assert_no_leak(&before);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "extent", alloc_extent, TH_LEN(alloc_cases) },
		{ "extent", alloc_unmap_releases, 0 },
		{ "access", alloc_readonly_faults, TH_LEN(protect_cases) },
#ifndef _WIN32 /* no fork() */
		{ "access", alloc_fork_sharing, TH_LEN(child_cases) },
#endif
		{ "access", alloc_last_bytes_of_unit, 0 },
		{ "errors", alloc_fails, TH_LEN(alloc_errors) },
		{ "errors", alloc_null_map, 0 },
	};

	return th_run(th_suite("anon", tests, TH_LEN(tests)));
}
