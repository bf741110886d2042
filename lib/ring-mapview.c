/*
 * libvmap - ring strategy "mapview": find free address space, release
 * it, and map both views into it with MapViewOfFileEx (every Windows)
 * SPDX-License-Identifier: MIT
 *
 * Between the release and the second view another thread may take part of
 * the range; the views then fail to land and the whole dance starts over
 * somewhere new, a bounded number of times.  "placeholder" has no such
 * race and is preferred where Windows has it.
 */

#include <config.h>

#include <errno.h>

#include "internal.h"
#include "os-win32.h"
#include "ring-strategy.h"

/* Losing the race this often means something maps in a tight loop beside
 * us; give up rather than spin. */
#define ATTEMPTS 16

/* Free address space for 2 * len bytes, found by reserving it. */
static char *free_range(size_t len)
{
	char *at = VirtualAlloc(NULL, 2 * len, MEM_RESERVE, PAGE_NOACCESS);

	if (!at)
		return vmap_win32_fail_null();
	(void)VirtualFree(at, 0, MEM_RELEASE);
	return at;
}

/* 1 when both views landed at, 0 when the range was taken meanwhile, -1
 * on any other failure. */
static int map_views_at(HANDLE section, char *at, size_t len)
{
	void *first = MapViewOfFileEx(section, FILE_MAP_ALL_ACCESS, 0, 0, len,
				      at);
	DWORD err;

	if (first && MapViewOfFileEx(section, FILE_MAP_ALL_ACCESS, 0, 0, len,
				     at + len))
		return 1;
	err = GetLastError();
	if (first)
		(void)UnmapViewOfFile(first);
	if (err == ERROR_INVALID_ADDRESS)
		return 0;
	SetLastError(err);
	return vmap_win32_fail();
}

static void *map_mapview(size_t len)
{
	HANDLE section = vmap_win32_anon_section(len, FALSE);
	char *base = NULL, *at = NULL;
	int i, rc = 0;

	if (!section)
		return NULL;
	for (i = 0; i < ATTEMPTS && rc == 0; i++) {
		at = free_range(len);
		rc = at ? map_views_at(section, at, len) : -1;
	}
	if (rc == 1)
		base = at;
	else if (rc == 0)
		errno = EAGAIN;
	/* The views keep the section alive; errno outlives the close. */
	(void)CloseHandle(section);
	return base;
}

const struct vmap_ring_strategy vmap_ring_strategy_mapview = {
	"mapview", map_mapview, vmap_ring_unmap_win32_views,
};
