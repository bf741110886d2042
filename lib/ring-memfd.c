/*
 * libvmap - ring strategy "memfd": an anonymous memory file (Linux,
 * Android, FreeBSD 13+) mapped twice inside a reservation
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <sys/mman.h>

#include "ring-strategy.h"

int vmap_ring_memfd_backing(size_t len)
{
	return vmap_ring_size_backing(memfd_create("vmap-ring", MFD_CLOEXEC),
				      len);
}

static void *map_memfd(size_t len)
{
	return vmap_ring_mirror_fd(vmap_ring_memfd_backing(len), len,
				   vmap_ring_place_reserved);
}

const struct vmap_ring_strategy vmap_ring_strategy_memfd = {
	"memfd", map_memfd, vmap_ring_unmap_views,
};
