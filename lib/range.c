/*
 * libvmap - operations on a byte range of a mapping: flush, advise, lock
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>

#include "internal.h"
#include "os.h"

int vmap_check_range(const struct vmap_map *map, size_t off, size_t len)
{
	if (!map)
		return vmap_fail(EINVAL);
	if (len > SIZE_MAX - off)
		return vmap_fail(EOVERFLOW);
	if (off + len > map->len)
		return vmap_fail(ERANGE);
	return 0;
}

/* Validates [off, off + len) and widens it to the pages holding it, as the
 * page-granular system calls need.  Returns 0 when there is nothing to do
 * (an empty range), 1 when span is filled, -1 on error. */
static int page_span(const struct vmap_map *map, size_t off, size_t len,
		     struct vmap_span *span)
{
	uintptr_t start, base;

	if (vmap_check_range(map, off, len) < 0)
		return -1;
	if (len == 0)
		return 0;
	start = (uintptr_t)map->ptr + off;
	base = start & ~((uintptr_t)vmap_page_size() - 1);
	span->base = (void *)base;
	span->len = len + (size_t)(start - base);
	return 1;
}

VMAP_EXPORT int vmap_flush_range(const struct vmap_map *map, int fd,
				 size_t off, size_t len,
				 enum vmap_flush_mode mode)
{
	struct vmap_span span;
	int rc;

	if (mode != VMAP_FLUSH_SYNC && mode != VMAP_FLUSH_ASYNC)
		return vmap_fail(EINVAL);
	rc = page_span(map, off, len, &span);
	return rc <= 0 ? rc : vmap_os_flush(span.base, span.len, fd, mode);
}

VMAP_EXPORT int vmap_flush(const struct vmap_map *map, int fd,
			   enum vmap_flush_mode mode)
{
	return vmap_flush_range(map, fd, 0, map ? map->len : 0, mode);
}

VMAP_EXPORT int vmap_advise_range(const struct vmap_map *map, size_t off,
				  size_t len, enum vmap_advice advice)
{
	struct vmap_span span;
	int rc;

	if ((unsigned int)advice > VMAP_ADVISE_DONTNEED)
		return vmap_fail(EINVAL);
	rc = page_span(map, off, len, &span);
	return rc <= 0 ? rc : vmap_os_advise(span.base, span.len, advice);
}

VMAP_EXPORT int vmap_advise(const struct vmap_map *map,
			    enum vmap_advice advice)
{
	return vmap_advise_range(map, 0, map ? map->len : 0, advice);
}

VMAP_EXPORT int vmap_lock_range(const struct vmap_map *map, size_t off,
				size_t len)
{
	struct vmap_span span;
	int rc = page_span(map, off, len, &span);

	return rc <= 0 ? rc : vmap_os_lock(span.base, span.len);
}

VMAP_EXPORT int vmap_lock(const struct vmap_map *map)
{
	return vmap_lock_range(map, 0, map ? map->len : 0);
}

VMAP_EXPORT int vmap_unlock_range(const struct vmap_map *map, size_t off,
				  size_t len)
{
	struct vmap_span span;
	int rc = page_span(map, off, len, &span);

	return rc <= 0 ? rc : vmap_os_unlock(span.base, span.len);
}

VMAP_EXPORT int vmap_unlock(const struct vmap_map *map)
{
	return vmap_unlock_range(map, 0, map ? map->len : 0);
}

VMAP_EXPORT int vmap_fork_policy(const struct vmap_map *map,
				 enum vmap_fork policy)
{
	struct vmap_span span;
	int rc;

	if ((unsigned int)policy > VMAP_FORK_WIPE)
		return vmap_fail(EINVAL);
	/* Linux refuses to wipe shared or file pages with EINVAL too; saying
	 * so here gives every system the same answer. */
	if (policy == VMAP_FORK_WIPE && map &&
	    (map->flags & (VMAP_ANON | VMAP_COPY)) != (VMAP_ANON | VMAP_COPY))
		return vmap_fail(EINVAL);
	rc = page_span(map, 0, map ? map->len : 0, &span);
	return rc <= 0 ? rc : vmap_os_fork_policy(span.base, span.len, policy);
}
