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
#include <stdio.h>
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

/* Fill the map with a known pattern and keep a copy in @shadow. */
static void pattern(struct vmap_map *m, unsigned char *shadow)
{
	size_t i;

	for (i = 0; i < m->len; i++)
		shadow[i] = (unsigned char)(0x40 + i);
	if (m->len > 0)
		memcpy(m->ptr, shadow, m->len);
}

/* Whether the map still holds the pattern kept in @shadow. */
static int unchanged(const struct vmap_map *m, const unsigned char *shadow)
{
	return m->len == 0 || memcmp(m->ptr, shadow, m->len) == 0;
}

/* Write value_for(@off) with @a at @off and read it back. */
static void write_read(const struct accessor *a, struct vmap_map *m,
		       size_t off)
{
	uint64_t want = value_for(off) & mask_of(a->size);
	uint64_t got = 0;

	ck_assert_msg(a->wr(m, off, value_for(off)) == 0, "%s: write at %zu",
		      a->name, off);
	ck_assert_msg(a->rd(m, off, &got) == 0, "%s: read at %zu", a->name,
		      off);
	ck_assert_msg(got == want, "%s at %zu: read %#llx, wrote %#llx",
		      a->name, off, (unsigned long long)got,
		      (unsigned long long)want);
}

/* A read of @a at @off fails with @want and leaves the output alone. */
static void read_fails(const char *what, const struct accessor *a,
		       const struct vmap_map *m, size_t off, int want)
{
	uint64_t v = SENT64;

	th_assert_fails_as(what, a->rd(m, off, &v), want);
	ck_assert_msg(v == (SENT64 & mask_of(a->size)),
		      "%s: output changed to %#llx", what,
		      (unsigned long long)v);
}

/* A read and a write of @a at @off both fail with @want. */
static void access_fails(const char *what, const struct accessor *a,
			 struct vmap_map *m, size_t off, int want)
{
	read_fails(what, a, m, off, want);
	th_assert_fails_as(what, a->wr(m, off, 0), want);
}

/* ------------------------------------------------------------------ */
/* scalars                                                             */
/* ------------------------------------------------------------------ */

/* The common start of a scalar test: 64 bytes of patterned memory. */
static void patterned(struct vmap_map *m, unsigned char shadow[64])
{
	th_anon(VMAP_WRITE, 0, 64, m);
	pattern(m, shadow);
}

START_TEST(scalar_round_trip)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[64];
	struct vmap_map m;
	size_t off;

	patterned(&m, shadow);
	for (off = 0; off + a->size <= m.len; off += a->size)
		write_read(a, &m, off);
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
	ck_assert_msg(memcmp(m.ptr, shadow, m.len) == 0, "%s: wrong bytes",
		      a->name);
	th_unmap_ok_as(a->name, &m);
}
END_TEST

START_TEST(scalar_write_exact_bytes)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[64];
	struct vmap_map m;
	uint64_t got;
	size_t off = 16;

	patterned(&m, shadow);
	ck_assert_msg(a->wr(&m, off, UINT64_C(0x8877665544332211)) == 0,
		      "%s: write", a->name);
	/* Little-endian x86_64: the low bytes come first. */
	memcpy(shadow + off, "\x11\x22\x33\x44\x55\x66\x77\x88", a->size);
	ck_assert_msg(memcmp(m.ptr, shadow, m.len) == 0, "%s: wrong bytes",
		      a->name);
	ck_assert_msg(a->rd(&m, off, &got) == 0, "%s: read", a->name);
	ck_assert_msg(got == (UINT64_C(0x8877665544332211) & mask_of(a->size)),
		      "%s: read %#llx", a->name, (unsigned long long)got);
	th_unmap_ok_as(a->name, &m);
}
END_TEST

/* Misaligned offsets: EINVAL for the aligned forms, changing nothing;
 * fine for the unaligned ones. */
START_TEST(scalar_misaligned)
{
	const struct accessor *a = &accessors[_i];
	unsigned char shadow[64];
	struct vmap_map m;
	size_t off;

	patterned(&m, shadow);
	for (off = 1; off + a->size <= m.len; off++) {
		if (off % a->size == 0)
			continue;
		if (a->aligned)
			access_fails(a->name, a, &m, off, EINVAL);
		else
			write_read(a, &m, off);
	}
	if (a->aligned)
		ck_assert_msg(unchanged(&m, shadow),
			      "%s: failed writes changed bytes", a->name);
	th_unmap_ok_as(a->name, &m);
}
END_TEST

START_TEST(scalar_alignment_is_of_address)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;

	/* ptr sits 3 bytes into its page: offset 5 is 8-byte aligned. */
	th_anon(VMAP_WRITE, 3, 64, &m);
	ck_assert_uint_eq((uintptr_t)m.ptr % 8, 3);
	write_read(a, &m, 5);
	if (a->aligned && a->size > 1) {
		read_fails(a->name, a, &m, 0, EINVAL);
		th_assert_fails_as(a->name, a->wr(&m, 0, 1), EINVAL);
		read_fails(a->name, a, &m, 8, EINVAL);
	} else {
		write_read(a, &m, 0);
	}
	th_unmap_ok_as(a->name, &m);
}
END_TEST

START_TEST(scalar_unaligned_odd_offsets)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;
	uint64_t raw;
	size_t off;

	if (a->aligned)
		return;
	th_anon(VMAP_WRITE, 0, 64, &m);
	for (off = 1; off + a->size <= m.len; off += 2) {
		write_read(a, &m, off);
		raw = 0;
		memcpy(&raw, (char *)m.ptr + off, a->size);
		ck_assert_msg(raw == (value_for(off) & mask_of(a->size)),
			      "%s at %zu: wrong bytes", a->name, off);
	}
	th_unmap_ok_as(a->name, &m);
}
END_TEST

/* The last whole scalar that fits (at the step of the form). */
static size_t last_fit(const struct accessor *a)
{
	size_t step = a->aligned ? a->size : 1;

	return (MAP_LEN - a->size) / step * step;
}

START_TEST(scalar_last_fits)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_map m;

	th_anon(VMAP_WRITE, 0, MAP_LEN, &m);
	write_read(a, &m, last_fit(a));
	th_unmap_ok_as(a->name, &m);
}
END_TEST

/* Where a failing access is aimed; see scalar_error_offset(). */
enum where {
	AT_0,
	AT_PAST_LAST, /* the step after last_fit() */
	AT_END,       /* MAP_LEN */
	AT_4096,
	AT_WRAP,      /* SIZE_MAX - size + 1: off + size wraps to 0 */
	AT_SIZE_MAX,
};

struct scalar_error {
	const char *name;
	int map_len;  /* -1: a NULL map */
	int null_out; /* a read into a NULL pointer (no write) */
	enum where where;
	int err;
};

static const struct scalar_error scalar_errors[] = {
	{ "NULL map", -1, 0, AT_0, EINVAL },
	{ "NULL out", 64, 1, AT_0, EINVAL },
	{ "NULL map and out", -1, 1, AT_0, EINVAL },
	{ "empty map", 0, 0, AT_0, ERANGE },
	{ "past the last whole scalar", MAP_LEN, 0, AT_PAST_LAST, ERANGE },
	{ "at the end", MAP_LEN, 0, AT_END, ERANGE },
	{ "far past the end", MAP_LEN, 0, AT_4096, ERANGE },
	{ "off + size overflows", 64, 0, AT_WRAP, EOVERFLOW },
	{ "off SIZE_MAX", 64, 0, AT_SIZE_MAX, EOVERFLOW },
};

#define N_SCALAR_ERRORS ((int)TH_LEN(scalar_errors))

static size_t scalar_error_offset(enum where w, const struct accessor *a)
{
	switch (w) {
	case AT_PAST_LAST:
		return last_fit(a) + (a->aligned ? a->size : 1);
	case AT_END:
		return MAP_LEN;
	case AT_4096:
		return 4096;
	case AT_WRAP:
		return SIZE_MAX - a->size + 1;
	case AT_SIZE_MAX:
		return SIZE_MAX;
	default:
		return 0;
	}
}

/* One row per (accessor, error case): the access fails with the case's
 * errno, leaving the output and the mapping as they were. */
START_TEST(scalar_error)
{
	const struct accessor *a = &accessors[_i / N_SCALAR_ERRORS];
	const struct scalar_error *c = &scalar_errors[_i % N_SCALAR_ERRORS];
	size_t off = scalar_error_offset(c->where, a);
	unsigned char shadow[64];
	struct vmap_map m, *mp = NULL;
	char what[80];

	/* Misaligned, the aligned forms fail with EINVAL instead: that is
	 * scalar_misaligned's business. */
	if (a->aligned && off % a->size != 0)
		return;
	snprintf(what, sizeof(what), "%s, %s", a->name, c->name);
	if (c->map_len >= 0) {
		th_anon(VMAP_WRITE, 0, (size_t)c->map_len, &m);
		pattern(&m, shadow);
		mp = &m;
	}
	if (c->null_out)
		th_assert_fails_as(what, a->rdn(mp, off), c->err);
	else
		access_fails(what, a, mp, off, c->err);
	if (mp != NULL) {
		ck_assert_msg(unchanged(&m, shadow), "%s: map changed", what);
		th_unmap_ok_as(what, &m);
	}
}
END_TEST

START_TEST(scalar_read_only_map)
{
	const struct accessor *a = &accessors[_i];
	struct vmap_options o = VMAP_OPTIONS_INIT;
	struct vmap_map m;
	uint64_t got = 1;

	ck_assert_int_eq(vmap_alloc(&o, &m), 0);
	ck_assert_msg(a->rd(&m, 8, &got) == 0, "%s: read", a->name);
	ck_assert_msg(got == 0, "%s: read %#llx", a->name,
		      (unsigned long long)got);
	th_unmap_ok_as(a->name, &m);
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
	th_unmap_ok(&m);
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

	th_anon(VMAP_WRITE, 0, 64, &m);
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
	th_unmap_ok(&m);
}
END_TEST

/* vmap_read / vmap_write at the edges: offsets and lengths relative to the
 * map's length n (see th_rel). */
struct bytes_case {
	const char *name;
	int write;    /* vmap_write, else vmap_read */
	int map_len;  /* -1: a NULL map */
	struct th_rel off, len;
	int null_buf;
	int want;     /* 0, or the errno */
};

#define N TH_REL(1, 0)
#define AT(b) TH_REL(0, b)

static const struct bytes_case bytes_cases[] = {
	/* Empty ranges are fine anywhere up to the end, with no buffer. */
	{ "read (0, 0)", 0, 64, AT(0), AT(0), 1, 0 },
	{ "write (0, 0)", 1, 64, AT(0), AT(0), 1, 0 },
	{ "read (n, 0)", 0, 64, N, AT(0), 1, 0 },
	{ "write (n, 0)", 1, 64, N, AT(0), 1, 0 },
	{ "read (0, 0) of an empty map", 0, 0, AT(0), AT(0), 1, 0 },
	{ "write (0, 0) of an empty map", 1, 0, AT(0), AT(0), 1, 0 },
	{ "read (0, 1) of an empty map", 0, 0, AT(0), AT(1), 0, ERANGE },
	/* Bounds.  A failed write changes nothing, not even the bytes that
	 * fit; a failed read leaves the buffer alone. */
	{ "read (n-1, 1)", 0, MAP_LEN, TH_REL(1, -1), AT(1), 0, 0 },
	{ "read (0, n)", 0, MAP_LEN, AT(0), N, 0, 0 },
	{ "read (n-1, 2)", 0, MAP_LEN, TH_REL(1, -1), AT(2), 0, ERANGE },
	{ "read (0, n+1)", 0, MAP_LEN, AT(0), TH_REL(1, 1), 0, ERANGE },
	{ "read (n, 1)", 0, MAP_LEN, N, AT(1), 0, ERANGE },
	{ "write (n-1, 2)", 1, MAP_LEN, TH_REL(1, -1), AT(2), 0, ERANGE },
	{ "write (0, n+1)", 1, MAP_LEN, AT(0), TH_REL(1, 1), 0, ERANGE },
	/* off + len overflows. */
	{ "read (SIZE_MAX, 1)", 0, 64, AT(-1), AT(1), 0, EOVERFLOW },
	{ "read (SIZE_MAX-1, 2)", 0, 64, AT(-2), AT(2), 0, EOVERFLOW },
	{ "read (1, SIZE_MAX)", 0, 64, AT(1), AT(-1), 0, EOVERFLOW },
	{ "write (SIZE_MAX, 1)", 1, 64, AT(-1), AT(1), 0, EOVERFLOW },
	{ "write (2, SIZE_MAX-1)", 1, 64, AT(2), AT(-2), 0, EOVERFLOW },
	/* NULL arguments. */
	{ "read, NULL map", 0, -1, AT(0), AT(1), 0, EINVAL },
	{ "write, NULL map", 1, -1, AT(0), AT(1), 0, EINVAL },
	{ "read, NULL buffer", 0, 64, AT(0), AT(1), 1, EINVAL },
	{ "write, NULL buffer", 1, 64, AT(0), AT(1), 1, EINVAL },
	{ "read (0, 0), NULL map and buffer", 0, -1, AT(0), AT(0), 1, EINVAL },
};

#undef N
#undef AT

START_TEST(bytes_edges)
{
	const struct bytes_case *c = &bytes_cases[_i];
	size_t n = c->map_len > 0 ? (size_t)c->map_len : 0;
	size_t off = (size_t)th_rel(c->off, n);
	size_t len = (size_t)th_rel(c->len, n);
	unsigned char shadow[64], buf[MAP_LEN + 8];
	struct vmap_map m, *mp = NULL;
	void *bp = c->null_buf ? NULL : buf;
	int rc, err;

	if (c->map_len >= 0) {
		th_anon(VMAP_WRITE, 0, n, &m);
		pattern(&m, shadow);
		mp = &m;
	}
	memset(buf, 'b', sizeof(buf));
	errno = 0;
	rc = c->write ? vmap_write(mp, off, bp, len)
		      : vmap_read(mp, off, bp, len);
	err = errno;
	ck_assert_msg(rc == (c->want ? -1 : 0), "%s: returned %d", c->name, rc);
	if (c->want)
		ck_assert_msg(err == c->want, "%s: errno %d, expected %d",
			      c->name, err, c->want);
	if (!c->write && rc == 0 && len > 0)
		ck_assert_msg(memcmp(buf, shadow + off, len) == 0,
			      "%s: wrong bytes read", c->name);
	if (rc != 0)
		ck_assert_msg(th_all_bytes(buf, sizeof(buf), 'b'),
			      "%s: buffer changed", c->name);
	if (mp != NULL) {
		if (c->write || rc != 0)
			ck_assert_msg(unchanged(&m, shadow), "%s: map changed",
				      c->name);
		th_unmap_ok_as(c->name, &m);
	}
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
	size_t i;
	int fd;

	/* Volatile and unaligned u64 round trips, persisted to the file. */
	o.flags = VMAP_WRITE;
	ck_assert_int_eq(vmap_open(path, &o, &m, &fd), 0);
	for (i = 0; i < TH_LEN(unaligned); i++) {
		uint64_t v = value_for(unaligned[i]);

		ck_assert_int_eq(vmap_write_u64_unaligned(&m, unaligned[i], v),
				 0);
		ck_assert_int_eq(vmap_read_u64_unaligned(&m, unaligned[i],
							 &got),
				 0);
		ck_assert_uint_eq(got, v);
		memcpy(expect + unaligned[i], &v, 8);
	}
	for (i = 0; i < TH_LEN(aligned); i++) {
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
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);

	/* Reopen: the bytes are in the file. */
	th_assert_file(path, expect, sizeof(expect));

	ck_assert_int_eq(vmap_open(path, NULL, &m, NULL), 0);
	ck_assert_int_eq(vmap_read_u64_unaligned(&m, 53, &got), 0);
	ck_assert_uint_eq(got, value_for(53));
	ck_assert_int_eq(vmap_read_u64(&m, 16, &got), 0);
	ck_assert_uint_eq(got, ~value_for(16));
	ck_assert_int_eq(vmap_read_u64_volatile(&m, 40, &got), 0);
	ck_assert_uint_eq(got, ~value_for(40));
	th_unmap_ok(&m);
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
	th_assert_fails(vmap_read_u32(&m, 0, &v32), EINVAL);
	ck_assert_int_eq(vmap_read_u32_unaligned(&m, 0, &v32), 0);
	ck_assert_mem_eq(&v32, data + 1, 4);
	th_assert_fails(vmap_read_u32_unaligned(&m, 28, &v32), ERANGE);
	ck_assert_int_eq(vmap_read_u32_unaligned(&m, 27, &v32), 0);
	ck_assert_mem_eq(&v32, data + 28, 4);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "scalars", scalar_round_trip, N_ACCESSORS },
		{ "scalars", scalar_write_exact_bytes, N_ACCESSORS },
		{ "scalars", scalar_misaligned, N_ACCESSORS },
		{ "scalars", scalar_alignment_is_of_address, N_ACCESSORS },
		{ "scalars", scalar_unaligned_odd_offsets, N_ACCESSORS },
		{ "scalars", scalar_last_fits, N_ACCESSORS },
		{ "scalars", scalar_error, N_ACCESSORS * N_SCALAR_ERRORS },
		{ "scalars", scalar_read_only_map, N_ACCESSORS },
		{ "scalars", write_to_read_only_faults, 0 },
		{ "bytes", bytes_round_trip, 0 },
		{ "bytes", bytes_edges, TH_LEN(bytes_cases) },
		{ "file", persisted_to_file, 0 },
		{ "file", file_map_at_odd_offset, 0 },
	};

	return th_run(th_suite("access", tests, TH_LEN(tests)));
}
