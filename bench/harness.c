/*
 * vmap-bench - timing, medians and the report table
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

struct bench_settings bench = { .reps = 11 };

static volatile uint64_t sink;

bool bench_wants(const char *name)
{
	size_t n;

	if (!bench.only)
		return true;
	/* "ring-stream" names the group; "ring-stream-64" only that case,
	 * not ring-stream-64K. */
	n = strlen(bench.only);
	return strncmp(name, bench.only, n) == 0 &&
	       (name[n] == '\0' || name[n] == '-');
}

void bench_sink(uint64_t v)
{
	sink += v;
}

void bench_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void bench_die(const char *what)
{
	fprintf(stderr, "vmap-bench: %s: %s\n", what, strerror(errno));
	exit(EXIT_FAILURE);
}

void *bench_buffer(size_t len)
{
	void *p;
	uint64_t word = 0x0123456789abcdefu;
	size_t i;

	if (posix_memalign(&p, 4096, len ? len : 1) != 0)
		bench_die("posix_memalign");
	/* Touch every page now so no run pays for first faults. */
	for (i = 0; i + sizeof(word) <= len; i += sizeof(word)) {
		word = word * 6364136223846793005u + 1442695040888963407u;
		memcpy((char *)p + i, &word, sizeof(word));
	}
	memset((char *)p + i, 0x5a, len - i);
	return p;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Nanoseconds per unit of work of one run. */
static double time_one(const struct bench_side *side, void *ctx)
{
	double t0 = now_ns();
	uint64_t work = side->run(ctx);
	double t1 = now_ns();

	return (t1 - t0) / (double)(work ? work : 1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double shown(enum bench_unit unit, double ns_per_unit)
{
	/* Throughput cases count bytes: bytes per ns is GB/s; show GiB/s. */
	if (unit == BENCH_GIB_PER_S)
		return 1e9 / ns_per_unit / (1024.0 * 1024 * 1024);
	return ns_per_unit;
}

static const char *unit_name(enum bench_unit unit)
{
	return unit == BENCH_GIB_PER_S ? "GiB/s" : "ns/op";
}

static void report(const char *name, const char *base_name, bool suffix,
		   enum bench_unit unit, double ours, double base)
{
	char label[96];
	double ratio = base / ours;

	if (suffix)
		snprintf(label, sizeof(label), "%s/%s", name, base_name);
	else
		snprintf(label, sizeof(label), "%s", name);
	if (bench.tsv)
		printf("%s\t%.4g\t%.4g\t%s\t%.3f\n", label, shown(unit, ours),
		       shown(unit, base), unit_name(unit), ratio);
	else
		printf("%-28s %12.4g %12.4g  %-6s %7.3f  (vs %s)\n", label,
		       shown(unit, ours), shown(unit, base), unit_name(unit),
		       ratio, base_name);
	fflush(stdout);
}

void bench_compare(const char *name, enum bench_unit unit, void *ctx,
		   const struct bench_side *ours,
		   const struct bench_side *baselines, size_t n_baselines)
{
	double t_ours[64], t_base[8][64];
	int reps = bench.reps, r;
	size_t b;

	bench_note("%s ...", name);
	/* Warm-up: page tables, caches, lazily bound symbols. */
	(void)time_one(ours, ctx);
	for (b = 0; b < n_baselines; b++)
		(void)time_one(&baselines[b], ctx);
	/* Alternate the sides so drift in clock speed or cache state hits
	 * them alike. */
	for (r = 0; r < reps; r++) {
		t_ours[r] = time_one(ours, ctx);
		for (b = 0; b < n_baselines; b++)
			t_base[b][r] = time_one(&baselines[b], ctx);
	}
	{
		double m_ours = median(t_ours, reps);

		for (b = 0; b < n_baselines; b++)
			report(name, baselines[b].name, n_baselines > 1, unit,
			       m_ours, median(t_base[b], reps));
	}
}
