/*
 * libvmap - ring strategy "placeholder": VirtualAlloc2 placeholders
 * replaced by MapViewOfFile3 views (Windows 10 1803 and later)
 * SPDX-License-Identifier: MIT
 *
 * A placeholder reserves address space that only its owner can fill, so
 * splitting a 2 * len placeholder in two and mapping the section into
 * each half is free of races, like the POSIX reservation.  Both calls are
 * found at run time; where they are missing the strategy fails with
 * ENOSYS and the next one ("mapview") is tried.
 */

#include <config.h>

#include <errno.h>

#include "internal.h"
#include "os-win32.h"
#include "ring-strategy.h"

/* From the Windows SDK; older MinGW headers lack them. */
#ifndef MEM_RESERVE_PLACEHOLDER
#define MEM_RESERVE_PLACEHOLDER 0x00040000
#endif
#ifndef MEM_REPLACE_PLACEHOLDER
#define MEM_REPLACE_PLACEHOLDER 0x00004000
#endif
#ifndef MEM_PRESERVE_PLACEHOLDER
#define MEM_PRESERVE_PLACEHOLDER 0x00000002
#endif

typedef void *(WINAPI *virtual_alloc2_fn)(HANDLE, void *, SIZE_T, ULONG,
					  ULONG, void *, ULONG);
typedef void *(WINAPI *map_view3_fn)(HANDLE, HANDLE, void *, ULONG64, SIZE_T,
				     ULONG, ULONG, void *, ULONG);

struct placeholder_api {
	virtual_alloc2_fn alloc;
	map_view3_fn map;
};

static int find_api(struct placeholder_api *api)
{
	HMODULE k = GetModuleHandleW(L"kernelbase.dll");

	if (!k)
		return vmap_fail(ENOSYS);
	api->alloc = (virtual_alloc2_fn)(void (*)(void))GetProcAddress(
		k, "VirtualAlloc2");
	api->map = (map_view3_fn)(void (*)(void))GetProcAddress(
		k, "MapViewOfFile3");
	return api->alloc && api->map ? 0 : vmap_fail(ENOSYS);
}

/* Two placeholders of len bytes each, back to back. */
static char *split_placeholder(const struct placeholder_api *api, size_t len)
{
	char *base = api->alloc(GetCurrentProcess(), NULL, 2 * len,
				MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
				PAGE_NOACCESS, NULL, 0);

	if (!base)
		return vmap_win32_fail_null();
	if (!VirtualFree(base, len, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER)) {
		(void)vmap_win32_fail();
		(void)VirtualFree(base, 0, MEM_RELEASE);
		return NULL;
	}
	return base;
}

static void *map_into(const struct placeholder_api *api, HANDLE section,
		      char *at, size_t len)
{
	return api->map(section, GetCurrentProcess(), at, 0, len,
			MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
}

/* A half is still a placeholder until its view replaces it; releasing
 * either kind frees the address space. */
static void release_half(char *at, bool mapped)
{
	if (mapped)
		(void)UnmapViewOfFile(at);
	else
		(void)VirtualFree(at, 0, MEM_RELEASE);
}

static void *map_placeholder(size_t len)
{
	struct placeholder_api api;
	HANDLE section;
	char *base;
	bool first = false, second = false;

	if (find_api(&api) < 0)
		return NULL;
	section = vmap_win32_anon_section(len, FALSE);
	if (!section)
		return NULL;
	base = split_placeholder(&api, len);
	if (base) {
		first = map_into(&api, section, base, len) != NULL;
		second = first && map_into(&api, section, base + len, len);
		if (!second) {
			(void)vmap_win32_fail();
			release_half(base, first);
			release_half(base + len, false);
			base = NULL;
		}
	}
	/* The views keep the section alive on their own; errno belongs to
	 * the C runtime and outlives the Win32 calls that release. */
	(void)CloseHandle(section);
	return base;
}

const struct vmap_ring_strategy vmap_ring_strategy_placeholder = {
	"placeholder", map_placeholder, vmap_ring_unmap_win32_views,
};
