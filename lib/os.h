/*
 * libvmap - the one seam between the library and the operating system
 * SPDX-License-Identifier: MIT
 *
 * Every system call the library makes goes through these wrappers, so a
 * port replaces only lib/os-<system>.c and tests can make any call fail.
 * They speak the library's vocabulary (VMAP_* access bits, enum vmap_*),
 * return -1 (or NULL) with errno set on failure, and do nothing else.
 */

#ifndef VMAP_OS_H
#define VMAP_OS_H

#include <stddef.h>
#include <stdint.h>

#include "vmap.h"

size_t vmap_os_page_size(void);
size_t vmap_os_allocation_size(void);

/* Opens with close-on-exec always set. */
int vmap_os_open(const char *path, unsigned int flags, unsigned int mode);
int vmap_os_close(int fd);
int vmap_os_unlink(const char *path);
/* Fails with ENODEV unless fd is a regular file. */
int vmap_os_file_size(int fd, uint64_t *size);
int vmap_os_resize(int fd, uint64_t size);

/* fd < 0 maps anonymous memory.  In access, VMAP_WRITE and VMAP_EXEC pick
 * the protection and VMAP_COPY a private mapping. */
void *vmap_os_map(size_t len, unsigned int access, int fd, uint64_t offset);
int vmap_os_unmap(void *base, size_t len);
/* Fails with ENOSYS where the system cannot resize a mapping in place. */
void *vmap_os_remap(void *base, size_t old_len, size_t new_len);
int vmap_os_protect(void *base, size_t len, unsigned int access);
int vmap_os_flush(void *base, size_t len, int fd, enum vmap_flush_mode mode);
int vmap_os_advise(void *base, size_t len, enum vmap_advice advice);
int vmap_os_lock(void *base, size_t len);
int vmap_os_unlock(void *base, size_t len);
/* Fails with ENOTSUP where the system has no such control. */
int vmap_os_fork_policy(void *base, size_t len, enum vmap_fork policy);
ssize_t vmap_os_read(int fd, void *buf, size_t len);
ssize_t vmap_os_write(int fd, const void *buf, size_t len);

/* os-guard-*.c: copies len bytes, returning -1 with EFAULT instead of
 * dying when a page of src cannot be read (SIGBUS).  The first call
 * installs the process's fault handler. */
int vmap_os_guarded_copy(void *dst, const void *src, size_t len);

#endif /* VMAP_OS_H */
