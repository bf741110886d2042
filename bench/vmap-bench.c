/*
 * vmap-bench - libvmap against plain-C baselines, measured in one run
 * SPDX-License-Identifier: MIT
 *
 * Usage: vmap-bench [--quick] [--tsv] [--case NAME]
 *   --quick      smaller data and fewer repetitions (well under 30 s)
 *   --tsv        one row per case: case, ours, baseline, unit, ratio
 *   --case NAME  only the cases whose name starts with NAME
 * The ratio is baseline time over libvmap time: > 1 means libvmap is
 * faster.  Progress goes to stderr.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static void usage(FILE *out)
{
	fputs("usage: vmap-bench [--quick] [--tsv] [--case NAME]\n", out);
}

static void parse(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			bench.quick = true;
			bench.reps = 5;
		} else if (strcmp(argv[i], "--tsv") == 0) {
			bench.tsv = true;
		} else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc) {
			bench.only = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			exit(EXIT_SUCCESS);
		} else {
			usage(stderr);
			exit(EXIT_FAILURE);
		}
	}
}

int main(int argc, char **argv)
{
	parse(argc, argv);
	if (!bench.tsv)
		printf("%-28s %12s %12s  %-6s %7s\n", "case", "libvmap",
		       "baseline", "unit", "ratio");
	bench_ring_create();
	bench_ring_stream();
	bench_ring_size();
	bench_lines();
	bench_map_open();
	bench_scan();
	bench_spsc();
	return EXIT_SUCCESS;
}
