/*
 * libvmap - file and anonymous mappings: options to ranges, map, unmap,
 * remap and the read-only <-> writable conversions
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "internal.h"
#include "os.h"

static const struct vmap_options default_options = VMAP_OPTIONS_INIT;

/* The options a call accepts: unknown bits and kinds are refused, and every
 * option that changes the file needs write access. */
static int check_options(const struct vmap_options *o, unsigned int allowed,
			 bool file)
{
	bool modifies;

	if (o->flags & ~allowed)
		return vmap_fail(EINVAL);
	if (!vmap_extent_valid(o->len) || !vmap_extent_valid(o->resize))
		return vmap_fail(EINVAL);
	modifies = (o->flags & VMAP_OPEN_FLAGS) || o->resize.kind != VMAP_END;
	if (file && modifies && !(o->flags & VMAP_WRITE))
		return vmap_fail(EINVAL);
	return 0;
}

/* The access a new mapping carries: a private copy is always writable. */
static unsigned int access_of(unsigned int flags)
{
	unsigned int access = flags & VMAP_ACCESS_FLAGS;

	return (access & VMAP_COPY) ? access | VMAP_WRITE : access;
}

/* Bytes between the start of the mapping and ptr.  The mapping starts at
 * the allocation unit holding the requested offset. */
static size_t head_of(uint64_t offset)
{
	return (size_t)vmap_unit_offset(offset);
}

/* The whole mapping behind map, from its true base. */
static struct vmap_span map_span(const struct vmap_map *map)
{
	size_t head = head_of(map->offset);
	struct vmap_span span = { (char *)map->ptr - head, head + map->len };

	return span;
}

/* A mapping of len bytes at offset spans head + len bytes, rounded up to
 * whole pages: all of that must fit in size_t. */
static int check_fits(uint64_t offset, uint64_t len)
{
	if (len > SIZE_MAX - head_of(offset) - (vmap_page_size() - 1))
		return vmap_fail(EOVERFLOW);
	return 0;
}

/* Maps len bytes from offset (fd < 0: anonymous, offset within the unit).
 * The only place a mapping comes into being. */
static int map_pages(int fd, unsigned int access, uint64_t offset,
		     uint64_t len, struct vmap_map *out)
{
	size_t head = head_of(offset);
	struct vmap_map m = { NULL, 0, offset, access };
	char *base;

	if (fd < 0)
		m.flags |= VMAP_ANON;
	if (check_fits(offset, len) < 0)
		return -1;
	if (len > 0) {
		base = vmap_os_map(head + (size_t)len, access, fd,
				   fd < 0 ? 0 : offset - head);
		if (!base)
			return -1;
		m.ptr = base + head;
		m.len = (size_t)len;
	}
	*out = m;
	return 0;
}

/* 1 when mapped, 0 when the range lies outside the file, -1 on error. */
static int map_file(int fd, const struct vmap_options *o, struct vmap_map *out)
{
	uint64_t file_len, len;

	if (vmap_os_file_size(fd, &file_len) < 0)
		return -1;
	if (vmap_extent_resize(o->resize, file_len, &file_len) &&
	    vmap_os_resize(fd, file_len) < 0)
		return -1;
	if (!vmap_extent_file_len(o->len, file_len, o->offset, &len))
		return 0;
	if (map_pages(fd, access_of(o->flags), o->offset, len, out) < 0)
		return -1;
	return 1;
}

static int map_fd(int fd, const struct vmap_options *opts,
		  struct vmap_map *map, bool must_fit)
{
	const struct vmap_options *o = opts ? opts : &default_options;
	int rc;

	if (!map || fd < 0)
		return vmap_fail(EINVAL);
	if (check_options(o, VMAP_ACCESS_FLAGS, true) < 0)
		return -1;
	rc = map_file(fd, o, map);
	if (rc == 0 && must_fit)
		return vmap_fail(ERANGE);
	return rc;
}

VMAP_EXPORT int vmap_map(int fd, const struct vmap_options *opts,
			 struct vmap_map *map)
{
	return map_fd(fd, opts, map, true) < 0 ? -1 : 0;
}

VMAP_EXPORT int vmap_map_if(int fd, const struct vmap_options *opts,
			    struct vmap_map *map)
{
	return map_fd(fd, opts, map, false);
}

static int open_path(const char *path, const struct vmap_options *opts,
		     struct vmap_map *map, int *fdp, bool must_fit)
{
	const struct vmap_options *o = opts ? opts : &default_options;
	struct vmap_map m;
	int fd, rc, err;

	if (!path || !map)
		return vmap_fail(EINVAL);
	if (check_options(o, VMAP_ACCESS_FLAGS | VMAP_OPEN_FLAGS, true) < 0)
		return -1;
	fd = vmap_os_open(path, o->flags, o->mode);
	if (fd < 0)
		return -1;
	rc = map_file(fd, o, &m);
	if (rc == 0 && must_fit) {
		errno = ERANGE;
		rc = -1;
	}
	if (rc < 0)
		goto fail_close;
	if (rc > 0)
		*map = m;
	if (fdp)
		*fdp = fd;
	else
		/* The mapping outlives the descriptor, and Linux frees the
		 * descriptor even when close reports an error, so there is
		 * nothing left to undo here. */
		(void)vmap_os_close(fd);
	return rc;

fail_close:
	err = errno;
	(void)vmap_os_close(fd);
	/* O_EXCL proved the file is ours: do not leave it behind. */
	if (o->flags & VMAP_CREATE_NEW)
		(void)vmap_os_unlink(path);
	errno = err;
	return -1;
}

VMAP_EXPORT int vmap_open(const char *path, const struct vmap_options *opts,
			  struct vmap_map *map, int *fdp)
{
	return open_path(path, opts, map, fdp, true) < 0 ? -1 : 0;
}

VMAP_EXPORT int vmap_open_if(const char *path, const struct vmap_options *opts,
			     struct vmap_map *map, int *fdp)
{
	return open_path(path, opts, map, fdp, false);
}

VMAP_EXPORT int vmap_alloc(const struct vmap_options *opts,
			   struct vmap_map *map)
{
	const struct vmap_options *o = opts ? opts : &default_options;
	uint64_t head, len;

	if (!map)
		return vmap_fail(EINVAL);
	if (check_options(o, VMAP_ACCESS_FLAGS, false) < 0)
		return -1;
	head = vmap_unit_offset(o->offset);
	if (vmap_extent_anon_len(o->len, head, &len) < 0)
		return -1;
	return map_pages(-1, access_of(o->flags), head, len, map);
}

VMAP_EXPORT int vmap_unmap(struct vmap_map *map)
{
	struct vmap_span span;

	if (!map)
		return vmap_fail(EINVAL);
	if (map->ptr) {
		span = map_span(map);
		if (vmap_os_unmap(span.base, span.len) < 0)
			return -1;
	}
	memset(map, 0, sizeof(*map));
	return 0;
}

/* Grows or shrinks in place where the system can; ENOSYS means it cannot. */
static int resize_in_place(struct vmap_map *map, size_t new_len)
{
	struct vmap_span span = map_span(map);
	size_t head = head_of(map->offset);
	char *base = vmap_os_remap(span.base, span.len, head + new_len);

	if (!base)
		return -1;
	map->ptr = base + head;
	map->len = new_len;
	return 0;
}

/* Maps the new range before giving up the old one, so a failure leaves the
 * caller's mapping as it was. */
static int replace(struct vmap_map *map, int fd, uint64_t new_len)
{
	struct vmap_map m;
	struct vmap_span old;
	int err;

	if (map_pages(fd, map->flags & VMAP_ACCESS_FLAGS, map->offset, new_len,
		      &m) < 0)
		return -1;
	if (map->ptr) {
		old = map_span(map);
		if (vmap_os_unmap(old.base, old.len) < 0) {
			err = errno;
			(void)vmap_unmap(&m);
			errno = err;
			return -1;
		}
	}
	*map = m;
	return 0;
}

VMAP_EXPORT int vmap_remap(struct vmap_map *map, int fd,
			   struct vmap_extent len)
{
	uint64_t file_len, new_len;

	if (!map || fd < 0 || (map->flags & VMAP_ANON) ||
	    !vmap_extent_valid(len))
		return vmap_fail(EINVAL);
	if (vmap_os_file_size(fd, &file_len) < 0)
		return -1;
	if (!vmap_extent_file_len(len, file_len, map->offset, &new_len))
		return vmap_fail(ERANGE);
	if (check_fits(map->offset, new_len) < 0)
		return -1;
	if (new_len == map->len)
		return 0;
	if (map->ptr && new_len > 0) {
		if (resize_in_place(map, (size_t)new_len) == 0)
			return 0;
		if (errno != ENOSYS)
			return -1;
	}
	return replace(map, fd, new_len);
}

static int protect(struct vmap_map *map, unsigned int access)
{
	struct vmap_span span;

	if (!map)
		return vmap_fail(EINVAL);
	if (map->ptr) {
		span = map_span(map);
		if (vmap_os_protect(span.base, span.len, access) < 0)
			return -1;
	}
	map->flags = (map->flags & ~VMAP_ACCESS_FLAGS) | access;
	return 0;
}

VMAP_EXPORT int vmap_make_writable(struct vmap_map *map)
{
	return protect(map, map ? (map->flags & VMAP_ACCESS_FLAGS) | VMAP_WRITE
				: 0);
}

VMAP_EXPORT int vmap_make_readonly(struct vmap_map *map)
{
	return protect(map, map ? map->flags & (VMAP_COPY | VMAP_EXEC) : 0);
}
