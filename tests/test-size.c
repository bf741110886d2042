/*
 * libvmap - tests for page size, allocation granularity and rounding
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
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/* What the system itself says.  POSIX maps at page granularity, which
 * sysconf(3) gives; Windows places views at a coarser granularity (64 KiB)
 * than its pages, and GetSystemInfo() gives both. */
#ifdef _WIN32
#include <windows.h>

static size_t os_page_size(void)
{
	SYSTEM_INFO si;

	GetSystemInfo(&si);
	return si.dwPageSize;
}

static size_t os_allocation_size(void)
{
	SYSTEM_INFO si;

	GetSystemInfo(&si);
	return si.dwAllocationGranularity;
}
#else
static size_t os_page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

#define os_allocation_size os_page_size
#endif

static int is_pow2(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static uint64_t unit(void)
{
	return (uint64_t)vmap_allocation_size();
}

/* --- system sizes: the page size and the allocation granularity --- */

struct sys_size {
	const char *name;
	size_t (*get)(void);
	size_t (*os)(void); /* what the system says */
	size_t at_least;    /* what the build pretends, else 0 */
};

#ifndef VMAP_TEST_GRANULARITY
#define VMAP_TEST_GRANULARITY 0
#endif

static const struct sys_size sys_sizes[] = {
	{ "vmap_page_size", vmap_page_size, os_page_size, 0 },
	{ "vmap_allocation_size", vmap_allocation_size, os_allocation_size,
	  VMAP_TEST_GRANULARITY },
};

START_TEST(sys_size_is_pow2)
{
	const struct sys_size *c = &sys_sizes[_i];
	size_t n = c->get();
	size_t ps = vmap_page_size();

	/* Both are powers of two, at least 4096, and whole pages. */
	ck_assert_msg(is_pow2(n), "%s: %zu is not a power of two", c->name, n);
	ck_assert_msg(n >= 4096, "%s: %zu < 4096", c->name, n);
	ck_assert_msg(n >= ps, "%s: %zu < page size %zu", c->name, n, ps);
	ck_assert_msg(n % ps == 0, "%s: %zu not a multiple of %zu", c->name,
		      n, ps);
}
END_TEST

START_TEST(sys_size_matches_sysconf)
{
	const struct sys_size *c = &sys_sizes[_i];
	size_t want = c->os();

	/* As the system says, unless a test build (configure
	 * --with-test-granularity) pretends a coarser granularity. */
	if (want < c->at_least)
		want = c->at_least;
	ck_assert_msg(c->get() == want, "%s: %zu, the system says %zu",
		      c->name, c->get(), want);
}
END_TEST

START_TEST(sys_size_cached)
{
	const struct sys_size *c = &sys_sizes[_i];
	size_t a = c->get();
	size_t b = c->get();

	ck_assert_msg(a == b, "%s: %zu, then %zu", c->name, a, b);
}
END_TEST

/* --- rounding: one row per call, values relative to the unit u --- */

struct rounding {
	const char *name;
	uint64_t (*fn)(uint64_t);
	struct th_rel in;   /* units of u + bytes, see th_rel() */
	struct th_rel want; /* ignored when err is set */
	int err;            /* 0, or EOVERFLOW: returns 0 and sets errno */
};

#define GIB4 ((int64_t)TH_GIB4)
#define BIT63 INT64_MIN /* 2^63 as a wrapping byte count */

/* fn(iu * u + ib) == wu * u + wb */
#define EQ(fn, iu, ib, wu, wb)                                                \
	{ #fn "(" #iu "*u + " #ib ") = " #wu "*u + " #wb, fn,               \
	  TH_REL(iu, ib), TH_REL(wu, wb), 0 }

/* fn(iu * u + ib) overflows */
#define OVF(fn, iu, ib)                                                       \
	{ #fn "(" #iu "*u + " #ib ") overflows", fn, TH_REL(iu, ib),         \
	  TH_REL(0, 0), EOVERFLOW }

/* -1*u + 0 is the largest multiple of u ("top"); 0*u - 1 is UINT64_MAX. */
static const struct rounding roundings[] = {
	EQ(vmap_round_up, 0, 0, 0, 0),
	EQ(vmap_round_up, 0, 1, 1, 0),
	EQ(vmap_round_up, 1, -1, 1, 0),
	EQ(vmap_round_up, 1, 0, 1, 0),
	EQ(vmap_round_up, 1, 1, 2, 0),
	EQ(vmap_round_up, 2, 0, 2, 0),
	EQ(vmap_round_up, 3, -1, 3, 0),
	EQ(vmap_round_up, 0, GIB4 + 1, 1, GIB4),
	EQ(vmap_round_up, -1, 0, -1, 0),
	EQ(vmap_round_up, -1, -1, -1, 0),
	EQ(vmap_round_up, -2, 1, -1, 0),
	OVF(vmap_round_up, 0, -1),
	OVF(vmap_round_up, -1, 1),
	OVF(vmap_round_up, 0, -2),

	EQ(vmap_round_down, 0, 0, 0, 0),
	EQ(vmap_round_down, 0, 1, 0, 0),
	EQ(vmap_round_down, 1, -1, 0, 0),
	EQ(vmap_round_down, 1, 0, 1, 0),
	EQ(vmap_round_down, 1, 1, 1, 0),
	EQ(vmap_round_down, 2, -1, 1, 0),
	EQ(vmap_round_down, 0, -1, -1, 0),
	EQ(vmap_round_down, 0, GIB4 + 123, 0, GIB4),
	EQ(vmap_round_down, 0, GIB4 - 1, -1, GIB4),

	EQ(vmap_unit_offset, 0, 0, 0, 0),
	EQ(vmap_unit_offset, 0, 1, 0, 1),
	EQ(vmap_unit_offset, 1, -1, 1, -1),
	EQ(vmap_unit_offset, 1, 0, 0, 0),
	EQ(vmap_unit_offset, 1, 1, 0, 1),
	EQ(vmap_unit_offset, 2, 123, 0, 123),
	EQ(vmap_unit_offset, 0, GIB4 + 123, 0, 123),
	EQ(vmap_unit_offset, 0, -1, 1, -1),

	/* vmap_unit_count returns a count, vmap_unit_size takes one. */
	EQ(vmap_unit_count, 0, 0, 0, 0),
	EQ(vmap_unit_count, 0, 1, 0, 1),
	EQ(vmap_unit_count, 1, -1, 0, 1),
	EQ(vmap_unit_count, 1, 0, 0, 1),
	EQ(vmap_unit_count, 1, 1, 0, 2),
	EQ(vmap_unit_count, 2, 0, 0, 2),
	EQ(vmap_unit_count, 2, 1, 0, 3),

	EQ(vmap_unit_size, 0, 0, 0, 0),
	EQ(vmap_unit_size, 0, 1, 1, 0),
	EQ(vmap_unit_size, 0, 2, 2, 0),
	OVF(vmap_unit_size, 0, -1),
	OVF(vmap_unit_size, 0, BIT63),
};

START_TEST(rounding)
{
	const struct rounding *c = &roundings[_i];
	uint64_t u = unit();
	uint64_t want = c->err ? 0 : th_rel(c->want, u);
	uint64_t got;
	int err;

	errno = 0;
	got = c->fn(th_rel(c->in, u));
	err = errno;
	ck_assert_msg(got == want, "%s: got %llu, expected %llu", c->name,
		      (unsigned long long)got, (unsigned long long)want);
	if (c->err)
		ck_assert_msg(err == c->err, "%s: errno %d, expected %d",
			      c->name, err, c->err);
}
END_TEST

/* --- results at counts derived from u, which th_rel cannot write --- */

START_TEST(unit_count_never_overflows)
{
	uint64_t u = unit();
	uint64_t all = UINT64_MAX / u + 1; /* 2^64 / u */

	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX), all);
	/* 2^64 - u is the largest multiple of u. */
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - u + 1), all - 1);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - u + 2), all);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - u), all - 1);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - 2 * u + 2), all - 1);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - 2 * u + 1), all - 2);
}
END_TEST

START_TEST(unit_size_derived_counts)
{
	uint64_t u = unit();
	uint64_t max = UINT64_MAX / u; /* the largest count that fits */

	ck_assert_uint_eq(vmap_unit_size(TH_GIB4 / u + 1), TH_GIB4 + u);
	ck_assert_uint_eq(vmap_unit_size(max), max * u);
	ck_assert_uint_eq(vmap_unit_size(max), UINT64_MAX - u + 1);
	errno = 0;
	ck_assert_uint_eq(vmap_unit_size(max + 1), 0);
	ck_assert_int_eq(errno, EOVERFLOW);
}
END_TEST

/* --- identities between the helpers, over assorted byte counts --- */

static const uint64_t ns[] = {
	0, 1, 4095, 4096, 4097, 65536, 65537, UINT64_C(0x123456789), UINT64_MAX,
};

START_TEST(identities)
{
	uint64_t n = ns[_i];

	ck_assert_msg(vmap_round_down(n) + vmap_unit_offset(n) == n,
		      "n=%llu: round_down + unit_offset != n",
		      (unsigned long long)n);
	/* Also at UINT64_MAX, where both sides overflow to 0. */
	ck_assert_msg(vmap_unit_size(vmap_unit_count(n)) == vmap_round_up(n),
		      "n=%llu: unit_size(unit_count) != round_up",
		      (unsigned long long)n);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "system", sys_size_is_pow2, TH_LEN(sys_sizes) },
		{ "system", sys_size_matches_sysconf, TH_LEN(sys_sizes) },
		{ "system", sys_size_cached, TH_LEN(sys_sizes) },
		{ "round", rounding, TH_LEN(roundings) },
		{ "units", unit_count_never_overflows, 0 },
		{ "units", unit_size_derived_counts, 0 },
		{ "units", identities, TH_LEN(ns) },
	};

	return th_run(th_suite("size", tests, TH_LEN(tests)));
}
