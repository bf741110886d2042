/*
 * libvmap - bounds-checked reads and writes at an offset of a mapping
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "os.h"

/* Finds the address of [off, off + width) after the argument, bounds and
 * alignment checks.  An empty range has no address: *p is left NULL. */
static int address(const struct vmap_map *map, size_t off, size_t width,
		   const void *buf, size_t align, void **p)
{
	char *at;

	*p = NULL;
	if (!buf && width > 0)
		return vmap_fail(EINVAL);
	if (vmap_check_range(map, off, width) < 0)
		return -1;
	if (width == 0)
		return 0;
	at = (char *)map->ptr + off;
	if ((uintptr_t)at % align != 0)
		return vmap_fail(EINVAL);
	*p = at;
	return 0;
}

VMAP_EXPORT int vmap_read(const struct vmap_map *map, size_t off, void *dst,
			  size_t len)
{
	void *p;

	if (address(map, off, len, dst, 1, &p) < 0)
		return -1;
	if (p)
		memcpy(dst, p, len);
	return 0;
}

VMAP_EXPORT int vmap_write(struct vmap_map *map, size_t off, const void *src,
			   size_t len)
{
	void *p;

	if (address(map, off, len, src, 1, &p) < 0)
		return -1;
	if (p)
		memcpy(p, src, len);
	return 0;
}

VMAP_EXPORT int vmap_read_guarded(const struct vmap_map *map, size_t off,
				  void *dst, size_t len)
{
	void *p;

	if (address(map, off, len, dst, 1, &p) < 0)
		return -1;
	return p ? vmap_os_guarded_copy(dst, p, len) : 0;
}

/* One definition per width and form, so the checks live in one place. */
#define VMAP_SCALAR(T, name)                                                  \
	VMAP_EXPORT int vmap_read_##name(const struct vmap_map *map,          \
					 size_t off, T *out)                  \
	{                                                                     \
		void *p;                                                      \
		if (address(map, off, sizeof(T), out, sizeof(T), &p) < 0)    \
			return -1;                                            \
		*out = *(const T *)p;                                         \
		return 0;                                                     \
	}                                                                     \
	VMAP_EXPORT int vmap_read_##name##_volatile(                          \
		const struct vmap_map *map, size_t off, T *out)               \
	{                                                                     \
		void *p;                                                      \
		if (address(map, off, sizeof(T), out, sizeof(T), &p) < 0)    \
			return -1;                                            \
		*out = *(const volatile T *)p;                                \
		return 0;                                                     \
	}                                                                     \
	VMAP_EXPORT int vmap_read_##name##_unaligned(                         \
		const struct vmap_map *map, size_t off, T *out)               \
	{                                                                     \
		void *p;                                                      \
		if (address(map, off, sizeof(T), out, 1, &p) < 0)             \
			return -1;                                            \
		memcpy(out, p, sizeof(T));                                    \
		return 0;                                                     \
	}                                                                     \
	VMAP_EXPORT int vmap_write_##name(struct vmap_map *map, size_t off,   \
					  T value)                            \
	{                                                                     \
		void *p;                                                      \
		if (address(map, off, sizeof(T), map, sizeof(T), &p) < 0)    \
			return -1;                                            \
		*(T *)p = value;                                              \
		return 0;                                                     \
	}                                                                     \
	VMAP_EXPORT int vmap_write_##name##_volatile(struct vmap_map *map,    \
						     size_t off, T value)     \
	{                                                                     \
		void *p;                                                      \
		if (address(map, off, sizeof(T), map, sizeof(T), &p) < 0)    \
			return -1;                                            \
		*(volatile T *)p = value;                                     \
		return 0;                                                     \
	}                                                                     \
	VMAP_EXPORT int vmap_write_##name##_unaligned(struct vmap_map *map,   \
						      size_t off, T value)    \
	{                                                                     \
		void *p;                                                      \
		if (address(map, off, sizeof(T), map, 1, &p) < 0)             \
			return -1;                                            \
		memcpy(p, &value, sizeof(T));                                 \
		return 0;                                                     \
	}

VMAP_SCALAR(uint8_t, u8)
VMAP_SCALAR(uint16_t, u16)
VMAP_SCALAR(uint32_t, u32)
VMAP_SCALAR(uint64_t, u64)
