/*
 * libvmap - buffered writer over a ring (vmap's BufWriter)
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

VMAP_EXPORT int vmap_writer_init_fn(struct vmap_writer *writer,
				    vmap_write_fn fn, void *cookie,
				    size_t capacity)
{
	struct vmap_writer w = { .write = fn, .cookie = cookie };

	if (!writer || !fn)
		return vmap_fail(EINVAL);
	if (vmap_ring_init(&w.ring, capacity, 0) < 0)
		return -1;
	*writer = w;
	return 0;
}

VMAP_EXPORT int vmap_writer_init(struct vmap_writer *writer, int fd,
				 size_t capacity)
{
	if (fd < 0)
		return vmap_fail(EINVAL);
	return vmap_writer_init_fn(writer, vmap_fd_write, vmap_fd_cookie(fd),
				   capacity);
}

VMAP_EXPORT int vmap_writer_from_ring(struct vmap_writer *writer,
				      struct vmap_ring *ring, int fd)
{
	if (!writer || !ring || fd < 0 || !ring->base ||
	    (ring->flags & VMAP_RING_OVERWRITE))
		return vmap_fail(EINVAL);
	writer->ring = *ring;
	writer->write = vmap_fd_write;
	writer->cookie = vmap_fd_cookie(fd);
	memset(ring, 0, sizeof(*ring));
	return 0;
}

/* Hands all n bytes to the sink, retrying short writes and EINTR; *done
 * counts what it took. */
static int write_through(struct vmap_writer *writer, const char *buf,
			 size_t n, size_t *done)
{
	ssize_t w;

	*done = 0;
	while (*done < n) {
		w = writer->write(writer->cookie, buf + *done, n - *done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0)
			return vmap_fail(EIO);
		*done += (size_t)w;
	}
	return 0;
}

VMAP_EXPORT int vmap_writer_flush(struct vmap_writer *writer)
{
	struct vmap_ring *ring;
	size_t done;
	int rc;

	if (!writer)
		return vmap_fail(EINVAL);
	ring = &writer->ring;
	rc = write_through(writer, vmap_ring_read_ptr(ring),
			   vmap_ring_read_len(ring), &done);
	(void)vmap_ring_consume(ring, done);
	return rc;
}

VMAP_EXPORT int vmap_writer_write(struct vmap_writer *writer, const void *buf,
				  size_t n)
{
	struct vmap_ring *ring;
	size_t done;

	if (!writer || (!buf && n > 0))
		return vmap_fail(EINVAL);
	ring = &writer->ring;
	if (n > vmap_ring_write_len(ring) && vmap_writer_flush(writer) < 0)
		return -1;
	if (n >= vmap_ring_capacity(ring))
		return write_through(writer, buf, n, &done);
	(void)vmap_ring_write(ring, buf, n);
	return 0;
}

/* Text longer than the whole ring: format on the heap and write it through
 * the same path as any large write. */
static int printf_large(struct vmap_writer *writer, size_t n, const char *fmt,
			va_list ap)
{
	char *buf = malloc(n + 1);
	int rc;

	if (!buf)
		return -1;
	(void)vsnprintf(buf, n + 1, fmt, ap);
	rc = vmap_writer_write(writer, buf, n);
	free(buf);
	return rc;
}

VMAP_EXPORT int vmap_writer_printf(struct vmap_writer *writer,
				   const char *fmt, ...)
{
	struct vmap_ring *ring;
	va_list ap;
	int n;

	if (!writer || !fmt)
		return vmap_fail(EINVAL);
	ring = &writer->ring;
	va_start(ap, fmt);
	n = vmap_ring_vprintf(ring, fmt, ap);
	va_end(ap);
	if (n >= 0 || errno != ENOBUFS)
		return n;
	if (vmap_writer_flush(writer) < 0)
		return -1;
	va_start(ap, fmt);
	n = vmap_ring_vprintf(ring, fmt, ap);
	va_end(ap);
	if (n >= 0 || errno != ENOBUFS)
		return n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	va_start(ap, fmt);
	if (printf_large(writer, (size_t)n, fmt, ap) < 0)
		n = -1;
	va_end(ap);
	return n;
}

VMAP_EXPORT struct vmap_ring *vmap_writer_ring(struct vmap_writer *writer)
{
	return writer ? &writer->ring : NULL;
}

VMAP_EXPORT int vmap_writer_into_ring(struct vmap_writer *writer,
				      struct vmap_ring *ring)
{
	if (!writer || !ring)
		return vmap_fail(EINVAL);
	*ring = writer->ring;
	memset(writer, 0, sizeof(*writer));
	return 0;
}

VMAP_EXPORT int vmap_writer_destroy(struct vmap_writer *writer)
{
	if (!writer)
		return vmap_fail(EINVAL);
	if (vmap_writer_flush(writer) < 0)
		return -1;
	if (vmap_ring_destroy(&writer->ring) < 0)
		return -1;
	memset(writer, 0, sizeof(*writer));
	return 0;
}
