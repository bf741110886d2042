/*
 * libvmap - ring strategy "noreplace": map one view anywhere, then place
 * its mirror right next to it with MAP_FIXED_NOREPLACE
 * SPDX-License-Identifier: MIT
 *
 * The other descriptor strategies reserve the whole range first; this one
 * skips the reservation and lets the kernel refuse (EEXIST) when something
 * already sits next to the first view.  Kernels before 4.17 ignore the flag
 * and treat the address as a hint, so the result is compared with the
 * address asked for.
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "ring-strategy.h"

#define VIEW_PROT (PROT_READ | PROT_WRITE)
#define TRIES 8

/* Maps a view of fd exactly at addr without replacing anything: 0, or -1
 * with EEXIST when the range is taken (or an old kernel put the view
 * elsewhere). */
static int map_exactly(int fd, char *addr, size_t len)
{
	char *view = mmap(addr, len, VIEW_PROT,
			  MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);

	if (view == addr)
		return 0;
	if (view != MAP_FAILED) {
		(void)munmap(view, len);
		errno = EEXIST;
	}
	return -1;
}

/* Both views show the same pages, so the mirror may sit below the view
 * already mapped (where top-down allocators leave room) or above it.
 * Returns the lower view, or NULL with errno set. */
static char *pair(int fd, char *view, size_t len)
{
	if ((uintptr_t)view >= len) {
		if (map_exactly(fd, view - len, len) == 0)
			return view - len;
		if (errno != EEXIST)
			return NULL;
	}
	if (map_exactly(fd, view + len, len) == 0)
		return view;
	return NULL;
}

/* Views that found no free neighbour stay mapped until the end, so each
 * retry lands somewhere new instead of between the same obstacles. */
void *vmap_ring_place_noreplace(int fd, size_t len)
{
	char *held[TRIES];
	char *view, *found = NULL;
	size_t kept = 0;
	int err = EEXIST;

	while (kept < TRIES) {
		view = mmap(NULL, len, VIEW_PROT, MAP_SHARED, fd, 0);
		if (view == MAP_FAILED) {
			err = errno;
			break;
		}
		found = pair(fd, view, len);
		if (found)
			break;
		held[kept++] = view;
		if (errno != EEXIST) {
			err = errno;
			break;
		}
	}
	while (kept > 0)
		(void)munmap(held[--kept], len);
	if (!found)
		errno = err;
	return found;
}

/* The best descriptor backing this build has. */
static int backing(size_t len)
{
#if defined(VMAP_RING_HAVE_MEMFD)
	return vmap_ring_memfd_backing(len);
#elif defined(VMAP_RING_HAVE_SHM)
	return vmap_ring_shm_backing(len);
#else
	return vmap_ring_tmpfile_backing(len);
#endif
}

static void *map_noreplace(size_t len)
{
	return vmap_ring_mirror_fd(backing(len), len,
				   vmap_ring_place_noreplace);
}

const struct vmap_ring_strategy vmap_ring_strategy_noreplace = {
	"noreplace", map_noreplace, vmap_ring_unmap_views,
};
