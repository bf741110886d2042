/*
 * vmap-bench - the measuring harness shared by the benchmark cases
 * SPDX-License-Identifier: MIT
 *
 * A case measures libvmap and a plain-C baseline on the same data in the
 * same run, alternating them, and reports the median of the repetitions
 * after a warm-up.  Every figure is a time per unit of work; the ratio is
 * baseline time over libvmap time, so > 1 means libvmap is faster.
 */

#ifndef VMAP_BENCH_H
#define VMAP_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One timed run of one side: returns the work done (bytes or operations),
 * so the harness can turn elapsed time into a rate. */
typedef uint64_t (*bench_fn)(void *ctx);

struct bench_side {
	const char *name; /* "vmap", "memcpy", "split-ring", ... */
	bench_fn run;
};

enum bench_unit {
	BENCH_NS_PER_OP, /* latency: lower is better */
	BENCH_GIB_PER_S, /* throughput: higher is better */
};

struct bench_settings {
	bool quick;   /* smaller data and fewer repetitions */
	bool tsv;     /* machine-readable rows only */
	int reps;     /* measured repetitions per side (>= 5) */
	const char *only; /* --case NAME (see bench_wants) */
};

extern struct bench_settings bench;

/* Measures ours and each baseline, alternating, and prints one row per
 * baseline: case name (suffixed with the baseline's name when there are
 * several), ours, baseline, unit, ratio. */
void bench_compare(const char *name, enum bench_unit unit, void *ctx,
		   const struct bench_side *ours,
		   const struct bench_side *baselines, size_t n_baselines);

/* Whether --case selects the case of that name: the whole name, or a
 * group prefix of it ending before a '-'. */
bool bench_wants(const char *name);

/* Progress and notes go to stderr, never to the table. */
void bench_note(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A buffer aligned to 64 bytes, filled with a pattern; exits on failure. */
void *bench_buffer(size_t len);

/* Exits with a message: a benchmark cannot go on without its setup. */
void bench_die(const char *what) __attribute__((noreturn));

/* Keeps a computed value alive so the compiler cannot drop the work. */
void bench_sink(uint64_t v);

/* A well-written conventional ring: one copy when a chunk does not wrap,
 * two when it does, and no division (bench/ring.c).  The caller checks
 * the room or the data first. */
struct split_ring {
	char *buf;
	size_t cap, head, len;
};

void split_write(struct split_ring *r, const char *src, size_t n);
void split_read(struct split_ring *r, char *dst, size_t n);

/* The case groups, one per file. */
void bench_ring_create(void);
void bench_ring_stream(void);
void bench_ring_size(void);
void bench_lines(void);
void bench_map_open(void);
void bench_scan(void);
void bench_spsc(void);

#endif /* VMAP_BENCH_H */
