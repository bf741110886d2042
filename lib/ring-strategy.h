/*
 * libvmap - the interface every double-mapping strategy implements
 * SPDX-License-Identifier: MIT
 *
 * A strategy maps len bytes (a multiple of the allocation granularity)
 * twice, back to back, and unmaps such a mirror.  Each lives in its own
 * lib/ring-<name>.c; configure compiles only those the system has and
 * lists them, in preference order, in VMAP_RING_STRATEGY_TABLE.
 */

#ifndef VMAP_RING_STRATEGY_H
#define VMAP_RING_STRATEGY_H

#include <stddef.h>

struct vmap_ring_strategy {
	const char *name;
	/* The base of 2 * len mirrored bytes, or NULL with errno set and
	 * nothing left mapped or open. */
	void *(*map)(size_t len);
	int (*unmap)(void *base, size_t len);
};

extern const struct vmap_ring_strategy vmap_ring_strategy_mach;
extern const struct vmap_ring_strategy vmap_ring_strategy_mremap;
extern const struct vmap_ring_strategy vmap_ring_strategy_memfd;
extern const struct vmap_ring_strategy vmap_ring_strategy_shm;
extern const struct vmap_ring_strategy vmap_ring_strategy_tmpfile;
extern const struct vmap_ring_strategy vmap_ring_strategy_noreplace;
extern const struct vmap_ring_strategy vmap_ring_strategy_placeholder;
extern const struct vmap_ring_strategy vmap_ring_strategy_mapview;

/* ring-posix.c: descriptor-backed mirrors shared by the POSIX strategies.
 * A backing returns a close-on-exec descriptor of len bytes, or -1. */
int vmap_ring_memfd_backing(size_t len);
int vmap_ring_shm_backing(size_t len);
int vmap_ring_tmpfile_backing(size_t len);

/* Sets the size of a fresh backing descriptor, closing it on failure;
 * fd < 0 (a failed open) is passed through. */
int vmap_ring_size_backing(int fd, size_t len);

/* Placement of the two views of a backing descriptor. */
void *vmap_ring_place_reserved(int fd, size_t len);
void *vmap_ring_place_noreplace(int fd, size_t len);

/* Places the views of fd (closing it in every case; fd < 0 is a backing
 * that failed, passed through). */
void *vmap_ring_mirror_fd(int fd, size_t len,
			  void *(*place)(int fd, size_t len));
int vmap_ring_unmap_views(void *base, size_t len);

/* ring-win32.c: unmaps the two views of a Windows mirror. */
int vmap_ring_unmap_win32_views(void *base, size_t len);

#endif /* VMAP_RING_STRATEGY_H */
