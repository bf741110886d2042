/*
 * libvmap - extent rules: how a struct vmap_extent picks a length
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>

#include "internal.h"

bool vmap_extent_valid(struct vmap_extent e)
{
	return (unsigned int)e.kind <= VMAP_MAX;
}

bool vmap_extent_resize(struct vmap_extent e, uint64_t file_len,
			uint64_t *new_len)
{
	switch (e.kind) {
	case VMAP_EXACT:
		break;
	case VMAP_MIN:
		if (e.n <= file_len)
			return false;
		break;
	case VMAP_MAX:
		if (e.n >= file_len)
			return false;
		break;
	default:
		return false;
	}
	*new_len = e.n;
	return true;
}

bool vmap_extent_file_len(struct vmap_extent e, uint64_t file_len,
			  uint64_t offset, uint64_t *len)
{
	uint64_t avail;

	if (offset > file_len)
		return false;
	avail = file_len - offset;
	switch (e.kind) {
	case VMAP_EXACT:
		if (e.n > avail)
			return false;
		*len = e.n;
		break;
	case VMAP_MIN:
		if (e.n > avail)
			return false;
		*len = avail;
		break;
	case VMAP_MAX:
		*len = e.n < avail ? e.n : avail;
		break;
	default:
		*len = avail;
		break;
	}
	return true;
}

int vmap_extent_anon_len(struct vmap_extent e, uint64_t head, uint64_t *len)
{
	uint64_t end;

	switch (e.kind) {
	case VMAP_EXACT:
	case VMAP_MAX:
		*len = e.n;
		return 0;
	case VMAP_MIN:
		if (vmap_add_overflows(head, e.n, &end))
			goto overflow;
		break;
	default:
		end = head + 1;
		break;
	}
	end = vmap_round_up(end);
	if (end == 0)
		goto overflow;
	*len = end - head;
	return 0;
overflow:
	errno = EOVERFLOW;
	return -1;
}
