/*
 * libvmap - the test helpers that differ between POSIX and Windows: this
 * file is POSIX's (tests/helpers-win32.c is Windows')
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "helpers-os.h"

#define TH_MAPS_MAX (1024 * 1024)

const char *th_os_tmp_base(void)
{
	return "/tmp";
}

char *th_os_mkdtemp(char *tmpl)
{
	return mkdtemp(tmpl);
}

int th_os_mkdir(const char *path)
{
	return mkdir(path, 0700);
}

long th_os_pid(void)
{
	return (long)getpid();
}

int th_fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

static int th_rm_one(const char *path, const struct stat *st, int type,
		     struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void th_rm_tree(const char *path)
{
	nftw(path, th_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}


struct th_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int th_count_fds(void)
{
	/* getdents64 straight into a stack buffer: no malloc, so counting
	 * never changes the mapping count. */
	union {
		char buf[4096];
		uint64_t align;
	} u;
	int count = 0;
	long n;
	int dfd;

	dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_msg(dfd >= 0, "open(/proc/self/fd): %s", strerror(errno));
	while ((n = syscall(SYS_getdents64, dfd, u.buf, sizeof(u.buf))) > 0) {
		long pos = 0;

		while (pos < n) {
			struct th_dirent64 *d = (void *)(u.buf + pos);

			if (d->d_name[0] != '.')
				count++;
			pos += d->d_reclen;
		}
	}
	ck_assert_msg(n == 0, "getdents64: %s", strerror(errno));
	close(dfd);
	return count - 1; /* not dfd itself */
}

/* Read /proc/self/maps into a static buffer (no malloc); returns its
 * length. */
static size_t th_read_maps(char *buf, size_t cap)
{
	size_t len = 0;
	int fd;

	fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "open(/proc/self/maps): %s", strerror(errno));
	for (;;) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		ck_assert_msg(n >= 0, "read(maps): %s", strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
		ck_assert_msg(len < cap - 1, "/proc/self/maps too large");
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

static char th_maps[TH_MAPS_MAX];

/* Whether a /proc/self/maps line names a file ("/..." after the inode). */
static int th_names_file(const char *line, const char *end)
{
	return memchr(line, '/', (size_t)(end - line)) != NULL;
}

/* Under AddressSanitizer, or under valgrind (make check-valgrind sets
 * VMAP_TEST_NAMED_MAPS_ONLY), the tools map anonymous memory of their own
 * at any moment. */
static int th_named_maps_only(void)
{
#ifdef TH_ASAN
	return 1;
#else
	return getenv("VMAP_TEST_NAMED_MAPS_ONLY") != NULL;
#endif
}

int th_count_maps(void)
{
	size_t len = th_read_maps(th_maps, sizeof(th_maps));
	const char *line = th_maps, *end = th_maps + len, *nl;
	int count = 0;

	for (; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			break;
		/* AddressSanitizer's and valgrind's own memory is
		 * anonymous: count only mappings of files there (shared
		 * memory shows as a file too). */
		if (th_named_maps_only() && !th_names_file(line, nl))
			continue;
		count++;
	}
	return count;
}


int th_maps_perms(const void *addr, char perms[5])
{
	uintptr_t a = (uintptr_t)addr;
	char *line;

	th_read_maps(th_maps, sizeof(th_maps));
	for (line = th_maps; *line != '\0';) {
		char *nl = strchr(line, '\n');
		unsigned long lo, hi;
		char p[5];

		if (nl != NULL)
			*nl = '\0';
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 &&
		    a >= lo && a < hi) {
			memcpy(perms, p, 5);
			return 0;
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return -1;
}

int th_faults(void (*fn)(void *), void *arg)
{
	struct rlimit nocore = { 0, 0 };
	int status;
	pid_t pid;

	pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		setrlimit(RLIMIT_CORE, &nocore);
		fn(arg);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_msg(errno == EINTR, "waitpid: %s", strerror(errno));
	if (!WIFSIGNALED(status))
		return 0;
	return WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS;
}


void th_pipe(int p[2], int flags, size_t room)
{
	long size;

	ck_assert_msg(pipe2(p, O_CLOEXEC | flags) == 0, "pipe2: %s",
		      strerror(errno));
#ifdef F_GETPIPE_SZ
	size = fcntl(p[1], F_GETPIPE_SZ);
	ck_assert_msg(size > 0, "F_GETPIPE_SZ: %s", strerror(errno));
	if ((size_t)size < room) {
		size_t want = room + vmap_page_size();

		ck_assert_msg(want <= INT_MAX, "pipe of %zu bytes", room);
		ck_assert_msg(fcntl(p[1], F_SETPIPE_SZ, (int)want) >= 0,
			      "F_SETPIPE_SZ(%zu): %s", want, strerror(errno));
		size = fcntl(p[1], F_GETPIPE_SZ);
	}
#else
	size = 4096; /* no way to ask: the least any system holds */
#endif
	ck_assert_msg(size > 0 && (size_t)size >= room,
		      "a pipe holds %ld bytes, the test needs %zu", size, room);
}

size_t th_pipe_offer(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	int fl = fcntl(fd, F_GETFL);

	ck_assert_msg(fl != -1, "F_GETFL: %s", strerror(errno));
	if (!(fl & O_NONBLOCK))
		ck_assert_int_eq(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
	while (done < n) {
		ssize_t k = write(fd, p + done, n - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		ck_assert_msg(k > 0, "write(pipe): %s", strerror(errno));
		done += (size_t)k;
	}
	if (!(fl & O_NONBLOCK))
		ck_assert_int_eq(fcntl(fd, F_SETFL, fl), 0);
	return done;
}
