/*
 * vmap-bench - file cases: line iteration, open+map, scanning a file
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vmap.h>

#include "bench.h"

#define KiB ((size_t)1024)
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

/* A scratch file in $TMPDIR, removed at exit. */
static char *scratch(const char *tag)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc(4096);
	int fd;

	snprintf(path, 4096, "%s/vmap-bench-%s-XXXXXX", dir ? dir : "/tmp",
		 tag);
	fd = mkstemp(path);
	if (fd < 0)
		bench_die(path);
	close(fd);
	return path;
}

/* ---- lines ------------------------------------------------------------ */

struct lines_ctx {
	const char *path;
	uint64_t bytes, lines; /* what every method must find */
};

/* Lines of 1 to 200 printable bytes from a fixed seed. */
static void write_lines(const char *path, size_t size)
{
	FILE *f = fopen(path, "w");
	uint64_t x = 88172645463325252u;
	char line[202];
	size_t done = 0, n, i;

	if (!f)
		bench_die(path);
	while (done < size) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = 1 + x % 200;
		for (i = 0; i < n; i++)
			line[i] = (char)(' ' + (x >> (i % 50)) % 95);
		line[n] = '\n';
		if (fwrite(line, 1, n + 1, f) != n + 1)
			bench_die("fwrite");
		done += n + 1;
	}
	if (fclose(f) != 0)
		bench_die("fclose");
}

static void agree(struct lines_ctx *c, uint64_t bytes, uint64_t lines,
		  const char *who)
{
	if (c->bytes == 0) {
		c->bytes = bytes;
		c->lines = lines;
	} else if (bytes != c->bytes || lines != c->lines) {
		fprintf(stderr, "vmap-bench: %s found %llu lines / %llu bytes, "
			"expected %llu / %llu\n", who,
			(unsigned long long)lines, (unsigned long long)bytes,
			(unsigned long long)c->lines,
			(unsigned long long)c->bytes);
		exit(EXIT_FAILURE);
	}
}

static int open_ro(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		bench_die(path);
	return fd;
}

/* Large enough that read(2) calls are few (each costs microseconds in a
 * virtual machine), small enough to stay in the second-level cache. */
#define LINES_RING (256 * KiB)

static uint64_t lines_vmap(void *arg)
{
	struct lines_ctx *c = arg;
	struct vmap_reader r;
	uint64_t bytes = 0, lines = 0;
	const char *line;
	size_t len;
	int fd = open_ro(c->path), rc;

	if (vmap_reader_init(&r, fd, LINES_RING) < 0)
		bench_die("vmap_reader_init");
	while ((rc = vmap_reader_line(&r, &line, &len)) > 0) {
		bytes += len;
		lines++;
	}
	if (rc < 0)
		bench_die("vmap_reader_line");
	vmap_reader_destroy(&r);
	close(fd);
	agree(c, bytes, lines, "vmap_reader_line");
	return bytes;
}

/* The usual hand-written loop: read 64 KiB, split with memchr, move the
 * unfinished tail to the front. */
static uint64_t lines_read(void *arg)
{
	struct lines_ctx *c = arg;
	static char buf[64 * KiB];
	uint64_t bytes = 0, lines = 0;
	size_t have = 0, start;
	ssize_t n;
	char *nl;
	int fd = open_ro(c->path);

	while ((n = read(fd, buf + have, sizeof(buf) - have)) > 0) {
		have += (size_t)n;
		start = 0;
		while ((nl = memchr(buf + start, '\n', have - start))) {
			bytes += (size_t)(nl - (buf + start)) + 1;
			lines++;
			start = (size_t)(nl - buf) + 1;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	if (have > 0) {
		bytes += have;
		lines++;
	}
	close(fd);
	agree(c, bytes, lines, "read+memchr");
	return bytes;
}

static uint64_t lines_getline(void *arg)
{
	struct lines_ctx *c = arg;
	FILE *f = fopen(c->path, "r");
	uint64_t bytes = 0, lines = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		bench_die(c->path);
	while ((n = getline(&line, &cap, f)) > 0) {
		bytes += (size_t)n;
		lines++;
	}
	free(line);
	fclose(f);
	agree(c, bytes, lines, "getline");
	return bytes;
}

void bench_lines(void)
{
	static const struct bench_side ours = { "vmap", lines_vmap };
	static const struct bench_side base[] = {
		{ "read+memchr", lines_read },
		{ "getline", lines_getline },
	};
	struct lines_ctx c = { 0 };
	char *path;

	if (!bench_wants("lines"))
		return;
	path = scratch("lines");
	bench_note("lines: writing %d MiB of text", bench.quick ? 64 : 256);
	write_lines(path, (bench.quick ? 64 : 256) * MiB);
	c.path = path;
	bench_compare("lines", BENCH_GIB_PER_S, &c, &ours, base, 2);
	unlink(path);
	free(path);
}

/* ---- map-open --------------------------------------------------------- */

struct open_ctx {
	const char *path;
	uint64_t count;
};

static uint64_t open_vmap(void *arg)
{
	struct open_ctx *c = arg;
	struct vmap_map m;
	uint64_t i;
	int fd;

	/* open+map, unmap, close: the same five calls, in the same order, as
	 * the baseline (closing before unmapping costs more on Linux). */
	for (i = 0; i < c->count; i++) {
		if (vmap_open(c->path, NULL, &m, &fd) < 0)
			bench_die("vmap_open");
		bench_sink((uintptr_t)m.ptr);
		vmap_unmap(&m);
		close(fd);
	}
	return c->count;
}

static uint64_t open_plain(void *arg)
{
	struct open_ctx *c = arg;
	struct stat st;
	uint64_t i;
	void *p;

	for (i = 0; i < c->count; i++) {
		int fd = open(c->path, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &st) < 0)
			bench_die(c->path);
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd,
			 0);
		if (p == MAP_FAILED)
			bench_die("mmap");
		bench_sink((uintptr_t)p);
		munmap(p, (size_t)st.st_size);
		close(fd);
	}
	return c->count;
}

void bench_map_open(void)
{
	static const struct bench_side ours = { "vmap", open_vmap };
	static const struct bench_side base[] = { { "open+mmap", open_plain } };
	static const struct { const char *name; uint64_t size; } cases[] = {
		{ "map-open-4K", 4 * KiB },
		{ "map-open-1G", GiB },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct open_ctx c = { NULL, bench.quick ? 5000 : 20000 };
		char *path;

		if (!bench_wants(cases[i].name))
			continue;
		path = scratch("open");
		if (truncate(path, (off_t)cases[i].size) < 0)
			bench_die("truncate");
		c.path = path;
		bench_compare(cases[i].name, BENCH_NS_PER_OP, &c, &ours, base,
			      1);
		unlink(path);
		free(path);
	}
}

/* ---- scan ------------------------------------------------------------- */

struct scan_ctx {
	const char *path;
	uint64_t size;
};

static uint64_t sum_words(const void *p, size_t len)
{
	const uint64_t *w = p;
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < len / 8; i++)
		sum += w[i];
	return sum;
}

static uint64_t scan_vmap(void *arg)
{
	struct scan_ctx *c = arg;
	struct vmap_options o = VMAP_OPTIONS_INIT;
	struct vmap_map m;

	if (vmap_open(c->path, &o, &m, NULL) < 0)
		bench_die("vmap_open");
	if (vmap_advise(&m, VMAP_ADVISE_SEQUENTIAL) < 0)
		bench_die("vmap_advise");
	bench_sink(sum_words(m.ptr, m.len));
	vmap_unmap(&m);
	return c->size;
}

static uint64_t scan_read(void *arg)
{
	struct scan_ctx *c = arg;
	static uint64_t buf[64 * KiB / 8];
	uint64_t sum = 0;
	ssize_t n;
	int fd = open_ro(c->path);

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sum += sum_words(buf, (size_t)n);
	close(fd);
	bench_sink(sum);
	return c->size;
}

void bench_scan(void)
{
	static const struct bench_side ours = { "vmap", scan_vmap };
	static const struct bench_side base[] = { { "read", scan_read } };
	struct scan_ctx c;
	char *path;
	char *data;
	int fd;

	if (!bench_wants("scan"))
		return;
	c.size = (bench.quick ? 64 : 256) * MiB;
	path = scratch("scan");
	data = bench_buffer(c.size);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, data, c.size) != (ssize_t)c.size)
		bench_die("writing the scan file");
	close(fd);
	free(data);
	c.path = path;
	bench_compare("scan", BENCH_GIB_PER_S, &c, &ours, base, 1);
	unlink(path);
	free(path);
}
