/*
 * libvmap - fault injection: every public operation, with each of its
 * system calls failing in turn with each errno that call can really return
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * This program links a copy of the library whose OS calls are wrapped
 * (tests/fault.h).  For each operation it runs the call once unharmed,
 * recording its k system calls, then fails the 1st, 2nd, ... k-th of them
 * in turn with each of that call's errnos, and so on recursively for the
 * calls a failure leads to (its cleanup, a retry, the next strategy), up to
 * FAULT_MAX_DEPTH failures per run.  Each run must:
 *  - fail with the injected errno, or succeed where the library documents
 *    that it survives that failure (the next ring strategy, a retried
 *    EINTR, an ignored close, another shm name, ...);
 *  - leave no descriptor and no mapping behind (/proc/self/fd and
 *    /proc/self/maps before and after, and no byte of what the call mapped
 *    still mapped);
 *  - leave the caller's objects as documented: untouched, unchanged, or
 *    with no byte lost.
 * The last test checks that a failure was injected into every call site
 * of every wrapped function in the library (tests/libvmap-fault.sites,
 * made from the library's relocations at build time), and that every
 * other external function the library calls is known not to fail.
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

#include <check.h>

#include <vmap.h>

#include "fault.h"
#include "helpers.h"

#ifndef FAULT_SITES_FILE
#error "FAULT_SITES_FILE must name the call-site list (see Makefile.am)"
#endif

#define FD_SENTINEL (-0x5a5a)
#define SEEN_MAX (1u << 12)
#define QUEUE_MAX (1u << 13)
#define MAPS_MAX (1024 * 1024)

/* ------------------------------------------------------------------ */
/* fixtures                                                            */
/* ------------------------------------------------------------------ */

/* The caller's object an operation works on. */
enum obj { OBJ_NONE, OBJ_MAP, OBJ_RING, OBJ_READER, OBJ_WRITER, OBJ_SPSC };

/* What a failed call must leave of it. */
enum keep {
	KEEP_SENTINEL, /* untouched: still the sentinel pattern */
	KEEP_SAME,     /* unchanged, and still mapped as before */
	KEEP_BYTES,    /* no byte lost: buffered + source/sink == all */
};

#define LIVE_MAP (1u << OBJ_MAP)
#define LIVE_RING (1u << OBJ_RING)
#define LIVE_READER (1u << OBJ_READER)
#define LIVE_WRITER (1u << OBJ_WRITER)
#define LIVE_SPSC (1u << OBJ_SPSC)

struct fx {
	const char *strategy; /* forced ring strategy, or NULL */
	char path[PATH_MAX];
	int fd, rd, wr, out_fd;
	struct vmap_map map;
	struct vmap_ring ring;
	struct vmap_reader reader;
	struct vmap_writer writer;
	struct vmap_spsc spsc;
	unsigned int live;
	union {
		struct vmap_map map;
		struct vmap_ring ring;
		struct vmap_reader reader;
		struct vmap_writer writer;
		struct vmap_spsc spsc;
	} before;
	char perms[5];
	uintptr_t lo, hi; /* the memory the object held before the run */
	size_t prior, nlen; /* writer: bytes buffered before, bytes added */
};

static size_t page, unit; /* unit: a ring's capacity */
static unsigned char *src; /* 4 units of text without '\n' */
static unsigned char *got;

static void fx_file(struct fx *fx, size_t len, int oflags)
{
	th_write_file(fx->path, src, len);
	if (oflags >= 0)
		fx->fd = th_open_fd(fx->path, oflags);
}

static void fx_map(struct fx *fx, unsigned int flags)
{
	struct vmap_options o = th_opts(flags, 0, vmap_extent_end());

	ck_assert_int_eq(vmap_map(fx->fd, &o, &fx->map), 0);
	fx->live |= LIVE_MAP;
}

/* A one-page file opened read-write, mapped with @flags. */
static void fx_file_map(struct fx *fx, unsigned int flags)
{
	fx_file(fx, page, O_RDWR);
	fx_map(fx, flags);
}

static void fx_anon(struct fx *fx, unsigned int flags)
{
	th_anon(flags, 0, page, &fx->map);
	fx->live |= LIVE_MAP;
}

/* A non-blocking pipe holding @len bytes of src; closed for writing when
 * @eof. */
static void fx_pipe(struct fx *fx, size_t len, bool eof)
{
	int p[2];

	ck_assert_int_eq(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
#ifdef F_SETPIPE_SZ
	if (4 * unit > 65536)
		(void)fcntl(p[1], F_SETPIPE_SZ, (int)(4 * unit));
#endif
	fx->rd = p[0];
	fx->wr = p[1];
	if (len > 0)
		ck_assert_int_eq(write(fx->wr, src, len), (ssize_t)len);
	if (eof) {
		close(fx->wr);
		fx->wr = -1;
	}
}

static void fx_ring(struct fx *fx, unsigned int flags)
{
	ck_assert_int_eq(vmap_ring_init(&fx->ring, unit, flags), 0);
	fx->live |= LIVE_RING;
}

static void fx_reader(struct fx *fx, size_t len)
{
	fx_pipe(fx, len, true);
	ck_assert_int_eq(vmap_reader_init(&fx->reader, fx->rd, unit), 0);
	fx->live |= LIVE_READER;
}

/* A writer over a pipe with @prior bytes buffered; the call under test
 * adds @nlen more, from src + prior. */
static void fx_writer(struct fx *fx, size_t prior, size_t nlen)
{
	fx_pipe(fx, 0, false);
	ck_assert_int_eq(vmap_writer_init(&fx->writer, fx->wr, unit), 0);
	fx->live |= LIVE_WRITER;
	ck_assert_int_eq(vmap_writer_write(&fx->writer, src, prior), 0);
	fx->prior = prior;
	fx->nlen = nlen;
}

/* ------------------------------------------------------------------ */
/* operations                                                          */
/* ------------------------------------------------------------------ */

#define OP_CREATES (1u << 0)     /* makes the object on success */
#define OP_DESTROYS (1u << 1)    /* frees it on success */
#define OP_FALLBACK (1u << 2)    /* tries the next ring strategy */
#define OP_FRESH (1u << 3)       /* each run in a fresh process */
#define OP_DIES (1u << 4)        /* the run ends with SIGBUS */
#define OP_STRATEGIES (1u << 5)  /* once per compiled ring strategy */

struct op {
	const char *name;
	void (*setup)(struct fx *fx);
	int (*run)(struct fx *fx);
	enum obj obj;
	enum keep keep;
	unsigned int flags;
	/* A failure the operation survives by design: of @sym with @err, or
	 * with any errno for ANY_ERRNO; none when @err is 0. */
	struct {
		enum fault_sym sym;
		int err;
	} survives;
	/* Extra checks after the run; NULL or a message. */
	const char *(*check)(struct fx *fx, int rc);
};

/* mappings */

static void setup_file(struct fx *fx)
{
	fx_file(fx, page, -1);
}

static void setup_none(struct fx *fx)
{
	(void)unlink(fx->path);
}

static void setup_rdwr(struct fx *fx)
{
	fx_file(fx, page, O_RDWR);
}

static void setup_ro_map(struct fx *fx)
{
	fx_file_map(fx, 0);
}

static void setup_rw_map(struct fx *fx)
{
	fx_file_map(fx, VMAP_WRITE);
}

static void setup_anon(struct fx *fx)
{
	fx_anon(fx, VMAP_WRITE);
}

static void setup_private(struct fx *fx)
{
	fx_anon(fx, VMAP_COPY);
}

static void setup_grown(struct fx *fx)
{
	fx_file_map(fx, 0);
	ck_assert_int_eq(ftruncate(fx->fd, (off_t)(3 * page)), 0);
}

/* A mapping whose file lost its pages, and the SIGBUS guard installed. */
static void setup_vanished(struct fx *fx)
{
	char c;

	fx_file_map(fx, 0);
	ck_assert_int_eq(ftruncate(fx->fd, 0), 0);
	ck_assert_int_eq(vmap_read_guarded(&fx->map, 0, &c, 1), -1);
}

static int run_open(struct fx *fx)
{
	return vmap_open(fx->path, NULL, &fx->map, NULL);
}

static int run_open_new(struct fx *fx)
{
	struct vmap_options o = th_opts(VMAP_WRITE | VMAP_CREATE_NEW, 0,
					vmap_extent_end());

	o.resize = vmap_extent_exact(page);
	return vmap_open(fx->path, &o, &fx->map, &fx->out_fd);
}

static int run_open_if(struct fx *fx)
{
	struct vmap_options o = th_opts(0, 4 * page, vmap_extent_exact(1));

	return vmap_open_if(fx->path, &o, &fx->map, NULL);
}

static int run_map(struct fx *fx)
{
	struct vmap_options o = th_opts(VMAP_WRITE, 0, vmap_extent_end());

	o.resize = vmap_extent_min(2 * page);
	return vmap_map(fx->fd, &o, &fx->map);
}

static int run_map_if(struct fx *fx)
{
	return vmap_map_if(fx->fd, NULL, &fx->map);
}

static int run_alloc(struct fx *fx)
{
	struct vmap_options o = th_opts(VMAP_WRITE, 0, vmap_extent_exact(page));

	return vmap_alloc(&o, &fx->map);
}

static int run_unmap(struct fx *fx)
{
	return vmap_unmap(&fx->map);
}

static int run_remap_grow(struct fx *fx)
{
	return vmap_remap(&fx->map, fx->fd, vmap_extent_end());
}

static int run_remap_empty(struct fx *fx)
{
	return vmap_remap(&fx->map, fx->fd, vmap_extent_exact(0));
}

static int run_flush(struct fx *fx)
{
	return vmap_flush(&fx->map, fx->fd, VMAP_FLUSH_SYNC);
}

static int run_flush_range(struct fx *fx)
{
	return vmap_flush_range(&fx->map, fx->fd, 1, 10, VMAP_FLUSH_ASYNC);
}

static int run_advise(struct fx *fx)
{
	return vmap_advise(&fx->map, VMAP_ADVISE_WILLNEED);
}

static int run_lock(struct fx *fx)
{
	return vmap_lock(&fx->map);
}

static int run_unlock(struct fx *fx)
{
	return vmap_unlock(&fx->map);
}

static int run_writable(struct fx *fx)
{
	return vmap_make_writable(&fx->map);
}

static int run_readonly(struct fx *fx)
{
	return vmap_make_readonly(&fx->map);
}

static int run_fork_none(struct fx *fx)
{
	return vmap_fork_policy(&fx->map, VMAP_FORK_NONE);
}

static int run_fork_inherit(struct fx *fx)
{
	return vmap_fork_policy(&fx->map, VMAP_FORK_INHERIT);
}

static int run_fork_wipe(struct fx *fx)
{
	return vmap_fork_policy(&fx->map, VMAP_FORK_WIPE);
}

static int run_read_guarded(struct fx *fx)
{
	return vmap_read_guarded(&fx->map, 0, got, 16);
}

/* Touches a vanished page outside any guarded copy: the library's handler
 * must hand the signal on, and the default action end the process. */
static int run_touch_vanished(struct fx *fx)
{
	return *(volatile const char *)fx->map.ptr;
}

static const char *check_created_gone(struct fx *fx, int rc)
{
	if (rc < 0 && th_file_size(fx->path) >= 0)
		return "the file it created (O_EXCL) was left behind";
	return NULL;
}

static const char *check_grown(struct fx *fx, int rc)
{
	if (rc == 0 && fx->map.len != 3 * page)
		return "the mapping did not grow to the file's length";
	return NULL;
}

/* rings */

static void setup_ring_forced(struct fx *fx)
{
	ck_assert_int_eq(vmap_ring_init_strategy(&fx->ring, unit, 0,
						 fx->strategy),
			 0);
	fx->live |= LIVE_RING;
}

static void setup_ring(struct fx *fx)
{
	fx_ring(fx, 0);
}

static void setup_ring_fill(struct fx *fx)
{
	fx_ring(fx, 0);
	fx_pipe(fx, unit / 2, true);
}

static void setup_ring_drain(struct fx *fx)
{
	fx_ring(fx, 0);
	ck_assert_int_eq(vmap_ring_write_all(&fx->ring, src, unit / 2), 0);
	fx_pipe(fx, 0, false);
}

/* An overwriting ring short of room for the text of run_ring_printf(). */
static void setup_ring_full(struct fx *fx)
{
	fx_ring(fx, VMAP_RING_OVERWRITE);
	ck_assert_int_eq(vmap_ring_write_all(&fx->ring, src, unit - 50), 0);
}

static int run_ring_init(struct fx *fx)
{
	if (fx->strategy)
		return vmap_ring_init_strategy(&fx->ring, unit, 0,
					       fx->strategy);
	return vmap_ring_init(&fx->ring, unit, 0);
}

static int run_ring_destroy(struct fx *fx)
{
	return vmap_ring_destroy(&fx->ring);
}

static int run_ring_fill(struct fx *fx)
{
	return (int)vmap_ring_fill(&fx->ring, fx->rd);
}

static int run_ring_drain(struct fx *fx)
{
	return (int)vmap_ring_drain(&fx->ring, fx->wr);
}

static int run_ring_printf(struct fx *fx)
{
	return vmap_ring_printf(&fx->ring, "%.*s", 200, (const char *)src);
}

static int run_ring_fork_none(struct fx *fx)
{
	return vmap_ring_fork_policy(&fx->ring, VMAP_FORK_NONE);
}

static int run_ring_fork_inherit(struct fx *fx)
{
	return vmap_ring_fork_policy(&fx->ring, VMAP_FORK_INHERIT);
}

static const char *check_strategy(struct fx *fx, int rc)
{
	if (rc == 0 && fx->strategy &&
	    strcmp(vmap_ring_strategy(&fx->ring), fx->strategy) != 0)
		return "the ring was made by another strategy than forced";
	return NULL;
}

static const char *check_ring_bytes(struct fx *fx, int rc)
{
	if (rc < 0 && memcmp(vmap_ring_read_ptr(&fx->ring), src,
			     vmap_ring_read_len(&fx->ring)) != 0)
		return "unread bytes changed";
	return NULL;
}

/* readers */

static void setup_reader_pipe(struct fx *fx)
{
	fx_pipe(fx, unit / 2, true);
}

static void setup_reader(struct fx *fx)
{
	fx_reader(fx, unit / 2);
}

static int run_reader_init(struct fx *fx)
{
	return vmap_reader_init(&fx->reader, fx->rd, unit);
}

static int run_reader_fill(struct fx *fx)
{
	size_t len;

	return vmap_reader_fill(&fx->reader, &len) ? (int)len : -1;
}

static int run_reader_read(struct fx *fx)
{
	return (int)vmap_reader_read(&fx->reader, got, 100);
}

static int run_reader_read_bypass(struct fx *fx)
{
	return (int)vmap_reader_read(&fx->reader, got, unit);
}

/* The pipe holds one line without '\n': two reads, the second hits the
 * end of input. */
static int run_reader_line(struct fx *fx)
{
	const char *line;
	size_t len;

	return vmap_reader_line(&fx->reader, &line, &len);
}

static int run_reader_destroy(struct fx *fx)
{
	return vmap_reader_destroy(&fx->reader);
}

/* writers */

static void setup_writer_pipe(struct fx *fx)
{
	fx_pipe(fx, 0, false);
}

static void setup_writer_full(struct fx *fx)
{
	fx_writer(fx, unit * 3 / 4, unit / 2);
}

static void setup_writer_large(struct fx *fx)
{
	fx_writer(fx, unit / 32, 2 * unit);
}

static void setup_writer_flush(struct fx *fx)
{
	fx_writer(fx, unit / 2, 0);
}

static int run_writer_init(struct fx *fx)
{
	return vmap_writer_init(&fx->writer, fx->wr, unit);
}

static int run_writer_write(struct fx *fx)
{
	return vmap_writer_write(&fx->writer, src + fx->prior, fx->nlen);
}

static int run_writer_printf(struct fx *fx)
{
	return vmap_writer_printf(&fx->writer, "%.*s", (int)fx->nlen,
				  (const char *)src + fx->prior);
}

static int run_writer_flush(struct fx *fx)
{
	return vmap_writer_flush(&fx->writer);
}

static int run_writer_destroy(struct fx *fx)
{
	return vmap_writer_destroy(&fx->writer);
}

/* two-thread rings */

static void setup_spsc(struct fx *fx)
{
	ck_assert_int_eq(vmap_spsc_init(&fx->spsc, unit, 0), 0);
	fx->live |= LIVE_SPSC;
}

/* As if the consumer had gone to sleep: it set bit 0 of its wake word
 * (lib/spsc.c), so the next commit makes the wake-up call. */
static void setup_spsc_sleeper(struct fx *fx)
{
	setup_spsc(fx);
	(void)atomic_fetch_or(&fx->spsc.wake[0], 1u);
}

static int run_spsc_init(struct fx *fx)
{
	return vmap_spsc_init(&fx->spsc, unit, 0);
}

static int run_spsc_destroy(struct fx *fx)
{
	return vmap_spsc_destroy(&fx->spsc);
}

/* Nothing comes: spins, then sleeps until the time runs out. */
static int run_spsc_wait(struct fx *fx)
{
	return vmap_spsc_wait_readable(&fx->spsc, 1, 10);
}

static int run_spsc_write(struct fx *fx)
{
	return (int)vmap_spsc_write(&fx->spsc, src, 10);
}

#define ANY_ERRNO INT_MAX
#define NONE { FAULT_NSYMS, 0 }
#define SURVIVES_EINTR { FAULT_write, EINTR }

static const struct op ops[] = {
	{ "open", setup_file, run_open, OBJ_MAP, KEEP_SENTINEL, OP_CREATES,
	  NONE, NULL },
	{ "open-create-new", setup_none, run_open_new, OBJ_MAP, KEEP_SENTINEL,
	  OP_CREATES, NONE, check_created_gone },
	{ "open-if-outside", setup_file, run_open_if, OBJ_MAP, KEEP_SENTINEL,
	  OP_CREATES, NONE, NULL },
	{ "map", setup_rdwr, run_map, OBJ_MAP, KEEP_SENTINEL, OP_CREATES,
	  NONE, NULL },
	{ "map-if", setup_rdwr, run_map_if, OBJ_MAP, KEEP_SENTINEL,
	  OP_CREATES, NONE, NULL },
	{ "alloc", setup_none, run_alloc, OBJ_MAP, KEEP_SENTINEL, OP_CREATES,
	  NONE, NULL },
	{ "unmap", setup_ro_map, run_unmap, OBJ_MAP, KEEP_SAME, OP_DESTROYS,
	  NONE, NULL },
	{ "remap-grow", setup_grown, run_remap_grow, OBJ_MAP, KEEP_SAME, 0,
	  { FAULT_mremap, ENOSYS }, check_grown },
	{ "remap-empty", setup_ro_map, run_remap_empty, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "flush", setup_rw_map, run_flush, OBJ_MAP, KEEP_SAME, 0, NONE,
	  NULL },
	{ "flush-range", setup_rw_map, run_flush_range, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "advise", setup_ro_map, run_advise, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "lock", setup_anon, run_lock, OBJ_MAP, KEEP_SAME, 0, NONE,
	  NULL },
	{ "unlock", setup_anon, run_unlock, OBJ_MAP, KEEP_SAME, 0, NONE,
	  NULL },
	{ "make-writable", setup_ro_map, run_writable, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "make-readonly", setup_rw_map, run_readonly, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "fork-none", setup_private, run_fork_none, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "fork-inherit", setup_private, run_fork_inherit, OBJ_MAP, KEEP_SAME,
	  0, NONE, NULL },
	{ "fork-wipe", setup_private, run_fork_wipe, OBJ_MAP, KEEP_SAME, 0,
	  NONE, NULL },
	{ "read-guarded", setup_ro_map, run_read_guarded, OBJ_MAP, KEEP_SAME,
	  OP_FRESH, NONE, NULL },
	{ "sigbus-unguarded", setup_vanished, run_touch_vanished, OBJ_MAP,
	  KEEP_SAME, OP_FRESH | OP_DIES, NONE, NULL },
	{ "ring-init", setup_none, run_ring_init, OBJ_RING, KEEP_SENTINEL,
	  OP_CREATES | OP_STRATEGIES, NONE, check_strategy },
	{ "ring-init", setup_none, run_ring_init, OBJ_RING, KEEP_SENTINEL,
	  OP_CREATES | OP_FALLBACK, NONE, NULL },
	{ "ring-destroy", setup_ring_forced, run_ring_destroy, OBJ_RING,
	  KEEP_SAME, OP_DESTROYS | OP_STRATEGIES, NONE, NULL },
	{ "ring-fill", setup_ring_fill, run_ring_fill, OBJ_RING, KEEP_SAME, 0,
	  NONE, NULL },
	{ "ring-drain", setup_ring_drain, run_ring_drain, OBJ_RING, KEEP_SAME,
	  0, NONE, NULL },
	{ "ring-printf", setup_ring_full, run_ring_printf, OBJ_RING,
	  KEEP_SAME, 0, NONE, check_ring_bytes },
	{ "ring-fork-none", setup_ring, run_ring_fork_none, OBJ_RING,
	  KEEP_SAME, 0, NONE, NULL },
	{ "ring-fork-inherit", setup_ring, run_ring_fork_inherit, OBJ_RING,
	  KEEP_SAME, 0, NONE, NULL },
	{ "reader-init", setup_reader_pipe, run_reader_init, OBJ_READER,
	  KEEP_SENTINEL, OP_CREATES | OP_FALLBACK, NONE, NULL },
	{ "reader-fill", setup_reader, run_reader_fill, OBJ_READER, KEEP_SAME,
	  0, NONE, NULL },
	{ "reader-read", setup_reader, run_reader_read, OBJ_READER, KEEP_SAME,
	  0, NONE, NULL },
	{ "reader-read-bypass", setup_reader, run_reader_read_bypass,
	  OBJ_READER, KEEP_SAME, 0, NONE, NULL },
	{ "reader-line", setup_reader, run_reader_line, OBJ_READER,
	  KEEP_BYTES, 0, NONE, NULL },
	{ "reader-destroy", setup_reader, run_reader_destroy, OBJ_READER,
	  KEEP_SAME, OP_DESTROYS, NONE, NULL },
	{ "writer-init", setup_writer_pipe, run_writer_init, OBJ_WRITER,
	  KEEP_SENTINEL, OP_CREATES | OP_FALLBACK, NONE, NULL },
	{ "writer-write", setup_writer_full, run_writer_write, OBJ_WRITER,
	  KEEP_BYTES, 0, SURVIVES_EINTR, NULL },
	{ "writer-write-large", setup_writer_large, run_writer_write,
	  OBJ_WRITER, KEEP_BYTES, 0, SURVIVES_EINTR, NULL },
	{ "writer-printf", setup_writer_full, run_writer_printf, OBJ_WRITER,
	  KEEP_BYTES, 0, SURVIVES_EINTR, NULL },
	{ "writer-printf-large", setup_writer_large, run_writer_printf,
	  OBJ_WRITER, KEEP_BYTES, 0, SURVIVES_EINTR, NULL },
	{ "writer-flush", setup_writer_flush, run_writer_flush, OBJ_WRITER,
	  KEEP_BYTES, 0, SURVIVES_EINTR, NULL },
	{ "writer-destroy", setup_writer_flush, run_writer_destroy, OBJ_WRITER,
	  KEEP_BYTES, OP_DESTROYS, SURVIVES_EINTR, NULL },
	/* Without membarrier, the ring fences every publish instead. */
	{ "spsc-init", setup_none, run_spsc_init, OBJ_SPSC, KEEP_SENTINEL,
	  OP_CREATES | OP_FALLBACK, { FAULT_syscall, ANY_ERRNO }, NULL },
	{ "spsc-destroy", setup_spsc, run_spsc_destroy, OBJ_SPSC, KEEP_SAME,
	  OP_DESTROYS, NONE, NULL },
	{ "spsc-wait", setup_spsc, run_spsc_wait, OBJ_SPSC, KEEP_SAME, 0, NONE,
	  NULL },
	{ "spsc-wake", setup_spsc_sleeper, run_spsc_write, OBJ_SPSC,
	  KEEP_SAME, 0, NONE, NULL },
};

/* One row per op, and per strategy for OP_STRATEGIES. */
struct row {
	const struct op *op;
	const char *strategy;
};

/* Failures per run, at most FAULT_MAX_DEPTH (VMAP_TEST_FAULT_DEPTH). */
static int max_depth = FAULT_MAX_DEPTH;

static struct row rows[TH_LEN(ops) * 16];
static int nrows;
static const char *partial; /* why some call sites may not be reached */

/* ------------------------------------------------------------------ */
/* one run                                                             */
/* ------------------------------------------------------------------ */

static char msgbuf[FAULT_MSG_MAX];

static const char *failf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const char *failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msgbuf, sizeof(msgbuf), fmt, ap);
	va_end(ap);
	return msgbuf;
}

static void *obj_of(struct fx *fx, enum obj obj, size_t *size)
{
	switch (obj) {
	case OBJ_MAP:
		*size = sizeof(fx->map);
		return &fx->map;
	case OBJ_RING:
		*size = sizeof(fx->ring);
		return &fx->ring;
	case OBJ_READER:
		*size = sizeof(fx->reader);
		return &fx->reader;
	case OBJ_WRITER:
		*size = sizeof(fx->writer);
		return &fx->writer;
	case OBJ_SPSC:
		*size = sizeof(fx->spsc);
		return &fx->spsc;
	default:
		*size = 0;
		return NULL;
	}
}

/* The first mapped byte of the object, whose protection must not change
 * when a call on it fails. */
static const void *mapped_of(const struct fx *fx, enum obj obj)
{
	switch (obj) {
	case OBJ_MAP:
		return fx->map.ptr;
	case OBJ_RING:
		return fx->ring.base;
	case OBJ_READER:
		return fx->reader.ring.base;
	case OBJ_WRITER:
		return fx->writer.ring.base;
	case OBJ_SPSC:
		return fx->spsc.base;
	default:
		return NULL;
	}
}

/* The bytes of memory the object holds. */
static size_t held_of(const struct fx *fx, enum obj obj)
{
	switch (obj) {
	case OBJ_MAP:
		return fx->map.len;
	case OBJ_RING:
		return 2 * fx->ring.capacity;
	case OBJ_READER:
		return 2 * fx->reader.ring.capacity;
	case OBJ_WRITER:
		return 2 * fx->writer.ring.capacity;
	case OBJ_SPSC:
		return 2 * fx->spsc.capacity;
	default:
		return 0;
	}
}

/* Reads what a non-blocking descriptor holds into got. */
static size_t drain_fd(int fd)
{
	size_t len = 0;
	ssize_t n;

	while (len < 4 * unit &&
	       (n = read(fd, got + len, 4 * unit - len)) > 0)
		len += (size_t)n;
	return len;
}

/* No byte lost.  A reader's buffered bytes and what its source still
 * holds are all it was given; a writer's sink took a prefix of the prior
 * bytes and the new ones, and it keeps the rest of the prior ones, never
 * any new one. */
static const char *bytes_kept(struct fx *fx, enum obj obj)
{
	const struct vmap_ring *ring = obj == OBJ_READER ? &fx->reader.ring
							 : &fx->writer.ring;
	const void *b = vmap_ring_read_ptr(ring);
	size_t blen = vmap_ring_read_len(ring), slen;

	if (obj == OBJ_READER) {
		slen = drain_fd(fx->rd);
		if (blen + slen != unit / 2 || memcmp(b, src, blen) != 0 ||
		    memcmp(got, src + blen, slen) != 0)
			return failf("reader lost bytes: %zu buffered + %zu "
				     "unread of %zu",
				     blen, slen, unit / 2);
		return NULL;
	}
	slen = drain_fd(fx->rd);
	if (memcmp(got, src, slen) != 0 || memcmp(b, src + slen, blen) != 0 ||
	    slen + blen > fx->prior + fx->nlen ||
	    (slen >= fx->prior ? blen != 0 : slen + blen != fx->prior))
		return failf("writer lost or kept the wrong bytes: sink %zu, "
			     "buffered %zu, prior %zu, new %zu",
			     slen, blen, fx->prior, fx->nlen);
	return NULL;
}

static const char *kept(struct fx *fx, const struct op *op)
{
	size_t size;
	void *o = obj_of(fx, op->obj, &size);
	char perms[5];

	switch (op->keep) {
	case KEEP_SENTINEL:
		if (!th_all_bytes(o, size, TH_SENTINEL))
			return "the caller's struct was modified";
		if (fx->out_fd != FD_SENTINEL)
			return "the caller's descriptor was set";
		return NULL;
	case KEEP_SAME:
		if (memcmp(o, &fx->before, size) != 0)
			return "the caller's object changed";
		break;
	case KEEP_BYTES:
		if (bytes_kept(fx, op->obj))
			return msgbuf;
		break;
	}
	if (mapped_of(fx, op->obj) &&
	    (th_maps_perms(mapped_of(fx, op->obj), perms) < 0 ||
	     strcmp(perms, fx->perms) != 0))
		return "the object's memory was unmapped or its protection "
		       "changed";
	return NULL;
}

/* Releases whatever the case holds; NULL or a message. */
static const char *teardown(struct fx *fx)
{
	struct vmap_ring ring;
	const char *msg = NULL;

	if ((fx->live & LIVE_MAP) && vmap_unmap(&fx->map) < 0)
		msg = "vmap_unmap after the run failed";
	if ((fx->live & LIVE_RING) && vmap_ring_destroy(&fx->ring) < 0)
		msg = "vmap_ring_destroy after the run failed";
	if ((fx->live & LIVE_READER) && vmap_reader_destroy(&fx->reader) < 0)
		msg = "vmap_reader_destroy after the run failed";
	if ((fx->live & LIVE_WRITER) &&
	    (vmap_writer_into_ring(&fx->writer, &ring) < 0 ||
	     vmap_ring_destroy(&ring) < 0))
		msg = "destroying the writer's ring after the run failed";
	if ((fx->live & LIVE_SPSC) && vmap_spsc_destroy(&fx->spsc) < 0)
		msg = "vmap_spsc_destroy after the run failed";
	if (fx->fd >= 0)
		close(fx->fd);
	if (fx->rd >= 0)
		close(fx->rd);
	if (fx->wr >= 0)
		close(fx->wr);
	if (fx->out_fd >= 0)
		close(fx->out_fd);
	(void)unlink(fx->path);
	return msg;
}

static char maps[MAPS_MAX];

/* Whether any byte of [lo, hi) is still mapped. */
static int still_mapped(uintptr_t lo, uintptr_t hi)
{
	const char *line = maps;
	unsigned long a, b;

	while (sscanf(line, "%lx-%lx", &a, &b) == 2) {
		if (a < hi && b > lo)
			return 1;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	return 0;
}

/* Every range the run mapped or unmapped is unmapped now (with the
 * objects that held them released).  Catches what the counts cannot: a
 * leaked range merged into a neighbour, or anonymous memory a sanitizer
 * hides. */
static const char *ranges_released(unsigned int n)
{
	const struct fault_call *calls = fault_calls();
	size_t len = 0;
	ssize_t got_n;
	unsigned int i;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return "cannot open /proc/self/maps";
	while (len < sizeof(maps) - 1 &&
	       (got_n = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += (size_t)got_n;
	close(fd);
	maps[len] = '\0';
	for (i = 0; i < n && i < FAULT_MAX_CALLS; i++)
		if (calls[i].hi && still_mapped(calls[i].lo, calls[i].hi))
			return failf("the range of call %u (%s) is still "
				     "mapped",
				     i + 1, fault_sym_name(calls[i].sym));
	return NULL;
}

/* The errors after which a ring strategy passes the turn, as
 * vmap_ring_init() documents them. */
static bool refused(int err)
{
	static const int documented[] = { ENOSYS, EPERM,  EACCES,  EMFILE,
					  ENFILE, ENOENT, ENODEV,  EINVAL,
					  EEXIST, ENOTSUP, EOPNOTSUPP };
	size_t i;

	for (i = 0; i < TH_LEN(documented); i++)
		if (documented[i] == err)
			return true;
	return false;
}

enum verdict { FATAL, SURVIVED, FALLBACK };

/* What an injected failure must do to the operation, when nothing failed
 * before it (@prev: the call before it, or NULL). */
static enum verdict verdict(const struct op *op, const struct fx *fx,
			    const struct fault_call *c,
			    const struct fault_call *prev)
{
	int err = c->injected;

	if (err == FAULT_MOVED)
		return SURVIVED; /* placed elsewhere: tried again */
	switch (c->sym) {
	case FAULT_close: /* the descriptor is gone anyway */
	case FAULT_unlink: /* of a file already unlinked or ours */
	case FAULT_shm_unlink:
	case FAULT_getentropy: /* names from the clock instead */
		return SURVIVED;
	case FAULT_munmap:
		/* Only the caller's own memory must stay as it was; the rest
		 * (a failed attempt's, the slack of an aligned mapping, views
		 * set aside) the library can only give up on. */
		if (c->lo < fx->hi && c->hi > fx->lo)
			return FATAL;
		return SURVIVED;
#ifdef __linux__
	case FAULT_syscall:
		if (fault_is_futex(c->arg) && c->sub == FUTEX_WAKE)
			return SURVIVED; /* the waker cannot do more */
		if (fault_is_futex(c->arg) && c->sub == FUTEX_WAIT &&
		    (err == EINTR || err == EAGAIN || err == ETIMEDOUT))
			return SURVIVED; /* woke early: looks again */
#ifdef SYS_membarrier
		/* Not registered: registers, and fences again (once). */
		if (c->arg == SYS_membarrier && err == EPERM &&
		    c->sub == MEMBARRIER_CMD_PRIVATE_EXPEDITED &&
		    !(prev && prev->sym == FAULT_syscall &&
		      prev->arg == SYS_membarrier &&
		      prev->sub == MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED))
			return SURVIVED;
#endif
		break;
#endif
	case FAULT_shm_open: /* the name is taken: another one */
		if (err == EEXIST)
			return SURVIVED;
		break;
	case FAULT_mmap:
#ifdef MAP_FIXED_NOREPLACE
		if ((c->arg & MAP_FIXED_NOREPLACE) && err == EEXIST)
			return SURVIVED; /* taken: another place */
#endif
		break;
	case FAULT_madvise:
#ifdef MADV_KEEPONFORK
		if (c->arg == MADV_KEEPONFORK && err == EINVAL)
			return SURVIVED; /* a kernel without it */
#endif
		break;
	default:
		break;
	}
	if (op->survives.sym == c->sym &&
	    (op->survives.err == err || op->survives.err == ANY_ERRNO))
		return SURVIVED;
	if ((op->flags & OP_FALLBACK) && refused(err))
		return FALLBACK;
	return FATAL;
}

/* Checks the outcome against the injected failures, records their call
 * sites as covered and redoes the work of failures that must be
 * swallowed.  Failures after the first fatal one are in cleanup code,
 * which must swallow them and keep the first error. */
static const char *judge(const struct op *op, const struct fx *fx,
			 unsigned int n, int rc, int err, int *clean)
{
	const struct fault_call *calls = fault_calls();
	const struct fault_call *fatal = NULL, *fallback = NULL;
	unsigned int i;

	if (n > FAULT_MAX_CALLS)
		return failf("%u calls, more than recorded", n);
	for (i = 0; i < n; i++) {
		const struct fault_call *c = &calls[i];
		enum verdict v;

		if (!c->injected)
			continue;
		fault_cover(c);
		v = fatal ? SURVIVED : verdict(op, fx, c, i ? c - 1 : NULL);
		if (v == FATAL)
			fatal = c;
		else
			fault_undo(i);
		if (v == FALLBACK)
			fallback = c;
	}
	if (fatal) {
		if (rc >= 0 || err != fatal->injected)
			return failf("returned %d, errno %s; expected -1, %s",
				     rc, fault_errno_name(err),
				     fault_errno_name(fatal->injected));
		return NULL;
	}
	if (fallback && rc < 0) {
		if (err != fallback->injected)
			return failf("returned -1, errno %s; expected success "
				     "or %s",
				     fault_errno_name(err),
				     fault_errno_name(fallback->injected));
		return NULL;
	}
	/* Unharmed, or all failures survived: as the first unharmed run. */
	if (clean[0] == INT_MIN) {
		clean[0] = rc;
		clean[1] = rc < 0 ? err : 0;
	}
	if (rc != clean[0] || (rc < 0 && err != clean[1]))
		return failf("returned %d, errno %s; expected %d, %s as "
			     "unharmed",
			     rc, fault_errno_name(err), clean[0],
			     fault_errno_name(clean[1]));
	return NULL;
}

struct walk {
	const struct op *op;
	const char *strategy;
	int clean[2]; /* what the unharmed run returned, and its errno */
	bool warm; /* the warm-up run: no leak checks */
	unsigned int nseen;
	uint64_t seen[SEEN_MAX];
	unsigned int head, tail;
	struct fault_plan queue[QUEUE_MAX];
};

/* Setup, the armed call, and every check; NULL or a message. */
static const char *run_body(struct walk *w, const struct fault_plan *plan)
{
	const struct op *op = w->op;
	struct th_res before, after;
	const char *msg, *msg2;
	struct fx fx;
	unsigned int n;
	size_t size;
	void *o;
	int rc, err;

	th_snap(&before);
	memset(&fx, 0, sizeof(fx));
	fx.strategy = w->strategy;
	fx.fd = fx.rd = fx.wr = -1;
	fx.out_fd = FD_SENTINEL;
	(void)snprintf(fx.path, sizeof(fx.path), "%s", th_path("f"));
	op->setup(&fx);
	o = obj_of(&fx, op->obj, &size);
	if (op->keep == KEEP_SENTINEL)
		memset(o, TH_SENTINEL, size);
	memcpy(&fx.before, o, size);
	if (op->keep != KEEP_SENTINEL && mapped_of(&fx, op->obj)) {
		fx.lo = (uintptr_t)mapped_of(&fx, op->obj);
		fx.hi = fx.lo + held_of(&fx, op->obj);
		ck_assert_int_eq(th_maps_perms(mapped_of(&fx, op->obj),
					       fx.perms),
				 0);
	}

	errno = 0;
	fault_arm(plan);
	rc = op->run(&fx);
	err = errno;
	n = fault_disarm();
	if (plan->n > 0)
		fault_stats()->cases++;

	msg = judge(op, &fx, n, rc, err, w->clean);
	if (!msg && rc < 0)
		msg = kept(&fx, op);
	if (!msg && rc >= 0 && (op->flags & OP_DESTROYS) &&
	    !th_all_bytes(o, size, 0))
		msg = "the object was not zeroed";
	if (!msg && op->check)
		msg = op->check(&fx, rc);
	if (rc >= 0 && (op->flags & OP_CREATES) &&
	    !th_all_bytes(o, size, TH_SENTINEL))
		fx.live |= 1u << op->obj;
	if (rc >= 0 && (op->flags & OP_DESTROYS))
		fx.live &= ~(1u << op->obj);
	if (fx.out_fd == FD_SENTINEL)
		fx.out_fd = -1;
	msg2 = teardown(&fx);
	if (!msg)
		msg = msg2;
	if (!msg)
		msg = ranges_released(n);
	th_snap(&after);
	if (!msg && !w->warm && after.fds != before.fds)
		msg = failf("%d descriptors leaked", after.fds - before.fds);
	if (!msg && !w->warm && after.maps != before.maps)
		msg = failf("%d mappings leaked", after.maps - before.maps);
	return msg;
}

/* Runs a case that ends with SIGBUS in a child: only its calls can be
 * judged, all of them in the handler, which must swallow their failure. */
static const char *judge_death(const struct fault_plan *plan, int status)
{
	const struct fault_call *calls = fault_calls();
	unsigned int i, n = fault_ncalls();

	if (plan->n > 0)
		fault_stats()->cases++;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGBUS)
		return failf("status %#x: expected death by SIGBUS", status);
	for (i = 0; i < n && i < FAULT_MAX_CALLS; i++)
		if (calls[i].injected)
			fault_cover(&calls[i]);
	return NULL;
}

static const char *describe(const struct walk *w,
			    const struct fault_plan *plan)
{
	static char buf[512];
	size_t len;
	int i;

	len = (size_t)snprintf(buf, sizeof(buf), "%s%s%s", w->op->name,
			       w->strategy ? "/" : "",
			       w->strategy ? w->strategy : "");
	if (plan->n == 0)
		(void)snprintf(buf + len, sizeof(buf) - len, " unharmed");
	for (i = 0; i < plan->n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%s call %u (%s) fails %s",
					i ? "," : "", plan->at[i].index + 1,
					fault_sym_name(plan->at[i].sym),
					fault_errno_name(plan->at[i].err));
	return buf;
}

/* One run of @plan, checked; returns the number of calls made. */
static unsigned int run_case(struct walk *w, const struct fault_plan *plan)
{
	const char *msg;
	char *shared = fault_message();
	int status;
	pid_t pid;

	if (!(w->op->flags & OP_FRESH)) {
		msg = run_body(w, plan);
		ck_assert_msg(!msg, "%s: %s", describe(w, plan), msg);
		return fault_ncalls();
	}
	shared[0] = '\0';
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		msg = run_body(w, plan);
		if (msg)
			(void)snprintf(shared, FAULT_MSG_MAX, "%s", msg);
		_exit(msg ? 1 : 0);
	}
	/* A child that died armed left the shared state armed. */
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	(void)fault_disarm();
	if (w->op->flags & OP_DIES)
		msg = judge_death(plan, status);
	else if (shared[0] != '\0')
		msg = shared;
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		msg = failf("status %#x", status);
	else
		msg = NULL;
	ck_assert_msg(!msg, "%s: %s", describe(w, plan), msg);
	return fault_ncalls();
}

/* Whether a run took a path (calls, sites, which ones failed) not seen
 * before in this walk; the runs its failures lead to need exploring only
 * once per path. */
static bool new_path(struct walk *w, unsigned int n)
{
	const struct fault_call *calls = fault_calls();
	uint64_t h = UINT64_C(14695981039346656037);
	unsigned int i, slot;

	for (i = 0; i < n && i < FAULT_MAX_CALLS; i++) {
		uint64_t v = (uint64_t)(uintptr_t)calls[i].site * 31 +
			     (uint64_t)calls[i].sym * 2 +
			     (calls[i].injected != 0);

		h = (h ^ v) * UINT64_C(1099511628211);
	}
	h |= 1;
	for (slot = (unsigned int)(h % SEEN_MAX); w->seen[slot];
	     slot = (slot + 1) % SEEN_MAX)
		if (w->seen[slot] == h)
			return false;
	ck_assert_uint_lt(w->nseen, SEEN_MAX / 2);
	w->seen[slot] = h;
	w->nseen++;
	return true;
}

/* Runs the unharmed call, then, breadth first (so the simplest failing
 * plan is the one reported), each plan that also fails one call after the
 * last failed one, with each errno that call can return. */
static void explore(struct walk *w)
{
	const int *e;

	w->head = 0;
	w->tail = 1;
	memset(&w->queue[0], 0, sizeof(w->queue[0]));
	while (w->head < w->tail) {
		const struct fault_plan *plan = &w->queue[w->head++];
		unsigned int i, n = run_case(w, plan);

		if (plan->n == max_depth || !new_path(w, n))
			continue;
		i = plan->n ? plan->at[plan->n - 1].index + 1 : 0;
		for (; i < n && i < FAULT_MAX_CALLS; i++)
			for (e = fault_calls()[i].errnos; *e; e++) {
				struct fault_plan *next;

				ck_assert_uint_lt(w->tail, QUEUE_MAX);
				next = &w->queue[w->tail++];
				*next = *plan;
				next->at[next->n].index = i;
				next->at[next->n].sym = fault_calls()[i].sym;
				next->at[next->n].err = *e;
				next->n++;
			}
	}
}

static struct walk walk_state;

START_TEST(test_walk)
{
	static const struct fault_plan unharmed;
	struct walk *w = &walk_state;

	memset(w, 0, sizeof(*w));
	w->op = rows[_i].op;
	w->strategy = rows[_i].strategy;
	w->clean[0] = INT_MIN;
	w->warm = true;
	(void)run_case(w, &unharmed);
	w->warm = false;
	explore(w);
	fault_stats()->walks++;
}
END_TEST

/* ------------------------------------------------------------------ */
/* coverage                                                            */
/* ------------------------------------------------------------------ */

/* External functions of the library that are not OS calls, or OS calls
 * that cannot fail as the library makes them. */
static const char *const cannot_fail[] = {
	"sysconf",       /* _SC_PAGESIZE */
	"clock_gettime", /* CLOCK_MONOTONIC, only mixed into a name */
	"getpid",
	"pthread_once",  /* glibc's never fails */
	"sigemptyset",   /* a valid set */
	NULL,
};

static const char *const not_os[] = {
	"__errno_location", "__stack_chk_fail", "_GLOBAL_OFFSET_TABLE_",
	"__tls_get_addr", "memcpy", "memmove", "memset", "memchr", "memcmp",
	"strcmp", "strlen", "snprintf", "vsnprintf", "free", "getenv",
	"secure_getenv", "__sigsetjmp", "sigsetjmp", "_setjmp", "setjmp",
	"siglongjmp", "longjmp",
	"__longjmp_chk", NULL,
};

static bool listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/* The compiler's own helpers: sanitizers, atomics (__aarch64_cas4_acq_rel,
 * ...), and the arithmetic of wide integers (__udivdi3, __divmoddi4, ...
 * on 32-bit systems). */
static bool compiler_runtime(const char *name)
{
	size_t len = strlen(name);

	if (strncmp(name, "__aarch64_", 10) == 0 ||
	    strncmp(name, "__atomic_", 9) == 0 ||
	    strncmp(name, "__asan_", 7) == 0 ||
	    strncmp(name, "__ubsan_", 8) == 0 ||
	    strncmp(name, "__tsan_", 7) == 0 ||
	    strncmp(name, "__sanitizer_", 12) == 0)
		return true;
	return len > 5 && strncmp(name, "__", 2) == 0 &&
	       strchr("dt", name[len - 3]) && name[len - 2] == 'i' &&
	       strchr("234", name[len - 1]);
}

static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	if (len < size)
		(void)vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

START_TEST(test_coverage)
{
	static char unknown[2048], missed[2048], injected[2048], spared[1024];
	static char where[FAULT_NSYMS][512];
	unsigned int expect[FAULT_NSYMS] = { 0 };
	unsigned int total = 0, nspared = 0;
	char line[512], sym[128], obj[256], fn[256];
	FILE *f = fopen(FAULT_SITES_FILE, "r");
	int i;

	ck_assert_msg(f != NULL, "%s: %s", FAULT_SITES_FILE, strerror(errno));
	unknown[0] = missed[0] = injected[0] = spared[0] = '\0';
	memset(where, 0, sizeof(where));
	while (fgets(line, sizeof(line), f)) {
		enum fault_sym s;

		if (sscanf(line, "%127s %255s %255s", sym, obj, fn) != 3)
			continue;
		s = fault_sym_of(sym);
		if (s != FAULT_NSYMS) {
			expect[s]++;
			append(where[s], sizeof(where[s]), " %s", fn);
		} else if (listed(cannot_fail, sym)) {
			append(spared, sizeof(spared), " %s(%s)", sym, fn);
			nspared++;
		} else if (!listed(not_os, sym) && !compiler_runtime(sym)) {
			append(unknown, sizeof(unknown), " %s (%s, %s)", sym,
			       obj, fn);
		}
	}
	fclose(f);
	ck_assert_msg(unknown[0] == '\0',
		      "lib/ calls functions this test does not know:%s; wrap "
		      "each in tests/fault.[ch] and FAULT_WRAP in Makefile.am, "
		      "and give it an operation here",
		      unknown);
	for (i = 0; i < FAULT_NSYMS; i++) {
		unsigned int got_n = fault_sites((enum fault_sym)i);

		if (got_n != expect[i])
			append(missed, sizeof(missed), " %s: %u of %u (in%s);",
			       fault_sym_name((enum fault_sym)i), got_n,
			       expect[i], where[i]);
		if (expect[i] > 0)
			append(injected, sizeof(injected), " %s*%u",
			       fault_sym_name((enum fault_sym)i), expect[i]);
		total += expect[i];
	}
	if (partial || fault_stats()->walks != (unsigned int)nrows) {
		printf("# call-site coverage not checked: %s\n",
		       partial ? partial : "not every operation was walked");
		fflush(stdout);
		return;
	}
	/* A site missed is a path no operation here takes (the compiler may
	 * have copied a call into a branch of its own): add one that does. */
	ck_assert_msg(missed[0] == '\0',
		      "call sites without an injected failure (sites failed of "
		      "sites in lib/):%s",
		      missed);
	printf("# injected %u call sites:%s\n", total, injected);
	for (i = 0; i < FAULT_NSYMS; i++)
		if (expect[i] > 0)
			printf("#   %s in%s\n",
			       fault_sym_name((enum fault_sym)i), where[i]);
	printf("# %lu failure cases over %d operations\n",
	       fault_stats()->cases, nrows);
	printf("# %u call sites cannot fail:%s\n", nspared, spared);
	fflush(stdout);
}
END_TEST

/* ------------------------------------------------------------------ */

int main(void)
{
	const char *const *names = th_strategies();
	const char *const *all = vmap_ring_strategies();
	TCase *walks, *cover;
	Suite *s;
	size_t i, j;

	fault_init();
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks up to 512 KiB (the largest threshold 32-bit glibc takes:
	 * src, got, vmap_writer_printf's) from a heap that never shrinks,
	 * never from a mapping of their own, which the counts would see. */
	(void)mallopt(M_MMAP_THRESHOLD, 512 * 1024);
	(void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
	page = vmap_page_size();
	unit = vmap_allocation_size();
	if (getenv("VMAP_TEST_FAULT_DEPTH"))
		max_depth = atoi(getenv("VMAP_TEST_FAULT_DEPTH"));
	if (max_depth < 1 || max_depth > FAULT_MAX_DEPTH)
		max_depth = FAULT_MAX_DEPTH;
	/* valgrind runs each case some 50 times slower, and its signal
	 * emulation does not let a returning SIGBUS handler re-fault into the
	 * default action. */
	if (UNDER_VALGRIND()) {
		max_depth = 1;
		partial = "under valgrind (one failure per run, no SIGBUS "
			  "death)";
	}
	src = malloc(4 * unit);
	got = malloc(4 * unit);
	if (!src || !got)
		return EXIT_FAILURE;
	for (i = 0; i < 4 * unit; i++)
		src[i] = (unsigned char)('a' + i % 26);
	for (i = 0; i < TH_LEN(ops); i++) {
		if ((ops[i].flags & OP_DIES) && UNDER_VALGRIND())
			continue;
		if (!(ops[i].flags & OP_STRATEGIES)) {
			rows[nrows++].op = &ops[i];
			continue;
		}
		for (j = 0; names[j]; j++) {
			rows[nrows].op = &ops[i];
			rows[nrows++].strategy = names[j];
		}
	}
	for (j = 0; all[j]; j++)
		if (!listed(names, all[j]))
			partial = "ring strategies skipped";

	s = suite_create("faults");
	walks = th_tcase("walk");
	tcase_set_timeout(walks, 120);
	tcase_add_loop_test(walks, test_walk, 0, nrows);
	suite_add_tcase(s, walks);
	cover = th_tcase("coverage");
	tcase_add_test(cover, test_coverage);
	suite_add_tcase(s, cover);
	return th_run(s);
}
