/*
 * vmap-bench - ring cases: create+destroy, streaming chunks, ring sizes
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vmap.h>

#include "bench.h"

#define KiB ((size_t)1024)
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

/* ---- ring-create ------------------------------------------------------ */

struct create_ctx {
	size_t size;
	uint64_t count;
};

static uint64_t create_vmap(void *arg)
{
	struct create_ctx *c = arg;
	struct vmap_ring ring;
	uint64_t i;

	for (i = 0; i < c->count; i++) {
		if (vmap_ring_init(&ring, c->size, 0) < 0)
			bench_die("vmap_ring_init");
		bench_sink((uintptr_t)vmap_ring_read_ptr(&ring));
		if (vmap_ring_destroy(&ring) < 0)
			bench_die("vmap_ring_destroy");
	}
	return c->count;
}

/* The classic memfd mirror, written out by hand: memfd_create, ftruncate,
 * a reservation, two fixed views, close, and one munmap to free. */
static uint64_t create_memfd(void *arg)
{
	struct create_ctx *c = arg;
	uint64_t i;

	for (i = 0; i < c->count; i++) {
		int fd = memfd_create("bench", MFD_CLOEXEC);
		char *base;

		if (fd < 0 || ftruncate(fd, (off_t)c->size) < 0)
			bench_die("memfd");
		base = mmap(NULL, 2 * c->size, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED ||
		    mmap(base, c->size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED ||
		    mmap(base + c->size, c->size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
			bench_die("mmap");
		close(fd);
		bench_sink((uintptr_t)base);
		munmap(base, 2 * c->size);
	}
	return c->count;
}

void bench_ring_create(void)
{
	static const struct bench_side ours = { "vmap", create_vmap };
	static const struct bench_side base[] = { { "memfd", create_memfd } };
	static const struct { const char *name; size_t size; } cases[] = {
		{ "ring-create-64K", 64 * KiB },
		{ "ring-create-1M", MiB },
		{ "ring-create-16M", 16 * MiB },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct create_ctx c = { cases[i].size, bench.quick ? 500 : 2000 };

		if (bench_wants(cases[i].name))
			bench_compare(cases[i].name, BENCH_NS_PER_OP, &c, &ours,
				      base, 1);
	}
}

/* ---- ring-stream ------------------------------------------------------ */

void split_write(struct split_ring *r, const char *src, size_t n)
{
	size_t tail = r->head + r->len, first;

	if (tail >= r->cap)
		tail -= r->cap;
	first = r->cap - tail < n ? r->cap - tail : n;
	memcpy(r->buf + tail, src, first);
	if (n > first)
		memcpy(r->buf, src + first, n - first);
	r->len += n;
}

void split_read(struct split_ring *r, char *dst, size_t n)
{
	size_t first = r->cap - r->head < n ? r->cap - r->head : n;

	memcpy(dst, r->buf + r->head, first);
	if (n > first)
		memcpy(dst + first, r->buf, n - first);
	r->head += n;
	if (r->head >= r->cap)
		r->head -= r->cap;
	r->len -= n;
}

struct stream_ctx {
	size_t chunk;      /* bytes per copy */
	size_t batch;      /* chunks written before they are read back */
	uint64_t total;    /* bytes through per run */
	char *src, *dst;   /* one chunk each, reused: the footprint is the ring */
	struct vmap_ring ring;
	struct split_ring split;
	char *flat;        /* the memcpy baseline's middle buffer */
};

static uint64_t stream_vmap(void *arg)
{
	struct stream_ctx *c = arg;
	uint64_t done;
	size_t i;

	for (done = 0; done < c->total; done += c->chunk * c->batch) {
		for (i = 0; i < c->batch; i++)
			vmap_ring_write(&c->ring, c->src,
					c->chunk);
		for (i = 0; i < c->batch; i++)
			vmap_ring_read(&c->ring, c->dst,
				       c->chunk);
	}
	bench_sink((unsigned char)c->dst[c->chunk - 1]);
	return c->total;
}

static uint64_t stream_split(void *arg)
{
	struct stream_ctx *c = arg;
	uint64_t done;
	size_t i;

	for (done = 0; done < c->total; done += c->chunk * c->batch) {
		for (i = 0; i < c->batch; i++)
			split_write(&c->split, c->src, c->chunk);
		for (i = 0; i < c->batch; i++)
			split_read(&c->split, c->dst, c->chunk);
	}
	bench_sink((unsigned char)c->dst[c->chunk - 1]);
	return c->total;
}

/* The same copies into and out of a flat buffer at the same offsets: the
 * cost of the data movement alone. */
static uint64_t stream_memcpy(void *arg)
{
	struct stream_ctx *c = arg;
	size_t cap = c->split.cap, off = 0, start;
	uint64_t done;
	size_t i;

	for (done = 0; done < c->total; done += c->chunk * c->batch) {
		start = off;
		for (i = 0; i < c->batch; i++) {
			memcpy(c->flat + off, c->src, c->chunk);
			off = off + c->chunk >= cap ? 0 : off + c->chunk;
		}
		off = start;
		for (i = 0; i < c->batch; i++) {
			memcpy(c->dst, c->flat + off, c->chunk);
			off = off + c->chunk >= cap ? 0 : off + c->chunk;
		}
	}
	bench_sink((unsigned char)c->dst[c->chunk - 1]);
	return c->total;
}

static void stream_setup(struct stream_ctx *c, size_t ring_size, size_t chunk,
			 size_t batch, uint64_t total, bool split)
{
	c->chunk = chunk;
	c->batch = batch;
	c->total = total;
	c->src = bench_buffer(chunk);
	c->dst = bench_buffer(chunk);
	if (vmap_ring_init(&c->ring, ring_size, 0) < 0)
		bench_die("vmap_ring_init");
	c->split.cap = vmap_ring_capacity(&c->ring);
	c->split.buf = split ? bench_buffer(c->split.cap) : NULL;
	c->split.head = c->split.len = 0;
	c->flat = bench_buffer(c->split.cap);
}

static void stream_teardown(struct stream_ctx *c)
{
	vmap_ring_destroy(&c->ring);
	free(c->src);
	free(c->dst);
	free(c->split.buf);
	free(c->flat);
}

void bench_ring_stream(void)
{
	static const struct bench_side ours = { "vmap", stream_vmap };
	static const struct bench_side base[] = {
		{ "memcpy", stream_memcpy },
		{ "split-ring", stream_split },
	};
	static const struct { const char *name; size_t chunk; } cases[] = {
		{ "ring-stream-64", 64 },
		{ "ring-stream-4K", 4 * KiB },
		{ "ring-stream-64K", 64 * KiB },
	};
	uint64_t total = bench.quick ? 512 * MiB : 4 * GiB;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stream_ctx c;

		if (!bench_wants(cases[i].name))
			continue;
		stream_setup(&c, MiB, cases[i].chunk, 1, total, true);
		bench_compare(cases[i].name, BENCH_GIB_PER_S, &c, &ours, base,
			      2);
		stream_teardown(&c);
	}
}

/* ---- ring-size -------------------------------------------------------- */

void bench_ring_size(void)
{
	static const struct bench_side ours = { "vmap", stream_vmap };
	static const struct bench_side base[] = { { "memcpy", stream_memcpy } };
	static const struct { const char *name; size_t size; } cases[] = {
		{ "ring-size-64K", 64 * KiB },
		{ "ring-size-1M", MiB },
		{ "ring-size-16M", 16 * MiB },
		{ "ring-size-256M", 256 * MiB },
	};
	uint64_t total = bench.quick ? 512 * MiB : 2 * GiB;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stream_ctx c;

		if (!bench_wants(cases[i].name))
			continue;
		/* Fill the whole ring with 4 KiB chunks, then drain it: the
		 * data touches the ring's full footprint every round. */
		stream_setup(&c, cases[i].size, 4 * KiB,
			     cases[i].size / (4 * KiB), total, false);
		bench_compare(cases[i].name, BENCH_GIB_PER_S, &c, &ours, base,
			      1);
		stream_teardown(&c);
	}
}
