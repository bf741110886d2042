/*
 * libvmap - ring strategy "mach": macOS and iOS build the mirror from Mach
 * virtual memory calls, with no file or descriptor
 * SPDX-License-Identifier: MIT
 *
 * Allocate 2 * len, make a memory entry (a port naming the first half's
 * pages), map that entry over the second half, then drop the port: the
 * mapping keeps its own reference.  The mirror is mapped with the same
 * inheritance as the primary allocation (VM_INHERIT_COPY, the default), so
 * fork treats both halves alike.
 *
 * Not compiled or run on the Linux machines this library is tested on;
 * written against the mach_vm_allocate(3), mach_make_memory_entry_64 and
 * mach_vm_map(3) documentation.
 */

#include <config.h>

#include <errno.h>
#include <mach/mach.h>
#include <mach/mach_vm.h>

#include "ring-strategy.h"

static int errno_of(kern_return_t kr)
{
	switch (kr) {
	case KERN_NO_SPACE:
	case KERN_RESOURCE_SHORTAGE:
		return ENOMEM;
	case KERN_PROTECTION_FAILURE:
		return EACCES;
	case KERN_INVALID_ARGUMENT:
		return EINVAL;
	default:
		return EPERM;
	}
}

static void *fail(mach_vm_address_t base, mach_vm_size_t size,
		  kern_return_t kr)
{
	if (size > 0)
		(void)mach_vm_deallocate(mach_task_self(), base, size);
	errno = errno_of(kr);
	return NULL;
}

static void *map_mach(size_t len)
{
	const vm_prot_t prot = VM_PROT_READ | VM_PROT_WRITE;
	mach_port_t task = mach_task_self();
	mach_vm_address_t base = 0, mirror;
	memory_object_size_t entry_len = len;
	mach_port_t entry = MACH_PORT_NULL;
	kern_return_t kr;

	kr = mach_vm_allocate(task, &base, 2 * (mach_vm_size_t)len,
			      VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		return fail(0, 0, kr);
	kr = mach_make_memory_entry_64(task, &entry_len, base, prot, &entry,
				       MACH_PORT_NULL);
	if (kr != KERN_SUCCESS || entry_len != len)
		return fail(base, 2 * (mach_vm_size_t)len,
			    kr != KERN_SUCCESS ? kr : KERN_INVALID_ARGUMENT);
	mirror = base + len;
	kr = mach_vm_map(task, &mirror, len, 0,
			 VM_FLAGS_FIXED | VM_FLAGS_OVERWRITE, entry, 0, FALSE,
			 prot, prot, VM_INHERIT_COPY);
	(void)mach_port_deallocate(task, entry);
	if (kr != KERN_SUCCESS || mirror != base + len)
		return fail(base, 2 * (mach_vm_size_t)len,
			    kr != KERN_SUCCESS ? kr : KERN_NO_SPACE);
	return (void *)(uintptr_t)base;
}

static int unmap_mach(void *base, size_t len)
{
	kern_return_t kr = mach_vm_deallocate(mach_task_self(),
					      (mach_vm_address_t)(uintptr_t)base,
					      2 * (mach_vm_size_t)len);

	if (kr != KERN_SUCCESS) {
		errno = errno_of(kr);
		return -1;
	}
	return 0;
}

const struct vmap_ring_strategy vmap_ring_strategy_mach = {
	"mach", map_mach, unmap_mach,
};
