/*
 * libvmap - fast and safe memory-mapped I/O
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

/**
 * @file vmap.h
 * @brief The one public header of libvmap.
 *
 * Every function follows the POSIX convention: success returns 0 (or a
 * count), failure returns -1 and sets @c errno.  A failed call leaves no
 * mapping or descriptor behind and leaves the caller's objects as they were.
 * Functions never dup, retain or close a descriptor the caller passes in.
 */

#ifndef VMAP_H
#define VMAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup sizes Sizes
 * @brief Page size, allocation granularity and rounding helpers.
 *
 * The allocation granularity is the unit in which file offsets of mappings
 * must be aligned and anonymous mappings are sized.  On POSIX systems it is
 * the page size; on Windows it is usually 64 KiB.  Both values are read from
 * the system once and cached.
 *
 * The rounding helpers all work in units of the allocation granularity.
 * @{
 */

/**
 * @brief The size of a virtual memory page in bytes (cached).
 * @return A power of two, at least 4096 on every supported system.
 */
size_t vmap_page_size(void);

/**
 * @brief The allocation granularity in bytes (cached).
 * @return A power of two and a multiple of vmap_page_size().
 */
size_t vmap_allocation_size(void);

/**
 * @brief Round @p n up to a multiple of the allocation granularity.
 * @param n A byte count or offset.
 * @return The smallest multiple of vmap_allocation_size() that is >= @p n.
 *         Returns 0 and sets @c errno to @c EOVERFLOW when that multiple does
 *         not fit in 64 bits (only for @p n within one unit of 2^64), so a
 *         nonzero @p n rounding to 0 signals overflow.
 */
uint64_t vmap_round_up(uint64_t n);

/**
 * @brief Round @p n down to a multiple of the allocation granularity.
 * @param n A byte count or offset.
 * @return The largest multiple of vmap_allocation_size() that is <= @p n.
 */
uint64_t vmap_round_down(uint64_t n);

/**
 * @brief The offset of @p n within its allocation unit.
 * @param n A byte count or offset.
 * @return @p n modulo vmap_allocation_size().
 */
uint64_t vmap_unit_offset(uint64_t n);

/**
 * @brief The number of allocation units needed to hold @p n bytes.
 * @param n A byte count.
 * @return @p n divided by vmap_allocation_size(), rounded up.  Never
 *         overflows.
 */
uint64_t vmap_unit_count(uint64_t n);

/**
 * @brief The size in bytes of @p count allocation units.
 * @param count A number of units.
 * @return @p count times vmap_allocation_size().  Returns 0 and sets
 *         @c errno to @c EOVERFLOW when the product does not fit in 64 bits.
 */
uint64_t vmap_unit_size(uint64_t count);

/** @} */

/**
 * @defgroup mappings Mappings
 * @brief File and anonymous mappings, their options and operations.
 *
 * A mapping is a small struct vmap_map that the caller owns.  Its @c ptr
 * points at the first requested byte and @c len is the requested length;
 * the offset asked for need not be aligned, the library maps from the
 * enclosing allocation unit and recomputes the true base when unmapping.
 * A zero-length mapping is valid: it has @c ptr == NULL and @c len == 0,
 * holds no system resource, and every operation on it succeeds.
 * @{
 */

/** @brief How an extent picks a length. */
enum vmap_extent_kind {
	/** To the end of the file (anonymous: the rest of one allocation unit). */
	VMAP_END = 0,
	/** Exactly @c n bytes. */
	VMAP_EXACT,
	/** At least @c n bytes. */
	VMAP_MIN,
	/** At most @c n bytes. */
	VMAP_MAX,
};

/**
 * @brief A length rule, used for the mapped length and for resizing a file.
 *
 * As a mapped length (vmap_options::len) with a file:
 * - @c VMAP_END maps from the offset to the end of the file;
 * - @c VMAP_EXACT maps @c n bytes, out of range if the file ends sooner;
 * - @c VMAP_MIN maps to the end of the file, out of range if that is less
 *   than @c n bytes;
 * - @c VMAP_MAX maps to the end of the file but no more than @c n bytes.
 *
 * As a resize rule (vmap_options::resize), applied before the length is
 * picked: @c VMAP_END leaves the file alone, @c VMAP_EXACT sets its length
 * to @c n, @c VMAP_MIN grows it to @c n if shorter, @c VMAP_MAX shrinks it
 * to @c n if longer.
 *
 * For anonymous mappings see vmap_alloc().
 */
struct vmap_extent {
	enum vmap_extent_kind kind; /**< Which rule. */
	uint64_t n;                 /**< Its byte count (ignored for VMAP_END). */
};

/** @brief An extent running to the end of the file. */
static inline struct vmap_extent vmap_extent_end(void)
{
	struct vmap_extent e = { VMAP_END, 0 };
	return e;
}

/** @brief An extent of exactly @p n bytes. @param n Byte count. */
static inline struct vmap_extent vmap_extent_exact(uint64_t n)
{
	struct vmap_extent e = { VMAP_EXACT, n };
	return e;
}

/** @brief An extent of at least @p n bytes. @param n Byte count. */
static inline struct vmap_extent vmap_extent_min(uint64_t n)
{
	struct vmap_extent e = { VMAP_MIN, n };
	return e;
}

/** @brief An extent of at most @p n bytes. @param n Byte count. */
static inline struct vmap_extent vmap_extent_max(uint64_t n)
{
	struct vmap_extent e = { VMAP_MAX, n };
	return e;
}

/**
 * @name Option flags
 * Bits for vmap_options::flags.
 * @{
 */
/** Map for reading and writing, shared with the file (MapMut).  Paths are
 *  opened read-write.  Needed by every option that changes the file. */
#define VMAP_WRITE (1u << 0)
/** Private copy-on-write mapping: writable, changes never reach the file. */
#define VMAP_COPY (1u << 1)
/** Also allow executing the mapped bytes. */
#define VMAP_EXEC (1u << 2)
/** vmap_open(): create the file if it does not exist (needs VMAP_WRITE). */
#define VMAP_CREATE (1u << 3)
/** vmap_open(): create the file, failing with EEXIST if it exists (needs
 *  VMAP_WRITE).  If the call fails after creating it, the file is removed. */
#define VMAP_CREATE_NEW (1u << 4)
/** vmap_open(): truncate the file to zero length first (needs VMAP_WRITE). */
#define VMAP_TRUNCATE (1u << 5)
/** Set by vmap_alloc() in vmap_map::flags; not an option. */
#define VMAP_ANON (1u << 15)
/** @} */

/**
 * @brief What to map and how.  Start from #VMAP_OPTIONS_INIT.
 */
struct vmap_options {
	unsigned int flags;        /**< VMAP_WRITE, VMAP_COPY, ... */
	unsigned int mode;         /**< Creation mode for new files (0666). */
	uint64_t offset;           /**< Offset of the first byte; any value. */
	struct vmap_extent len;    /**< Mapped length rule (VMAP_END). */
	struct vmap_extent resize; /**< File resize rule (VMAP_END: none). */
};

/** @brief Default options: read-only, whole file, no resize, mode 0666. */
#define VMAP_OPTIONS_INIT                                                     \
	{ 0u, 0666u, 0u, { VMAP_END, 0u }, { VMAP_END, 0u } }

/**
 * @brief A mapping.  The caller owns the struct; only the library changes
 *        its fields.
 */
struct vmap_map {
	void *ptr;          /**< First requested byte (NULL when empty). */
	size_t len;         /**< Requested length in bytes. */
	uint64_t offset;    /**< File offset of @c ptr (anonymous: offset of
	                         @c ptr in its allocation unit). */
	unsigned int flags; /**< Access in force: VMAP_WRITE, VMAP_COPY,
	                         VMAP_EXEC, VMAP_ANON. */
};

/**
 * @brief Open a path and map it.
 *
 * The path is opened read-only, or read-write with #VMAP_WRITE, always with
 * O_CLOEXEC; #VMAP_CREATE, #VMAP_CREATE_NEW and #VMAP_TRUNCATE add O_CREAT,
 * O_CREAT|O_EXCL and O_TRUNC, with @c opts->mode as the creation mode.  The
 * file is then mapped as by vmap_map().
 *
 * @param path  The file to open.
 * @param opts  Options, or NULL for #VMAP_OPTIONS_INIT.
 * @param map   Receives the mapping on success.
 * @param fdp   Receives the open descriptor, which the caller must close;
 *              if NULL, the descriptor is closed before returning.
 * @return 0 on success, -1 on failure with @c errno set:
 *   - @c EINVAL: @p path or @p map is NULL, unknown flag bits, an invalid
 *     extent kind, or a create/truncate/resize option without #VMAP_WRITE;
 *   - @c ERANGE: the requested range lies outside the file;
 *   - @c EOVERFLOW: a size does not fit in @c off_t or @c size_t;
 *   - any error of open(2), fstat(2), ftruncate(2) or mmap(2).
 *   On failure @p map and @p fdp are untouched and no descriptor stays open.
 */
int vmap_open(const char *path, const struct vmap_options *opts,
	      struct vmap_map *map, int *fdp);

/**
 * @brief Like vmap_open(), but a range outside the file is not an error.
 * @param path  The file to open.
 * @param opts  Options, or NULL for #VMAP_OPTIONS_INIT.
 * @param map   Receives the mapping when 1 is returned; untouched otherwise.
 * @param fdp   As for vmap_open(); also filled when 0 is returned.
 * @return 1 when mapped, 0 when the range lies outside the file (the file
 *         was opened, and resized if asked), -1 on error as vmap_open()
 *         (never @c ERANGE).
 */
int vmap_open_if(const char *path, const struct vmap_options *opts,
		 struct vmap_map *map, int *fdp);

/**
 * @brief Map an open descriptor.
 *
 * Applies vmap_options::resize to the file (this needs #VMAP_WRITE and a
 * writable descriptor), then picks the length with vmap_options::len from
 * vmap_options::offset (see struct vmap_extent).  The mapping is shared with
 * the file, or private with #VMAP_COPY.  A zero length gives an empty
 * mapping.  The descriptor is neither kept nor closed; the mapping stays
 * valid after the caller closes it.
 *
 * @param fd    An open descriptor of a mappable file.
 * @param opts  Options, or NULL for #VMAP_OPTIONS_INIT; the open-only flags
 *              (#VMAP_CREATE, #VMAP_CREATE_NEW, #VMAP_TRUNCATE) are refused.
 * @param map   Receives the mapping on success.
 * @return 0 on success, -1 on failure with @c errno set:
 *   - @c EINVAL: @p map is NULL, @p fd is negative, unknown or open-only
 *     flags, an invalid extent kind, or a resize without #VMAP_WRITE;
 *   - @c ERANGE: the requested range lies outside the file;
 *   - @c EOVERFLOW: a size does not fit in @c off_t or @c size_t;
 *   - any error of fstat(2), ftruncate(2) or mmap(2) (e.g. @c EACCES when
 *     the descriptor does not allow the access asked for).
 */
int vmap_map(int fd, const struct vmap_options *opts, struct vmap_map *map);

/**
 * @brief Like vmap_map(), but a range outside the file is not an error.
 * @param fd    An open descriptor.
 * @param opts  Options, or NULL for #VMAP_OPTIONS_INIT.
 * @param map   Receives the mapping when 1 is returned; untouched otherwise.
 * @return 1 when mapped, 0 when the range lies outside the file (after any
 *         resize), -1 on error as vmap_map() (never @c ERANGE).
 */
int vmap_map_if(int fd, const struct vmap_options *opts,
		struct vmap_map *map);

/**
 * @brief Allocate anonymous memory.
 *
 * The mapping is shared (survives fork(2) as shared memory) unless
 * #VMAP_COPY asks for a private one.  It is writable with #VMAP_WRITE or
 * #VMAP_COPY and read-only (zero-filled) otherwise.  vmap_options::offset
 * modulo the allocation granularity places @c ptr inside the first unit.
 * The length follows vmap_options::len:
 * - @c VMAP_END: the rest of the first allocation unit;
 * - @c VMAP_MIN: at least @c n bytes, extended to the end of the last unit;
 * - @c VMAP_EXACT and @c VMAP_MAX: exactly @c n bytes (0 gives an empty
 *   mapping).
 * vmap_options::resize is ignored.
 *
 * @param opts  Options, or NULL for #VMAP_OPTIONS_INIT.
 * @param map   Receives the mapping on success.
 * @return 0 on success, -1 on failure with @c errno set:
 *   - @c EINVAL: @p map is NULL, unknown or open-only flags, or an invalid
 *     extent kind;
 *   - @c EOVERFLOW: the size does not fit in @c size_t;
 *   - any error of mmap(2), e.g. @c ENOMEM.
 */
int vmap_alloc(const struct vmap_options *opts, struct vmap_map *map);

/**
 * @brief Unmap a mapping and zero the struct.
 * @param map  A mapping from this library (an empty one is fine).
 * @return 0 on success, -1 on failure with @c errno set (@c EINVAL for a
 *         NULL @p map, or an error of munmap(2)); on failure @p map is left
 *         as it was.
 */
int vmap_unmap(struct vmap_map *map);

/**
 * @brief Change the length of a file mapping after the file grew or shrank.
 *
 * The mapping keeps its file offset and access; its new length follows
 * @p len against the file's current size as for vmap_map() (no resize).
 * Where the system has mremap(2) the pages move with their contents;
 * elsewhere the file is mapped anew and the old mapping unmapped, so private
 * (#VMAP_COPY) changes are carried over only where mremap(2) exists.
 * @c ptr may change.
 *
 * @param map  A file mapping (possibly empty).
 * @param fd   A descriptor of the same file, opened as for the mapping.
 * @param len  The new length rule.
 * @return 0 on success, -1 on failure with @c errno set and @p map unchanged:
 *   - @c EINVAL: @p map is NULL, an anonymous mapping, @p fd negative, or
 *     an invalid extent kind;
 *   - @c ERANGE: the new range lies outside the file;
 *   - @c EOVERFLOW: the new length does not fit in @c size_t;
 *   - any error of fstat(2), mremap(2), mmap(2) or munmap(2).
 */
int vmap_remap(struct vmap_map *map, int fd, struct vmap_extent len);

/** @brief Whether a flush waits for the write-back. */
enum vmap_flush_mode {
	VMAP_FLUSH_SYNC = 0, /**< Write dirty pages and wait (MS_SYNC). */
	VMAP_FLUSH_ASYNC,    /**< Schedule the write-back only (MS_ASYNC). */
};

/**
 * @brief Write a mapping's dirty pages back to its file.
 * @param map   The mapping.
 * @param fd    The mapped file's descriptor.  POSIX systems need only the
 *              mapping and ignore it; Windows uses it to flush the file's
 *              metadata too.  Pass -1 when none is at hand.
 * @param mode  #VMAP_FLUSH_SYNC or #VMAP_FLUSH_ASYNC.
 * @return 0 on success, -1 on failure with @c errno set: @c EINVAL for a
 *         NULL @p map or an unknown @p mode, or an error of msync(2).
 */
int vmap_flush(const struct vmap_map *map, int fd, enum vmap_flush_mode mode);

/**
 * @brief Write back the bytes [@p off, @p off + @p len) of a mapping.
 * @param map   The mapping.
 * @param fd    As for vmap_flush().
 * @param off   Offset from vmap_map::ptr.
 * @param len   Number of bytes (0 does nothing).
 * @param mode  #VMAP_FLUSH_SYNC or #VMAP_FLUSH_ASYNC.
 * @return 0 on success, -1 on failure with @c errno set: as vmap_flush(),
 *         plus @c EOVERFLOW when @p off + @p len overflows and @c ERANGE when
 *         the range runs past vmap_map::len.
 */
int vmap_flush_range(const struct vmap_map *map, int fd, size_t off,
		     size_t len, enum vmap_flush_mode mode);

/** @brief Expected use of a mapping, for vmap_advise(). */
enum vmap_advice {
	VMAP_ADVISE_NORMAL = 0, /**< No particular pattern. */
	VMAP_ADVISE_SEQUENTIAL, /**< Read ahead aggressively, drop behind. */
	VMAP_ADVISE_RANDOM,     /**< Read ahead little or nothing. */
	VMAP_ADVISE_WILLNEED,   /**< Start reading the pages in now. */
	VMAP_ADVISE_DONTNEED,   /**< Not needed soon.  Never discards data
	                             (POSIX semantics, unlike Linux madvise). */
};

/**
 * @brief Advise the system how a mapping will be used.
 * @param map     The mapping.
 * @param advice  One of enum vmap_advice.
 * @return 0 on success, -1 on failure with @c errno set: @c EINVAL for a
 *         NULL @p map or an unknown @p advice, or an error of
 *         posix_madvise(3).
 */
int vmap_advise(const struct vmap_map *map, enum vmap_advice advice);

/**
 * @brief Advise the system how bytes [@p off, @p off + @p len) will be used.
 * @param map     The mapping.
 * @param off     Offset from vmap_map::ptr.
 * @param len     Number of bytes (0 does nothing).
 * @param advice  One of enum vmap_advice.
 * @return As vmap_advise(), plus @c EOVERFLOW when @p off + @p len overflows
 *         and @c ERANGE when the range runs past vmap_map::len.
 */
int vmap_advise_range(const struct vmap_map *map, size_t off, size_t len,
		      enum vmap_advice advice);

/**
 * @brief Lock a mapping's pages into memory.
 * @param map  The mapping.
 * @return 0 on success, -1 on failure with @c errno set: @c EINVAL for a
 *         NULL @p map, or an error of mlock(2) (@c ENOMEM, @c EPERM, @c EAGAIN
 *         when RLIMIT_MEMLOCK is exceeded).
 */
int vmap_lock(const struct vmap_map *map);

/**
 * @brief Lock the pages holding bytes [@p off, @p off + @p len).
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param len  Number of bytes (0 does nothing).
 * @return As vmap_lock(), plus @c EOVERFLOW when @p off + @p len overflows
 *         and @c ERANGE when the range runs past vmap_map::len.
 */
int vmap_lock_range(const struct vmap_map *map, size_t off, size_t len);

/**
 * @brief Unlock a mapping's pages.
 * @param map  The mapping.
 * @return 0 on success, -1 on failure with @c errno set: @c EINVAL for a
 *         NULL @p map, or an error of munlock(2).
 */
int vmap_unlock(const struct vmap_map *map);

/**
 * @brief Unlock the pages holding bytes [@p off, @p off + @p len).
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param len  Number of bytes (0 does nothing).
 * @return As vmap_unlock(), plus @c EOVERFLOW when @p off + @p len overflows
 *         and @c ERANGE when the range runs past vmap_map::len.
 */
int vmap_unlock_range(const struct vmap_map *map, size_t off, size_t len);

/**
 * @brief Make a read-only mapping writable (Map -> MapMut).
 *
 * A shared file mapping becomes writable only if its descriptor was opened
 * for writing; a private (#VMAP_COPY) or anonymous mapping always can.
 * On success #VMAP_WRITE is set in vmap_map::flags.
 *
 * @param map  The mapping.
 * @return 0 on success, -1 on failure with @c errno set and the mapping
 *         unchanged: @c EINVAL for a NULL @p map, @c EACCES when the file
 *         was not opened for writing, or another error of mprotect(2).
 */
int vmap_make_writable(struct vmap_map *map);

/**
 * @brief Remove write access from a mapping (MapMut -> Map).
 *
 * After success a write through vmap_map::ptr faults.  #VMAP_WRITE is
 * cleared in vmap_map::flags.
 *
 * @param map  The mapping.
 * @return 0 on success, -1 on failure with @c errno set and the mapping
 *         unchanged: @c EINVAL for a NULL @p map, or an error of mprotect(2).
 */
int vmap_make_readonly(struct vmap_map *map);

/** @} */

/**
 * @defgroup access Bounds-checked access
 * @brief Copy bytes and scalars in and out of a mapping at an offset.
 *
 * Each accessor checks that [@c off, @c off + size) lies inside the mapping
 * and fails with @c EOVERFLOW if that sum overflows, @c ERANGE if it runs
 * past vmap_map::len, and @c EINVAL for a NULL argument.  Scalars are in the
 * host's byte order.  For each width there are three forms:
 * - plain (`vmap_read_u32`): the address must be aligned to the width,
 *   else @c EINVAL;
 * - `_volatile`: one volatile access of that width, for memory another
 *   process may change; the address must be aligned, else @c EINVAL;
 * - `_unaligned`: any address.
 * Writes need a writable mapping; writing to a read-only one faults, like
 * any store through vmap_map::ptr.
 * @{
 */

/**
 * @brief Copy @p len bytes at @p off out of the mapping.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param dst  Destination buffer (may be NULL only when @p len is 0).
 * @param len  Number of bytes.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE.
 */
int vmap_read(const struct vmap_map *map, size_t off, void *dst, size_t len);

/**
 * @brief Copy @p len bytes into the mapping at @p off.
 * @param map  A writable mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param src  Source buffer (may be NULL only when @p len is 0).
 * @param len  Number of bytes.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE.
 */
int vmap_write(struct vmap_map *map, size_t off, const void *src,
	       size_t len);

/**
 * @name Scalar accessors
 * Read or write one unsigned integer of 8, 16, 32 or 64 bits at an offset.
 * Read functions store the value in @c *out; all return 0, or -1 with
 * @c errno @c EINVAL (NULL argument, or a misaligned address for the plain
 * and volatile forms), @c EOVERFLOW or @c ERANGE.
 * @{
 */
int vmap_read_u8(const struct vmap_map *map, size_t off, uint8_t *out);
int vmap_read_u8_volatile(const struct vmap_map *map, size_t off,
			  uint8_t *out);
int vmap_read_u8_unaligned(const struct vmap_map *map, size_t off,
			   uint8_t *out);
int vmap_write_u8(struct vmap_map *map, size_t off, uint8_t value);
int vmap_write_u8_volatile(struct vmap_map *map, size_t off, uint8_t value);
int vmap_write_u8_unaligned(struct vmap_map *map, size_t off, uint8_t value);
int vmap_read_u16(const struct vmap_map *map, size_t off, uint16_t *out);
int vmap_read_u16_volatile(const struct vmap_map *map, size_t off,
			   uint16_t *out);
int vmap_read_u16_unaligned(const struct vmap_map *map, size_t off,
			    uint16_t *out);
int vmap_write_u16(struct vmap_map *map, size_t off, uint16_t value);
int vmap_write_u16_volatile(struct vmap_map *map, size_t off,
			    uint16_t value);
int vmap_write_u16_unaligned(struct vmap_map *map, size_t off,
			     uint16_t value);
int vmap_read_u32(const struct vmap_map *map, size_t off, uint32_t *out);
int vmap_read_u32_volatile(const struct vmap_map *map, size_t off,
			   uint32_t *out);
int vmap_read_u32_unaligned(const struct vmap_map *map, size_t off,
			    uint32_t *out);
int vmap_write_u32(struct vmap_map *map, size_t off, uint32_t value);
int vmap_write_u32_volatile(struct vmap_map *map, size_t off,
			    uint32_t value);
int vmap_write_u32_unaligned(struct vmap_map *map, size_t off,
			     uint32_t value);
int vmap_read_u64(const struct vmap_map *map, size_t off, uint64_t *out);
int vmap_read_u64_volatile(const struct vmap_map *map, size_t off,
			   uint64_t *out);
int vmap_read_u64_unaligned(const struct vmap_map *map, size_t off,
			    uint64_t *out);
int vmap_write_u64(struct vmap_map *map, size_t off, uint64_t value);
int vmap_write_u64_volatile(struct vmap_map *map, size_t off,
			    uint64_t value);
int vmap_write_u64_unaligned(struct vmap_map *map, size_t off,
			     uint64_t value);
/** @} */

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* VMAP_H */
