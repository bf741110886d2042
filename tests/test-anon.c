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
#include <sys/mman.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

static struct vmap_options opts(unsigned int flags, uint64_t offset,
				struct vmap_extent len)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;

	o.flags = flags;
	o.offset = offset;
	o.len = len;
	return o;
}

static size_t unit(void)
{
	return vmap_allocation_size();
}

static void unmap_ok(struct vmap_map *m)
{
	static const struct vmap_map zero;

	ck_assert_int_eq(vmap_unmap(m), 0);
	ck_assert_mem_eq(m, &zero, sizeof(zero));
}

static int all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

/* Assert that vmap_alloc(@o) fails with @want, leaving no mapping behind
 * and the map struct untouched. */
#define alloc_fails(o, want)                                                  \
	do {                                                                  \
		struct th_res res_;                                           \
		struct vmap_map m_;                                           \
		th_sentinel(&m_);                                             \
		th_snap(&res_);                                               \
		errno = 0;                                                    \
		ck_assert_int_eq(vmap_alloc((o), &m_), -1);                   \
		ck_assert_int_eq(errno, (want));                              \
		th_assert_untouched(&m_);                                     \
		th_assert_no_leak(&res_);                                     \
	} while (0)

/* ------------------------------------------------------------------ */
/* extent                                                              */
/* ------------------------------------------------------------------ */

START_TEST(alloc_default_is_one_unit)
{
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(NULL, &m), 0);
	ck_assert_ptr_nonnull(m.ptr);
	ck_assert_uint_eq(m.len, unit());
	ck_assert_uint_eq(m.offset, 0);
	ck_assert_uint_eq((uintptr_t)m.ptr % unit(), 0);
	ck_assert(all_zero(m.ptr, m.len));
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_end_at_offset)
{
	struct vmap_options o = opts(VMAP_WRITE, 100, vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, unit() - 100);
	ck_assert_uint_eq(m.offset, 100);
	ck_assert_uint_eq((uintptr_t)m.ptr % unit(), 100);
	memset(m.ptr, 0x5a, m.len);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_min_rounds_to_unit)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_min(2000));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, unit());
	ck_assert(all_zero(m.ptr, m.len));
	memset(m.ptr, 0xff, m.len);
	unmap_ok(&m);

	o.len = vmap_extent_min(unit());
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, unit());
	unmap_ok(&m);

	o.len = vmap_extent_min(3 * unit() + 1);
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 4 * unit());
	((volatile char *)m.ptr)[m.len - 1] = 1;
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_min_at_offset)
{
	struct vmap_options o = opts(VMAP_WRITE, 100, vmap_extent_min(2000));
	struct vmap_map m;

	/* At least 2000 bytes from ptr, to the end of the last unit. */
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, unit() - 100);
	ck_assert_uint_eq(m.offset, 100);
	unmap_ok(&m);

	o.offset = unit() - 10;
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, unit() + 10);
	memset(m.ptr, 1, m.len);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_max_is_exact)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_max(2000));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 2000);
	ck_assert(all_zero(m.ptr, m.len));
	memset(m.ptr, 0xee, m.len);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_exact)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_exact(2000));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 2000);
	ck_assert(all_zero(m.ptr, m.len));
	memset(m.ptr, 0xee, m.len);
	unmap_ok(&m);

	o.len = vmap_extent_exact(2 * unit() + 1);
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 2 * unit() + 1);
	memset(m.ptr, 0xee, m.len);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_empty)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_exact(0));
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	th_assert_empty(&m);
	th_assert_no_leak(&before);
	unmap_ok(&m);

	o.len = vmap_extent_max(0);
	o.offset = 77;
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	th_assert_empty(&m);
	unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(alloc_offset_modulo_unit)
{
	struct vmap_options o = opts(VMAP_WRITE, 3 * unit() + 7,
				     vmap_extent_exact(10));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 10);
	ck_assert_uint_eq(m.offset, 7);
	ck_assert_uint_eq((uintptr_t)m.ptr % unit(), 7);
	unmap_ok(&m);

	o.offset = TH_GIB4 + 9;
	o.len = vmap_extent_end();
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.offset, 9);
	ck_assert_uint_eq(m.len, unit() - 9);
	unmap_ok(&m);

	o.offset = 2 * unit();
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.offset, 0);
	ck_assert_uint_eq(m.len, unit());
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_resize_ignored)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(100));
	struct vmap_map m;

	o.resize = vmap_extent_exact(12345);
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 100);
	unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* access                                                              */
/* ------------------------------------------------------------------ */

START_TEST(alloc_flags)
{
	struct vmap_options o = opts(0, 0, vmap_extent_end());
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_ne(m.flags & VMAP_ANON, 0);
	ck_assert_uint_eq(m.flags & (VMAP_WRITE | VMAP_COPY), 0);
	unmap_ok(&m);

	o.flags = VMAP_WRITE;
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_ne(m.flags & VMAP_ANON, 0);
	ck_assert_uint_ne(m.flags & VMAP_WRITE, 0);
	ck_assert_uint_eq(m.flags & VMAP_COPY, 0);
	unmap_ok(&m);

	o.flags = VMAP_COPY;
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_ne(m.flags & VMAP_ANON, 0);
	ck_assert_uint_ne(m.flags & VMAP_COPY, 0);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_readonly_shared_faults)
{
	struct vmap_options o = opts(0, 0, vmap_extent_exact(100));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert(all_zero(m.ptr, m.len));
	ck_assert_int_eq(th_faults(th_peek, m.ptr), 0);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 1);
	ck_assert_int_eq(th_faults(th_poke, (char *)m.ptr + 99), 1);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_readonly_private_faults)
{
	struct vmap_options o = opts(VMAP_COPY, 0, vmap_extent_exact(100));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 0);
	ck_assert_int_eq(vmap_make_readonly(&m), 0);
	ck_assert(all_zero(m.ptr, m.len));
	ck_assert_int_eq(th_faults(th_peek, m.ptr), 0);
	ck_assert_int_eq(th_faults(th_poke, m.ptr), 1);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_writable_copy)
{
	struct vmap_options o = opts(VMAP_COPY, 0, vmap_extent_exact(100));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	memcpy(m.ptr, "private", 7);
	ck_assert_mem_eq(m.ptr, "private", 7);
	unmap_ok(&m);
}
END_TEST

static void write_hello(void *p)
{
	memcpy(p, "hello", 5);
}

START_TEST(alloc_shared_with_child)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_exact(64));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(th_faults(write_hello, m.ptr), 0);
	ck_assert_mem_eq(m.ptr, "hello", 5);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_copy_not_shared_with_child)
{
	struct vmap_options o = opts(VMAP_COPY, 0, vmap_extent_exact(64));
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(th_faults(write_hello, m.ptr), 0);
	ck_assert(all_zero(m.ptr, 5));
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_last_bytes_of_unit)
{
	size_t u = unit();
	size_t ps = vmap_page_size();
	struct vmap_options o = opts(VMAP_WRITE, u - 5, vmap_extent_exact(6));
	struct vmap_map m;
	unsigned char *p;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_uint_eq(m.len, 6);
	ck_assert_uint_eq(m.offset, u - 5);
	p = m.ptr;
	ck_assert_uint_eq((uintptr_t)(p + 5) % u, 0);

	/* The sixth byte is on the next page: make that page read-only. */
	ck_assert_int_eq(mprotect(p + 5, ps, PROT_READ), 0);
	memcpy(p, "abcde", 5);
	ck_assert_mem_eq(p, "abcde", 5);
	ck_assert_uint_eq(p[5], 0);
	ck_assert_int_eq(th_faults(th_peek, p + 5), 0);
	ck_assert_int_eq(th_faults(th_poke, p + 5), 1);
	ck_assert_int_eq(th_faults(th_poke, p + 4), 0);
	unmap_ok(&m);
}
END_TEST

START_TEST(alloc_unmap_releases)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_min(1));
	struct th_res before;
	struct vmap_map m;

	th_snap(&before);
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	unmap_ok(&m);
	th_assert_no_leak(&before);
	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(th_count_fds(), before.fds);
	unmap_ok(&m);
	th_assert_no_leak(&before);
}
END_TEST

/* ------------------------------------------------------------------ */
/* errors                                                              */
/* ------------------------------------------------------------------ */

START_TEST(alloc_overflow)
{
	struct vmap_options o = opts(VMAP_WRITE, 0,
				     vmap_extent_min(UINT64_MAX));

	alloc_fails(&o, EOVERFLOW);
	o.len = vmap_extent_exact(SIZE_MAX);
	alloc_fails(&o, EOVERFLOW);
	o.len = vmap_extent_max(UINT64_MAX);
	alloc_fails(&o, EOVERFLOW);
	o.len = vmap_extent_min(UINT64_MAX - 2);
	alloc_fails(&o, EOVERFLOW);
	/* Fits alone, but not after the in-unit offset is added. */
	o.offset = 100;
	o.len = vmap_extent_exact(SIZE_MAX - 50);
	alloc_fails(&o, EOVERFLOW);
}
END_TEST

START_TEST(alloc_null_map)
{
	struct th_res before;

	th_snap(&before);
	errno = 0;
	ck_assert_int_eq(vmap_alloc(NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	th_assert_no_leak(&before);
}
END_TEST

START_TEST(alloc_unknown_flags)
{
	struct vmap_options o = opts(1u << 6, 0, vmap_extent_end());

	alloc_fails(&o, EINVAL);
	o.flags = VMAP_WRITE | (1u << 12);
	alloc_fails(&o, EINVAL);
	o.flags = 1u << 31;
	alloc_fails(&o, EINVAL);
}
END_TEST

START_TEST(alloc_open_only_flags)
{
	static const unsigned int fl[] = { VMAP_CREATE, VMAP_CREATE_NEW,
					   VMAP_TRUNCATE };
	size_t i;

	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		struct vmap_options o = opts(fl[i], 0, vmap_extent_end());

		alloc_fails(&o, EINVAL);
		o.flags |= VMAP_WRITE;
		alloc_fails(&o, EINVAL);
	}
}
END_TEST

START_TEST(alloc_bad_extent_kind)
{
	struct vmap_options o = opts(VMAP_WRITE, 0, vmap_extent_end());

	o.len.kind = (enum vmap_extent_kind)42;
	alloc_fails(&o, EINVAL);
	o.len.kind = (enum vmap_extent_kind)-1;
	alloc_fails(&o, EINVAL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("anon");
	TCase *tc;

	tc = th_tcase("extent");
	tcase_add_test(tc, alloc_default_is_one_unit);
	tcase_add_test(tc, alloc_end_at_offset);
	tcase_add_test(tc, alloc_min_rounds_to_unit);
	tcase_add_test(tc, alloc_min_at_offset);
	tcase_add_test(tc, alloc_max_is_exact);
	tcase_add_test(tc, alloc_exact);
	tcase_add_test(tc, alloc_empty);
	tcase_add_test(tc, alloc_offset_modulo_unit);
	tcase_add_test(tc, alloc_resize_ignored);
	suite_add_tcase(s, tc);

	tc = th_tcase("access");
	tcase_add_test(tc, alloc_flags);
	tcase_add_test(tc, alloc_readonly_shared_faults);
	tcase_add_test(tc, alloc_readonly_private_faults);
	tcase_add_test(tc, alloc_writable_copy);
	tcase_add_test(tc, alloc_shared_with_child);
	tcase_add_test(tc, alloc_copy_not_shared_with_child);
	tcase_add_test(tc, alloc_last_bytes_of_unit);
	tcase_add_test(tc, alloc_unmap_releases);
	suite_add_tcase(s, tc);

	tc = th_tcase("errors");
	tcase_add_test(tc, alloc_overflow);
	tcase_add_test(tc, alloc_null_map);
	tcase_add_test(tc, alloc_unknown_flags);
	tcase_add_test(tc, alloc_open_only_flags);
	tcase_add_test(tc, alloc_bad_extent_kind);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return th_run(suite());
}
