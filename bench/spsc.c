/*
 * vmap-bench - spsc cases: one thread passes records to another
 * SPDX-License-Identifier: MIT
 *
 * libvmap's lock-free vmap_spsc against a conventional ring for two
 * threads: the split ring of bench/ring.c under a mutex, with a condition
 * variable per side.  Same capacity, same records, same threads: the
 * producer is a thread started for each run, the consumer the caller.
 * Each side copies a record in (or out) once it fits (or is there whole),
 * and sleeps until then.
 */

#include <config.h>

#include <pthread.h>
#include <stdlib.h>

#include <vmap.h>

#include "bench.h"

#define KiB ((size_t)1024)
#define MiB (1024 * KiB)

enum side { GET, PUT };

/* Signals a side only when it waits: the flags and the ring change under
 * the one mutex, so no wake-up is lost. */
struct locked_ring {
	pthread_mutex_t lock;
	pthread_cond_t cond[2]; /* by side */
	bool waits[2];
	struct split_ring r;
};

struct spsc_ctx {
	size_t record;
	uint64_t total;  /* bytes through per run */
	char *src, *dst; /* one record each */
	struct vmap_spsc spsc;
	struct locked_ring locked;
	void (*move)(struct spsc_ctx *c, enum side side);
};

/* Each moves one record in (PUT) or out (GET), waiting as needed. */
static void move_vmap(struct spsc_ctx *c, enum side side)
{
	if (side == PUT) {
		if (vmap_spsc_wait_writable(&c->spsc, c->record, -1) < 0)
			bench_die("vmap_spsc_wait_writable");
		(void)vmap_spsc_write(&c->spsc, c->src, c->record);
	} else {
		if (vmap_spsc_wait_readable(&c->spsc, c->record, -1) < 0)
			bench_die("vmap_spsc_wait_readable");
		(void)vmap_spsc_read(&c->spsc, c->dst, c->record);
	}
}

static void move_locked(struct spsc_ctx *c, enum side side)
{
	struct locked_ring *q = &c->locked;
	enum side other = side == PUT ? GET : PUT;
	bool wake;

	pthread_mutex_lock(&q->lock);
	while ((side == PUT ? q->r.cap - q->r.len : q->r.len) < c->record) {
		q->waits[side] = true;
		pthread_cond_wait(&q->cond[side], &q->lock);
	}
	if (side == PUT)
		split_write(&q->r, c->src, c->record);
	else
		split_read(&q->r, c->dst, c->record);
	wake = q->waits[other];
	q->waits[other] = false;
	pthread_mutex_unlock(&q->lock);
	if (wake)
		pthread_cond_signal(&q->cond[other]);
}

static void pass(struct spsc_ctx *c, enum side side)
{
	uint64_t done;

	for (done = 0; done < c->total; done += c->record)
		c->move(c, side);
}

static void *producer(void *arg)
{
	pass(arg, PUT);
	return NULL;
}

static uint64_t two_threads(struct spsc_ctx *c,
			    void (*move)(struct spsc_ctx *, enum side))
{
	pthread_t t;

	c->move = move;
	if (pthread_create(&t, NULL, producer, c) != 0)
		bench_die("pthread_create");
	pass(c, GET);
	pthread_join(t, NULL);
	bench_sink((unsigned char)c->dst[c->record - 1]);
	return c->total;
}

static uint64_t run_vmap(void *arg)
{
	return two_threads(arg, move_vmap);
}

static uint64_t run_locked(void *arg)
{
	return two_threads(arg, move_locked);
}

static void spsc_setup(struct spsc_ctx *c, size_t ring_size, size_t record,
		       uint64_t total)
{
	struct locked_ring *q = &c->locked;

	c->record = record;
	c->total = total;
	c->src = bench_buffer(record);
	c->dst = bench_buffer(record);
	if (vmap_spsc_init(&c->spsc, ring_size, 0) < 0)
		bench_die("vmap_spsc_init");
	if (pthread_mutex_init(&q->lock, NULL) != 0 ||
	    pthread_cond_init(&q->cond[GET], NULL) != 0 ||
	    pthread_cond_init(&q->cond[PUT], NULL) != 0)
		bench_die("pthread_mutex_init");
	q->waits[GET] = q->waits[PUT] = false;
	q->r.cap = vmap_spsc_capacity(&c->spsc);
	q->r.buf = bench_buffer(q->r.cap);
	q->r.head = q->r.len = 0;
}

static void spsc_teardown(struct spsc_ctx *c)
{
	vmap_spsc_destroy(&c->spsc);
	pthread_cond_destroy(&c->locked.cond[GET]);
	pthread_cond_destroy(&c->locked.cond[PUT]);
	pthread_mutex_destroy(&c->locked.lock);
	free(c->locked.r.buf);
	free(c->src);
	free(c->dst);
}

void bench_spsc(void)
{
	static const struct bench_side ours = { "vmap", run_vmap };
	static const struct bench_side base[] = {
		{ "mutex-ring", run_locked },
	};
	static const struct {
		const char *name;
		size_t record;
		uint64_t total;
	} cases[] = {
		{ "spsc-64", 64, 128 * MiB },
		{ "spsc-4K", 4 * KiB, 1024 * MiB },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spsc_ctx c;

		if (!bench_wants(cases[i].name))
			continue;
		spsc_setup(&c, 64 * KiB, cases[i].record,
			   bench.quick ? cases[i].total / 4 : cases[i].total);
		bench_compare(cases[i].name, BENCH_GIB_PER_S, &c, &ours, base,
			      1);
		spsc_teardown(&c);
	}
}
