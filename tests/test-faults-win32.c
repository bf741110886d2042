/*
 * libvmap - every Win32 call the library makes, refused in turn
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Windows' counterpart of tests/test-faults.c.  Each case runs one
 * operation again and again against tests/libvmap-faultw.la, making its
 * first wrapped call fail, then its second, and so on until the operation
 * gets through without a refusal.  Whenever the operation fails it must
 * report the refusal's errno, leave no handle and no view behind, and
 * leave the caller's objects as they were; when it succeeds despite the
 * refusal (a refusal it recovers from), it must work.
 */

#include <config.h>

#include <errno.h>
#include <io.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <windows.h>

#include <check.h>

#include <vmap.h>

#include "fault-win32-ctl.h"
#include "helpers.h"

/* One operation: run() returns 0 or -1 with errno set; undo() releases
 * what a successful run() made; check() asserts that the caller's objects
 * are as they were after a failure. */
struct op {
	const char *name;
	int want; /* errno of a failure (0: ENOMEM, the refusal's own) */
	void (*setup)(void);
	int (*run)(void);
	void (*undo)(void);
	void (*check)(void);
	void (*teardown)(void);
};

static struct vmap_map map, held;
static struct vmap_ring ring;
static int fd = -1, pipe_fds[2] = { -1, -1 };
static char buf[64];

static struct vmap_options opts(unsigned int flags, struct vmap_extent len)
{
	return th_opts(flags, 0, len);
}

static void close_fd(void)
{
	ck_assert_int_eq(_close(fd), 0);
	fd = -1;
}

static void unmap_map(void)
{
	th_unmap_ok(&map);
}

static void map_untouched(void)
{
	th_assert_untouched(&map);
}

static void unit_file(void)
{
	static char data[3 * 65536];

	memset(data, 'f', sizeof(data));
	th_mkfile("f", data, sizeof(data));
	th_sentinel(&map);
}

/* vmap_open: a new file, sized by the resize rule, its descriptor kept. */
static void new_file(void)
{
	th_sentinel(&map);
}

static int open_new(void)
{
	struct vmap_options o = opts(VMAP_WRITE | VMAP_CREATE_NEW,
				     vmap_extent_end());

	o.resize = vmap_extent_exact(3 * vmap_allocation_size());
	return vmap_open(th_path("new"), &o, &map, &fd);
}

static void undo_open_new(void)
{
	unmap_map();
	close_fd();
	ck_assert_int_eq(_unlink(th_path("new")), 0);
}

/* A refused CREATE_NEW open removes the file it made. */
static void new_file_gone(void)
{
	map_untouched();
	ck_assert_msg(th_file_size(th_path("new")) == -1, "file left");
}

/* vmap_open of a file read-only: a read-only handle, section and view. */
static int open_read(void)
{
	struct vmap_options o = opts(0, vmap_extent_end());

	return vmap_open(th_path("f"), &o, &map, &fd);
}

static void undo_open_read(void)
{
	unmap_map();
	close_fd();
}

/* vmap_map read-only of a descriptor that can write: the view is mapped
 * writable and lowered. */
static void rw_fd(void)
{
	unit_file();
	fd = th_open_fd(th_path("f"), _O_RDWR);
}

static int map_readonly(void)
{
	struct vmap_options o = opts(0, vmap_extent_end());

	return vmap_map(fd, &o, &map);
}

static int map_copy(void)
{
	struct vmap_options o = opts(VMAP_COPY, vmap_extent_end());

	return vmap_map(fd, &o, &map);
}

static void teardown_fd(void)
{
	if (fd >= 0)
		close_fd();
}

/* vmap_alloc of each kind. */
static int alloc_shared(void)
{
	struct vmap_options o = opts(VMAP_WRITE, vmap_extent_exact(100));

	return vmap_alloc(&o, &map);
}

static int alloc_readonly(void)
{
	struct vmap_options o = opts(0, vmap_extent_exact(100));

	return vmap_alloc(&o, &map);
}

/* vmap_remap of a file that grew: the mapping stays as it was. */
static void grown_file(void)
{
	struct vmap_options o = opts(VMAP_WRITE, vmap_extent_end());

	rw_fd();
	ck_assert_int_eq(vmap_map(fd, &o, &held), 0);
	ck_assert_int_eq(_chsize(fd, (long)(5 * vmap_allocation_size())), 0);
	map = held;
}

static int remap_grown(void)
{
	return vmap_remap(&map, fd, vmap_extent_end());
}

static void undo_remap(void)
{
	ck_assert_int_eq(vmap_remap(&map, fd, vmap_extent_exact(held.len)),
			 0);
	held = map;
}

static void remap_untouched(void)
{
	ck_assert(th_same_map(&map, &held));
	ck_assert_uint_eq(*(const char *)map.ptr, 'f');
}

static void teardown_held(void)
{
	th_unmap_ok(&held);
	teardown_fd();
}

/* Operations on a writable file mapping that stays. */
static void held_map(void)
{
	struct vmap_options o = opts(VMAP_WRITE, vmap_extent_end());

	rw_fd();
	ck_assert_int_eq(vmap_map(fd, &o, &held), 0);
	memset(held.ptr, 'w', held.len);
}

static int flush_sync(void)
{
	return vmap_flush(&held, fd, VMAP_FLUSH_SYNC);
}

static int lock_held(void)
{
	return vmap_lock(&held);
}

static void undo_lock(void)
{
	ck_assert_int_eq(vmap_unlock(&held), 0);
}

static int make_readonly(void)
{
	return vmap_make_readonly(&held);
}

static void undo_make_readonly(void)
{
	ck_assert_int_eq(vmap_make_writable(&held), 0);
}

static void held_writable(void)
{
	ck_assert_uint_eq(held.flags & VMAP_WRITE, VMAP_WRITE);
}

static int read_guarded(void)
{
	memset(buf, 0, sizeof(buf));
	return vmap_read_guarded(&held, 1, buf, sizeof(buf));
}

static void got_bytes(void)
{
	ck_assert(th_all_bytes(buf, sizeof(buf), 'w'));
}

/* A ring by the strategy Wine can run, and its descriptor I/O. */
static void no_ring(void)
{
	memset(&ring, 0xa5, sizeof(ring));
}

static int ring_mapview(void)
{
	return vmap_ring_init_strategy(&ring, 1, 0, "mapview");
}

static void undo_ring(void)
{
	th_ring_close(&ring);
	no_ring();
}

static void ring_untouched(void)
{
	struct vmap_ring sentinel;

	memset(&sentinel, 0xa5, sizeof(sentinel));
	ck_assert_mem_eq(&ring, &sentinel, sizeof(ring));
}

static void ring_and_pipe(void)
{
	ck_assert_int_eq(ring_mapview(), 0);
	th_pipe(pipe_fds, 0, 4096);
	th_pipe_put(pipe_fds[1], "0123456789", 10);
}

static int ring_fill(void)
{
	ssize_t n = vmap_ring_fill(&ring, pipe_fds[0]);

	return n < 0 ? -1 : 0;
}

static void undo_fill(void)
{
	ck_assert_uint_eq(vmap_ring_read_len(&ring), 10);
	ck_assert_int_eq(vmap_ring_consume(&ring, 10), 0);
	th_pipe_put(pipe_fds[1], "0123456789", 10);
}

static void ring_empty(void)
{
	ck_assert_uint_eq(vmap_ring_read_len(&ring), 0);
}

static void teardown_ring_pipe(void)
{
	th_ring_close(&ring);
	ck_assert_int_eq(_close(pipe_fds[0]), 0);
	ck_assert_int_eq(_close(pipe_fds[1]), 0);
}

static void nothing(void)
{
}

static const struct op ops[] = {
	{ "open new", 0, new_file, open_new, undo_open_new, new_file_gone,
	  nothing },
	{ "open read-only", 0, unit_file, open_read, undo_open_read,
	  map_untouched, nothing },
	{ "map read-only of a writable fd", 0, rw_fd, map_readonly, unmap_map,
	  map_untouched, teardown_fd },
	{ "map private copy", 0, rw_fd, map_copy, unmap_map, map_untouched,
	  teardown_fd },
	{ "alloc shared", 0, new_file, alloc_shared, unmap_map, map_untouched,
	  nothing },
	{ "alloc read-only", 0, new_file, alloc_readonly, unmap_map,
	  map_untouched, nothing },
	{ "remap a grown file", 0, grown_file, remap_grown, undo_remap,
	  remap_untouched, teardown_held },
	{ "flush sync", 0, held_map, flush_sync, nothing, nothing,
	  teardown_held },
	{ "lock", 0, held_map, lock_held, undo_lock, nothing, teardown_held },
	{ "make read-only", 0, held_map, make_readonly, undo_make_readonly,
	  held_writable, teardown_held },
	{ "guarded read", EFAULT, held_map, read_guarded, got_bytes, nothing,
	  teardown_held },
	{ "ring by mapview", 0, no_ring, ring_mapview, undo_ring,
	  ring_untouched, nothing },
	{ "ring fill", 0, ring_and_pipe, ring_fill, undo_fill, ring_empty,
	  teardown_ring_pipe },
};

/* Refuse the 1st, 2nd, ... call of the operation until it needs no more
 * calls than that; every refusal must have been seen through. */
START_TEST(each_call_refused)
{
	const struct op *op = &ops[_i];
	struct th_res before;
	long n;
	int rc, err, failed;

	op->setup();
	for (n = 1;; n++) {
		th_snap(&before);
		fault_win32_arm(NULL, n, false, ERROR_NOT_ENOUGH_MEMORY);
		rc = op->run();
		err = errno;
		failed = fault_win32_disarm();
		if (rc == 0) {
			op->undo();
			if (!failed)
				break;
			continue;
		}
		ck_assert_msg(failed, "%s: failed unrefused: %s", op->name,
			      th_errno_name(err));
		ck_assert_msg(err == (op->want ? op->want : ENOMEM),
			      "%s, call %ld: errno %s", op->name, n,
			      th_errno_name(err));
		op->check();
		th_assert_no_leak(&before);
	}
	ck_assert_msg(n > 1, "%s made no call that can be refused", op->name);
	op->teardown();
}
END_TEST

/* The mapview strategy starts over where another thread took the room
 * between finding it and mapping there (ERROR_INVALID_ADDRESS), and gives
 * up with EAGAIN when that never ends. */
START_TEST(mapview_retries_lost_room)
{
	struct th_res before;

	no_ring();
	th_snap(&before);
	/* The second view lands on someone else's memory, once. */
	fault_win32_arm("MapViewOfFileEx", 2, false, ERROR_INVALID_ADDRESS);
	ck_assert_int_eq(ring_mapview(), 0);
	ck_assert_int_eq(fault_win32_disarm(), 1);
	*(char *)vmap_ring_write_ptr(&ring) = 'm';
	ck_assert_uint_eq(ring.base[ring.capacity], 'm');
	undo_ring();
	th_assert_no_leak(&before);

	/* Every view does, every time. */
	fault_win32_arm("MapViewOfFileEx", 1, true, ERROR_INVALID_ADDRESS);
	th_assert_fails(ring_mapview(), EAGAIN);
	ck_assert_int_eq(fault_win32_disarm(), 16);
	ring_untouched();
	th_assert_no_leak(&before);
}
END_TEST

int main(void)
{
	const struct th_test tests[] = {
		{ "refused", each_call_refused, TH_LEN(ops) },
		{ "mapview", mapview_retries_lost_room, 0 },
	};

	return th_run(th_suite("faults-win32", tests, TH_LEN(tests)));
}
