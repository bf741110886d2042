/*
 * libvmap - copies that survive an unreadable page, on Windows
 * SPDX-License-Identifier: MIT
 *
 * A view whose file cannot be read (a network drive gone, a disk error)
 * raises EXCEPTION_IN_PAGE_ERROR on touch.  ReadProcessMemory() on our own
 * process makes the kernel do the copy and report such a page as an error
 * instead of raising it, so no exception handler (and no process-wide
 * state) is needed.
 */

#include <config.h>

#include <errno.h>
#include <windows.h>

#include "internal.h"
#include "os.h"

int vmap_os_guarded_copy(void *dst, const void *src, size_t len)
{
	SIZE_T done = 0;

	if (ReadProcessMemory(GetCurrentProcess(), src, dst, len, &done) &&
	    done == len)
		return 0;
	return vmap_fail(EFAULT);
}
