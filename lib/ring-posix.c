/*
 * libvmap - pieces shared by the descriptor-backed POSIX ring strategies
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ring-strategy.h"

#define VIEW_PROT (PROT_READ | PROT_WRITE)

/* Reserve 2 * len of address space, then map both views over it with
 * MAP_FIXED.  The reservation is ours, so MAP_FIXED replaces nothing that
 * belongs to anyone else and no other thread can slip in between. */
void *vmap_ring_place_reserved(int fd, size_t len)
{
	char *base = mmap(NULL, 2 * len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	int err;

	if (base == MAP_FAILED)
		return NULL;
	if (mmap(base, len, VIEW_PROT, MAP_SHARED | MAP_FIXED, fd, 0) ==
		    MAP_FAILED ||
	    mmap(base + len, len, VIEW_PROT, MAP_SHARED | MAP_FIXED, fd, 0) ==
		    MAP_FAILED) {
		err = errno;
		(void)munmap(base, 2 * len);
		errno = err;
		return NULL;
	}
	return base;
}

int vmap_ring_size_backing(int fd, size_t len)
{
	int err;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)len) < 0) {
		err = errno;
		(void)close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

void *vmap_ring_mirror_fd(int fd, size_t len,
			  void *(*place)(int fd, size_t len))
{
	void *base;
	int err;

	if (fd < 0)
		return NULL;
	base = place(fd, len);
	err = errno;
	/* The views keep the backing object alive on their own. */
	(void)close(fd);
	errno = err;
	return base;
}

int vmap_ring_unmap_views(void *base, size_t len)
{
	return munmap(base, 2 * len);
}
