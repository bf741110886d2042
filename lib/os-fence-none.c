/*
 * libvmap - no asymmetric fence: the SPSC sides fence as they publish
 * SPDX-License-Identifier: MIT
 *
 * Built with every wait but the futex one (lib/os-wait.h).  On Windows,
 * FlushProcessWriteBuffers() would be the fence, but Wine, the only
 * Windows the tests run on, does not promise to implement it; fencing on
 * both sides is always correct.
 */

#include <config.h>

#include <errno.h>

#include "os-wait.h"

int vmap_os_fence_init(void)
{
	errno = ENOSYS;
	return -1;
}

int vmap_os_fence(void)
{
	errno = ENOSYS;
	return -1;
}
