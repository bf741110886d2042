/*
 * libvmap - ring state: positions, consume/feed, copying read and write,
 * formatted writes, lines, and descriptor fill/drain
 * SPDX-License-Identifier: MIT
 *
 * The buffer is mapped twice, so base[i] and base[i + capacity] are the
 * same byte and any range that starts in the first view and is at most
 * capacity long is contiguous.  roff is kept below capacity by subtraction:
 * capacities are page multiples, not always powers of two, and the hot path
 * has no division.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The header's inline functions become exported definitions here;
 * by design they have no separate prototypes. */
#define VMAP_INLINE_EXPORTS
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#include "internal.h"
#pragma GCC diagnostic pop
#include "os.h"
#include "ring-strategy.h"

static bool overwrites(const struct vmap_ring *ring)
{
	return ring->flags & VMAP_RING_OVERWRITE;
}

VMAP_EXPORT void vmap_ring_clear(struct vmap_ring *ring)
{
	if (!ring)
		return;
	ring->rpos = ring->wpos;
	ring->roff = 0;
}

VMAP_EXPORT size_t vmap_ring_capacity(const struct vmap_ring *ring)
{
	return ring ? ring->capacity : 0;
}

VMAP_EXPORT int vmap_ring_write_all(struct vmap_ring *ring, const void *src,
				    size_t n)
{
	if (!ring)
		return vmap_fail(EINVAL);
	if (!overwrites(ring) && n > vmap__ring_room(ring))
		return vmap_fail(ENOBUFS);
	(void)vmap_ring_write(ring, src, n);
	return 0;
}

/* The rare case where the text and its terminating NUL do not fit in the
 * free space (the NUL would land on an unread byte, or an overwriting ring
 * must drop bytes): format on the heap and copy. */
static int printf_copy(struct vmap_ring *ring, size_t n, const char *fmt,
		       va_list ap)
{
	char *buf = malloc(n + 1);

	if (!buf)
		return -1;
	(void)vsnprintf(buf, n + 1, fmt, ap);
	(void)vmap_ring_write(ring, buf, n);
	free(buf);
	return (int)n;
}

/* Formats in place into the free space only: unread bytes must survive a
 * format that fails or turns out too long. */
VMAP_EXPORT int vmap_ring_vprintf(struct vmap_ring *ring, const char *fmt,
				  va_list ap)
{
	size_t space;
	va_list again;
	int n, rc;

	if (!ring || !fmt)
		return vmap_fail(EINVAL);
	space = ring->capacity - vmap__ring_used(ring);
	va_copy(again, ap);
	n = vsnprintf(vmap__ring_free_ptr(ring), space, fmt, ap);
	if (n < 0) {
		rc = -1;
	} else if ((size_t)n < space) {
		vmap__ring_commit(ring, (size_t)n);
		rc = n;
	} else if (!overwrites(ring) && (size_t)n > space) {
		errno = ENOBUFS;
		rc = -1;
	} else {
		rc = printf_copy(ring, (size_t)n, fmt, again);
	}
	va_end(again);
	return rc;
}

VMAP_EXPORT int vmap_ring_printf(struct vmap_ring *ring, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vmap_ring_vprintf(ring, fmt, ap);
	va_end(ap);
	return rc;
}

VMAP_EXPORT ssize_t vmap_ring_fill(struct vmap_ring *ring, int fd)
{
	ssize_t n;

	if (!ring)
		return vmap_fail(EINVAL);
	if (vmap__ring_room(ring) == 0)
		return vmap_fail(ENOBUFS);
	n = vmap_os_read(fd, vmap__ring_free_ptr(ring), vmap__ring_room(ring));
	if (n > 0)
		vmap__ring_commit(ring, (size_t)n);
	return n;
}

VMAP_EXPORT ssize_t vmap_ring_drain(struct vmap_ring *ring, int fd)
{
	ssize_t n;

	if (!ring)
		return vmap_fail(EINVAL);
	if (vmap__ring_used(ring) == 0)
		return 0;
	n = vmap_os_write(fd, ring->base + ring->roff, vmap__ring_used(ring));
	if (n > 0)
		vmap__ring_advance(ring, (size_t)n);
	return n;
}
