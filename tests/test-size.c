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

static int is_pow2(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static uint64_t unit(void)
{
	return (uint64_t)vmap_allocation_size();
}

/* Assert that @expr returns 0 and sets errno to EOVERFLOW. */
#define ck_overflow(expr)                                                     \
	do {                                                                  \
		errno = 0;                                                    \
		ck_assert_uint_eq((expr), 0);                                 \
		ck_assert_int_eq(errno, EOVERFLOW);                           \
	} while (0)

/* --- system sizes --- */

START_TEST(page_size_is_pow2)
{
	size_t ps = vmap_page_size();

	ck_assert(is_pow2(ps));
	ck_assert_uint_ge(ps, 4096);
}
END_TEST

START_TEST(page_size_matches_sysconf)
{
	ck_assert_uint_eq(vmap_page_size(), (size_t)sysconf(_SC_PAGESIZE));
}
END_TEST

START_TEST(page_size_cached)
{
	size_t a = vmap_page_size();
	size_t b = vmap_page_size();

	ck_assert_uint_eq(a, b);
}
END_TEST

START_TEST(allocation_size_is_pow2)
{
	size_t as = vmap_allocation_size();

	ck_assert(is_pow2(as));
	ck_assert_uint_ge(as, vmap_page_size());
	ck_assert_uint_eq(as % vmap_page_size(), 0);
}
END_TEST

START_TEST(allocation_size_matches_sysconf)
{
	/* On POSIX the granularity is the page size. */
	ck_assert_uint_eq(vmap_allocation_size(),
			  (size_t)sysconf(_SC_PAGESIZE));
}
END_TEST

START_TEST(allocation_size_cached)
{
	size_t a = vmap_allocation_size();
	size_t b = vmap_allocation_size();

	ck_assert_uint_eq(a, b);
}
END_TEST

/* --- vmap_round_up --- */

START_TEST(round_up_small)
{
	uint64_t u = unit();

	ck_assert_uint_eq(vmap_round_up(0), 0);
	ck_assert_uint_eq(vmap_round_up(1), u);
	ck_assert_uint_eq(vmap_round_up(u - 1), u);
	ck_assert_uint_eq(vmap_round_up(u), u);
	ck_assert_uint_eq(vmap_round_up(u + 1), 2 * u);
	ck_assert_uint_eq(vmap_round_up(2 * u), 2 * u);
	ck_assert_uint_eq(vmap_round_up(3 * u - 1), 3 * u);
}
END_TEST

START_TEST(round_up_large)
{
	uint64_t u = unit();
	uint64_t top = UINT64_MAX - u + 1; /* largest multiple of u */

	ck_assert_uint_eq(vmap_round_up(TH_GIB4 + 1), TH_GIB4 + u);
	ck_assert_uint_eq(vmap_round_up(top), top);
	ck_assert_uint_eq(vmap_round_up(top - 1), top);
	ck_assert_uint_eq(vmap_round_up(top - u + 1), top);
}
END_TEST

START_TEST(round_up_overflow)
{
	uint64_t u = unit();
	uint64_t top = UINT64_MAX - u + 1;

	ck_overflow(vmap_round_up(UINT64_MAX));
	ck_overflow(vmap_round_up(top + 1));
	ck_overflow(vmap_round_up(UINT64_MAX - 1));
}
END_TEST

/* --- vmap_round_down --- */

START_TEST(round_down_small)
{
	uint64_t u = unit();

	ck_assert_uint_eq(vmap_round_down(0), 0);
	ck_assert_uint_eq(vmap_round_down(1), 0);
	ck_assert_uint_eq(vmap_round_down(u - 1), 0);
	ck_assert_uint_eq(vmap_round_down(u), u);
	ck_assert_uint_eq(vmap_round_down(u + 1), u);
	ck_assert_uint_eq(vmap_round_down(2 * u - 1), u);
}
END_TEST

START_TEST(round_down_large)
{
	uint64_t u = unit();

	ck_assert_uint_eq(vmap_round_down(UINT64_MAX), UINT64_MAX - u + 1);
	ck_assert_uint_eq(vmap_round_down(TH_GIB4 + 123), TH_GIB4);
	ck_assert_uint_eq(vmap_round_down(TH_GIB4 - 1), TH_GIB4 - u);
}
END_TEST

/* --- vmap_unit_offset --- */

START_TEST(unit_offset_values)
{
	uint64_t u = unit();

	ck_assert_uint_eq(vmap_unit_offset(0), 0);
	ck_assert_uint_eq(vmap_unit_offset(1), 1);
	ck_assert_uint_eq(vmap_unit_offset(u - 1), u - 1);
	ck_assert_uint_eq(vmap_unit_offset(u), 0);
	ck_assert_uint_eq(vmap_unit_offset(u + 1), 1);
	ck_assert_uint_eq(vmap_unit_offset(2 * u + 123), 123);
	ck_assert_uint_eq(vmap_unit_offset(TH_GIB4 + 123), 123);
	ck_assert_uint_eq(vmap_unit_offset(UINT64_MAX), u - 1);
}
END_TEST

START_TEST(unit_offset_plus_round_down)
{
	static const uint64_t ns[] = { 0, 1, 4095, 4096, 4097, 65537,
				       UINT64_C(0x123456789), UINT64_MAX };
	size_t i;

	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		ck_assert_uint_eq(vmap_round_down(ns[i]) +
					  vmap_unit_offset(ns[i]),
				  ns[i]);
}
END_TEST

/* --- vmap_unit_count --- */

START_TEST(unit_count_small)
{
	uint64_t u = unit();

	ck_assert_uint_eq(vmap_unit_count(0), 0);
	ck_assert_uint_eq(vmap_unit_count(1), 1);
	ck_assert_uint_eq(vmap_unit_count(u - 1), 1);
	ck_assert_uint_eq(vmap_unit_count(u), 1);
	ck_assert_uint_eq(vmap_unit_count(u + 1), 2);
	ck_assert_uint_eq(vmap_unit_count(2 * u), 2);
	ck_assert_uint_eq(vmap_unit_count(2 * u + 1), 3);
}
END_TEST

START_TEST(unit_count_never_overflows)
{
	uint64_t u = unit();
	uint64_t all = UINT64_MAX / u + 1; /* 2^64 / u */

	errno = 0;
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX), all);
	/* 2^64 - u is the largest multiple of u. */
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - u + 1), all - 1);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - u + 2), all);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - u), all - 1);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - 2 * u + 2), all - 1);
	ck_assert_uint_eq(vmap_unit_count(UINT64_MAX - 2 * u + 1), all - 2);
}
END_TEST

/* --- vmap_unit_size --- */

START_TEST(unit_size_small)
{
	uint64_t u = unit();

	ck_assert_uint_eq(vmap_unit_size(0), 0);
	ck_assert_uint_eq(vmap_unit_size(1), u);
	ck_assert_uint_eq(vmap_unit_size(2), 2 * u);
	ck_assert_uint_eq(vmap_unit_size(TH_GIB4 / u + 1), TH_GIB4 + u);
}
END_TEST

START_TEST(unit_size_largest)
{
	uint64_t u = unit();
	uint64_t max = UINT64_MAX / u;

	ck_assert_uint_eq(vmap_unit_size(max), max * u);
	ck_assert_uint_eq(vmap_unit_size(max), UINT64_MAX - u + 1);
}
END_TEST

START_TEST(unit_size_overflow)
{
	uint64_t u = unit();

	ck_overflow(vmap_unit_size(UINT64_MAX / u + 1));
	ck_overflow(vmap_unit_size(UINT64_MAX));
	ck_overflow(vmap_unit_size(UINT64_C(1) << 63));
}
END_TEST

START_TEST(unit_size_of_count_is_round_up)
{
	static const uint64_t ns[] = { 0, 1, 4095, 4096, 4097, 65536, 65537,
				       UINT64_C(0x123456789) };
	size_t i;

	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		ck_assert_uint_eq(vmap_unit_size(vmap_unit_count(ns[i])),
				  vmap_round_up(ns[i]));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("size");
	TCase *tc;

	tc = tcase_create("system");
	tcase_add_test(tc, page_size_is_pow2);
	tcase_add_test(tc, page_size_matches_sysconf);
	tcase_add_test(tc, page_size_cached);
	tcase_add_test(tc, allocation_size_is_pow2);
	tcase_add_test(tc, allocation_size_matches_sysconf);
	tcase_add_test(tc, allocation_size_cached);
	suite_add_tcase(s, tc);

	tc = tcase_create("round");
	tcase_add_test(tc, round_up_small);
	tcase_add_test(tc, round_up_large);
	tcase_add_test(tc, round_up_overflow);
	tcase_add_test(tc, round_down_small);
	tcase_add_test(tc, round_down_large);
	suite_add_tcase(s, tc);

	tc = tcase_create("units");
	tcase_add_test(tc, unit_offset_values);
	tcase_add_test(tc, unit_offset_plus_round_down);
	tcase_add_test(tc, unit_count_small);
	tcase_add_test(tc, unit_count_never_overflows);
	tcase_add_test(tc, unit_size_small);
	tcase_add_test(tc, unit_size_largest);
	tcase_add_test(tc, unit_size_overflow);
	tcase_add_test(tc, unit_size_of_count_is_round_up);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return th_run(suite());
}
