/*
 * libvmap - tests for lock-free rings for two threads (vmap_spsc_*)
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * The stress test passes sequence-numbered records of random sizes (1 byte
 * up to half the capacity) from a producer thread to a consumer thread
 * through rings of several sizes, checking every byte: 1 GiB in all,
 * unless VMAP_SPSC_STRESS_BYTES says otherwise (a ThreadSanitizer build,
 * for one, runs a smaller amount).  Both sides mix every way of writing
 * and reading: copies and zero-copy, whole records and pieces, waits that
 * block, time out or only look.  Only the test's own thread calls Check:
 * the other threads report through the struct they share with it.
 */

#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

/* Windows has no signal that interrupts a thread's wait (no SIGUSR1, no
 * sigaction), so the case that checks that handled signals do not end
 * waits is POSIX's alone; every other case runs there too. */
#ifndef _WIN32
#define HAVE_WAIT_SIGNALS 1
#endif

/* A failed check in a loop that must stay fast. */
#define REQUIRE(cond, ...)                                                    \
	do {                                                                  \
		if (!(cond))                                                  \
			ck_abort_msg(__VA_ARGS__);                            \
	} while (0)

static size_t unit(void)
{
	return vmap_allocation_size();
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Creates a ring of at least cap bytes; returns its capacity. */
static size_t open_ring(struct vmap_spsc *s, size_t cap)
{
	ck_assert_msg(vmap_spsc_init(s, cap, 0) == 0, "vmap_spsc_init(%zu): %s",
		      cap, strerror(errno));
	return vmap_spsc_capacity(s);
}

static void close_ring(struct vmap_spsc *s)
{
	static const struct vmap_spsc zero;

	ck_assert_int_eq(vmap_spsc_destroy(s), 0);
	ck_assert_msg(memcmp(s, &zero, sizeof(zero)) == 0,
		      "vmap_spsc_destroy left the struct set");
}

/* Byte i of the test pattern that starts at seed. */
static unsigned char pat(size_t seed, size_t i)
{
	return (unsigned char)((seed + i) * 131 + ((seed + i) >> 8));
}

static void pat_fill(unsigned char *p, size_t n, size_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pat(seed, i);
}

/* The first index where p differs from the pattern, or -1. */
static long pat_diff(const unsigned char *p, size_t n, size_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(seed, i))
			return (long)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* one thread                                                          */
/* ------------------------------------------------------------------ */

START_TEST(init_errors)
{
	struct vmap_spsc s, before;

	memset(&s, TH_SENTINEL, sizeof(s));
	before = s;
	th_assert_fails(vmap_spsc_init(NULL, 1, 0), EINVAL);
	th_assert_fails(vmap_spsc_init(&s, 0, 0), EINVAL);
	th_assert_fails(vmap_spsc_init(&s, 1, VMAP_RING_OVERWRITE), EINVAL);
	th_assert_fails(vmap_spsc_init(&s, 1, 1u << 7), EINVAL);
	th_assert_fails(vmap_spsc_init(&s, SIZE_MAX, 0), EOVERFLOW);
	th_assert_fails(vmap_spsc_init(&s, SIZE_MAX / 2 + 1, 0), EOVERFLOW);
	ck_assert_msg(memcmp(&s, &before, sizeof(s)) == 0,
		      "a failed vmap_spsc_init touched the struct");
}
END_TEST

START_TEST(capacity_rounded)
{
	struct vmap_spsc s;

	open_ring(&s, 1);
	ck_assert_uint_eq(vmap_spsc_capacity(&s), unit());
	ck_assert_uint_eq(vmap_spsc_write_len(&s), unit());
	ck_assert_uint_eq(vmap_spsc_read_len(&s), 0);
	ck_assert_ptr_eq(vmap_spsc_write_ptr(&s), vmap_spsc_read_ptr(&s));
	ck_assert_int_eq(vmap_spsc_closed(&s), 0);
	close_ring(&s);
	open_ring(&s, unit() + 1);
	ck_assert_uint_eq(vmap_spsc_capacity(&s), 2 * unit());
	close_ring(&s);
}
END_TEST

START_TEST(destroy_and_leaks)
{
	struct vmap_spsc s;
	struct th_res res;
	int i;

	th_snap(&res);
	for (i = 0; i < 3; i++) {
		open_ring(&s, 3 * unit());
		ck_assert_uint_eq(vmap_spsc_write(&s, "abc", 3), 3);
		close_ring(&s);
	}
	th_assert_no_leak(&res);
	/* A zeroed struct destroys as nothing. */
	memset(&s, 0, sizeof(s));
	close_ring(&s);
	th_assert_fails(vmap_spsc_destroy(NULL), EINVAL);
}
END_TEST

START_TEST(null_ring)
{
	char c = 0;

	ck_assert_uint_eq(vmap_spsc_capacity(NULL), 0);
	ck_assert_ptr_null(vmap_spsc_write_ptr(NULL));
	ck_assert_ptr_null(vmap_spsc_read_ptr(NULL));
	ck_assert_uint_eq(vmap_spsc_write_len(NULL), 0);
	ck_assert_uint_eq(vmap_spsc_read_len(NULL), 0);
	ck_assert_uint_eq(vmap_spsc_write(NULL, &c, 1), 0);
	ck_assert_uint_eq(vmap_spsc_read(NULL, &c, 1), 0);
	th_assert_fails(vmap_spsc_commit(NULL, 0), EINVAL);
	th_assert_fails(vmap_spsc_release(NULL, 0), EINVAL);
	th_assert_fails(vmap_spsc_wait_readable(NULL, 0, 0), EINVAL);
	th_assert_fails(vmap_spsc_wait_writable(NULL, 0, 0), EINVAL);
	th_assert_fails(vmap_spsc_close(NULL), EINVAL);
	th_assert_fails(vmap_spsc_closed(NULL), EINVAL);
}
END_TEST

START_TEST(commit_release_range)
{
	struct vmap_spsc s;
	size_t cap;

	cap = open_ring(&s, 1);
	th_assert_fails(vmap_spsc_commit(&s, cap + 1), ERANGE);
	th_assert_fails(vmap_spsc_release(&s, 1), ERANGE);
	ck_assert_int_eq(vmap_spsc_commit(&s, 0), 0);
	ck_assert_int_eq(vmap_spsc_release(&s, 0), 0);
	ck_assert_int_eq(vmap_spsc_commit(&s, cap - 1), 0);
	th_assert_fails(vmap_spsc_commit(&s, 2), ERANGE);
	th_assert_fails(vmap_spsc_release(&s, cap), ERANGE);
	/* Nothing moved. */
	ck_assert_uint_eq(vmap_spsc_read_len(&s), cap - 1);
	ck_assert_uint_eq(vmap_spsc_write_len(&s), 1);
	ck_assert_int_eq(vmap_spsc_release(&s, cap - 1), 0);
	ck_assert_uint_eq(vmap_spsc_write_len(&s), cap);
	close_ring(&s);
}
END_TEST

/* After a wrap, the free space and then the unread bytes are one
 * contiguous range across the end of the buffer, by the mirror. */
START_TEST(contiguous_across_end)
{
	struct vmap_spsc s;
	unsigned char *w, *r;
	size_t cap;

	cap = open_ring(&s, 1);
	ck_assert_int_eq(vmap_spsc_commit(&s, cap - 3), 0);
	ck_assert_int_eq(vmap_spsc_release(&s, cap - 3), 0);
	w = vmap_spsc_write_ptr(&s);
	ck_assert_uint_eq(vmap_spsc_write_len(&s), cap);
	pat_fill(w, cap, 7);
	ck_assert_int_eq(vmap_spsc_commit(&s, cap), 0);
	ck_assert_uint_eq(vmap_spsc_write_len(&s), 0);
	r = vmap_spsc_read_ptr(&s);
	ck_assert_ptr_eq(r, w);
	ck_assert_uint_eq(vmap_spsc_read_len(&s), cap);
	ck_assert_int_eq(pat_diff(r, cap, 7), -1);
	/* Bytes 3.. went through the second view to the buffer's start. */
	ck_assert_int_eq(pat_diff(r - (cap - 3), 3, 7 + 3), -1);
	ck_assert_int_eq(vmap_spsc_release(&s, cap), 0);
	ck_assert_ptr_eq(vmap_spsc_read_ptr(&s), r);
	ck_assert_ptr_eq(vmap_spsc_write_ptr(&s), r);
	close_ring(&s);
}
END_TEST

START_TEST(copies_take_what_fits)
{
	struct vmap_spsc s;
	unsigned char *in, *out;
	size_t cap;

	cap = open_ring(&s, 1);
	in = malloc(cap + 10);
	out = malloc(cap + 10);
	ck_assert(in && out);
	pat_fill(in, cap + 10, 1);
	ck_assert_uint_eq(vmap_spsc_read(&s, out, 1), 0);
	ck_assert_uint_eq(vmap_spsc_write(&s, in, 5), 5);
	ck_assert_uint_eq(vmap_spsc_write(&s, in + 5, cap + 5), cap - 5);
	ck_assert_uint_eq(vmap_spsc_write(&s, in, 1), 0);
	ck_assert_uint_eq(vmap_spsc_read(&s, out, 7), 7);
	ck_assert_uint_eq(vmap_spsc_read(&s, out + 7, cap + 10), cap - 7);
	ck_assert_int_eq(pat_diff(out, cap, 1), -1);
	ck_assert_uint_eq(vmap_spsc_read_len(&s), 0);
	ck_assert_uint_eq(vmap_spsc_write_len(&s), cap);
	free(in);
	free(out);
	close_ring(&s);
}
END_TEST

START_TEST(waits_that_look)
{
	struct vmap_spsc s;
	size_t cap;

	cap = open_ring(&s, 1);
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 0, 0), 0);
	th_assert_fails(vmap_spsc_wait_readable(&s, 1, 0), ETIMEDOUT);
	th_assert_fails(vmap_spsc_wait_readable(&s, cap + 1, -1), EINVAL);
	th_assert_fails(vmap_spsc_wait_writable(&s, cap + 1, -1), EINVAL);
	ck_assert_int_eq(vmap_spsc_wait_writable(&s, cap, 0), 0);
	ck_assert_uint_eq(vmap_spsc_write(&s, "x", 1), 1);
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 1, 0), 0);
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 1, -1), 0);
	th_assert_fails(vmap_spsc_wait_writable(&s, cap, 0), ETIMEDOUT);
	ck_assert_int_eq(vmap_spsc_wait_writable(&s, cap - 1, -1), 0);
	close_ring(&s);
}
END_TEST

START_TEST(waits_time_out)
{
	struct vmap_spsc s;
	double t0, waited;

	open_ring(&s, 1);
	t0 = now_ms();
	th_assert_fails(vmap_spsc_wait_readable(&s, 1, 30), ETIMEDOUT);
	waited = now_ms() - t0;
	ck_assert_msg(waited >= 29.0, "wait_readable(30 ms) took %.1f ms",
		      waited);
	ck_assert_int_eq(vmap_spsc_commit(&s, vmap_spsc_capacity(&s)), 0);
	t0 = now_ms();
	th_assert_fails(vmap_spsc_wait_writable(&s, 1, 30), ETIMEDOUT);
	waited = now_ms() - t0;
	ck_assert_msg(waited >= 29.0, "wait_writable(30 ms) took %.1f ms",
		      waited);
	close_ring(&s);
}
END_TEST

START_TEST(close_ends_the_stream)
{
	struct vmap_spsc s;
	char buf[8];

	open_ring(&s, 1);
	ck_assert_uint_eq(vmap_spsc_write(&s, "hello", 5), 5);
	ck_assert_int_eq(vmap_spsc_close(&s), 0);
	ck_assert_int_eq(vmap_spsc_closed(&s), 1);
	ck_assert_int_eq(vmap_spsc_close(&s), 0);
	ck_assert_int_eq(vmap_spsc_closed(&s), 1);
	/* The bytes left stay readable; more will never come. */
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 5, -1), 0);
	th_assert_fails(vmap_spsc_wait_readable(&s, 6, -1), EPIPE);
	th_assert_fails(vmap_spsc_wait_readable(&s, 6, 0), EPIPE);
	/* Nothing written now would be read. */
	th_assert_fails(vmap_spsc_wait_writable(&s, 1, -1), EPIPE);
	th_assert_fails(vmap_spsc_wait_writable(&s, 0, 0), EPIPE);
	ck_assert_uint_eq(vmap_spsc_read(&s, buf, sizeof(buf)), 5);
	ck_assert_mem_eq(buf, "hello", 5);
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 0, -1), 0);
	th_assert_fails(vmap_spsc_wait_readable(&s, 1, -1), EPIPE);
	close_ring(&s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* two threads: waking                                                 */
/* ------------------------------------------------------------------ */

/* What the helper thread does to the ring, after a delay. */
enum act { ACT_WRITE, ACT_RELEASE, ACT_CLOSE, ACT_SIGNAL };

struct later {
	struct vmap_spsc *s;
	enum act act;
	int delay_ms;
	int times;       /* repeated, delay_ms apart */
	size_t n;        /* bytes written or released each time */
	pthread_t target; /* for ACT_SIGNAL */
};

static void *later_main(void *arg)
{
	struct later *l = arg;
	static const char zeros[64];
	int i;

	for (i = 0; i < l->times; i++) {
		sleep_ms(l->delay_ms);
		switch (l->act) {
		case ACT_WRITE:
			(void)vmap_spsc_write(l->s, zeros, l->n);
			break;
		case ACT_RELEASE:
			(void)vmap_spsc_release(l->s, l->n);
			break;
		case ACT_CLOSE:
			(void)vmap_spsc_close(l->s);
			break;
		case ACT_SIGNAL:
#ifdef HAVE_WAIT_SIGNALS
			(void)pthread_kill(l->target, SIGUSR1);
#endif
			break;
		}
	}
	return NULL;
}

static pthread_t later_start(struct later *l)
{
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, later_main, l), 0);
	return t;
}

START_TEST(commit_wakes_reader)
{
	struct vmap_spsc s;
	struct later l = { .s = &s, .act = ACT_WRITE, .delay_ms = 40,
			   .times = 3, .n = 5 };
	pthread_t t;
	double t0;

	open_ring(&s, 1);
	t0 = now_ms();
	t = later_start(&l);
	/* Woken by each commit, asleep again until 15 bytes are there. */
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 15, -1), 0);
	ck_assert_msg(now_ms() - t0 >= 100.0, "woke after %.1f ms",
		      now_ms() - t0);
	ck_assert_uint_eq(vmap_spsc_read_len(&s), 15);
	pthread_join(t, NULL);
	close_ring(&s);
}
END_TEST

START_TEST(release_wakes_writer)
{
	struct vmap_spsc s;
	struct later l = { .s = &s, .act = ACT_RELEASE, .delay_ms = 30,
			   .times = 2 };
	pthread_t t;
	size_t cap;

	cap = open_ring(&s, 1);
	ck_assert_int_eq(vmap_spsc_commit(&s, cap), 0);
	l.n = cap / 2;
	t = later_start(&l);
	ck_assert_int_eq(vmap_spsc_wait_writable(&s, cap, 5000), 0);
	ck_assert_uint_eq(vmap_spsc_write_len(&s), cap);
	pthread_join(t, NULL);
	close_ring(&s);
}
END_TEST

START_TEST(close_wakes_both)
{
	struct vmap_spsc s;
	struct later l = { .s = &s, .act = ACT_CLOSE, .delay_ms = 30,
			   .times = 1 };
	pthread_t t;

	/* A reader that waits for ever. */
	open_ring(&s, 1);
	t = later_start(&l);
	th_assert_fails(vmap_spsc_wait_readable(&s, 1, -1), EPIPE);
	pthread_join(t, NULL);
	close_ring(&s);
	/* A writer facing a full ring. */
	open_ring(&s, 1);
	ck_assert_int_eq(vmap_spsc_commit(&s, vmap_spsc_capacity(&s)), 0);
	t = later_start(&l);
	th_assert_fails(vmap_spsc_wait_writable(&s, 1, -1), EPIPE);
	pthread_join(t, NULL);
	close_ring(&s);
}
END_TEST

#ifdef HAVE_WAIT_SIGNALS
static void on_usr1(int sig)
{
	(void)sig;
}

/* Signals handled during a wait do not end it: the timeout still runs its
 * course, and a commit still ends it. */
START_TEST(signals_do_not_end_waits)
{
	struct vmap_spsc s;
	struct sigaction sa;
	struct later sig = { .s = &s, .act = ACT_SIGNAL, .delay_ms = 15,
			     .times = 5 };
	struct later put = { .s = &s, .act = ACT_WRITE, .delay_ms = 120,
			     .times = 1, .n = 1 };
	pthread_t t, u;
	double t0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1; /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	open_ring(&s, 1);
	sig.target = pthread_self();
	t0 = now_ms();
	t = later_start(&sig);
	th_assert_fails(vmap_spsc_wait_readable(&s, 1, 150), ETIMEDOUT);
	ck_assert_msg(now_ms() - t0 >= 149.0, "timed out after %.1f ms",
		      now_ms() - t0);
	pthread_join(t, NULL);
	t = later_start(&sig);
	u = later_start(&put);
	ck_assert_int_eq(vmap_spsc_wait_readable(&s, 1, -1), 0);
	pthread_join(t, NULL);
	pthread_join(u, NULL);
	close_ring(&s);
}
END_TEST
#endif /* HAVE_WAIT_SIGNALS */

/* ------------------------------------------------------------------ */
/* two threads: stress                                                 */
/* ------------------------------------------------------------------ */

/* Ring sizes of the stress test; 0 is one allocation unit. */
static const size_t stress_caps[] = { 0, 16 << 10, (64 << 10) + 1, 1 << 20 };

/* Record k's bytes past its sequence number come from the random pattern,
 * starting at pattern[k % SPAN]. */
#define SPAN 4099

struct stress {
	struct vmap_spsc ring;
	size_t max_rec;          /* half the capacity */
	uint64_t bytes;          /* to pass, at least */
	unsigned char *pattern;  /* max_rec + SPAN random bytes */
	uint64_t records;        /* records the producer committed */
	char error[160];         /* the producer's failure, if any */
};

/* splitmix64: every random choice is a function of the record number, so
 * both threads know each record's size without telling each other. */
static uint64_t mix(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static size_t rec_len(const struct stress *st, uint64_t k)
{
	return 1 + (size_t)(mix(k) % st->max_rec);
}

/* How side (0 producer, 1 consumer) moves record k: one of four ways. */
static unsigned int rec_way(uint64_t k, unsigned int side)
{
	return (unsigned int)(mix(k ^ (UINT64_C(0xa5a5) << side)) >> 61) & 3;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Bytes [off, off + n) of record k: its number k (native byte order, as
 * much of its 8 bytes as the record holds), then the pattern. */
static void rec_part(const struct stress *st, uint64_t k, size_t off,
		     unsigned char *dst, size_t n)
{
	memcpy(dst, st->pattern + k % SPAN + off, n);
	if (off < sizeof(k))
		memcpy(dst, (const unsigned char *)&k + off,
		       min_size(n, sizeof(k) - off));
}

static int rec_ok(const struct stress *st, uint64_t k, const unsigned char *p,
		  size_t len)
{
	size_t head = min_size(len, sizeof(k));

	return memcmp(p, &k, head) == 0 &&
	       memcmp(p + head, st->pattern + k % SPAN + head, len - head) == 0;
}

/* Commits record k; -1 with errno when a wait failed. */
static int produce(struct stress *st, uint64_t k, unsigned char *stage)
{
	struct vmap_spsc *r = &st->ring;
	size_t len = rec_len(st, k), done = 0, n;

	switch (rec_way(k, 0)) {
	case 0: /* copied in whole, after a wait that blocks */
		if (vmap_spsc_wait_writable(r, len, -1) < 0)
			return -1;
		rec_part(st, k, 0, stage, len);
		done = vmap_spsc_write(r, stage, len);
		break;
	case 1: /* written in place, committed in two parts */
		if (vmap_spsc_wait_writable(r, len, -1) < 0)
			return -1;
		rec_part(st, k, 0, vmap_spsc_write_ptr(r), len);
		n = (size_t)(mix(~k) % (len + 1));
		if (vmap_spsc_commit(r, n) == 0 &&
		    vmap_spsc_commit(r, len - n) == 0)
			done = len;
		break;
	case 2: /* copied in whatever fits, waits that time out */
		rec_part(st, k, 0, stage, len);
		while (done < len) {
			n = vmap_spsc_write(r, stage + done, len - done);
			done += n;
			if (n == 0 && vmap_spsc_wait_writable(r, 1, 1) < 0 &&
			    errno != ETIMEDOUT)
				return -1;
		}
		break;
	default: /* written in place, as much as the free space takes */
		while (done < len) {
			n = min_size(vmap_spsc_write_len(r), len - done);
			if (n == 0) {
				if (vmap_spsc_wait_writable(r, 1, -1) < 0)
					return -1;
				continue;
			}
			rec_part(st, k, done, vmap_spsc_write_ptr(r), n);
			if (vmap_spsc_commit(r, n) < 0)
				return -1;
			done += n;
		}
		break;
	}
	if (done != len) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static void *producer(void *arg)
{
	struct stress *st = arg;
	unsigned char *stage = malloc(st->max_rec);
	uint64_t k, sent = 0;

	for (k = 0; stage && sent < st->bytes; k++) {
		if (produce(st, k, stage) < 0) {
			snprintf(st->error, sizeof(st->error),
				 "producer, record %llu: %s",
				 (unsigned long long)k, strerror(errno));
			break;
		}
		sent += rec_len(st, k);
	}
	if (!stage)
		snprintf(st->error, sizeof(st->error), "producer: no memory");
	st->records = k;
	free(stage);
	(void)vmap_spsc_close(&st->ring);
	return NULL;
}

/* Waits for len bytes, or for the end of the stream where record k would
 * begin: 0, 1 at the end, -1 on failure. */
static int await(struct vmap_spsc *r, size_t len, int timeout_ms)
{
	if (vmap_spsc_wait_readable(r, len, timeout_ms) == 0)
		return 0;
	return errno == EPIPE && vmap_spsc_read_len(r) == 0 ? 1 : -1;
}

/* Takes and checks record k: 0, 1 at the end of the stream, -1 when it
 * is wrong or missing (why, in msg). */
static int consume(struct stress *st, uint64_t k, unsigned char *buf,
		   char *msg, size_t msg_len)
{
	struct vmap_spsc *r = &st->ring;
	size_t len = rec_len(st, k), got = 0, n;
	const unsigned char *p = buf;
	int rc = 0;

	switch (rec_way(k, 1)) {
	case 0: /* checked in place */
		rc = await(r, len, -1);
		p = vmap_spsc_read_ptr(r);
		got = len;
		break;
	case 1: /* copied out whole */
		rc = await(r, len, -1);
		if (rc == 0)
			got = vmap_spsc_read(r, buf, len);
		break;
	case 2: /* copied out in pieces, waits that time out */
		while (rc == 0 && got < len) {
			n = vmap_spsc_read(r, buf + got, len - got);
			got += n;
			if (n == 0 && vmap_spsc_wait_readable(r, 1, 1) < 0 &&
			    errno != ETIMEDOUT)
				rc = got == 0 ? await(r, 1, 0) : -1;
		}
		break;
	default: /* looked for without sleeping, checked in place */
		do
			rc = await(r, len, 0);
		while (rc < 0 && errno == ETIMEDOUT);
		p = vmap_spsc_read_ptr(r);
		got = len;
		break;
	}
	if (rc != 0) {
		snprintf(msg, msg_len, "record %llu (%zu bytes): %s",
			 (unsigned long long)k, len,
			 rc > 0 ? "end of stream" : strerror(errno));
		return rc;
	}
	if (got != len || !rec_ok(st, k, p, len)) {
		snprintf(msg, msg_len, "record %llu (%zu bytes) is wrong",
			 (unsigned long long)k, len);
		return -1;
	}
	if (p != buf && vmap_spsc_release(r, len) < 0) {
		snprintf(msg, msg_len, "release: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* VMAP_SPSC_STRESS_BYTES: a number, optionally followed by K, M or G. */
static uint64_t stress_bytes(void)
{
	const char *env = getenv("VMAP_SPSC_STRESS_BYTES");
	char *end;
	uint64_t n;

	if (!env || !*env)
		return UINT64_C(1) << 30;
	n = strtoull(env, &end, 10);
	switch (*end) {
	case 'G': n <<= 10; /* fall through */
	case 'M': n <<= 10; /* fall through */
	case 'K': n <<= 10; break;
	default: break;
	}
	return n;
}

START_TEST(stress)
{
	size_t cap = stress_caps[_i] ? stress_caps[_i] : unit();
	struct stress *st = calloc(1, sizeof(*st));
	unsigned char *buf;
	char msg[200] = "";
	uint64_t k, bytes = 0;
	pthread_t t;
	double t0;
	size_t i;
	int rc = 0;

	ck_assert_ptr_nonnull(st);
	st->max_rec = open_ring(&st->ring, cap) / 2;
	st->bytes = stress_bytes() / TH_LEN(stress_caps);
	st->pattern = malloc(st->max_rec + SPAN);
	buf = malloc(st->max_rec);
	ck_assert(st->pattern && buf);
	for (i = 0; i < st->max_rec + SPAN; i++)
		st->pattern[i] = (unsigned char)(mix(i) >> 56);
	t0 = now_ms();
	ck_assert_int_eq(pthread_create(&t, NULL, producer, st), 0);
	for (k = 0; rc == 0; k++) {
		rc = consume(st, k, buf, msg, sizeof(msg));
		if (rc == 0)
			bytes += rec_len(st, k);
	}
	/* A consumer that fails stops the producer. */
	(void)vmap_spsc_close(&st->ring);
	pthread_join(t, NULL);
	ck_assert_msg(rc > 0, "consumer, %s (%s)", msg,
		      st->error[0] ? st->error : "the producer had no error");
	ck_assert_msg(st->error[0] == '\0', "%s", st->error);
	ck_assert_uint_eq(k - 1, st->records);
	ck_assert_uint_ge(bytes, st->bytes);
	fprintf(stderr, "stress: ring of %zu bytes: %llu records, %.1f MiB "
		"in %.2f s\n", vmap_spsc_capacity(&st->ring),
		(unsigned long long)st->records, (double)bytes / (1 << 20),
		(now_ms() - t0) / 1e3);
	close_ring(&st->ring);
	free(buf);
	free(st->pattern);
	free(st);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "one-thread", init_errors, 0 },
		{ "one-thread", capacity_rounded, 0 },
		{ "one-thread", destroy_and_leaks, 0 },
		{ "one-thread", null_ring, 0 },
		{ "one-thread", commit_release_range, 0 },
		{ "one-thread", contiguous_across_end, 0 },
		{ "one-thread", copies_take_what_fits, 0 },
		{ "one-thread", waits_that_look, 0 },
		{ "one-thread", waits_time_out, 0 },
		{ "one-thread", close_ends_the_stream, 0 },
		{ "wake", commit_wakes_reader, 0 },
		{ "wake", release_wakes_writer, 0 },
		{ "wake", close_wakes_both, 0 },
#ifdef HAVE_WAIT_SIGNALS
		{ "wake", signals_do_not_end_waits, 0 },
#endif
	};
	Suite *s = th_suite("spsc", tests, TH_LEN(tests));
	TCase *tc = tcase_create("stress");

	/* Well under 20 s in all on two cores; more under a sanitizer. */
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, stress, 0, (int)TH_LEN(stress_caps));
	suite_add_tcase(s, tc);
	return th_run(s);
}
