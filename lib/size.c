/*
 * libvmap - page size, allocation granularity and rounding
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <stdatomic.h>

#include "internal.h"
#include "os.h"

/* Read from the system once.  Relaxed atomics suffice: every thread that
 * races to fill a cache stores the same value. */
static _Atomic size_t page_size_cache;
static _Atomic size_t allocation_size_cache;

static size_t cached(_Atomic size_t *cache, size_t (*query)(void))
{
	size_t n = atomic_load_explicit(cache, memory_order_relaxed);

	if (n == 0) {
		n = query();
		atomic_store_explicit(cache, n, memory_order_relaxed);
	}
	return n;
}

VMAP_EXPORT size_t vmap_page_size(void)
{
	return cached(&page_size_cache, vmap_os_page_size);
}

VMAP_EXPORT size_t vmap_allocation_size(void)
{
	return cached(&allocation_size_cache, vmap_os_allocation_size);
}

bool vmap_add_overflows(uint64_t a, uint64_t b, uint64_t *sum)
{
	*sum = a + b;
	return *sum < a;
}

static uint64_t overflowed(void)
{
	errno = EOVERFLOW;
	return 0;
}

VMAP_EXPORT uint64_t vmap_round_down(uint64_t n)
{
	return n & ~((uint64_t)vmap_allocation_size() - 1);
}

VMAP_EXPORT uint64_t vmap_round_up(uint64_t n)
{
	uint64_t sum;

	if (vmap_add_overflows(n, vmap_allocation_size() - 1, &sum))
		return overflowed();
	return vmap_round_down(sum);
}

VMAP_EXPORT uint64_t vmap_unit_offset(uint64_t n)
{
	return n & ((uint64_t)vmap_allocation_size() - 1);
}

VMAP_EXPORT uint64_t vmap_unit_count(uint64_t n)
{
	return n / vmap_allocation_size() + (vmap_unit_offset(n) != 0);
}

VMAP_EXPORT uint64_t vmap_unit_size(uint64_t count)
{
	uint64_t unit = vmap_allocation_size();

	if (count > UINT64_MAX / unit)
		return overflowed();
	return count * unit;
}
