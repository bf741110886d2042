/*
 * libvmap - ring strategy "tmpfile": an unlinked temporary file mapped
 * twice inside a reservation; the last POSIX fallback
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ring-strategy.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* TMPDIR is honoured only when the process is not set-id. */
static const char *tmp_dir(void)
{
#ifdef HAVE_SECURE_GETENV
	const char *dir = secure_getenv("TMPDIR");
#else
	const char *dir = getenv("TMPDIR");
#endif

	return dir && *dir ? dir : "/tmp";
}

static int open_file(void)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/vmap-ring-XXXXXX", tmp_dir());
	int fd;

	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* mkstemp creates the file exclusively with mode 0600. */
#ifdef HAVE_MKOSTEMP
	fd = mkostemp(path, O_CLOEXEC);
#else
	fd = mkstemp(path);
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
	if (fd >= 0)
		(void)unlink(path);
	return fd;
}

int vmap_ring_tmpfile_backing(size_t len)
{
	return vmap_ring_size_backing(open_file(), len);
}

static void *map_tmpfile(size_t len)
{
	return vmap_ring_mirror_fd(vmap_ring_tmpfile_backing(len), len,
				   vmap_ring_place_reserved);
}

const struct vmap_ring_strategy vmap_ring_strategy_tmpfile = {
	"tmpfile", map_tmpfile, vmap_ring_unmap_views,
};
