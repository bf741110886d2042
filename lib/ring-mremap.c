/*
 * libvmap - ring strategy "mremap": Linux duplicates the pages of a shared
 * anonymous region with mremap(old_size = 0), no descriptor at all
 * SPDX-License-Identifier: MIT
 *
 * One mmap of 2 * len, one mremap that places a second view of the first
 * half over the second half, one munmap to free: three system calls per
 * ring, the fewest of any strategy.
 */

#include <config.h>

#include <errno.h>
#include <sys/mman.h>

#include "ring-strategy.h"

static void *map_mremap(size_t len)
{
	char *base = mmap(NULL, 2 * len, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int err;

	if (base == MAP_FAILED)
		return NULL;
	if (mremap(base, 0, len, MREMAP_MAYMOVE | MREMAP_FIXED, base + len) ==
	    MAP_FAILED) {
		err = errno;
		(void)munmap(base, 2 * len);
		errno = err;
		return NULL;
	}
	return base;
}

const struct vmap_ring_strategy vmap_ring_strategy_mremap = {
	"mremap", map_mremap, vmap_ring_unmap_views,
};
