/*
 * libvmap - POSIX implementation of the OS seam (lib/os.h)
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os.h"
#include "internal.h"

size_t vmap_os_page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* POSIX maps at page granularity; only Windows has a coarser unit.  A
 * test build may pretend otherwise (configure --with-test-granularity). */
size_t vmap_os_allocation_size(void)
{
	size_t page = vmap_os_page_size();

#ifdef VMAP_TEST_GRANULARITY
	if (page < VMAP_TEST_GRANULARITY)
		return VMAP_TEST_GRANULARITY;
#endif
	return page;
}

int vmap_os_open(const char *path, unsigned int flags, unsigned int mode)
{
	int oflags = O_CLOEXEC;

	oflags |= (flags & VMAP_WRITE) ? O_RDWR : O_RDONLY;
	if (flags & VMAP_CREATE_NEW)
		oflags |= O_CREAT | O_EXCL;
	else if (flags & VMAP_CREATE)
		oflags |= O_CREAT;
	if (flags & VMAP_TRUNCATE)
		oflags |= O_TRUNC;
	return open(path, oflags, (mode_t)mode);
}

int vmap_os_close(int fd)
{
	return close(fd);
}

int vmap_os_unlink(const char *path)
{
	return unlink(path);
}

int vmap_os_file_size(int fd, uint64_t *size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	/* Only a regular file has a size that says what may be mapped; pipes,
	 * sockets and devices report 0 or nothing useful. */
	if (!S_ISREG(st.st_mode)) {
		errno = ENODEV;
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return 0;
}

int vmap_os_resize(int fd, uint64_t size)
{
	/* off_t is signed; refuse what it cannot hold before the kernel sees
	 * a negative length. */
	if (size > (uint64_t)INT64_MAX || (off_t)size < 0 ||
	    (uint64_t)(off_t)size != size) {
		errno = EOVERFLOW;
		return -1;
	}
	return ftruncate(fd, (off_t)size);
}

static int prot_of(unsigned int access)
{
	int prot = PROT_READ;

	if (access & VMAP_WRITE)
		prot |= PROT_WRITE;
	if (access & VMAP_EXEC)
		prot |= PROT_EXEC;
	return prot;
}

#ifdef VMAP_TEST_GRANULARITY
/* A test build that pretends a coarser granularity also places mappings as
 * such systems do, at a multiple of it: reserve a unit more than needed,
 * map over the aligned part (MAP_FIXED inside our own reservation), and
 * give back the slack on both sides. */
static void *map_at_unit(size_t len, int prot, int flags, int fd, off_t off)
{
	size_t unit = VMAP_TEST_GRANULARITY, page = vmap_os_page_size();
	size_t span = (len + page - 1) / page * page;
	char *res, *at, *end;
	int err;

	res = mmap(NULL, span + unit, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (res == MAP_FAILED)
		return MAP_FAILED;
	at = res + (unit - (uintptr_t)res % unit) % unit;
	end = res + span + unit;
	if (mmap(at, len, prot, flags | MAP_FIXED, fd, off) == MAP_FAILED) {
		err = errno;
		(void)munmap(res, span + unit);
		errno = err;
		return MAP_FAILED;
	}
	if (at > res)
		(void)munmap(res, (size_t)(at - res));
	if (at + span < end)
		(void)munmap(at + span, (size_t)(end - (at + span)));
	return at;
}
#endif

void *vmap_os_map(size_t len, unsigned int access, int fd, uint64_t offset)
{
	int flags = (access & VMAP_COPY) ? MAP_PRIVATE : MAP_SHARED;
	void *p;

	if ((uint64_t)(off_t)offset != offset || (off_t)offset < 0) {
		errno = EOVERFLOW;
		return NULL;
	}
	if (fd < 0)
		flags |= MAP_ANONYMOUS;
#ifdef VMAP_TEST_GRANULARITY
	p = map_at_unit(len, prot_of(access), flags, fd, (off_t)offset);
#else
	p = mmap(NULL, len, prot_of(access), flags, fd, (off_t)offset);
#endif
	return p == MAP_FAILED ? NULL : p;
}

int vmap_os_unmap(void *base, size_t len)
{
	return munmap(base, len);
}

/* A test build with a coarser granularity takes the portable path (map
 * anew, then unmap), which keeps mappings at a multiple of the unit. */
void *vmap_os_remap(void *base, size_t old_len, size_t new_len)
{
#if defined(HAVE_MREMAP) && HAVE_DECL_MREMAP_MAYMOVE && \
	!defined(VMAP_TEST_GRANULARITY)
	void *p = mremap(base, old_len, new_len, MREMAP_MAYMOVE);

	return p == MAP_FAILED ? NULL : p;
#else
	(void)base;
	(void)old_len;
	(void)new_len;
	errno = ENOSYS;
	return NULL;
#endif
}

int vmap_os_protect(void *base, size_t len, unsigned int access)
{
	return mprotect(base, len, prot_of(access));
}

/* msync alone makes the file's data durable on POSIX systems; the
 * descriptor only matters on Windows. */
int vmap_os_flush(void *base, size_t len, int fd, enum vmap_flush_mode mode)
{
	(void)fd;
	return msync(base, len, mode == VMAP_FLUSH_ASYNC ? MS_ASYNC : MS_SYNC);
}

int vmap_os_advise(void *base, size_t len, enum vmap_advice advice)
{
	static const int table[] = {
		[VMAP_ADVISE_NORMAL] = POSIX_MADV_NORMAL,
		[VMAP_ADVISE_SEQUENTIAL] = POSIX_MADV_SEQUENTIAL,
		[VMAP_ADVISE_RANDOM] = POSIX_MADV_RANDOM,
		[VMAP_ADVISE_WILLNEED] = POSIX_MADV_WILLNEED,
		[VMAP_ADVISE_DONTNEED] = POSIX_MADV_DONTNEED,
	};
	int err = posix_madvise(base, len, table[advice]);

	/* posix_madvise returns the error instead of setting errno. */
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

int vmap_os_lock(void *base, size_t len)
{
	return mlock(base, len);
}

int vmap_os_unlock(void *base, size_t len)
{
	return munlock(base, len);
}

#if HAVE_DECL_MADV_DONTFORK && HAVE_DECL_MADV_DOFORK
/* Undoes either other policy; wiping may not exist on older kernels. */
static int inherit_on_fork(void *base, size_t len)
{
	if (madvise(base, len, MADV_DOFORK) < 0)
		return -1;
#if HAVE_DECL_MADV_KEEPONFORK
	if (madvise(base, len, MADV_KEEPONFORK) < 0 && errno != EINVAL)
		return -1;
#endif
	return 0;
}
#endif

int vmap_os_fork_policy(void *base, size_t len, enum vmap_fork policy)
{
#if HAVE_DECL_MADV_DONTFORK && HAVE_DECL_MADV_DOFORK
	if (policy == VMAP_FORK_INHERIT)
		return inherit_on_fork(base, len);
	if (policy == VMAP_FORK_NONE)
		return madvise(base, len, MADV_DONTFORK);
#endif
#if HAVE_DECL_MADV_WIPEONFORK
	if (policy == VMAP_FORK_WIPE)
		return madvise(base, len, MADV_WIPEONFORK);
#endif
	(void)base;
	(void)len;
	errno = ENOTSUP;
	return -1;
}

ssize_t vmap_os_read(int fd, void *buf, size_t len)
{
	return read(fd, buf, len);
}

ssize_t vmap_os_write(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len);
}
