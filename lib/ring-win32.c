/*
 * libvmap - pieces shared by the Windows ring strategies
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include "os-win32.h"
#include "ring-strategy.h"

/* Both views go, whatever reservation or placeholder lay under them;
 * both are tried even if the first refuses. */
int vmap_ring_unmap_win32_views(void *base, size_t len)
{
	BOOL first = UnmapViewOfFile(base);
	BOOL second = UnmapViewOfFile((char *)base + len);

	return first && second ? 0 : vmap_win32_fail();
}
