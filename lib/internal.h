/*
 * libvmap - internal declarations shared by the library's files
 * SPDX-License-Identifier: MIT
 */

#ifndef VMAP_INTERNAL_H
#define VMAP_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Marks a definition as part of the public ABI.  Everything else stays
 * hidden under -fvisibility=hidden (on Windows: out of the DLL's export
 * table, which libtool fills from these marks when it builds a DLL), so
 * the public header needs no annotations. */
#if defined(_WIN32) && defined(DLL_EXPORT)
#define VMAP_EXPORT __declspec(dllexport)
#elif defined(HAVE_VISIBILITY)
#define VMAP_EXPORT __attribute__((visibility("default")))
#else
#define VMAP_EXPORT
#endif

/* The one file that defines VMAP_INLINE_EXPORTS (lib/ring.c) turns the
 * header's inline functions into exported definitions. */
#ifdef VMAP_INLINE_EXPORTS
#define VMAP_INLINE VMAP_EXPORT
#endif

#include "vmap.h"

/* Sets errno and returns -1: the failure path of every public call. */
static inline int vmap_fail(int err)
{
	errno = err;
	return -1;
}

/* Access bits a mapping may carry (the rest of vmap_options::flags only
 * matter while opening). */
#define VMAP_ACCESS_FLAGS (VMAP_WRITE | VMAP_COPY | VMAP_EXEC)
#define VMAP_OPEN_FLAGS (VMAP_CREATE | VMAP_CREATE_NEW | VMAP_TRUNCATE)

/* A byte range of a mapping, widened to whole pages for the system calls
 * that need page-aligned addresses. */
struct vmap_span {
	void *base;
	size_t len;
};

/* size.c */
bool vmap_add_overflows(uint64_t a, uint64_t b, uint64_t *sum);

/* extent.c: every rule by which an extent picks a length.
 * vmap_extent_resize: whether the file must change length, and to what.
 * vmap_extent_file_len: false when the range lies outside the file.
 * vmap_extent_anon_len: the length of an anonymous mapping whose first byte
 * is head bytes into its unit; -1 with EOVERFLOW if it does not fit. */
bool vmap_extent_valid(struct vmap_extent e);
bool vmap_extent_resize(struct vmap_extent e, uint64_t file_len,
			uint64_t *new_len);
bool vmap_extent_file_len(struct vmap_extent e, uint64_t file_len,
			  uint64_t offset, uint64_t *len);
int vmap_extent_anon_len(struct vmap_extent e, uint64_t head, uint64_t *len);

/* range.c */
int vmap_check_range(const struct vmap_map *map, size_t off, size_t len);

/* ring-strategy.c: the mirror under a ring or an SPSC ring.  Maps at least
 * want bytes, rounded up to the allocation granularity, twice back to back,
 * with the first compiled strategy the system allows: 0, or -1 with errno
 * set (EINVAL for 0, EOVERFLOW when twice the rounded size does not fit in
 * size_t, else the last strategy's error) and nothing mapped.  Unmapping a
 * NULL base does nothing. */
int vmap_mirror_map(size_t want, char **base, size_t *capacity,
		    const void **strategy);
int vmap_mirror_unmap(char *base, size_t capacity, const void *strategy);

/* fdio.c: a descriptor as a reader source or writer sink. */
ssize_t vmap_fd_read(void *cookie, void *buf, size_t len);
ssize_t vmap_fd_write(void *cookie, const void *buf, size_t len);
void *vmap_fd_cookie(int fd);
int vmap_cookie_fd(void *cookie);

#endif /* VMAP_INTERNAL_H */
