/*
 * libvmap - what the Windows files of the OS seam share
 * SPDX-License-Identifier: MIT
 *
 * The public API speaks in C runtime descriptors on every system; only
 * these files turn them into the handles Windows works with.
 */

#ifndef VMAP_OS_WIN32_H
#define VMAP_OS_WIN32_H

#include <windows.h>

/* Sets errno from GetLastError() and returns -1 (or NULL). */
int vmap_win32_fail(void);
void *vmap_win32_fail_null(void);

/* The handle under a descriptor, or INVALID_HANDLE_VALUE with EBADF. */
HANDLE vmap_win32_handle(int fd);

/* A section of len bytes of memory backed by the paging file, mapped
 * read-write (and executable when exec is set), or NULL with errno set. */
HANDLE vmap_win32_anon_section(size_t len, BOOL exec);

#endif /* VMAP_OS_WIN32_H */
