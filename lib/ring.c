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

#include "internal.h"
#include "os.h"
#include "ring-strategy.h"

static size_t used(const struct vmap_ring *ring)
{
	return (size_t)(ring->wpos - ring->rpos);
}

static bool overwrites(const struct vmap_ring *ring)
{
	return ring->flags & VMAP_RING_OVERWRITE;
}

/* Offset of the first free byte, below capacity like roff. */
static size_t woff(const struct vmap_ring *ring)
{
	size_t off = ring->roff + used(ring);

	return off >= ring->capacity ? off - ring->capacity : off;
}

static void advance(struct vmap_ring *ring, size_t n)
{
	ring->rpos += n;
	ring->roff += n;
	if (ring->roff >= ring->capacity)
		ring->roff -= ring->capacity;
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

VMAP_EXPORT void *vmap_ring_read_ptr(const struct vmap_ring *ring)
{
	return ring ? ring->base + ring->roff : NULL;
}

VMAP_EXPORT size_t vmap_ring_read_len(const struct vmap_ring *ring)
{
	return ring ? used(ring) : 0;
}

VMAP_EXPORT void *vmap_ring_write_ptr(const struct vmap_ring *ring)
{
	return ring ? ring->base + woff(ring) : NULL;
}

VMAP_EXPORT size_t vmap_ring_write_len(const struct vmap_ring *ring)
{
	if (!ring)
		return 0;
	return overwrites(ring) ? ring->capacity : ring->capacity - used(ring);
}

VMAP_EXPORT int vmap_ring_consume(struct vmap_ring *ring, size_t n)
{
	if (!ring)
		return vmap_fail(EINVAL);
	if (n > used(ring))
		return vmap_fail(ERANGE);
	advance(ring, n);
	return 0;
}

VMAP_EXPORT int vmap_ring_feed(struct vmap_ring *ring, size_t n)
{
	size_t fill;

	if (!ring)
		return vmap_fail(EINVAL);
	if (n > vmap_ring_write_len(ring))
		return vmap_fail(ERANGE);
	fill = used(ring) + n;
	if (fill > ring->capacity)
		advance(ring, fill - ring->capacity);
	ring->wpos += n;
	return 0;
}

VMAP_EXPORT size_t vmap_ring_read(struct vmap_ring *ring, void *dst, size_t n)
{
	if (!ring)
		return 0;
	if (n > used(ring))
		n = used(ring);
	if (n > 0) {
		memcpy(dst, vmap_ring_read_ptr(ring), n);
		advance(ring, n);
	}
	return n;
}

/* An overwriting ring keeps only the last capacity bytes of a larger
 * write: the rest would be dropped at once, so skip them. */
static const char *skip_dropped(struct vmap_ring *ring, const char *src,
				size_t *n)
{
	size_t skip;

	if (*n <= ring->capacity)
		return src;
	skip = *n - ring->capacity;
	ring->wpos += skip;
	ring->rpos = ring->wpos;
	ring->roff = 0;
	*n = ring->capacity;
	return src + skip;
}

VMAP_EXPORT size_t vmap_ring_write(struct vmap_ring *ring, const void *src,
				   size_t n)
{
	size_t taken = n;
	const char *p = src;

	if (!ring)
		return 0;
	if (overwrites(ring))
		p = skip_dropped(ring, p, &n);
	else if (n > vmap_ring_write_len(ring))
		taken = n = vmap_ring_write_len(ring);
	if (n > 0) {
		memcpy(vmap_ring_write_ptr(ring), p, n);
		(void)vmap_ring_feed(ring, n);
	}
	return taken;
}

VMAP_EXPORT int vmap_ring_write_all(struct vmap_ring *ring, const void *src,
				    size_t n)
{
	if (!ring)
		return vmap_fail(EINVAL);
	if (!overwrites(ring) && n > vmap_ring_write_len(ring))
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
	size_t room;
	va_list again;
	int n, rc;

	if (!ring || !fmt)
		return vmap_fail(EINVAL);
	room = ring->capacity - used(ring);
	va_copy(again, ap);
	n = vsnprintf(vmap_ring_write_ptr(ring), room, fmt, ap);
	if (n < 0) {
		rc = -1;
	} else if ((size_t)n < room) {
		(void)vmap_ring_feed(ring, (size_t)n);
		rc = n;
	} else if (!overwrites(ring) && (size_t)n > room) {
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

VMAP_EXPORT size_t vmap_ring_line(const struct vmap_ring *ring)
{
	const char *start, *nl;

	if (!ring)
		return 0;
	start = vmap_ring_read_ptr(ring);
	nl = memchr(start, '\n', used(ring));

	return nl ? (size_t)(nl - start) + 1 : 0;
}

VMAP_EXPORT ssize_t vmap_ring_fill(struct vmap_ring *ring, int fd)
{
	size_t room = vmap_ring_write_len(ring);
	ssize_t n;

	if (!ring)
		return vmap_fail(EINVAL);
	if (room == 0)
		return vmap_fail(ENOBUFS);
	n = vmap_os_read(fd, vmap_ring_write_ptr(ring), room);
	if (n > 0)
		(void)vmap_ring_feed(ring, (size_t)n);
	return n;
}

VMAP_EXPORT ssize_t vmap_ring_drain(struct vmap_ring *ring, int fd)
{
	ssize_t n;

	if (!ring)
		return vmap_fail(EINVAL);
	if (used(ring) == 0)
		return 0;
	n = vmap_os_write(fd, vmap_ring_read_ptr(ring), used(ring));
	if (n > 0)
		advance(ring, (size_t)n);
	return n;
}
