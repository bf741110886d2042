/*
 * libvmap - ring strategy "shm": a POSIX shared memory object mapped twice
 * inside a reservation
 * SPDX-License-Identifier: MIT
 *
 * FreeBSD's SHM_ANON gives an object with no name at all.  Elsewhere the
 * object gets an unpredictable name, is created exclusively with mode 0600
 * and unlinked at once, so no other process can find or pre-create it.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ring-strategy.h"

#if HAVE_DECL_SHM_ANON
static int open_object(void)
{
	return shm_open(SHM_ANON, O_RDWR, 0600);
}
#else

#define NAME_TRIES 16

static uint64_t random_bits(void)
{
	uint64_t bits;
#ifdef HAVE_GETENTROPY
	if (getentropy(&bits, sizeof(bits)) == 0)
		return bits;
#endif
	/* No entropy source: mix what differs between calls and processes;
	 * O_EXCL still guarantees the object is ours. */
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	bits = (uint64_t)ts.tv_nsec * UINT64_C(0x9e3779b97f4a7c15);
	bits ^= (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&ts;
	return bits;
}

static int open_object(void)
{
	char name[40];
	int fd, i;

	for (i = 0; i < NAME_TRIES; i++) {
		(void)snprintf(name, sizeof(name), "/vmap-ring-%016llx",
			       (unsigned long long)random_bits());
		fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd >= 0) {
			(void)shm_unlink(name);
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}
#endif

int vmap_ring_shm_backing(size_t len)
{
	return vmap_ring_size_backing(open_object(), len);
}

static void *map_shm(size_t len)
{
	return vmap_ring_mirror_fd(vmap_ring_shm_backing(len), len,
				   vmap_ring_place_reserved);
}

const struct vmap_ring_strategy vmap_ring_strategy_shm = {
	"shm", map_shm, vmap_ring_unmap_views,
};
