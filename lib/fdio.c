/*
 * libvmap - descriptor callbacks for the buffered reader and writer
 * SPDX-License-Identifier: MIT
 *
 * A descriptor travels in the cookie itself, so the reader and writer
 * treat descriptors and callbacks alike and never hold the descriptor in a
 * way that would suggest they own it.
 */

#include <config.h>

#include <stdint.h>

#include "internal.h"
#include "os.h"

ssize_t vmap_fd_read(void *cookie, void *buf, size_t len)
{
	return vmap_os_read((int)(intptr_t)cookie, buf, len);
}

ssize_t vmap_fd_write(void *cookie, const void *buf, size_t len)
{
	return vmap_os_write((int)(intptr_t)cookie, buf, len);
}

void *vmap_fd_cookie(int fd)
{
	return (void *)(intptr_t)fd;
}

int vmap_cookie_fd(void *cookie)
{
	return (int)(intptr_t)cookie;
}
