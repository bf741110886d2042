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
 *
 * On Windows the descriptors are the C runtime's (@c _open, @c _pipe),
 * paths are UTF-8, and errors are the same @c errno values, translated
 * from @c GetLastError().  Where Windows behaves differently (a mapped file
 * cannot shrink, advice, locking, fork policies), the README's "Windows"
 * section says how.
 */

#ifndef VMAP_H
#define VMAP_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @cond PRIVATE */
/* The library formats as C99 says on every system, MinGW included (where
 * "printf" alone would mean the older Microsoft runtime's rules). */
#if defined(__MINGW32__)
#define VMAP__PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define VMAP__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define VMAP__PRINTF(fmt, args)
#endif
/** @endcond */

/**
 * @defgroup vmap_sizes Sizes
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
 * @defgroup vmap_mappings Mappings
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

/** @brief An extent running to the end of the file.
 *  @return The extent. */
static inline struct vmap_extent vmap_extent_end(void)
{
	struct vmap_extent e = { VMAP_END, 0 };
	return e;
}

/** @brief An extent of exactly @p n bytes.
 *  @param n Byte count. @return The extent. */
static inline struct vmap_extent vmap_extent_exact(uint64_t n)
{
	struct vmap_extent e = { VMAP_EXACT, n };
	return e;
}

/** @brief An extent of at least @p n bytes.
 *  @param n Byte count. @return The extent. */
static inline struct vmap_extent vmap_extent_min(uint64_t n)
{
	struct vmap_extent e = { VMAP_MIN, n };
	return e;
}

/** @brief An extent of at most @p n bytes.
 *  @param n Byte count. @return The extent. */
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
 *   - @c ENODEV: @p path is not a regular file;
 *   - @c ERANGE: the requested range lies outside the file;
 *   - @c EOVERFLOW: a size does not fit in @c off_t or @c size_t;
 *   - any error of open(2), fstat(2), ftruncate(2) or mmap(2).
 *   On failure @p map and @p fdp are untouched and no descriptor stays open;
 *   a truncation or resize already done stays (see vmap_map()), and a file
 *   made by #VMAP_CREATE_NEW is removed.
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
 * vmap_options::offset (see struct vmap_extent).  As in vmap, the resize is
 * done first and stays done even when the call then fails (a range outside
 * the resized file, a refused mmap): it changes the file, not the caller's
 * objects.  The mapping is shared with
 * the file, or private with #VMAP_COPY.  A zero length gives an empty
 * mapping.  The descriptor is neither kept nor closed; the mapping stays
 * valid after the caller closes it.
 *
 * @param fd    An open descriptor of a regular file.
 * @param opts  Options, or NULL for #VMAP_OPTIONS_INIT; the open-only flags
 *              (#VMAP_CREATE, #VMAP_CREATE_NEW, #VMAP_TRUNCATE) are refused.
 * @param map   Receives the mapping on success.
 * @return 0 on success, -1 on failure with @c errno set:
 *   - @c EINVAL: @p map is NULL, @p fd is negative, unknown or open-only
 *     flags, an invalid extent kind, or a resize without #VMAP_WRITE;
 *   - @c ENODEV: @p fd is not a regular file (a pipe, socket, directory or
 *     device, whose size says nothing about what may be mapped);
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
 *   - @c ENODEV: @p fd is not a regular file;
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

/** @brief What a child created by fork(2) gets of a mapping or a ring. */
enum vmap_fork {
	/** The default, as fork(2) does it: shared mappings (files, rings,
	 *  shared anonymous memory) stay shared with the parent; private ones
	 *  become copy-on-write copies. */
	VMAP_FORK_INHERIT = 0,
	/** The child has nothing mapped at that address. */
	VMAP_FORK_NONE,
	/** The child finds zero-filled memory there (private anonymous
	 *  mappings only: vmap_alloc() with #VMAP_COPY). */
	VMAP_FORK_WIPE,
};

/**
 * @brief Choose what a child created by fork(2) gets of a mapping.
 *
 * The policy holds for every later fork until changed.  Secrets in a
 * #VMAP_FORK_WIPE or #VMAP_FORK_NONE mapping never reach a child.
 *
 * @param map     The mapping (for an empty one, nothing to do).
 * @param policy  One of enum vmap_fork.
 * @return 0, or -1 with @c errno set: @c EINVAL for a NULL @p map, an
 *         unknown @p policy, or #VMAP_FORK_WIPE on a mapping that is not
 *         private anonymous memory; @c ENOTSUP where the system has no such
 *         control (it exists on Linux); or an error of madvise(2).
 */
int vmap_fork_policy(const struct vmap_map *map, enum vmap_fork policy);

/** @} */

/**
 * @defgroup vmap_access Bounds-checked access
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
 * @brief Copy @p len bytes at @p off out of the mapping, reporting pages
 *        that vanished as an error instead of crashing.
 *
 * A file mapping whose file shrank raises SIGBUS when the pages past the
 * new end are touched.  This copy catches that fault and fails with
 * @c EFAULT.  The first call installs a process-wide SIGBUS handler, kept
 * for the life of the process; faults outside a guarded copy go to the
 * handler that was installed before it (or, if there was none, take the
 * default action as they would have).  Safe to use from several threads at
 * once: each thread guards only its own copy.
 *
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param dst  Destination buffer (may be NULL only when @p len is 0).
 * @param len  Number of bytes.
 * @return 0, or -1 with @c errno set: @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         as for vmap_read(); @c EFAULT when a source page could not be read
 *         (@p dst may then hold part of the bytes); or the error of
 *         sigaction(2) if the handler could not be installed.
 */
int vmap_read_guarded(const struct vmap_map *map, size_t off, void *dst,
		      size_t len);

/**
 * @brief Read an aligned @c uint8_t.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u8(const struct vmap_map *map, size_t off, uint8_t *out);

/**
 * @brief Read an aligned @c uint8_t with one volatile access.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u8_volatile(const struct vmap_map *map, size_t off, uint8_t *out);

/**
 * @brief Read a @c uint8_t at any alignment.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u8_unaligned(const struct vmap_map *map, size_t off,
			   uint8_t *out);

/**
 * @brief Write an aligned @c uint8_t.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u8(struct vmap_map *map, size_t off, uint8_t value);

/**
 * @brief Write an aligned @c uint8_t with one volatile access.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u8_volatile(struct vmap_map *map, size_t off, uint8_t value);

/**
 * @brief Write a @c uint8_t at any alignment.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u8_unaligned(struct vmap_map *map, size_t off, uint8_t value);

/**
 * @brief Read an aligned @c uint16_t.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u16(const struct vmap_map *map, size_t off, uint16_t *out);

/**
 * @brief Read an aligned @c uint16_t with one volatile access.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u16_volatile(const struct vmap_map *map, size_t off,
			   uint16_t *out);

/**
 * @brief Read a @c uint16_t at any alignment.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u16_unaligned(const struct vmap_map *map, size_t off,
			    uint16_t *out);

/**
 * @brief Write an aligned @c uint16_t.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u16(struct vmap_map *map, size_t off, uint16_t value);

/**
 * @brief Write an aligned @c uint16_t with one volatile access.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u16_volatile(struct vmap_map *map, size_t off, uint16_t value);

/**
 * @brief Write a @c uint16_t at any alignment.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u16_unaligned(struct vmap_map *map, size_t off, uint16_t value);

/**
 * @brief Read an aligned @c uint32_t.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u32(const struct vmap_map *map, size_t off, uint32_t *out);

/**
 * @brief Read an aligned @c uint32_t with one volatile access.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u32_volatile(const struct vmap_map *map, size_t off,
			   uint32_t *out);

/**
 * @brief Read a @c uint32_t at any alignment.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u32_unaligned(const struct vmap_map *map, size_t off,
			    uint32_t *out);

/**
 * @brief Write an aligned @c uint32_t.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u32(struct vmap_map *map, size_t off, uint32_t value);

/**
 * @brief Write an aligned @c uint32_t with one volatile access.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u32_volatile(struct vmap_map *map, size_t off, uint32_t value);

/**
 * @brief Write a @c uint32_t at any alignment.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u32_unaligned(struct vmap_map *map, size_t off, uint32_t value);

/**
 * @brief Read an aligned @c uint64_t.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u64(const struct vmap_map *map, size_t off, uint64_t *out);

/**
 * @brief Read an aligned @c uint64_t with one volatile access.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u64_volatile(const struct vmap_map *map, size_t off,
			   uint64_t *out);

/**
 * @brief Read a @c uint64_t at any alignment.
 * @param map  The mapping.
 * @param off  Offset from vmap_map::ptr.
 * @param out  Receives the value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_read_u64_unaligned(const struct vmap_map *map, size_t off,
			    uint64_t *out);

/**
 * @brief Write an aligned @c uint64_t.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u64(struct vmap_map *map, size_t off, uint64_t value);

/**
 * @brief Write an aligned @c uint64_t with one volatile access.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u64_volatile(struct vmap_map *map, size_t off, uint64_t value);

/**
 * @brief Write a @c uint64_t at any alignment.
 * @param map    A writable mapping.
 * @param off    Offset from vmap_map::ptr.
 * @param value  The value.
 * @return 0, or -1 with @c errno @c EINVAL, @c EOVERFLOW or @c ERANGE
 *         (see @ref vmap_access).
 */
int vmap_write_u64_unaligned(struct vmap_map *map, size_t off, uint64_t value);


/** @} */

/**
 * @defgroup vmap_rings Rings
 * @brief "Magic" ring buffers: one buffer mapped twice, back to back.
 *
 * Because the second mapping mirrors the first, the readable bytes always
 * form one contiguous range at vmap_ring_read_ptr() of vmap_ring_read_len()
 * bytes, and the free space one contiguous range at vmap_ring_write_ptr() of
 * vmap_ring_write_len() bytes, even when they wrap around the end.
 *
 * A ring is bounded (writes go only into free space) or, with
 * #VMAP_RING_OVERWRITE, overwriting: writes always succeed and drop the
 * oldest unread bytes (vmap's InfiniteRing).  Read and write positions are
 * 64-bit counters, so traffic past 4 GiB is fine on 32-bit systems.  A ring
 * is not thread-safe; distinct rings may be used from distinct threads.
 *
 * Functions that return a status fail with @c EINVAL for a NULL ring; the
 * others treat a NULL ring as empty, with no capacity (NULL pointers, zero
 * lengths, nothing done).
 * @{
 */

/** Flag for vmap_ring_init(): writes drop the oldest unread bytes. */
#define VMAP_RING_OVERWRITE (1u << 0)

/**
 * @brief A ring buffer.  The caller owns the struct; every field is private
 *        to the library (use the functions).
 */
struct vmap_ring {
	char *base;             /**< Private: first of the two views. */
	size_t capacity;        /**< Private: bytes in one view. */
	uint64_t rpos;          /**< Private: bytes consumed so far. */
	uint64_t wpos;          /**< Private: bytes fed so far. */
	/* roff is not next to rpos: compilers would update the pair with one
	 * 16-byte store, and the 8-byte loads that follow would miss store
	 * forwarding on every read (a third of the time of a 64-byte copy). */
	size_t roff;            /**< Private: offset of the first unread byte. */
	unsigned int flags;     /**< Private: VMAP_RING_* flags. */
	const void *strategy;   /**< Private: how the mirror was made. */
};

/**
 * @brief Create a ring of at least @p capacity bytes.
 *
 * The capacity is rounded up to the allocation granularity.  The double
 * mapping is made by the first compiled strategy (see
 * vmap_ring_strategies()) that the system allows; a strategy refused with
 * @c ENOSYS, @c EPERM, @c EACCES, @c EMFILE, @c ENFILE, @c ENOENT,
 * @c ENODEV, @c EINVAL, @c EEXIST, @c ENOTSUP or @c EOPNOTSUPP (a sandbox,
 * a missing /dev/shm, no descriptors left, a kernel or emulator without the
 * mechanism, no free address range) passes the turn to the next one.
 *
 * @param ring      Receives the ring.
 * @param capacity  Requested capacity in bytes (> 0).
 * @param flags     0 or #VMAP_RING_OVERWRITE.
 * @return 0 on success, -1 on failure with @c errno set and @p ring
 *         untouched: @c EINVAL for a NULL @p ring, a zero @p capacity or
 *         unknown @p flags; @c EOVERFLOW when twice the rounded capacity
 *         does not fit in @c size_t; otherwise the error of the last strategy
 *         tried (e.g. @c ENOMEM).
 */
int vmap_ring_init(struct vmap_ring *ring, size_t capacity,
		   unsigned int flags);

/**
 * @brief Create a ring with one named strategy, without fallback.
 * @param ring      Receives the ring.
 * @param capacity  As for vmap_ring_init().
 * @param flags     As for vmap_ring_init().
 * @param strategy  A name from vmap_ring_strategies().
 * @return As vmap_ring_init(), plus @c ENOTSUP when @p strategy is not
 *         built into this library (@c EINVAL when it is NULL).
 */
int vmap_ring_init_strategy(struct vmap_ring *ring, size_t capacity,
			    unsigned int flags, const char *strategy);

/**
 * @brief The double-mapping strategies built into this library.
 * @return A NULL-terminated array of names, in the order vmap_ring_init()
 *         tries them (set by `configure --with-ring-strategies`).
 */
const char *const *vmap_ring_strategies(void);

/**
 * @brief The name of the strategy that made @p ring's mirror.
 * @param ring  A ring.
 * @return The name, or NULL for a NULL @p ring.
 */
const char *vmap_ring_strategy(const struct vmap_ring *ring);

/**
 * @brief Choose what a child created by fork(2) gets of a ring.
 *
 * By default (#VMAP_FORK_INHERIT) a child shares the ring's memory with
 * the parent, while each keeps its own copy of the positions in struct
 * vmap_ring.  #VMAP_FORK_NONE leaves the child without it.
 *
 * @param ring    A ring.
 * @param policy  #VMAP_FORK_INHERIT or #VMAP_FORK_NONE.
 * @return 0, or -1 with @c errno set: @c EINVAL for a NULL @p ring, an
 *         unknown policy or #VMAP_FORK_WIPE (a ring is shared memory, which
 *         cannot be wiped in the child); @c ENOTSUP where the system has no
 *         such control; or an error of madvise(2).
 */
int vmap_ring_fork_policy(const struct vmap_ring *ring,
			  enum vmap_fork policy);

/**
 * @brief Unmap a ring and zero the struct.
 * @param ring  A ring from vmap_ring_init() (or a zeroed struct).
 * @return 0 on success, -1 with @c errno set (@c EINVAL for NULL, or the
 *         unmapping error) and @p ring unchanged.
 */
int vmap_ring_destroy(struct vmap_ring *ring);

/** @brief Drop every unread byte. @param ring A ring. */
void vmap_ring_clear(struct vmap_ring *ring);

/** @brief The capacity in bytes. @param ring A ring. @return Bytes. */
size_t vmap_ring_capacity(const struct vmap_ring *ring);

/*
 * The hot paths of rings and readers are defined in this header so that
 * they inline into the caller: a 64-byte copy through a ring must cost no
 * more than the copy.  The library compiles the same definitions once more
 * as exported functions (lib/ring.c), so each is also a symbol of libvmap
 * for callers that cannot inline, such as foreign-function interfaces.
 */
/** @cond PRIVATE */
#ifndef VMAP_INLINE
#define VMAP_INLINE static inline
#endif

static inline size_t vmap__ring_used(const struct vmap_ring *ring)
{
	return (size_t)(ring->wpos - ring->rpos);
}

static inline size_t vmap__ring_room(const struct vmap_ring *ring)
{
	return (ring->flags & VMAP_RING_OVERWRITE)
		       ? ring->capacity
		       : ring->capacity - vmap__ring_used(ring);
}

static inline char *vmap__ring_free_ptr(const struct vmap_ring *ring)
{
	size_t off = ring->roff + vmap__ring_used(ring);

	if (off >= ring->capacity)
		off -= ring->capacity;
	return ring->base + off;
}

static inline void vmap__ring_advance(struct vmap_ring *ring, size_t n)
{
	ring->rpos += n;
	ring->roff += n;
	if (ring->roff >= ring->capacity)
		ring->roff -= ring->capacity;
}

/* Commits n written bytes; an overwriting ring drops what no longer fits. */
static inline void vmap__ring_commit(struct vmap_ring *ring, size_t n)
{
	size_t fill = vmap__ring_used(ring) + n;

	if (fill > ring->capacity)
		vmap__ring_advance(ring, fill - ring->capacity);
	ring->wpos += n;
}

/* An overwriting ring keeps only the last capacity bytes of a larger
 * write: skip the rest, which would be dropped at once. */
static inline const char *vmap__ring_skip(struct vmap_ring *ring,
					  const char *src, size_t *n)
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
/** @endcond */

/**
 * @brief The first unread byte.
 * @param ring  A ring.
 * @return Its address (NULL for a NULL @p ring).
 */
VMAP_INLINE void *vmap_ring_read_ptr(const struct vmap_ring *ring)
{
	return ring ? ring->base + ring->roff : NULL;
}

/**
 * @brief How many bytes are unread.
 * @param ring  A ring.
 * @return Bytes (0 for a NULL @p ring).
 */
VMAP_INLINE size_t vmap_ring_read_len(const struct vmap_ring *ring)
{
	return ring ? vmap__ring_used(ring) : 0;
}

/**
 * @brief The first free byte.
 * @param ring  A ring.
 * @return Its address (NULL for a NULL @p ring).
 */
VMAP_INLINE void *vmap_ring_write_ptr(const struct vmap_ring *ring)
{
	return ring ? vmap__ring_free_ptr(ring) : NULL;
}

/**
 * @brief How many bytes may be written at vmap_ring_write_ptr().
 * @param ring  A ring.
 * @return The free space; for an overwriting ring, the capacity (bytes
 *         written past the free space replace the oldest unread ones once
 *         fed).  0 for a NULL @p ring.
 */
VMAP_INLINE size_t vmap_ring_write_len(const struct vmap_ring *ring)
{
	return ring ? vmap__ring_room(ring) : 0;
}

/**
 * @brief Mark @p n unread bytes as read.
 * @param ring  A ring.
 * @param n     At most vmap_ring_read_len().
 * @return 0, or -1 with @c errno @c ERANGE (nothing changed) when @p n is
 *         larger, @c EINVAL for a NULL @p ring.
 */
VMAP_INLINE int vmap_ring_consume(struct vmap_ring *ring, size_t n)
{
	if (!ring || n > vmap__ring_used(ring)) {
		errno = ring ? ERANGE : EINVAL;
		return -1;
	}
	vmap__ring_advance(ring, n);
	return 0;
}

/**
 * @brief Commit @p n bytes written at vmap_ring_write_ptr().
 * @param ring  A ring.
 * @param n     At most vmap_ring_write_len().
 * @return 0, or -1 with @c errno @c ERANGE (nothing changed) when @p n is
 *         larger, @c EINVAL for a NULL @p ring.  An overwriting ring drops
 *         the oldest unread bytes as needed.
 */
VMAP_INLINE int vmap_ring_feed(struct vmap_ring *ring, size_t n)
{
	if (!ring || n > vmap__ring_room(ring)) {
		errno = ring ? ERANGE : EINVAL;
		return -1;
	}
	vmap__ring_commit(ring, n);
	return 0;
}

/**
 * @brief Copy out and consume up to @p n unread bytes.
 * @param ring  A ring.
 * @param dst   Destination of at least @p n bytes.
 * @param n     Most bytes to copy.
 * @return The number of bytes copied (0 when the ring is empty or NULL).
 */
VMAP_INLINE size_t vmap_ring_read(struct vmap_ring *ring, void *dst,
				       size_t n)
{
	const char *src;

	if (!ring)
		return 0;
	if (n > vmap__ring_used(ring))
		n = vmap__ring_used(ring);
	/* Positions move before the copy, so nothing is reloaded after it. */
	src = ring->base + ring->roff;
	vmap__ring_advance(ring, n);
	if (n > 0)
		memcpy(dst, src, n);
	return n;
}

/**
 * @brief Copy in and commit as many of @p n bytes as fit.
 *
 * A bounded ring takes up to vmap_ring_write_len() bytes.  An overwriting
 * ring takes all of them, dropping the oldest unread bytes; when @p n
 * exceeds the capacity, only the last capacity bytes of @p src are kept.
 *
 * @param ring  A ring.
 * @param src   Source of @p n bytes.
 * @param n     Bytes offered.
 * @return The number of bytes taken from @p src (counting, for an
 *         overwriting ring, bytes dropped at once); 0 for a NULL @p ring.
 */
VMAP_INLINE size_t vmap_ring_write(struct vmap_ring *ring,
					const void *src, size_t n)
{
	const char *p = (const char *)src;
	size_t taken = n;
	char *dst;

	if (!ring)
		return 0;
	/* Positions move before the copy, so nothing is reloaded after it. */
	if (ring->flags & VMAP_RING_OVERWRITE) {
		p = vmap__ring_skip(ring, p, &n);
		dst = vmap__ring_free_ptr(ring);
		vmap__ring_commit(ring, n);
	} else {
		if (n > vmap__ring_room(ring))
			taken = n = vmap__ring_room(ring);
		dst = vmap__ring_free_ptr(ring);
		ring->wpos += n;
	}
	if (n > 0)
		memcpy(dst, p, n);
	return taken;
}

/**
 * @brief The length of the first unread line, read in place.
 *
 * The line starts at vmap_ring_read_ptr() and is contiguous even when it
 * wraps around the end of the buffer.  Consume it with vmap_ring_consume().
 *
 * @param ring  A ring.
 * @return Its length including the @c '\\n', or 0 when the unread bytes
 *         hold no complete line (or the ring is NULL).
 */
VMAP_INLINE size_t vmap_ring_line(const struct vmap_ring *ring)
{
	const char *start, *nl;

	if (!ring || vmap__ring_used(ring) == 0)
		return 0;
	start = ring->base + ring->roff;
	nl = (const char *)memchr(start, '\n', vmap__ring_used(ring));
	return nl ? (size_t)(nl - start) + 1 : 0;
}

/**
 * @brief Copy in all @p n bytes or none.
 * @param ring  A ring.
 * @param src   Source of @p n bytes.
 * @param n     Bytes to write.
 * @return 0, or -1 with @c errno @c ENOBUFS when a bounded ring lacks the
 *         space (nothing written).
 */
int vmap_ring_write_all(struct vmap_ring *ring, const void *src, size_t n);

/**
 * @brief Format like printf(3) straight into the ring, all or nothing.
 * @param ring  A ring.
 * @param fmt   printf(3) format.
 * @return The number of bytes written, or -1 with @c errno set and nothing
 *         written: @c ENOBUFS when a bounded ring lacks the space,
 *         @c EOVERFLOW or @c EILSEQ from the formatting, @c ENOMEM.
 */
int vmap_ring_printf(struct vmap_ring *ring, const char *fmt, ...)
	VMAP__PRINTF(2, 3);

/**
 * @brief vmap_ring_printf() with a @c va_list.
 * @param ring  A ring.
 * @param fmt   printf(3) format.
 * @param ap    The arguments.
 * @return As vmap_ring_printf().
 */
int vmap_ring_vprintf(struct vmap_ring *ring, const char *fmt, va_list ap)
	VMAP__PRINTF(2, 0);


/**
 * @brief Read from a descriptor into the free space, with one read(2).
 * @param ring  A ring.
 * @param fd    A readable descriptor (neither kept nor closed).
 * @return The bytes read (0 at end of file), or -1 with @c errno set:
 *         @c ENOBUFS when a bounded ring is full, or the error of read(2).
 */
ssize_t vmap_ring_fill(struct vmap_ring *ring, int fd);

/**
 * @brief Write unread bytes to a descriptor, with one write(2), and consume
 *        what was written.
 * @param ring  A ring.
 * @param fd    A writable descriptor (neither kept nor closed).
 * @return The bytes written (0 when the ring is empty), or -1 with @c errno
 *         set by write(2).
 */
ssize_t vmap_ring_drain(struct vmap_ring *ring, int fd);

/** @} */

/**
 * @defgroup vmap_buffered Buffered reader and writer
 * @brief Buffered I/O over a ring, from a descriptor or a callback.
 *
 * A reader or writer owns its ring but never its source or sink: a
 * descriptor is neither dup'ed nor closed, and a callback's cookie is only
 * passed back.  Short reads and writes and @c EINTR are returned to the
 * caller as they come; nothing is retried behind its back except where a
 * function says so.
 * @{
 */

/**
 * @brief A source: read up to @p len bytes into @p buf.
 * @return Bytes read, 0 at end of input, -1 with @c errno set on error.
 */
typedef ssize_t (*vmap_read_fn)(void *cookie, void *buf, size_t len);

/**
 * @brief A sink: write up to @p len bytes from @p buf.
 * @return Bytes written (> 0 when @p len > 0), -1 with @c errno set.
 */
typedef ssize_t (*vmap_write_fn)(void *cookie, const void *buf, size_t len);

/** @brief A buffered reader.  All fields are private. */
struct vmap_reader {
	struct vmap_ring ring; /**< Private: the buffer. */
	vmap_read_fn read;     /**< Private: the source. */
	void *cookie;          /**< Private: the source's cookie. */
	size_t lowat;          /**< Private: the low-water mark. */
	int eof;               /**< Private: the source reported its end. */
};

/**
 * @brief Create a reader over a descriptor.
 * @param reader    Receives the reader.
 * @param fd        A readable descriptor (neither kept open nor closed).
 * @param capacity  Ring capacity, as for vmap_ring_init().
 * @return 0, or -1 with @c errno set and @p reader untouched: @c EINVAL for
 *         a NULL @p reader or a negative @p fd; errors of vmap_ring_init().
 */
int vmap_reader_init(struct vmap_reader *reader, int fd, size_t capacity);

/**
 * @brief Create a reader over a callback.
 * @param reader    Receives the reader.
 * @param fn        The source.
 * @param cookie    Passed to @p fn.
 * @param capacity  Ring capacity, as for vmap_ring_init().
 * @return 0, or -1 with @c errno set and @p reader untouched: @c EINVAL for
 *         a NULL @p reader or @p fn; errors of vmap_ring_init().
 */
int vmap_reader_init_fn(struct vmap_reader *reader, vmap_read_fn fn,
			void *cookie, size_t capacity);

/**
 * @brief Buffer more input if no more than the low-water mark is buffered
 *        (BufRead::fill_buf).
 *
 * Reads once from the source when vmap_reader_lowat() or fewer bytes are
 * buffered and the source has not ended; otherwise reads nothing.
 *
 * @param reader  A reader.
 * @param len     Receives the number of buffered bytes.
 * @return The first buffered byte (with @c *len == 0 at end of input), or
 *         NULL with @c errno set: @c EINVAL for a NULL argument, or the
 *         source's error.
 */
const void *vmap_reader_fill(struct vmap_reader *reader, size_t *len);

/**
 * @brief Drop @p n buffered bytes.
 * @param reader  A reader.
 * @param n       At most the number buffered.
 * @return 0, or -1 with @c errno @c ERANGE when @p n is larger (@c EINVAL
 *         for a NULL @p reader).
 */
int vmap_reader_consume(struct vmap_reader *reader, size_t n);

/**
 * @brief Copy up to @p n bytes out, filling the buffer when it is empty.
 *
 * When nothing is buffered and @p n is at least the capacity, the source
 * reads straight into @p buf, bypassing the ring.
 *
 * @param reader  A reader.
 * @param buf     Destination.
 * @param n       Most bytes to copy.
 * @return Bytes copied, 0 at end of input, -1 with @c errno set: @c EINVAL
 *         for a NULL @p reader (or NULL @p buf with @p n > 0), or the
 *         source's error.
 */
ssize_t vmap_reader_read(struct vmap_reader *reader, void *buf, size_t n);

/**
 * @brief The part of vmap_reader_line() that reads more input.
 *
 * vmap_reader_line() calls it when no complete line is buffered; call
 * vmap_reader_line() instead.
 *
 * @param reader  A reader.
 * @param line    Receives the first byte of the line.
 * @param len     Receives its length.
 * @return As vmap_reader_line().
 */
int vmap_reader_line_more(struct vmap_reader *reader, const char **line,
			  size_t *len);

/**
 * @brief The next line, in place, consumed (zero-copy line iteration).
 *
 * Fills as needed until a @c '\\n' is buffered.  The line, including its
 * @c '\\n', is one contiguous range in the ring even when it wraps; it stays
 * valid until the next call on this reader.  At end of input, a last line
 * without @c '\\n' is returned as it is.  A line already buffered costs one
 * memchr(3) and no call into the library.
 *
 * @param reader  A reader.
 * @param line    Receives the first byte of the line.
 * @param len     Receives its length.
 * @return 1 for a line, 0 at end of input, or -1 with @c errno set:
 *         @c EINVAL for a NULL argument, @c ENOBUFS when a line is longer
 *         than the capacity (its bytes stay buffered: read them with
 *         vmap_reader_fill() or vmap_reader_read()), or the source's error.
 */
VMAP_INLINE int vmap_reader_line(struct vmap_reader *reader,
				 const char **line, size_t *len)
{
	size_t n;

	if (reader && line && len) {
		n = vmap_ring_line(&reader->ring);
		if (n > 0) {
			*line = reader->ring.base + reader->ring.roff;
			*len = n;
			vmap__ring_advance(&reader->ring, n);
			return 1;
		}
	}
	return vmap_reader_line_more(reader, line, len);
}

/** @brief The low-water mark (0 by default).
 *  @param reader A reader.  @return Bytes (0 for NULL). */
size_t vmap_reader_lowat(const struct vmap_reader *reader);

/**
 * @brief Set the low-water mark: vmap_reader_fill() reads only when no more
 *        than @p lowat bytes are buffered.
 * @param reader  A reader.
 * @param lowat   Less than the capacity.
 * @return 0, or -1 with @c errno @c EINVAL when @p reader is NULL or
 *         @p lowat is too large.
 */
int vmap_reader_set_lowat(struct vmap_reader *reader, size_t lowat);

/**
 * @brief The descriptor a reader reads from.
 * @param reader  A reader.
 * @return The descriptor, or -1 for a callback reader or NULL.
 */
int vmap_reader_fd(const struct vmap_reader *reader);

/**
 * @brief The cookie of a callback reader.
 * @param reader  A reader.
 * @return The cookie, or NULL for a descriptor reader or NULL.
 */
void *vmap_reader_cookie(const struct vmap_reader *reader);

/**
 * @brief Free a reader's ring; the source is left open.
 * @param reader  A reader.
 * @return As vmap_ring_destroy().
 */
int vmap_reader_destroy(struct vmap_reader *reader);

/** @brief A buffered writer.  All fields are private. */
struct vmap_writer {
	struct vmap_ring ring; /**< Private: the buffer. */
	vmap_write_fn write;   /**< Private: the sink. */
	void *cookie;          /**< Private: the sink's cookie. */
};

/**
 * @brief Create a writer over a descriptor.
 * @param writer    Receives the writer.
 * @param fd        A writable descriptor (neither kept open nor closed).
 * @param capacity  Ring capacity, as for vmap_ring_init().
 * @return 0, or -1 with @c errno set and @p writer untouched: @c EINVAL for
 *         a NULL @p writer or a negative @p fd; errors of vmap_ring_init().
 */
int vmap_writer_init(struct vmap_writer *writer, int fd, size_t capacity);

/**
 * @brief Create a writer over a callback.
 * @param writer    Receives the writer.
 * @param fn        The sink.
 * @param cookie    Passed to @p fn.
 * @param capacity  Ring capacity, as for vmap_ring_init().
 * @return 0, or -1 with @c errno set and @p writer untouched: @c EINVAL for
 *         a NULL @p writer or @p fn; errors of vmap_ring_init().
 */
int vmap_writer_init_fn(struct vmap_writer *writer, vmap_write_fn fn,
			void *cookie, size_t capacity);

/**
 * @brief Create a writer over a descriptor from an existing ring.
 *
 * The writer takes the ring, its unread bytes included (they are written
 * first), and @p ring is zeroed.
 *
 * @param writer  Receives the writer.
 * @param ring    A bounded ring (not #VMAP_RING_OVERWRITE).
 * @param fd      A writable descriptor.
 * @return 0, or -1 with @c errno @c EINVAL (NULL argument, negative @p fd,
 *         an overwriting or destroyed ring) and both untouched.
 */
int vmap_writer_from_ring(struct vmap_writer *writer, struct vmap_ring *ring,
			  int fd);

/**
 * @brief Write all @p n bytes through the buffer.
 *
 * Bytes go into the ring; when they do not fit, the ring is flushed first,
 * and a write at least as large as the capacity goes straight to the sink.
 *
 * @param writer  A writer.
 * @param buf     Source.
 * @param n       Bytes to write.
 * @return 0, or -1 with @c errno set: @c EINVAL for a NULL @p writer (or
 *         NULL @p buf with @p n > 0), or the sink's error; bytes the sink
 *         took stay written, the rest of @p buf is not buffered.
 */
int vmap_writer_write(struct vmap_writer *writer, const void *buf, size_t n);

/**
 * @brief Format like printf(3) into the buffer.
 * @param writer  A writer.
 * @param fmt     printf(3) format.
 * @return Bytes formatted, or -1 with @c errno set: @c EINVAL for a NULL
 *         argument, @c EOVERFLOW or @c EILSEQ from the formatting, @c ENOMEM,
 *         or the sink's error; on error nothing of this call is buffered.
 */
int vmap_writer_printf(struct vmap_writer *writer, const char *fmt, ...)
	VMAP__PRINTF(2, 3);

/**
 * @brief Write every buffered byte to the sink, retrying short writes and
 *        @c EINTR.
 * @param writer  A writer.
 * @return 0, or -1 with @c errno set: @c EINVAL for a NULL @p writer, the
 *         sink's error, or @c EIO if it wrote 0 bytes; what it did not take
 *         stays buffered.
 */
int vmap_writer_flush(struct vmap_writer *writer);

/**
 * @brief The writer's ring, to inspect or recover unwritten bytes.
 * @param writer  A writer.
 * @return Its ring (NULL for NULL).
 */
struct vmap_ring *vmap_writer_ring(struct vmap_writer *writer);

/**
 * @brief Take the ring out of a writer without flushing (vmap's
 *        into_parts); the writer is zeroed.
 * @param writer  A writer.
 * @param ring    Receives the ring with any unwritten bytes; destroy it
 *                with vmap_ring_destroy().
 * @return 0, or -1 with @c errno @c EINVAL for a NULL argument.
 */
int vmap_writer_into_ring(struct vmap_writer *writer, struct vmap_ring *ring);

/**
 * @brief Flush and free a writer; the sink is left open.
 * @param writer  A writer.
 * @return 0, or -1 with @c errno set (@c EINVAL for NULL) when the flush
 *         failed: the writer is
 *         then left intact, its unwritten bytes reachable through
 *         vmap_writer_ring() or vmap_writer_into_ring().
 */
int vmap_writer_destroy(struct vmap_writer *writer);

/** @} */

/**
 * @defgroup vmap_spsc Lock-free rings for two threads
 * @brief A ring that one producer thread fills while one consumer thread
 *        drains it, with no lock.
 *
 * A struct vmap_spsc sits on the same double mapping as a struct vmap_ring,
 * so the producer always sees its free space as one contiguous range at
 * vmap_spsc_write_ptr() and the consumer the readable bytes as one
 * contiguous range at vmap_spsc_read_ptr(), even when they wrap.  The
 * producer writes there and commits; the consumer reads there and releases.
 * The threads synchronise through two atomic positions, with no lock.
 *
 * <b>Who may call what.</b>
 * - The producer: vmap_spsc_write_ptr(), vmap_spsc_write_len(),
 *   vmap_spsc_commit(), vmap_spsc_write(), vmap_spsc_wait_writable().
 * - The consumer: vmap_spsc_read_ptr(), vmap_spsc_read_len(),
 *   vmap_spsc_release(), vmap_spsc_read(), vmap_spsc_wait_readable().
 * - Any thread, at any time: vmap_spsc_capacity(), vmap_spsc_close(),
 *   vmap_spsc_closed().
 * - vmap_spsc_init() and vmap_spsc_destroy(): only while no other thread
 *   uses the ring (start the threads after the one, join them before the
 *   other).
 *
 * At most one thread at a time plays each role.  A role may pass from one
 * thread to another only through some other synchronisation (a mutex, a
 * join).  Two producers at once, or a consumer call made by the producer
 * while the consumer runs, is a data race: undefined behaviour.
 *
 * <b>Memory ordering.</b> Each side owns one position, a C11 atomic that
 * only it stores to and the other side loads with acquire ordering.
 * - A commit (vmap_spsc_commit(), vmap_spsc_write()) is a release: the
 *   bytes it commits, and every other memory write the producer made before
 *   it, are visible to the consumer once a consumer call has shown it those
 *   bytes (vmap_spsc_read_len(), vmap_spsc_read() or
 *   vmap_spsc_wait_readable()).
 * - A release (vmap_spsc_release(), vmap_spsc_read()) is a release too: it
 *   publishes that the space may be reused.  The consumer's reads of the
 *   released bytes happen before the producer writes there again, which it
 *   can do only after a producer call has shown it the space
 *   (vmap_spsc_write_len(), vmap_spsc_write() or
 *   vmap_spsc_wait_writable()).
 * - vmap_spsc_close() is a release as well, and vmap_spsc_closed() and the
 *   waits acquire it: whoever sees the ring closed also sees everything
 *   the closing thread did before closing, such as its last commit.
 *
 * After its store, a commit, a release or a close loads a word that says
 * whether the other side sleeps, and wakes it if so.  For no wake-up to be
 * lost, that store and that load must stay in order against the sleeping
 * side's own store (to the word) and load (of the position).  On Linux a
 * side about to sleep makes every running thread of the process execute a
 * full memory barrier (membarrier(2), once per sleep), and commits and
 * releases are then plain release stores followed by a plain load.  Where
 * the system has no such call, or refuses it when the ring is created,
 * commits and releases are sequentially consistent stores and loads
 * instead.  A close is sequentially consistent either way.  The functions
 * never block, except the two waits.
 *
 * <b>Cost.</b> The producer's position and the consumer's each share a
 * cache line only with data private to the same side (its offset into the
 * buffer and its last view of the other position), and padding keeps the
 * two lines apart.  A side loads the other's position only when its last
 * view shows too little data or space, or when it asks for the length.
 * No call takes a lock or makes a system call, except vmap_spsc_init(),
 * vmap_spsc_destroy(), the waits when they sleep and the calls that wake a
 * side that sleeps.  Positions are @c size_t counters taken modulo
 * @c SIZE_MAX + 1 (their difference never exceeds the capacity), so they
 * are lock-free atomics on 32-bit systems too, and any amount of traffic
 * is fine.  The rings are for the threads of one process: the struct must
 * not be shared with another process.
 *
 * <b>Waiting.</b> vmap_spsc_wait_readable() and vmap_spsc_wait_writable()
 * return as soon as their condition holds.  Otherwise they look again a
 * few hundred times, then sleep (on a futex on Linux, else on a mutex and
 * condition variable that only waiting sides and their wakers touch) until
 * the other side publishes, the ring is closed, or the timeout passes.
 * A timeout is measured on a monotonic clock; a signal handler run
 * meanwhile does not end the wait (@c EINTR is retried).
 *
 * <b>Closing.</b> Either side, or any other thread, may close the ring; it
 * stays closed.  A producer closes it after its last commit to mark the
 * end of the stream: the consumer reads what is left, and then
 * vmap_spsc_wait_readable() fails with @c EPIPE.  A consumer closes it to
 * say that it reads no more: vmap_spsc_wait_writable() then fails with
 * @c EPIPE.  Closing does not block the other calls: the producer can
 * still commit and the consumer still read, but a producer should stop
 * once the ring is closed, because a consumer that already saw @c EPIPE
 * will not look again.
 *
 * <b>No overwrite mode.</b> An overwriting ring (#VMAP_RING_OVERWRITE)
 * drops unread bytes by moving the reader's position.  Done by the
 * producer while the consumer reads those bytes, that would be a race, and
 * making it safe would cost the consumer a check after every read.  It is
 * not offered: vmap_spsc_init() takes no flags.
 *
 * Functions that return a status fail with @c EINVAL for a NULL ring; the
 * others treat a NULL ring as empty, with no capacity.
 * @{
 */

/** @cond PRIVATE */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) &&                    \
	__STDC_VERSION__ >= 201112L && !defined(__STDC_NO_ATOMICS__)
typedef _Atomic(size_t) vmap__atomic_size;
typedef _Atomic(uint32_t) vmap__atomic_u32;
#else
/* C++ and pre-C11 callers see plain fields of the same size and alignment;
 * only the library touches them. */
typedef size_t vmap__atomic_size;
typedef uint32_t vmap__atomic_u32;
#endif

/* Padding after the fields of each thread: two cache lines, as some
 * processors fetch lines in pairs.  It keeps the fields of different
 * threads on different lines however the struct is aligned. */
#define VMAP__SPSC_GAP 128

/* One side of a struct vmap_spsc: its position, which only it stores and
 * the other side loads, then what only it uses. */
struct vmap__spsc_end {
	vmap__atomic_size pos;  /* bytes committed, or released */
	size_t off;             /* offset of pos in the first view */
	size_t seen;            /* the other side's pos, as last loaded */
	char gap[VMAP__SPSC_GAP];
};
/** @endcond */

/**
 * @brief A single-producer, single-consumer ring.  The caller owns the
 *        struct; every field is private to the library (use the
 *        functions).
 */
struct vmap_spsc {
	/* Read by both sides; written by init, close, and a side that goes
	 * to sleep or wakes the other. */
	char *base;             /**< Private: first of the two views. */
	size_t capacity;        /**< Private: bytes in one view. */
	const void *strategy;   /**< Private: how the mirror was made. */
	void *wait;             /**< Private: the system's waiting state. */
	unsigned int mode;      /**< Private: how the sides publish. */
	vmap__atomic_u32 closed;  /**< Private: set by close. */
	vmap__atomic_u32 wake[2]; /**< Private: the words the sides sleep on. */
	char gap[VMAP__SPSC_GAP]; /**< Private: padding. */
	struct vmap__spsc_end end[2]; /**< Private: the consumer's, then the
					   producer's. */
};

/**
 * @brief Create a ring for two threads of at least @p capacity bytes.
 *
 * The capacity is rounded up to the allocation granularity, and the double
 * mapping is made as for vmap_ring_init(), by the first compiled strategy
 * that the system allows.
 *
 * @param spsc      Receives the ring.
 * @param capacity  Requested capacity in bytes (> 0).
 * @param flags     0 (no mode is offered; in particular no overwrite mode).
 * @return 0 on success, -1 on failure with @c errno set and @p spsc
 *         untouched: @c EINVAL for a NULL @p spsc, a zero @p capacity or
 *         non-zero @p flags; @c EOVERFLOW when twice the rounded capacity
 *         does not fit in @c size_t; @c ENOMEM; otherwise the error of the
 *         last strategy tried.
 */
int vmap_spsc_init(struct vmap_spsc *spsc, size_t capacity,
		   unsigned int flags);

/**
 * @brief Unmap a ring for two threads and zero the struct.
 *
 * No other thread may be using the ring, or use it afterwards.
 *
 * @param spsc  A ring from vmap_spsc_init() (or a zeroed struct).
 * @return 0 on success, -1 with @c errno set (@c EINVAL for NULL, or the
 *         unmapping error) and @p spsc unchanged.
 */
int vmap_spsc_destroy(struct vmap_spsc *spsc);

/**
 * @brief The capacity in bytes (any thread).
 * @param spsc  A ring.
 * @return Bytes (0 for a NULL @p spsc).
 */
size_t vmap_spsc_capacity(const struct vmap_spsc *spsc);

/**
 * @brief The first free byte (producer).
 * @param spsc  A ring.
 * @return Its address (NULL for a NULL @p spsc).
 */
void *vmap_spsc_write_ptr(const struct vmap_spsc *spsc);

/**
 * @brief How many bytes may be written at vmap_spsc_write_ptr() (producer).
 *
 * Loads the consumer's position: the space it has released so far is
 * free.  More may be released at any moment, never less.
 *
 * @param spsc  A ring.
 * @return The free space, contiguous (0 for a NULL @p spsc).
 */
size_t vmap_spsc_write_len(struct vmap_spsc *spsc);

/**
 * @brief Commit @p n bytes written at vmap_spsc_write_ptr() (producer).
 *
 * A release: the consumer that sees these bytes also sees every write the
 * producer made before this call.  Wakes the consumer if it sleeps.
 *
 * @param spsc  A ring.
 * @param n     At most the free space.
 * @return 0, or -1 with @c errno set and nothing committed: @c ERANGE when
 *         @p n exceeds the free space, @c EINVAL for a NULL @p spsc.
 */
int vmap_spsc_commit(struct vmap_spsc *spsc, size_t n);

/**
 * @brief Copy in and commit as many of @p n bytes as fit (producer).
 *
 * Never blocks; see vmap_spsc_wait_writable().  Commits like
 * vmap_spsc_commit().
 *
 * @param spsc  A ring.
 * @param src   Source of @p n bytes.
 * @param n     Bytes offered.
 * @return The number of bytes taken from @p src: at most the free space
 *         (0 for a NULL @p spsc).
 */
size_t vmap_spsc_write(struct vmap_spsc *spsc, const void *src, size_t n);

/**
 * @brief The first unread byte (consumer).
 * @param spsc  A ring.
 * @return Its address (NULL for a NULL @p spsc).
 */
void *vmap_spsc_read_ptr(const struct vmap_spsc *spsc);

/**
 * @brief How many bytes may be read at vmap_spsc_read_ptr() (consumer).
 *
 * Loads the producer's position (an acquire): the bytes it has committed
 * so far are readable, and so is everything it wrote before committing
 * them.  More may be committed at any moment, never less.
 *
 * @param spsc  A ring.
 * @return The unread bytes, contiguous (0 for a NULL @p spsc).
 */
size_t vmap_spsc_read_len(struct vmap_spsc *spsc);

/**
 * @brief Release @p n bytes read at vmap_spsc_read_ptr() (consumer).
 *
 * A release: the consumer's reads of these bytes happen before the
 * producer writes over them.  Wakes the producer if it sleeps.
 *
 * @param spsc  A ring.
 * @param n     At most the unread bytes.
 * @return 0, or -1 with @c errno set and nothing released: @c ERANGE when
 *         @p n exceeds the unread bytes, @c EINVAL for a NULL @p spsc.
 */
int vmap_spsc_release(struct vmap_spsc *spsc, size_t n);

/**
 * @brief Copy out and release up to @p n unread bytes (consumer).
 *
 * Never blocks; see vmap_spsc_wait_readable().  Releases like
 * vmap_spsc_release().
 *
 * @param spsc  A ring.
 * @param dst   Destination of at least @p n bytes.
 * @param n     Most bytes to copy.
 * @return The number of bytes copied (0 when none is unread, or for a NULL
 *         @p spsc).
 */
size_t vmap_spsc_read(struct vmap_spsc *spsc, void *dst, size_t n);

/**
 * @brief Wait until at least @p n bytes are readable (consumer).
 *
 * @param spsc        A ring.
 * @param n           Bytes wanted, at most the capacity (0 returns at
 *                    once).
 * @param timeout_ms  Most milliseconds to wait: < 0 waits for ever, 0 only
 *                    looks.
 * @return 0 when vmap_spsc_read_len() is now at least @p n; -1 with
 *         @c errno set otherwise: @c EPIPE when the ring is closed and
 *         fewer than @p n bytes are left (the end of the stream; the bytes
 *         left stay readable), @c ETIMEDOUT when the time ran out,
 *         @c EINVAL for a NULL @p spsc or @p n above the capacity (it could
 *         never hold), or, should the system refuse to sleep, its error
 *         (such as @c ENOSYS).
 */
int vmap_spsc_wait_readable(struct vmap_spsc *spsc, size_t n,
			    int timeout_ms);

/**
 * @brief Wait until at least @p n bytes are free (producer).
 *
 * @param spsc        A ring.
 * @param n           Bytes wanted, at most the capacity (0 returns at
 *                    once unless the ring is closed).
 * @param timeout_ms  Most milliseconds to wait: < 0 waits for ever, 0 only
 *                    looks.
 * @return 0 when vmap_spsc_write_len() is now at least @p n; -1 with
 *         @c errno set otherwise: @c EPIPE when the ring is closed (nothing
 *         written now would be read), @c ETIMEDOUT when the time ran out,
 *         @c EINVAL for a NULL @p spsc or @p n above the capacity, or,
 *         should the system refuse to sleep, its error (such as
 *         @c ENOSYS).
 */
int vmap_spsc_wait_writable(struct vmap_spsc *spsc, size_t n,
			    int timeout_ms);

/**
 * @brief Close the ring: the end of the stream (any thread).
 *
 * Wakes a side that sleeps in a wait.  Closing twice is harmless.  A
 * release: whoever sees the ring closed sees what the closing thread did
 * before.
 *
 * @param spsc  A ring.
 * @return 0, or -1 with @c errno @c EINVAL for a NULL @p spsc.
 */
int vmap_spsc_close(struct vmap_spsc *spsc);

/**
 * @brief Whether the ring is closed (any thread).
 * @param spsc  A ring.
 * @return 1 when closed, 0 when open, -1 with @c errno @c EINVAL for a NULL
 *         @p spsc.
 */
int vmap_spsc_closed(const struct vmap_spsc *spsc);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* VMAP_H */
