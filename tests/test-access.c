/*
 * libvmap - tests for the bounds-checked accessors (vmap_read*, vmap_write*)
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

#define SENT64 UINT64_C(0xa5a5a5a5a5a5a5a5)
#define MAP_LEN 60 /* not a multiple of 8, to test the end of the map */

/*
 * Every scalar accessor behind one signature, so each test runs over all
 * twelve (width, form) pairs.  The read wrappers start from the caller's
 * *v so a failed call can be seen to leave the output alone.
 */
#define READ_WRAPPER(W, SUF)                                                  \
	static int rd_##W##SUF(const struct vmap_map *m, size_t off,          \
			       uint64_t *v)                                   \
	{                                                                     \
		uint##W##_t x = (uint##W##_t)*v;                              \
		int rc = vmap_read_u##W##SUF(m, off, &x);                     \
		*v = x;                                                       \
		return rc;                                                    \
	}                                                                     \
	static int rdn_##W##SUF(const struct vmap_map *m, size_t off)         \
	{                                                                     \
		return vmap_read_u##W##SUF(m, off, NULL);                     \
	}                                                                     \
	static int wr_##W##SUF(struct vmap_map *m, size_t off, uint64_t v)    \
	{                                                                     \
		return vmap_write_u##W##SUF(m, off, (uint##W##_t)v);          \
	}

#define WIDTH_WRAPPERS(W)                                                     \
	READ_WRAPPER(W, )                                                     \
	READ_WRAPPER(W, _volatile)                                            \
	READ_WRAPPER(W, _unaligned)

WIDTH_WRAPPERS(8)
WIDTH_WRAPPERS(16)
WIDTH_WRAPPERS(32)
WIDTH_WRAPPERS(64)

struct accessor {
	const char *name;
	size_t size;
	int aligned; /* plain and volatile forms need alignment */
	int (*rd)(const struct vmap_map *, size_t, uint64_t *);
	int (*rdn)(const struct vmap_map *, size_t);
	int (*wr)(struct vmap_map *, size_t, uint64_t);
};

#define ACC(W, SUF, AL)                                                       \
	{ "u" #W #SUF, W / 8, AL, rd_##W##SUF, rdn_##W##SUF, wr_##W##SUF }

static const struct accessor accessors[] = {
	ACC(8, , 1),  ACC(8, _volatile, 1),  ACC(8, _unaligned, 0),
	ACC(16, , 1), ACC(16, _volatile, 1), ACC(16, _unaligned, 0),
	ACC(32, , 1), ACC(32, _volatile, 1), ACC(32, _unaligned, 0),
	ACC(64, , 1), ACC(64, _volatile, 1), ACC(64, _unaligned, 0),
};

#define N_ACCESSORS ((int)(sizeof(accessors) / sizeof(accessors[0])))

static uint64_t mask_of(size_t size)
{
	return size == 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

/* A value that differs in every byte, so a wrong order or width shows. */
static uint64_t value_for(size_t off)
{
	return UINT64_C(0x0102030405060708) * (off + 1) ^
	       UINT64_C(0xf0e1d2c3b4a59687);
}

static void unmap_ok(struct vmap_map *m)
{
	static const struct vmap_map zero;

	ck_assert_int_eq(vmap_unmap(m), 0);
	ck_assert_mem_eq(m, &zero, sizeof(zero));
}

static void anon(unsigned int flags, uint64_t offset, size_t len,
		 struct vmap_map *m)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;

	o.flags = flags;
	o.offset = offset;
	o.len = vmap_extent_exact(len);
	ck_assert_int_eq(vmap_alloc(&o, m), 0);
	ck_assert_uint_eq(m->len, len);
}

/* Fill the map with a known pattern and keep a copy in @shadow. */
static void pattern(struct vmap_map *m, unsigned char *shadow)
{
	size_t i;

	for (i = 0; i < m->len; i++)
		shadow[i] = (unsigned char)(0x40 + i);
	memcpy(m->ptr, shadow, m->len);
}

/* Assert @call fails with errno @want. */
#define ck_fails(call, want)                                                  \
	do {                                                                  \
		errno = 0;                                                    \
		ck_assert_int_eq((call), -1);                                 \
		ck_assert_int_eq(errno, (want));                              \
	} while (0)

/* Assert a read of @a at @off fails with @want, leaving *out alone. */
#define ck_read_fails(a, m, off, want)                                        \
	do {                                                                  \
		uint64_t v_ = SENT64;                                         \
		ck_fails((a)->rd((m), (off), &v_), (want));                   \
		ck_assert_uint_eq(v_, SENT64 & mask_of((a)->size));           \
	} while (0)

/* ------------------------------------------------------------------ */
/* scalars                                                             */
/* ------------------------------------------------------------------ */

START_TEST(scalar_round_trip)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[64];
	struct vmap_map m;
	size_t off;

	anon(VMAP_WRITE, 0, 64, &m);
	pattern(&m, shadow);
	for (off = 0; off + a->size <= m.len; off += a->size) {
		uint64_t v = value_for(off) & mask_of(a->size);
		uint64_t got = 0;

		ck_assert_int_eq(a->wr(&m, off, value_for(off)), 0);
		ck_assert_int_eq(a->rd(&m, off, &got), 0);
		ck_assert_uint_eq(got, v);
	}
	/* Host byte order, and nothing outside the scalar changes. */
	for (off = 0; off + a->size <= m.len; off += a->size) {
		uint64_t v = value_for(off);
		uint8_t b8 = (uint8_t)v;
		uint16_t b16 = (uint16_t)v;
		uint32_t b32 = (uint32_t)v;
		const void *want = a->size == 1 ? (const void *)&b8 :
				   a->size == 2 ? (const void *)&b16 :
				   a->size == 4 ? (const void *)&b32 :
						  (const void *)&v;

		memcpy(shadow + off, want, a->size);
	}
	ck_assert_mem_eq(m.ptr, shadow, m.len);
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_write_exact_bytes)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[64];
	struct vmap_map m;
	uint64_t got;
	size_t off = 16;

	anon(VMAP_WRITE, 0, 64, &m);
	pattern(&m, shadow);
	ck_assert_int_eq(a->wr(&m, off, UINT64_C(0x8877665544332211)), 0);
	/* Little-endian x86_64: the low bytes come first. */
	memcpy(shadow + off, "\x11\x22\x33\x44\x55\x66\x77\x88", a->size);
	ck_assert_mem_eq(m.ptr, shadow, m.len);
	ck_assert_int_eq(a->rd(&m, off, &got), 0);
	ck_assert_uint_eq(got, UINT64_C(0x8877665544332211) & mask_of(a->size));
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_misaligned)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[64];
	struct vmap_map m;
	size_t off;

	anon(VMAP_WRITE, 0, 64, &m);
	pattern(&m, shadow);
	for (off = 1; off + a->size <= m.len; off++) {
		uint64_t got = 0;

		if (off % a->size == 0)
			continue;
		if (a->aligned) {
			ck_read_fails(a, &m, off, EINVAL);
			ck_fails(a->wr(&m, off, 0), EINVAL);
			continue;
		}
		ck_assert_int_eq(a->wr(&m, off, value_for(off)), 0);
		ck_assert_int_eq(a->rd(&m, off, &got), 0);
		ck_assert_uint_eq(got, value_for(off) & mask_of(a->size));
	}
	if (a->aligned)
		ck_assert_mem_eq(m.ptr, shadow, m.len);
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_alignment_is_of_address)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;
	uint64_t got;

	/* ptr sits 3 bytes into its page: offset 5 is 8-byte aligned. */
	anon(VMAP_WRITE, 3, 64, &m);
	ck_assert_uint_eq((uintptr_t)m.ptr % 8, 3);
	ck_assert_int_eq(a->wr(&m, 5, value_for(5)), 0);
	ck_assert_int_eq(a->rd(&m, 5, &got), 0);
	ck_assert_uint_eq(got, value_for(5) & mask_of(a->size));
	if (a->aligned && a->size > 1) {
		ck_read_fails(a, &m, 0, EINVAL);
		ck_fails(a->wr(&m, 0, 1), EINVAL);
		ck_read_fails(a, &m, 8, EINVAL);
	} else {
		ck_assert_int_eq(a->wr(&m, 0, value_for(0)), 0);
		ck_assert_int_eq(a->rd(&m, 0, &got), 0);
		ck_assert_uint_eq(got, value_for(0) & mask_of(a->size));
	}
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_unaligned_odd_offsets)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;
	size_t off;

	if (a->aligned)
		return;
	anon(VMAP_WRITE, 0, 64, &m);
	for (off = 1; off + a->size <= m.len; off += 2) {
		uint64_t got = 0;
		uint64_t raw = 0;

		ck_assert_int_eq(a->wr(&m, off, value_for(off)), 0);
		ck_assert_int_eq(a->rd(&m, off, &got), 0);
		ck_assert_uint_eq(got, value_for(off) & mask_of(a->size));
		memcpy(&raw, (char *)m.ptr + off, a->size);
		ck_assert_uint_eq(raw, got);
	}
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_bounds)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[MAP_LEN];
	size_t step = a->aligned ? a->size : 1;
	size_t last = (MAP_LEN - a->size) / step * step;
	struct vmap_map m;
	uint64_t got;

	anon(VMAP_WRITE, 0, MAP_LEN, &m);
	pattern(&m, shadow);
	/* The last whole scalar fits. */
	ck_assert_int_eq(a->wr(&m, last, value_for(last)), 0);
	ck_assert_int_eq(a->rd(&m, last, &got), 0);
	ck_assert_uint_eq(got, value_for(last) & mask_of(a->size));
	memcpy(shadow, m.ptr, MAP_LEN);

	/* The next one runs past the end. */
	ck_read_fails(a, &m, last + step, ERANGE);
	ck_fails(a->wr(&m, last + step, 0), ERANGE);
	if (!a->aligned || MAP_LEN % a->size == 0) {
		ck_read_fails(a, &m, MAP_LEN, ERANGE);
		ck_fails(a->wr(&m, MAP_LEN, 0), ERANGE);
	}
	ck_read_fails(a, &m, 4096, ERANGE);
	ck_assert_mem_eq(m.ptr, shadow, MAP_LEN);
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_overflow)
{
	const struct accessor *a = &accessors[_i];
	/* Aligned for every form, and off + size does not fit in size_t. */
	size_t off = SIZE_MAX - a->size + 1;
	struct vmap_map m;

	anon(VMAP_WRITE, 0, 64, &m);
	ck_read_fails(a, &m, off, EOVERFLOW);
	ck_fails(a->wr(&m, off, 0), EOVERFLOW);
	if (!a->aligned || a->size == 1) {
		ck_read_fails(a, &m, SIZE_MAX, EOVERFLOW);
		ck_fails(a->wr(&m, SIZE_MAX, 0), EOVERFLOW);
	}
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_null_args)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;

	anon(VMAP_WRITE, 0, 64, &m);
	ck_read_fails(a, NULL, 0, EINVAL);
	ck_fails(a->wr(NULL, 0, 0), EINVAL);
	ck_fails(a->rdn(&m, 0), EINVAL);
	ck_fails(a->rdn(NULL, 0), EINVAL);
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_empty_map)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;

	anon(VMAP_WRITE, 0, 0, &m);
	ck_read_fails(a, &m, 0, ERANGE);
	ck_fails(a->wr(&m, 0, 0), ERANGE);
	unmap_ok(&m);
}
END_TEST

START_TEST(scalar_read_only_map)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_options o = VMAP_OPTIONS_INIT;
	struct vmap_map m;
	uint64_t got = 1;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_int_eq(a->rd(&m, 8, &got), 0);
	ck_assert_uint_eq(got, 0);
	unmap_ok(&m);
}
END_TEST

static struct vmap_map *fault_map;

static void write_u32_child(void *arg)
{
	(void)arg;
	vmap_write_u32(fault_map, 0, 1);
}

static void write_bytes_child(void *arg)
{
	(void)arg;
	vmap_write(fault_map, 0, "x", 1);
}

START_TEST(write_to_read_only_faults)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;
	struct vmap_map m;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	fault_map = &m;
	ck_assert_int_eq(th_faults(write_u32_child, NULL), 1);
	ck_assert_int_eq(th_faults(write_bytes_child, NULL), 1);
	ck_assert_int_eq(vmap_make_writable(&m), 0);
	ck_assert_int_eq(th_faults(write_u32_child, NULL), 0);
	ck_assert_int_eq(th_faults(write_bytes_child, NULL), 0);
	unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* bytes                                                               */
/* ------------------------------------------------------------------ */

START_TEST(bytes_round_trip)
{
	unsigned char buf[64];
	struct vmap_map m;
	size_t i;

	anon(VMAP_WRITE, 0, 64, &m);
	ck_assert_int_eq(vmap_write(&m, 3, "hello, world", 12), 0);
	ck_assert_mem_eq((char *)m.ptr + 3, "hello, world", 12);
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(vmap_read(&m, 3, buf, 12), 0);
	ck_assert_mem_eq(buf, "hello, world", 12);
	ck_assert_int_eq(vmap_read(&m, 10, buf, 5), 0);
	ck_assert_mem_eq(buf, "world", 5);

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 3);
	ck_assert_int_eq(vmap_write(&m, 0, buf, 64), 0);
	ck_assert_mem_eq(m.ptr, buf, 64);
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(vmap_read(&m, 0, buf, 64), 0);
	ck_assert_mem_eq(m.ptr, buf, 64);
	unmap_ok(&m);
}
END_TEST

START_TEST(bytes_empty_ranges)
{
	char buf[1];
	struct vmap_map m;

	anon(VMAP_WRITE, 0, 64, &m);
	ck_assert_int_eq(vmap_read(&m, 0, NULL, 0), 0);
	ck_assert_int_eq(vmap_write(&m, 0, NULL, 0), 0);
	ck_assert_int_eq(vmap_read(&m, 64, NULL, 0), 0);
	ck_assert_int_eq(vmap_write(&m, 64, NULL, 0), 0);
	unmap_ok(&m);

	anon(VMAP_WRITE, 0, 0, &m);
	ck_assert_int_eq(vmap_read(&m, 0, NULL, 0), 0);
	ck_assert_int_eq(vmap_write(&m, 0, NULL, 0), 0);
	ck_fails(vmap_read(&m, 0, buf, 1), ERANGE);
	unmap_ok(&m);
}
END_TEST

START_TEST(bytes_bounds)
{
	unsigned char shadow[MAP_LEN];
	char buf[MAP_LEN + 1];
	struct vmap_map m;

	anon(VMAP_WRITE, 0, MAP_LEN, &m);
	pattern(&m, shadow);
	memset(buf, 'b', sizeof(buf));

	ck_assert_int_eq(vmap_read(&m, MAP_LEN - 1, buf, 1), 0);
	ck_assert_int_eq((unsigned char)buf[0], shadow[MAP_LEN - 1]);
	ck_assert_int_eq(vmap_read(&m, 0, buf, MAP_LEN), 0);

	memset(buf, 'b', sizeof(buf));
	ck_fails(vmap_read(&m, MAP_LEN - 1, buf, 2), ERANGE);
	ck_fails(vmap_read(&m, 0, buf, MAP_LEN + 1), ERANGE);
	ck_fails(vmap_read(&m, MAP_LEN, buf, 1), ERANGE);
	ck_assert_int_eq(buf[0], 'b');

	/* A failed write changes nothing, not even the bytes that fit. */
	ck_fails(vmap_write(&m, MAP_LEN - 1, buf, 2), ERANGE);
	ck_fails(vmap_write(&m, 0, buf, MAP_LEN + 1), ERANGE);
	ck_assert_mem_eq(m.ptr, shadow, MAP_LEN);
	unmap_ok(&m);
}
END_TEST

START_TEST(bytes_overflow)
{
	unsigned char shadow[64];
	char buf[4] = "abc";
	struct vmap_map m;

	anon(VMAP_WRITE, 0, 64, &m);
	pattern(&m, shadow);
	ck_fails(vmap_read(&m, SIZE_MAX, buf, 1), EOVERFLOW);
	ck_fails(vmap_read(&m, SIZE_MAX - 1, buf, 2), EOVERFLOW);
	ck_fails(vmap_read(&m, 1, buf, SIZE_MAX), EOVERFLOW);
	ck_fails(vmap_write(&m, SIZE_MAX, buf, 1), EOVERFLOW);
	ck_fails(vmap_write(&m, 2, buf, SIZE_MAX - 1), EOVERFLOW);
	ck_assert_mem_eq(buf, "abc", 4);
	ck_assert_mem_eq(m.ptr, shadow, 64);
	unmap_ok(&m);
}
END_TEST

START_TEST(bytes_null_args)
{
	char buf[4];
	struct vmap_map m;

	anon(VMAP_WRITE, 0, 64, &m);
	ck_fails(vmap_read(NULL, 0, buf, 1), EINVAL);
	ck_fails(vmap_write(NULL, 0, buf, 1), EINVAL);
	ck_fails(vmap_read(&m, 0, NULL, 1), EINVAL);
	ck_fails(vmap_write(&m, 0, NULL, 1), EINVAL);
	ck_fails(vmap_read(NULL, 0, NULL, 0), EINVAL);
	unmap_ok(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* file                                                                */
/* ------------------------------------------------------------------ */

START_TEST(persisted_to_file)
{
	static const size_t unaligned[] = { 1, 3, 9, 33, 53 };
	static const size_t aligned[] = { 16, 24, 40 };
	unsigned char expect[64] = { 0 };
	struct vmap_options o = VMAP_OPTIONS_INIT;
	const char *path = th_mkfile("scalars", expect, sizeof(expect));
	struct vmap_map m;
	uint64_t got;
	size_t i, len;
	char *data;
	int fd;

	/* Volatile and unaligned u64 round trips, persisted to the file. */
	o.flags = VMAP_WRITE;
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	for (i = 0; i < sizeof(unaligned) / sizeof(unaligned[0]); i++) {
		uint64_t v = value_for(unaligned[i]);

		ck_assert_int_eq(vmap_write_u64_unaligned(&m, unaligned[i], v),
				 0);
		ck_assert_int_eq(vmap_read_u64_unaligned(&m, unaligned[i],
							 &got),
				 0);
		ck_assert_uint_eq(got, v);
		memcpy(expect + unaligned[i], &v, 8);
	}
	for (i = 0; i < sizeof(aligned) / sizeof(aligned[0]); i++) {
		uint64_t v = ~value_for(aligned[i]);

		ck_assert_int_eq(vmap_write_u64_volatile(&m, aligned[i], v), 0);
		ck_assert_int_eq(vmap_read_u64_volatile(&m, aligned[i], &got),
				 0);
		ck_assert_uint_eq(got, v);
		memcpy(expect + aligned[i], &v, 8);
	}
	ck_assert_int_eq(vmap_write_u16_unaligned(&m, 62, 0xbeef), 0);
	memcpy(expect + 62, &(uint16_t){ 0xbeef }, 2);
	ck_assert_mem_eq(m.ptr, expect, sizeof(expect));
	ck_assert_int_eq(vmap_flush(&m, fd, VMAP_FLUSH_SYNC), 0);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	/* Reopen: the bytes are in the file. */
	data = th_read_file(path, &len);
	ck_assert_uint_eq(len, sizeof(expect));
	ck_assert_mem_eq(data, expect, len);
	free(data);

	ck_assert_int_eq(vmap_open(path, NULL, &m, NULL), 0);
	ck_assert_int_eq(vmap_read_u64_unaligned(&m, 53, &got), 0);
	ck_assert_uint_eq(got, value_for(53));
	ck_assert_int_eq(vmap_read_u64(&m, 16, &got), 0);
	ck_assert_uint_eq(got, ~value_for(16));
	ck_assert_int_eq(vmap_read_u64_volatile(&m, 40, &got), 0);
	ck_assert_uint_eq(got, ~value_for(40));
	unmap_ok(&m);
}
END_TEST

START_TEST(file_map_at_odd_offset)
{
	unsigned char data[32];
	struct vmap_options o = VMAP_OPTIONS_INIT;
	const char *path;
	struct vmap_map m;
	uint32_t v32;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)i;
	path = th_mkfile("odd", data, sizeof(data));
	o.offset = 1;
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	/* ptr is file offset 1; off 3 is file offset 4, 4-byte aligned. */
	ck_assert_int_eq(vmap_read_u32(&m, 3, &v32), 0);
	ck_assert_mem_eq(&v32, data + 4, 4);
	ck_fails(vmap_read_u32(&m, 0, &v32), EINVAL);
	ck_assert_int_eq(vmap_read_u32_unaligned(&m, 0, &v32), 0);
	ck_assert_mem_eq(&v32, data + 1, 4);
	ck_fails(vmap_read_u32_unaligned(&m, 28, &v32), ERANGE);
	ck_assert_int_eq(vmap_read_u32_unaligned(&m, 27, &v32), 0);
	ck_assert_mem_eq(&v32, data + 28, 4);
	unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("access");
	TCase *tc;

	tc = th_tcase("scalars");
	tcase_add_loop_test(tc, scalar_round_trip, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_write_exact_bytes, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_misaligned, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_alignment_is_of_address, 0,
			    N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_unaligned_odd_offsets, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_bounds, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_overflow, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_null_args, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_empty_map, 0, N_ACCESSORS);
	tcase_add_loop_test(tc, scalar_read_only_map, 0, N_ACCESSORS);
	tcase_add_test(tc, write_to_read_only_faults);
	suite_add_tcase(s, tc);

	tc = th_tcase("bytes");
	tcase_add_test(tc, bytes_round_trip);
	tcase_add_test(tc, bytes_empty_ranges);
	tcase_add_test(tc, bytes_bounds);
	tcase_add_test(tc, bytes_overflow);
	tcase_add_test(tc, bytes_null_args);
	suite_add_tcase(s, tc);

	tc = th_tcase("file");
	tcase_add_test(tc, persisted_to_file);
	tcase_add_test(tc, file_map_at_odd_offset);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return th_run(suite());
}
