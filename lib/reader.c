/*
 * libvmap - buffered reader over a ring (vmap's BufReader)
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "internal.h"

VMAP_EXPORT int vmap_reader_init_fn(struct vmap_reader *reader,
				    vmap_read_fn fn, void *cookie,
				    size_t capacity)
{
	struct vmap_reader r = { .read = fn, .cookie = cookie };

	if (!reader || !fn)
		return vmap_fail(EINVAL);
	if (vmap_ring_init(&r.ring, capacity, 0) < 0)
		return -1;
	*reader = r;
	return 0;
}

VMAP_EXPORT int vmap_reader_init(struct vmap_reader *reader, int fd,
				 size_t capacity)
{
	if (fd < 0)
		return vmap_fail(EINVAL);
	return vmap_reader_init_fn(reader, vmap_fd_read, vmap_fd_cookie(fd),
				   capacity);
}

/* One read from the source into the free space; -1 on error, else the
 * bytes read (0 marks the end of input). */
static ssize_t read_once(struct vmap_reader *reader)
{
	struct vmap_ring *ring = &reader->ring;
	ssize_t n = reader->read(reader->cookie, vmap_ring_write_ptr(ring),
				 vmap_ring_write_len(ring));

	if (n > 0)
		(void)vmap_ring_feed(ring, (size_t)n);
	else if (n == 0)
		reader->eof = 1;
	return n;
}

VMAP_EXPORT const void *vmap_reader_fill(struct vmap_reader *reader,
					 size_t *len)
{
	struct vmap_ring *ring;

	if (!reader || !len) {
		errno = EINVAL;
		return NULL;
	}
	ring = &reader->ring;
	if (!reader->eof && vmap_ring_read_len(ring) <= reader->lowat &&
	    read_once(reader) < 0)
		return NULL;
	*len = vmap_ring_read_len(ring);
	return vmap_ring_read_ptr(ring);
}

VMAP_EXPORT int vmap_reader_consume(struct vmap_reader *reader, size_t n)
{
	return reader ? vmap_ring_consume(&reader->ring, n) : vmap_fail(EINVAL);
}

VMAP_EXPORT ssize_t vmap_reader_read(struct vmap_reader *reader, void *buf,
				     size_t n)
{
	struct vmap_ring *ring;
	ssize_t got;

	if (!reader || (!buf && n > 0))
		return vmap_fail(EINVAL);
	ring = &reader->ring;
	if (vmap_ring_read_len(ring) == 0) {
		if (reader->eof || n == 0)
			return 0;
		/* Copying through the ring would only add a memcpy. */
		if (n >= vmap_ring_capacity(ring)) {
			got = reader->read(reader->cookie, buf, n);
			if (got == 0)
				reader->eof = 1;
			return got;
		}
		got = read_once(reader);
		if (got <= 0)
			return got;
	}
	return (ssize_t)vmap_ring_read(ring, buf, n);
}

/* vmap_reader_line() found no complete line buffered: read until one is,
 * or the input ends. */
VMAP_EXPORT int vmap_reader_line_more(struct vmap_reader *reader,
				      const char **line, size_t *len)
{
	struct vmap_ring *ring;
	size_t n;

	if (!reader || !line || !len)
		return vmap_fail(EINVAL);
	ring = &reader->ring;
	while ((n = vmap_ring_line(ring)) == 0) {
		if (reader->eof) {
			n = vmap_ring_read_len(ring);
			if (n == 0)
				return 0;
			break;
		}
		if (vmap_ring_write_len(ring) == 0)
			return vmap_fail(ENOBUFS);
		if (read_once(reader) < 0)
			return -1;
	}
	*line = vmap_ring_read_ptr(ring);
	*len = n;
	vmap__ring_advance(ring, n);
	return 1;
}

VMAP_EXPORT size_t vmap_reader_lowat(const struct vmap_reader *reader)
{
	return reader ? reader->lowat : 0;
}

VMAP_EXPORT int vmap_reader_set_lowat(struct vmap_reader *reader,
				      size_t lowat)
{
	if (!reader || lowat >= vmap_ring_capacity(&reader->ring))
		return vmap_fail(EINVAL);
	reader->lowat = lowat;
	return 0;
}

VMAP_EXPORT int vmap_reader_fd(const struct vmap_reader *reader)
{
	if (!reader || reader->read != vmap_fd_read)
		return -1;
	return vmap_cookie_fd(reader->cookie);
}

VMAP_EXPORT void *vmap_reader_cookie(const struct vmap_reader *reader)
{
	if (!reader || reader->read == vmap_fd_read)
		return NULL;
	return reader->cookie;
}

VMAP_EXPORT int vmap_reader_destroy(struct vmap_reader *reader)
{
	if (!reader)
		return vmap_fail(EINVAL);
	if (vmap_ring_destroy(&reader->ring) < 0)
		return -1;
	memset(reader, 0, sizeof(*reader));
	return 0;
}
