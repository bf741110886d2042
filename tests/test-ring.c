/*
 * libvmap - tests for rings (vmap_ring_*), run once per compiled strategy
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Every loop test receives in _i an index into th_strategies() and
 * forces that strategy with vmap_ring_init_strategy().  Hot loops check
 * with REQUIRE (no Check call unless it fails): ck_assert on success talks
 * to the Check runner and would make the traffic tests slow.
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/*
 * How a caller that cannot inline (an FFI) reaches the library's own
 * definitions of the functions vmap.h inlines, by name.
 *
 * POSIX: dlsym() in the dynamic symbol table, the library's or (static
 * library, linked with -export-dynamic) the program's.
 *
 * Windows has no dlsym(), and GetProcAddress() sees only export tables: a
 * static library's definitions are in the .exe, which exports nothing.  So
 * the suite links to them by their names instead, which only a definition
 * with external linkage in the library (from a DLL: one it exports, else
 * the link fails) satisfies.  These declarations come before vmap.h, whose
 * static inline copies of the same names this file then renames out of
 * their way; the rest of the file calls the inline copies, as before.
 */
#ifdef _WIN32
struct vmap_ring;
void *vmap_ring_read_ptr(const struct vmap_ring *ring);
size_t vmap_ring_read_len(const struct vmap_ring *ring);
void *vmap_ring_write_ptr(const struct vmap_ring *ring);
size_t vmap_ring_write_len(const struct vmap_ring *ring);
int vmap_ring_consume(struct vmap_ring *ring, size_t n);
int vmap_ring_feed(struct vmap_ring *ring, size_t n);
size_t vmap_ring_read(struct vmap_ring *ring, void *dst, size_t n);
size_t vmap_ring_write(struct vmap_ring *ring, const void *src, size_t n);

typedef void (*lib_fn)(void);

#define LIB_EXPORT(name) { #name, (lib_fn)name }
static const struct {
	const char *name;
	lib_fn fn;
} lib_exports[] = {
	LIB_EXPORT(vmap_ring_read_ptr),	 LIB_EXPORT(vmap_ring_read_len),
	LIB_EXPORT(vmap_ring_write_ptr), LIB_EXPORT(vmap_ring_write_len),
	LIB_EXPORT(vmap_ring_consume),	 LIB_EXPORT(vmap_ring_feed),
	LIB_EXPORT(vmap_ring_read),	 LIB_EXPORT(vmap_ring_write),
};

static lib_fn lib_lookup(const char *name)
{
	size_t k;

	for (k = 0; k < sizeof(lib_exports) / sizeof(lib_exports[0]); k++)
		if (strcmp(lib_exports[k].name, name) == 0)
			return lib_exports[k].fn;
	return NULL;
}

#define vmap_ring_read_ptr inline_ring_read_ptr
#define vmap_ring_read_len inline_ring_read_len
#define vmap_ring_write_ptr inline_ring_write_ptr
#define vmap_ring_write_len inline_ring_write_len
#define vmap_ring_consume inline_ring_consume
#define vmap_ring_feed inline_ring_feed
#define vmap_ring_read inline_ring_read
#define vmap_ring_write inline_ring_write

/* mingw-w64's printf, which is the library's vsnprintf() here, drops a
 * wide character it cannot convert (setting errno to EILSEQ) and carries
 * on with success, where C11 (7.21.6.1) has it fail: no encoding error
 * ever reaches vmap_ring_printf(), so that case has nothing to test. */
#define PRINTF_ENCODING_ERRORS 0
#else
#include <dlfcn.h>

typedef void (*lib_fn)(void);

_Static_assert(sizeof(void *) == sizeof(lib_fn),
	       "dlsym() hands functions out as object pointers");

static lib_fn lib_lookup(const char *name)
{
	void *sym = dlsym(RTLD_DEFAULT, name);
	lib_fn fn = NULL;

	memcpy(&fn, &sym, sizeof(fn)); /* object to function pointer */
	return fn;
}

#define PRINTF_ENCODING_ERRORS 1
#endif

#include <check.h>

#include <vmap.h>

#include "helpers.h"

#define REQUIRE(cond, ...)                                                    \
	do {                                                                  \
		if (!(cond))                                                  \
			ck_abort_msg(__VA_ARGS__);                            \
	} while (0)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define BIG_CHUNK 65537

static size_t page(void)
{
	return vmap_allocation_size();
}

/* Room for every copy the tests make: two big chunks, or two capacities
 * of a one-unit ring and more; allocated in main(), from the unit. */
static size_t scratch_len;
static unsigned char *scratch;
static unsigned char *scratch2;

static unsigned char *rptr(const struct vmap_ring *r)
{
	return vmap_ring_read_ptr(r);
}

static unsigned char *wptr(const struct vmap_ring *r)
{
	return vmap_ring_write_ptr(r);
}

/* Byte @p of a stream of little-endian 16-bit counters. */
static unsigned char pat(uint64_t p)
{
	uint16_t v = (uint16_t)(p >> 1);

	return (unsigned char)((p & 1) ? v >> 8 : v);
}

static void pat_fill(unsigned char *dst, size_t n, uint64_t pos)
{
	size_t j;

	for (j = 0; j < n; j++)
		dst[j] = pat(pos + j);
}

/* Index of the first byte of @p that differs from the pattern at @pos, or
 * -1 when all @n match. */
static long pat_diff(const unsigned char *p, size_t n, uint64_t pos)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (p[j] != pat(pos + j))
			return (long)j;
	return -1;
}

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The ring's first view: a fresh ring has its read pointer there. */
static unsigned char *fresh_base(const struct vmap_ring *r)
{
	ck_assert_uint_eq(vmap_ring_read_len(r), 0);
	ck_assert_ptr_eq(vmap_ring_read_ptr(r), vmap_ring_write_ptr(r));
	return rptr(r);
}

/* Move an empty ring's positions forward by @n bytes. */
static void skip(struct vmap_ring *r, size_t n)
{
	ck_assert_int_eq(vmap_ring_feed(r, n), 0);
	ck_assert_int_eq(vmap_ring_consume(r, n), 0);
}

/* ------------------------------------------------------------------ */
/* capacity and mirror                                                 */
/* ------------------------------------------------------------------ */

START_TEST(capacity_rounded)
{
	static const size_t factors[][2] = { { 0, 1000 }, { 1, 0 }, { 1, 1 },
					     { 3, 0 },    { 3, 17 } };
	struct vmap_ring r;
	size_t k;

	for (k = 0; k < ARRAY_LEN(factors); k++) {
		size_t want = factors[k][0] * page() + factors[k][1];
		size_t cap = (size_t)vmap_round_up(want);

		th_ring_open(&r, want, 0, _i);
		ck_assert_uint_eq(vmap_ring_capacity(&r), cap);
		ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
		ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
		ck_assert_uint_eq(vmap_ring_line(&r), 0);
		th_ring_close(&r);
	}
	th_ring_open(&r, 1000, 0, _i);
	ck_assert_uint_eq(vmap_ring_capacity(&r), page());
	th_ring_close(&r);
}
END_TEST

START_TEST(mirror_views)
{
	struct vmap_ring r;
	unsigned char *base;
	size_t cap;

	th_ring_open(&r, 2 * page(), 0, _i);
	cap = vmap_ring_capacity(&r);
	base = fresh_base(&r);
	pat_fill(base, cap, 0);
	ck_assert_int_eq(pat_diff(base + cap, cap, 0), -1);
	/* And the other way round: the second view writes the first. */
	pat_fill(base + cap, cap, 12345);
	ck_assert_int_eq(pat_diff(base, cap, 12345), -1);
	th_ring_close(&r);
}
END_TEST

START_TEST(mirror_after_wrap)
{
	struct vmap_ring r;
	unsigned char *base;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	base = fresh_base(&r);
	skip(&r, cap - 10);
	ck_assert_ptr_eq(wptr(&r), base + cap - 10);
	/* 100 bytes at the write pointer run past the first view. */
	pat_fill(wptr(&r), 100, 7);
	ck_assert_int_eq(vmap_ring_feed(&r, 100), 0);
	ck_assert_ptr_eq(rptr(&r), base + cap - 10);
	ck_assert_ptr_eq(wptr(&r), base + 90);
	ck_assert_int_eq(pat_diff(rptr(&r), 100, 7), -1);
	/* The 90 bytes that landed in the second view are in the first. */
	ck_assert_int_eq(pat_diff(base, 90, 17), -1);
	ck_assert_int_eq(vmap_ring_consume(&r, 10), 0);
	ck_assert_ptr_eq(rptr(&r), base);
	ck_assert_int_eq(pat_diff(rptr(&r), 90, 17), -1);
	th_ring_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* pattern traffic                                                     */
/* ------------------------------------------------------------------ */

static const size_t wchunks[] = { 1, 7, 4093, 13, 4096, 8191, 3, BIG_CHUNK,
				  509, 4097 };
static const size_t rchunks[] = { 4093, 1, 8192, 11, 7, 12289, 2, 4095 };

/* One write of up to @want bytes of the stream at *@w: copied with
 * vmap_ring_write or, on odd steps, stored in place and fed. */
static void pump_write(struct vmap_ring *r, uint64_t *w, size_t want,
		       unsigned int step)
{
	size_t n = min_sz(want, vmap_ring_write_len(r));

	if (step & 1) {
		pat_fill(wptr(r), n, *w);
		REQUIRE(vmap_ring_feed(r, n) == 0, "feed %zu", n);
	} else {
		pat_fill(scratch, want, *w);
		REQUIRE(vmap_ring_write(r, scratch, want) == n,
			"write %zu of %zu", n, want);
	}
	*w += n;
}

/* One read of up to @want bytes, checked against the stream at *@rd. */
static void pump_read(struct vmap_ring *r, uint64_t *rd, size_t want,
		      unsigned int step)
{
	size_t n = min_sz(want, vmap_ring_read_len(r));
	long bad;

	if (step & 2) {
		bad = pat_diff(rptr(r), n, *rd);
		REQUIRE(vmap_ring_consume(r, n) == 0, "consume %zu", n);
	} else {
		REQUIRE(vmap_ring_read(r, scratch2, want) == n, "read %zu", n);
		bad = pat_diff(scratch2, n, *rd);
	}
	REQUIRE(bad < 0, "byte %llu of the stream differs",
		(unsigned long long)(*rd + (uint64_t)bad));
	*rd += n;
}

/* Push @total bytes of the pattern through @r in awkward chunks. */
static void pump(struct vmap_ring *r, uint64_t total)
{
	uint64_t w = 0, rd = 0;
	unsigned int k = 0;

	while (rd < total) {
		size_t left = (size_t)(total - w);

		pump_write(r, &w, min_sz(wchunks[k % ARRAY_LEN(wchunks)], left),
			   k);
		pump_read(r, &rd, rchunks[(k * 3) % ARRAY_LEN(rchunks)], k);
		REQUIRE(vmap_ring_read_len(r) == w - rd, "read_len");
		k++;
	}
	ck_assert_uint_eq(vmap_ring_read_len(r), 0);
	ck_assert_uint_eq(vmap_ring_write_len(r), vmap_ring_capacity(r));
}

START_TEST(sizes_pattern)
{
	struct vmap_ring r;
	size_t n;
	int d;

	for (n = 2; n <= 9; n++) {
		for (d = -1; d <= 1; d++) {
			size_t want = n * page() - 1 + (size_t)(d + 1);

			th_ring_open(&r, want, 0, _i);
			ck_assert_uint_eq(vmap_ring_capacity(&r),
					  (size_t)vmap_round_up(want));
			pump(&r, 4 * vmap_ring_capacity(&r) + 123);
			th_ring_close(&r);
		}
	}
}
END_TEST

#define WORD 23

static void make_word(unsigned char *w, uint32_t k)
{
	size_t j;

	memcpy(w, &k, sizeof(k));
	for (j = sizeof(k); j < WORD; j++)
		w[j] = (unsigned char)(k * 31u + j * 7u);
}

START_TEST(word_wraps)
{
	unsigned char word[WORD], *base, *prev;
	uint32_t wrote = 0, nread = 0, words;
	int wraps = 0, straddles = 0;
	struct vmap_ring r;
	size_t cap;

	th_ring_open(&r, 1000, 0, _i);
	cap = vmap_ring_capacity(&r);
	ck_assert_uint_eq(cap, page());
	/* Enough words to go round a dozen times, whatever the unit. */
	words = (uint32_t)(12 * cap / WORD);
	base = prev = fresh_base(&r);
	while (nread < words) {
		while (wrote < words && vmap_ring_write_len(&r) >= WORD) {
			make_word(word, wrote++);
			REQUIRE(vmap_ring_write_all(&r, word, WORD) == 0,
				"write_all");
		}
		wraps += rptr(&r) < prev;
		prev = rptr(&r);
		straddles += rptr(&r) + WORD > base + cap;
		make_word(word, nread++);
		REQUIRE(memcmp(rptr(&r), word, WORD) == 0, "word %u",
			nread - 1);
		REQUIRE(vmap_ring_consume(&r, WORD) == 0, "consume");
	}
	ck_assert_int_gt(wraps, 10);
	ck_assert_int_gt(straddles, 10);
	th_ring_close(&r);
}
END_TEST

/* Push more than 4 GiB through a 3-page ring: each chunk carries its
 * sequence number at both ends, and the read pointer must sit exactly at
 * total % capacity into the first view all along. */
START_TEST(traffic_4gib)
{
	struct vmap_ring r;
	unsigned char *base;
	uint64_t total = 0, seq, got;
	size_t cap, n;

	th_ring_open(&r, 3 * page(), 0, _i);
	cap = vmap_ring_capacity(&r);
	ck_assert_uint_ne(cap & (cap - 1), 0);
	base = fresh_base(&r);
	for (seq = 0; total <= TH_GIB4 + cap; seq++) {
		n = min_sz(4000 + (size_t)(seq % 7) * 1337, cap);
		memcpy(wptr(&r), &seq, sizeof(seq));
		memcpy(wptr(&r) + n - sizeof(seq), &seq, sizeof(seq));
		REQUIRE(vmap_ring_feed(&r, n) == 0, "feed");
		REQUIRE(rptr(&r) == base + total % cap, "read_ptr at %llu",
			(unsigned long long)total);
		REQUIRE(vmap_ring_read_len(&r) == n, "read_len");
		memcpy(&got, rptr(&r) + n - sizeof(got), sizeof(got));
		REQUIRE(got == seq, "tail of chunk %llu",
			(unsigned long long)seq);
		memcpy(&got, rptr(&r), sizeof(got));
		REQUIRE(got == seq, "head of chunk %llu",
			(unsigned long long)seq);
		REQUIRE(vmap_ring_consume(&r, n) == 0, "consume");
		total += n;
	}
	ck_assert_uint_gt(total, TH_GIB4);
	ck_assert_ptr_eq(rptr(&r), base + total % cap);
	ck_assert_ptr_eq(wptr(&r), base + total % cap);
	ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
	th_ring_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* bounded mode                                                        */
/* ------------------------------------------------------------------ */

/* Snapshot of everything a failing call must not change. */
struct state {
	void *rp, *wp;
	size_t rlen, wlen;
};

static struct state state_of(const struct vmap_ring *r)
{
	struct state s = { vmap_ring_read_ptr(r), vmap_ring_write_ptr(r),
			   vmap_ring_read_len(r), vmap_ring_write_len(r) };

	return s;
}

static void assert_state(const struct vmap_ring *r, const struct state *s)
{
	ck_assert_ptr_eq(vmap_ring_read_ptr(r), s->rp);
	ck_assert_ptr_eq(vmap_ring_write_ptr(r), s->wp);
	ck_assert_uint_eq(vmap_ring_read_len(r), s->rlen);
	ck_assert_uint_eq(vmap_ring_write_len(r), s->wlen);
}

static void fails_with(int rc, int err)
{
	int e = errno;

	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e, err);
}

START_TEST(bounded_write_partial)
{
	struct vmap_ring r;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	pat_fill(scratch, cap + 100, 0);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, cap + 100), cap);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_uint_eq(vmap_ring_write_len(&r), 0);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, 5), 0);
	ck_assert_int_eq(vmap_ring_consume(&r, 10), 0);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch + cap, 100), 10);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(pat_diff(rptr(&r), cap, 10), -1);
	ck_assert_uint_eq(vmap_ring_read(&r, scratch2, 2 * cap), cap);
	ck_assert_int_eq(pat_diff(scratch2, cap, 10), -1);
	ck_assert_uint_eq(vmap_ring_read(&r, scratch2, 1), 0);
	th_ring_close(&r);
}
END_TEST

START_TEST(bounded_write_all)
{
	struct vmap_ring r;
	struct state s;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	pat_fill(scratch, cap, 0);
	ck_assert_int_eq(vmap_ring_write_all(&r, scratch, cap - 10), 0);
	ck_assert_int_eq(vmap_ring_consume(&r, 5), 0);
	s = state_of(&r);
	memset(scratch2, 0xee, 16);
	errno = 0;
	fails_with(vmap_ring_write_all(&r, scratch2, 16), ENOBUFS);
	assert_state(&r, &s);
	ck_assert_int_eq(pat_diff(rptr(&r), cap - 15, 5), -1);
	ck_assert_int_eq(vmap_ring_write_all(&r, scratch2, 15), 0);
	ck_assert_uint_eq(vmap_ring_write_len(&r), 0);
	fails_with(vmap_ring_write_all(&r, scratch2, 1), ENOBUFS);
	ck_assert_int_eq(vmap_ring_write_all(&r, scratch2, 0), 0);
	ck_assert_int_eq(pat_diff(rptr(&r), cap - 15, 5), -1);
	ck_assert_int_eq(memcmp(rptr(&r) + cap - 15, scratch2, 15), 0);
	th_ring_close(&r);
}
END_TEST

START_TEST(bounded_feed_consume_range)
{
	struct vmap_ring r;
	struct state s;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	s = state_of(&r);
	fails_with(vmap_ring_consume(&r, 1), ERANGE);
	assert_state(&r, &s);
	fails_with(vmap_ring_feed(&r, cap + 1), ERANGE);
	assert_state(&r, &s);
	fails_with(vmap_ring_feed(&r, SIZE_MAX), ERANGE);
	assert_state(&r, &s);
	ck_assert_int_eq(vmap_ring_feed(&r, cap - 3), 0);
	s = state_of(&r);
	fails_with(vmap_ring_feed(&r, 4), ERANGE);
	assert_state(&r, &s);
	fails_with(vmap_ring_consume(&r, cap - 2), ERANGE);
	assert_state(&r, &s);
	fails_with(vmap_ring_consume(&r, SIZE_MAX), ERANGE);
	assert_state(&r, &s);
	ck_assert_int_eq(vmap_ring_feed(&r, 3), 0);
	ck_assert_uint_eq(vmap_ring_write_len(&r), 0);
	ck_assert_int_eq(vmap_ring_feed(&r, 0), 0);
	ck_assert_int_eq(vmap_ring_consume(&r, cap), 0);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
	th_ring_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* overwrite mode                                                      */
/* ------------------------------------------------------------------ */

START_TEST(overwrite_small_writes)
{
	static const size_t sizes[] = { 7, 100, 1, 4093, 13, 555 };
	struct vmap_ring r;
	uint64_t w = 0;
	size_t cap, k;

	th_ring_open(&r, 1, VMAP_RING_OVERWRITE, _i);
	cap = vmap_ring_capacity(&r);
	ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
	for (k = 0; w < 3 * cap + 123; k++) {
		size_t n = sizes[k % ARRAY_LEN(sizes)];

		pat_fill(scratch, n, w);
		REQUIRE(vmap_ring_write(&r, scratch, n) == n, "write %zu", n);
		w += n;
		REQUIRE(vmap_ring_read_len(&r) == min_sz(w, cap), "read_len");
		REQUIRE(vmap_ring_write_len(&r) == cap, "write_len");
	}
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(pat_diff(rptr(&r), cap, w - cap), -1);
	th_ring_close(&r);
}
END_TEST

START_TEST(overwrite_large_write)
{
	struct vmap_ring r;
	size_t cap, n;

	th_ring_open(&r, 1, VMAP_RING_OVERWRITE, _i);
	cap = vmap_ring_capacity(&r);
	n = 2 * cap + 517;
	ck_assert_uint_le(n, scratch_len);
	/* Some older bytes first, half read, so positions are not zero. */
	pat_fill(scratch, 300, 90000);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, 300), 300);
	ck_assert_int_eq(vmap_ring_consume(&r, 150), 0);
	pat_fill(scratch, n, 0);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, n), n);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
	ck_assert_int_eq(pat_diff(rptr(&r), cap, n - cap), -1);
	/* write_all never fails in overwrite mode, whatever the size. */
	pat_fill(scratch, cap + 1, 5000);
	ck_assert_int_eq(vmap_ring_write_all(&r, scratch, cap + 1), 0);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(pat_diff(rptr(&r), cap, 5001), -1);
	th_ring_close(&r);
}
END_TEST

START_TEST(overwrite_feed_drops_oldest)
{
	struct vmap_ring r;
	struct state s;
	size_t cap;

	th_ring_open(&r, 1, VMAP_RING_OVERWRITE, _i);
	cap = vmap_ring_capacity(&r);
	pat_fill(scratch, cap, 0);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, cap), cap);
	ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
	/* Store 100 new bytes at the write pointer (over the oldest). */
	pat_fill(wptr(&r), 100, cap);
	ck_assert_int_eq(vmap_ring_feed(&r, 100), 0);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(pat_diff(rptr(&r), cap, 100), -1);
	s = state_of(&r);
	fails_with(vmap_ring_feed(&r, cap + 1), ERANGE);
	assert_state(&r, &s);
	pat_fill(wptr(&r), cap, cap + 100);
	ck_assert_int_eq(vmap_ring_feed(&r, cap), 0);
	ck_assert_int_eq(pat_diff(rptr(&r), cap, cap + 100), -1);
	ck_assert_int_eq(vmap_ring_consume(&r, cap - 1), 0);
	ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
	th_ring_close(&r);
}
END_TEST

START_TEST(clear_drops_all)
{
	unsigned int flags = VMAP_RING_OVERWRITE;
	struct vmap_ring r;
	size_t cap;
	int m;

	for (m = 0; m < 2; m++, flags = 0) {
		th_ring_open(&r, 1, flags, _i);
		cap = vmap_ring_capacity(&r);
		pat_fill(scratch, cap, 0);
		ck_assert_uint_eq(vmap_ring_write(&r, scratch, 777), 777);
		ck_assert_int_eq(vmap_ring_consume(&r, 3), 0);
		vmap_ring_clear(&r);
		ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
		ck_assert_uint_eq(vmap_ring_write_len(&r), cap);
		ck_assert_uint_eq(vmap_ring_read(&r, scratch2, 10), 0);
		fails_with(vmap_ring_consume(&r, 1), ERANGE);
		ck_assert_uint_eq(vmap_ring_write(&r, scratch, cap), cap);
		ck_assert_int_eq(pat_diff(rptr(&r), cap, 0), -1);
		vmap_ring_clear(&r);
		ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
		th_ring_close(&r);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* printf                                                              */
/* ------------------------------------------------------------------ */

START_TEST(printf_fills_until_enobufs)
{
	char expect[64];
	struct vmap_ring r;
	struct state s;
	size_t cap, total = 0;
	int n, k;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	skip(&r, cap / 3); /* so the text wraps */
	for (k = 0;; k++) {
		s = state_of(&r);
		memcpy(scratch2, rptr(&r), s.rlen);
		errno = 0;
		n = vmap_ring_printf(&r, "line %05d|%.*s", k, k % 5, "abcd");
		if (n < 0)
			break;
		REQUIRE(n == 11 + k % 5, "printf %d returned %d", k, n);
		total += (size_t)n;
		REQUIRE(vmap_ring_read_len(&r) == total, "read_len");
	}
	ck_assert_int_eq(errno, ENOBUFS);
	assert_state(&r, &s);
	ck_assert_int_eq(memcmp(rptr(&r), scratch2, s.rlen), 0);
	ck_assert_uint_lt(vmap_ring_write_len(&r), (size_t)(11 + k % 5));
	for (n = 0; n < k; n++) {
		int len = snprintf(expect, sizeof(expect), "line %05d|%.*s", n,
				   n % 5, "abcd");

		REQUIRE(memcmp(rptr(&r), expect, (size_t)len) == 0,
			"line %d", n);
		REQUIRE(vmap_ring_consume(&r, (size_t)len) == 0, "consume");
	}
	ck_assert_uint_eq(vmap_ring_read_len(&r), 0);
	th_ring_close(&r);
}
END_TEST

/* The text fills the free space exactly: its NUL would land on the first
 * unread byte, which must survive. */
START_TEST(printf_exact_free_space)
{
	/* The last one puts the 50 free bytes, and the NUL after them, just
	 * short of the end of the first view (4000 with a 4 KiB unit). */
	static const struct th_rel starts[] = { TH_REL(0, 0), TH_REL(0, 50),
						TH_REL(1, -96) };
	struct vmap_ring r;
	size_t cap, k, free_len;
	unsigned char first;

	for (k = 0; k < ARRAY_LEN(starts); k++) {
		th_ring_open(&r, 1, 0, _i);
		cap = vmap_ring_capacity(&r);
		skip(&r, (size_t)th_rel(starts[k], cap));
		pat_fill(scratch, cap, 1);
		ck_assert_uint_eq(vmap_ring_write(&r, scratch, cap), cap);
		ck_assert_int_eq(vmap_ring_consume(&r, 50), 0);
		free_len = vmap_ring_write_len(&r);
		ck_assert_uint_eq(free_len, 50);
		first = *rptr(&r);
		memset(scratch2, 'q', free_len);
		ck_assert_int_eq(vmap_ring_printf(&r, "%.*s", (int)free_len,
						  (char *)scratch2),
				 (int)free_len);
		ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
		ck_assert_uint_eq(*rptr(&r), first);
		ck_assert_int_eq(pat_diff(rptr(&r), cap - 50, 51), -1);
		ck_assert_int_eq(memcmp(rptr(&r) + cap - 50, scratch2, 50), 0);
		/* And into a full ring, an empty text fits, one byte not. */
		ck_assert_int_eq(vmap_ring_printf(&r, "%s", ""), 0);
		fails_with(vmap_ring_printf(&r, "x"), ENOBUFS);
		ck_assert_uint_eq(*rptr(&r), first);
		th_ring_close(&r);
	}
}
END_TEST

START_TEST(printf_overwrite_keeps_newest)
{
	struct vmap_ring r;
	char *text;
	size_t cap, big;

	th_ring_open(&r, 1, VMAP_RING_OVERWRITE, _i);
	cap = vmap_ring_capacity(&r);
	pat_fill(scratch, cap, 0);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, cap - 10), cap - 10);
	ck_assert_int_eq(vmap_ring_printf(&r, "%030d", 42), 30);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(pat_diff(rptr(&r), cap - 30, 20), -1);
	ck_assert_int_eq(memcmp(rptr(&r) + cap - 30,
				"000000000000000000000000000042", 30),
			 0);
	/* Longer than the whole ring: the last capacity bytes stay. */
	big = cap + 1234;
	text = malloc(big + 1);
	ck_assert_ptr_nonnull(text);
	pat_fill((unsigned char *)text, big, 0);
	for (size_t j = 0; j < big; j++)
		text[j] = (char)('a' + text[j] % 26);
	text[big] = '\0';
	ck_assert_int_eq(vmap_ring_printf(&r, "%s", text), (int)big);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(memcmp(rptr(&r), text + 1234, cap), 0);
	/* Exactly the capacity, over a partly read ring: all new bytes. */
	ck_assert_int_eq(vmap_ring_consume(&r, 99), 0);
	ck_assert_int_eq(vmap_ring_printf(&r, "%.*s", (int)cap, text), (int)cap);
	ck_assert_uint_eq(vmap_ring_read_len(&r), cap);
	ck_assert_int_eq(memcmp(rptr(&r), text, cap), 0);
	free(text);
	th_ring_close(&r);
}
END_TEST

START_TEST(printf_format_error_writes_nothing)
{
	struct vmap_ring r;
	struct state s;

	th_ring_open(&r, 1, 0, _i);
	ck_assert_int_eq(vmap_ring_printf(&r, "%s", "kept"), 4);
	s = state_of(&r);
	/* U+0100 has no encoding in the C locale. */
	fails_with(vmap_ring_printf(&r, "abc%lc", (wint_t)0x100), EILSEQ);
	assert_state(&r, &s);
	ck_assert_int_eq(memcmp(rptr(&r), "kept", 4), 0);
	th_ring_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* lines                                                               */
/* ------------------------------------------------------------------ */

START_TEST(line_across_wrap)
{
	static const char text[] = "hello, wrapped world\nnext";
	struct vmap_ring r;
	unsigned char *base;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	base = fresh_base(&r);
	skip(&r, cap - 5);
	ck_assert_int_eq(vmap_ring_write_all(&r, text, sizeof(text) - 1), 0);
	ck_assert_ptr_eq(rptr(&r), base + cap - 5);
	ck_assert_uint_eq(vmap_ring_line(&r), 21);
	/* One contiguous range, crossing the end of the first view. */
	ck_assert_msg(rptr(&r) + 21 > base + cap, "line does not wrap");
	ck_assert_int_eq(memcmp(rptr(&r), text, 21), 0);
	ck_assert_int_eq(vmap_ring_consume(&r, 21), 0);
	ck_assert_uint_eq(vmap_ring_line(&r), 0);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 4);
	ck_assert_int_eq(vmap_ring_write_all(&r, "\n", 1), 0);
	ck_assert_uint_eq(vmap_ring_line(&r), 5);
	th_ring_close(&r);
}
END_TEST

START_TEST(line_none_or_full)
{
	struct vmap_ring r;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	ck_assert_uint_eq(vmap_ring_line(&r), 0);
	ck_assert_int_eq(vmap_ring_write_all(&r, "abc", 3), 0);
	ck_assert_uint_eq(vmap_ring_line(&r), 0);
	/* Full, no newline; then the newline as the very last byte. */
	memset(scratch, 'z', cap);
	ck_assert_uint_eq(vmap_ring_write(&r, scratch, cap), cap - 3);
	ck_assert_uint_eq(vmap_ring_line(&r), 0);
	ck_assert_int_eq(vmap_ring_consume(&r, 1), 0);
	ck_assert_int_eq(vmap_ring_write_all(&r, "\n", 1), 0);
	ck_assert_uint_eq(vmap_ring_line(&r), cap);
	ck_assert_int_eq(vmap_ring_consume(&r, cap - 1), 0);
	ck_assert_uint_eq(vmap_ring_line(&r), 1);
	th_ring_close(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* lifetime and errors                                                 */
/* ------------------------------------------------------------------ */

START_TEST(destroy_zeroes)
{
	static const struct vmap_ring zero;
	struct vmap_ring r;

	th_ring_open(&r, 3 * page(), VMAP_RING_OVERWRITE, _i);
	ck_assert_int_eq(vmap_ring_write_all(&r, "data", 4), 0);
	ck_assert_int_eq(vmap_ring_destroy(&r), 0);
	ck_assert_mem_eq(&r, &zero, sizeof(r));
	/* A zeroed struct destroys fine, again. */
	ck_assert_int_eq(vmap_ring_destroy(&r), 0);
	ck_assert_mem_eq(&r, &zero, sizeof(r));
	ck_assert_ptr_null(vmap_ring_strategy(&r));
	fails_with(vmap_ring_destroy(NULL), EINVAL);
}
END_TEST

START_TEST(no_leak)
{
	struct vmap_ring r[3];
	struct th_res before;
	int k;

	th_snap(&before);
	for (k = 0; k < 3; k++) {
		th_ring_open(&r[k], (size_t)(k + 1) * page() - 1,
			  k == 1 ? VMAP_RING_OVERWRITE : 0, _i);
		ck_assert_int_eq(vmap_ring_write_all(&r[k], "x\n", 2), 0);
	}
	for (k = 0; k < 3; k++) {
		ck_assert_uint_eq(vmap_ring_line(&r[k]), 2);
		th_ring_close(&r[k]);
	}
	th_assert_no_leak(&before);
}
END_TEST

static void sentinel(struct vmap_ring *r)
{
	memset(r, TH_SENTINEL, sizeof(*r));
}

/* Forced-strategy init of a sentinel ring fails with @err, leaving the
 * struct, the descriptors and the mappings as they were. */
static void strategy_fails(size_t cap, unsigned int flags, const char *name,
			   int err)
{
	struct th_res before;
	struct vmap_ring r;
	int rc, e;

	sentinel(&r);
	th_snap(&before);
	errno = 0;
	rc = vmap_ring_init_strategy(&r, cap, flags, name);
	e = errno;
	ck_assert_int_eq(rc, -1);
	if (err != 0)
		ck_assert_int_eq(e, err);
	ck_assert_int_ne(e, 0);
	ck_assert_msg(th_all_bytes(&r, sizeof(r), TH_SENTINEL),
		      "ring struct modified");
	th_assert_no_leak(&before);
}

static void init_fails(size_t cap, unsigned int flags, int err)
{
	struct vmap_ring r;

	sentinel(&r);
	errno = 0;
	fails_with(vmap_ring_init(&r, cap, flags), err);
	ck_assert_msg(th_all_bytes(&r, sizeof(r), TH_SENTINEL),
		      "ring struct modified");
}

START_TEST(init_errors)
{
	const char *name = th_strategies()[_i];

	errno = 0;
	fails_with(vmap_ring_init_strategy(NULL, 1, 0, name), EINVAL);
	strategy_fails(0, 0, name, EINVAL);
	strategy_fails(1, 2, name, EINVAL);
	strategy_fails(1, ~0u, name, EINVAL);
	strategy_fails(1, VMAP_RING_OVERWRITE | 4, name, EINVAL);
	strategy_fails(SIZE_MAX, 0, name, EOVERFLOW);
	strategy_fails(SIZE_MAX / 2 + 1, 0, name, EOVERFLOW);
	strategy_fails(SIZE_MAX - page() + 2, VMAP_RING_OVERWRITE, name,
		       EOVERFLOW);
	/* The largest capacity accepted: its two views would span the
	 * whole address space, which the system refuses. */
	strategy_fails(SIZE_MAX / 2 + 1 - page(), 0, name, 0);
}
END_TEST

START_TEST(init_errors_default)
{
	errno = 0;
	fails_with(vmap_ring_init(NULL, 1, 0), EINVAL);
	init_fails(0, 0, EINVAL);
	init_fails(1, 2, EINVAL);
	init_fails(1, 0x80000000u, EINVAL);
	init_fails(SIZE_MAX, 0, EOVERFLOW);
	init_fails(SIZE_MAX / 2 + 1, VMAP_RING_OVERWRITE, EOVERFLOW);
	strategy_fails(1, 0, "no-such-strategy", ENOTSUP);
	strategy_fails(1, 0, "", ENOTSUP);
	strategy_fails(1, 0, "MREMAP", ENOTSUP);
	strategy_fails(1, 0, NULL, EINVAL);
}
END_TEST

START_TEST(strategy_list)
{
	const char *const *names = vmap_ring_strategies();
	struct vmap_ring r;
	const char *got;
	int n = 0, j, k, found = 0;

	/* The library's whole list: VMAP_TEST_SKIP_STRATEGIES may leave out
	 * the strategies that come before the one vmap_ring_init() picks. */
	while (names[n] != NULL)
		n++;
	ck_assert_int_ge(n, th_n_strategies());
	ck_assert_int_gt(th_n_strategies(), 0);
	for (j = 0; j < n; j++) {
		ck_assert_uint_gt(strlen(names[j]), 0);
		for (k = 0; k < j; k++)
			ck_assert_str_ne(names[j], names[k]);
	}
	ck_assert_ptr_null(vmap_ring_strategy(NULL));
	ck_assert_int_eq(vmap_ring_init(&r, 1000, 0), 0);
	got = vmap_ring_strategy(&r);
	ck_assert_ptr_nonnull(got);
	for (j = 0; j < n; j++)
		found += strcmp(got, names[j]) == 0;
	ck_assert_int_eq(found, 1);
	th_ring_close(&r);
	/* The first strategy works here, so it is the one chosen. */
	if (vmap_ring_init_strategy(&r, 1000, 0, names[0]) == 0) {
		th_ring_close(&r);
		ck_assert_str_eq(got, names[0]);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* NULL rings and vprintf                                              */
/* ------------------------------------------------------------------ */

static int vprintf_to(struct vmap_ring *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vmap_ring_vprintf(r, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(vprintf_formats)
{
	struct vmap_ring r;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	ck_assert_int_eq(vprintf_to(&r, "%d-%s|%c", 12, "ab", 'z'), 7);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 7);
	ck_assert_int_eq(memcmp(rptr(&r), "12-ab|z", 7), 0);
	fails_with(vprintf_to(&r, "%*d", (int)cap, 1), ENOBUFS);
	ck_assert_uint_eq(vmap_ring_read_len(&r), 7);
	fails_with(vprintf_to(NULL, "%d", 1), EINVAL);
	th_ring_close(&r);
}
END_TEST

/* Status functions fail with EINVAL; the others see an empty ring with
 * no capacity and do nothing. */
START_TEST(null_ring)
{
	unsigned char buf[4] = { 1, 2, 3, 4 };

	fails_with(vmap_ring_consume(NULL, 0), EINVAL);
	fails_with(vmap_ring_feed(NULL, 0), EINVAL);
	fails_with(vmap_ring_write_all(NULL, buf, 1), EINVAL);
	fails_with(vmap_ring_write_all(NULL, buf, 0), EINVAL);
	fails_with(vmap_ring_printf(NULL, "x"), EINVAL);
	fails_with(vmap_ring_destroy(NULL), EINVAL);
	ck_assert_uint_eq(vmap_ring_capacity(NULL), 0);
	ck_assert_ptr_null(vmap_ring_read_ptr(NULL));
	ck_assert_ptr_null(vmap_ring_write_ptr(NULL));
	ck_assert_uint_eq(vmap_ring_read_len(NULL), 0);
	ck_assert_uint_eq(vmap_ring_write_len(NULL), 0);
	ck_assert_uint_eq(vmap_ring_line(NULL), 0);
	ck_assert_uint_eq(vmap_ring_write(NULL, buf, 4), 0);
	ck_assert_uint_eq(vmap_ring_read(NULL, buf, 4), 0);
	ck_assert_uint_eq(buf[0] + buf[1] + buf[2] + buf[3], 10);
	vmap_ring_clear(NULL);
	ck_assert_ptr_null(vmap_ring_strategy(NULL));
}
END_TEST

/* ------------------------------------------------------------------ */
/* exported copies of the inline hot paths                             */
/* ------------------------------------------------------------------ */

/* The library's own definitions of the functions vmap.h inlines, as a
 * caller that cannot inline (an FFI) reaches them. */
struct lib_fns {
	void *(*read_ptr)(const struct vmap_ring *);
	size_t (*read_len)(const struct vmap_ring *);
	void *(*write_ptr)(const struct vmap_ring *);
	size_t (*write_len)(const struct vmap_ring *);
	int (*consume)(struct vmap_ring *, size_t);
	int (*feed)(struct vmap_ring *, size_t);
	size_t (*read)(struct vmap_ring *, void *, size_t);
	size_t (*write)(struct vmap_ring *, const void *, size_t);
};

static void lib_sym(void *fnp, size_t size, const char *name)
{
	lib_fn fn = lib_lookup(name);

	ck_assert_msg(fn != NULL, "%s is not exported", name);
	ck_assert_uint_eq(size, sizeof(fn));
	memcpy(fnp, &fn, size); /* to the function's own pointer type */
}

#define LIB_SYM(f, name) lib_sym(&(f), sizeof(f), "vmap_ring_" name)

static struct lib_fns lib_fns(void)
{
	struct lib_fns f;

	LIB_SYM(f.read_ptr, "read_ptr");
	LIB_SYM(f.read_len, "read_len");
	LIB_SYM(f.write_ptr, "write_ptr");
	LIB_SYM(f.write_len, "write_len");
	LIB_SYM(f.consume, "consume");
	LIB_SYM(f.feed, "feed");
	LIB_SYM(f.read, "read");
	LIB_SYM(f.write, "write");
	return f;
}

/* The same traffic through the exported functions, checked against the
 * inline ones at every step. */
static void lib_traffic(const struct lib_fns *f, struct vmap_ring *r)
{
	size_t cap = vmap_ring_capacity(r);
	uint64_t w = 0, rd = 0;
	int k;

	for (k = 0; k < 200; k++) {
		size_t n = 1 + (size_t)(k * 389) % (cap / 2);

		pat_fill(scratch, n, w);
		w += f->write(r, scratch, n);
		REQUIRE(f->read_len(r) == vmap_ring_read_len(r), "read_len");
		REQUIRE(f->write_len(r) == vmap_ring_write_len(r), "write_len");
		REQUIRE(f->read_ptr(r) == vmap_ring_read_ptr(r), "read_ptr");
		REQUIRE(f->write_ptr(r) == vmap_ring_write_ptr(r), "write_ptr");
		n = f->read(r, scratch2, n / 2 + 1);
		REQUIRE(pat_diff(scratch2, n, rd) < 0, "read at %llu",
			(unsigned long long)rd);
		rd += n;
		if (f->read_len(r) > 0) {
			REQUIRE(*(unsigned char *)f->read_ptr(r) == pat(rd),
				"byte at read_ptr");
			REQUIRE(f->consume(r, 1) == 0, "consume");
			rd++;
		}
		if (f->write_len(r) > 0) {
			pat_fill(f->write_ptr(r), 1, w);
			REQUIRE(f->feed(r, 1) == 0, "feed");
			w++;
		}
	}
	REQUIRE(vmap_ring_read_len(r) == w - rd, "final read_len");
	ck_assert_int_eq(pat_diff(rptr(r), (size_t)(w - rd), rd), -1);
}

START_TEST(exported_hot_paths)
{
	struct lib_fns f = lib_fns();
	struct vmap_ring r;
	size_t cap;

	th_ring_open(&r, 1, 0, _i);
	cap = vmap_ring_capacity(&r);
	lib_traffic(&f, &r);
	errno = 0;
	fails_with(f.consume(&r, vmap_ring_read_len(&r) + 1), ERANGE);
	fails_with(f.feed(&r, vmap_ring_write_len(&r) + 1), ERANGE);
	fails_with(f.consume(NULL, 0), EINVAL);
	fails_with(f.feed(NULL, 0), EINVAL);
	ck_assert_ptr_null(f.read_ptr(NULL));
	ck_assert_ptr_null(f.write_ptr(NULL));
	ck_assert_uint_eq(f.read_len(NULL), 0);
	ck_assert_uint_eq(f.write_len(NULL), 0);
	ck_assert_uint_eq(f.read(NULL, scratch, 1), 0);
	ck_assert_uint_eq(f.write(NULL, scratch, 1), 0);
	th_ring_close(&r);
	/* Overwrite mode: the last capacity bytes of a large write stay. */
	th_ring_open(&r, 1, VMAP_RING_OVERWRITE, _i);
	ck_assert_uint_eq(f.write_len(&r), cap);
	pat_fill(scratch, cap + 321, 0);
	ck_assert_uint_eq(f.write(&r, scratch, cap + 321), cap + 321);
	ck_assert_uint_eq(f.read_len(&r), cap);
	ck_assert_int_eq(pat_diff(f.read_ptr(&r), cap, 321), -1);
	th_ring_close(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ring");
	int n = th_n_strategies();
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_loop_test(tc, capacity_rounded, 0, n);
	tcase_add_loop_test(tc, mirror_views, 0, n);
	tcase_add_loop_test(tc, mirror_after_wrap, 0, n);
	tcase_add_loop_test(tc, destroy_zeroes, 0, n);
	tcase_add_loop_test(tc, no_leak, 0, n);
	tcase_add_loop_test(tc, init_errors, 0, n);
	tcase_add_loop_test(tc, exported_hot_paths, 0, n);
	tcase_add_test(tc, init_errors_default);
	tcase_add_test(tc, strategy_list);
	tcase_add_test(tc, null_ring);
	suite_add_tcase(s, tc);

	tc = tcase_create("traffic");
	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, sizes_pattern, 0, n);
	tcase_add_loop_test(tc, word_wraps, 0, n);
	tcase_add_loop_test(tc, traffic_4gib, 0, n);
	suite_add_tcase(s, tc);

	tc = tcase_create("modes");
	tcase_add_loop_test(tc, bounded_write_partial, 0, n);
	tcase_add_loop_test(tc, bounded_write_all, 0, n);
	tcase_add_loop_test(tc, bounded_feed_consume_range, 0, n);
	tcase_add_loop_test(tc, overwrite_small_writes, 0, n);
	tcase_add_loop_test(tc, overwrite_large_write, 0, n);
	tcase_add_loop_test(tc, overwrite_feed_drops_oldest, 0, n);
	tcase_add_loop_test(tc, clear_drops_all, 0, n);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_loop_test(tc, printf_fills_until_enobufs, 0, n);
	tcase_add_loop_test(tc, printf_exact_free_space, 0, n);
	tcase_add_loop_test(tc, printf_overwrite_keeps_newest, 0, n);
	if (PRINTF_ENCODING_ERRORS)
		tcase_add_loop_test(tc, printf_format_error_writes_nothing, 0,
				    n);
	tcase_add_loop_test(tc, vprintf_formats, 0, n);
	tcase_add_loop_test(tc, line_across_wrap, 0, n);
	tcase_add_loop_test(tc, line_none_or_full, 0, n);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	scratch_len = 2 * BIG_CHUNK + 2 * page();
	scratch = th_buffer(scratch_len);
	scratch2 = th_buffer(scratch_len);
	return th_run(suite());
}
