/*
 * libvmap - tests for vmap_read_guarded: a copy from a mapping whose file
 * shrank fails with EFAULT instead of killing the process, in any thread,
 * while faults elsewhere still reach the handler that was there before.
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <signal.h>
#include <sys/wait.h>
#endif

#include <check.h>

#include <vmap.h>

#include "helpers.h"

#define PAGES 3
#define CHILD_CHAINED 42

/*
 * What makes the pages of a mapping unreadable.  On POSIX, shrinking its
 * file: the pages past the new end raise SIGBUS.  Windows refuses to
 * shrink a file that is mapped (ERROR_USER_MAPPED_FILE); there the guard
 * is for a page the system cannot bring in (a network drive gone), which
 * ReadProcessMemory, the guard's copy, reports as it reports a page it may
 * not read: PAGE_NOACCESS stands in for it.  The "chain" cases are POSIX's
 * alone: they check that the guard's SIGBUS handler hands other faults to
 * the handler before it, in forked children; Windows has no fork(), and its
 * guard installs no handler at all.
 */
#ifdef _WIN32
/* Wine 8 copies for ReadProcessMemory through /proc/<pid>/mem, which
 * reads PAGE_NOACCESS pages like any other (a page that cannot be brought
 * in, it does report): there the stand-in cannot make a page unreadable to
 * the guard, and the cases that need one are not registered (main() says
 * so).  Asked of a private page, so that the answer is the system's, not
 * the library's.  Called outside any test: failing here is fatal. */
static int can_cut(void)
{
	char *p = VirtualAlloc(NULL, 1, MEM_RESERVE | MEM_COMMIT,
			       PAGE_NOACCESS);
	SIZE_T n = 0;
	BOOL copied;
	char c;

	if (!p) {
		fprintf(stderr, "VirtualAlloc: error %lu\n", GetLastError());
		exit(EXIT_FAILURE);
	}
	copied = ReadProcessMemory(GetCurrentProcess(), p, &c, 1, &n);
	(void)VirtualFree(p, 0, MEM_RELEASE);
	return !copied;
}

/* Makes the pages of @m from offset @keep on unreadable. */
static void cut(struct vmap_map *m, int fd, size_t keep)
{
	DWORD old;

	(void)fd;
	ck_assert_msg(VirtualProtect((char *)m->ptr + keep, m->len - keep,
				     PAGE_NOACCESS, &old),
		      "VirtualProtect: error %lu", GetLastError());
}
#else
static int can_cut(void)
{
	return 1;
}

static void cut(struct vmap_map *m, int fd, size_t keep)
{
	(void)m;
	ck_assert_int_eq(ftruncate(fd, (off_t)keep), 0);
}
#endif

/* A writable mapping of a PAGES-page file @name filled with 'v'; *fdp gets
 * the descriptor, so the test can shrink the file under the mapping. */
static void map_pages(const char *name, struct vmap_map *m, int *fdp)
{
	size_t len = PAGES * vmap_page_size();
	char *data = malloc(len);
	struct vmap_options o = th_opts(VMAP_WRITE, 0, vmap_extent_end());

	ck_assert_ptr_nonnull(data);
	memset(data, 'v', len);
	th_mkfile(name, data, len);
	free(data);
	ck_assert_int_eq(vmap_open(th_path(name), &o, m, fdp), 0);
	ck_assert_uint_eq(m->len, len);
}

START_TEST(guarded_reads_live_bytes)
{
	struct vmap_map m;
	char buf[64];
	int fd;

	map_pages("g", &m, &fd);
	ck_assert_int_eq(vmap_read_guarded(&m, m.len - 10, buf, 10), 0);
	ck_assert(th_all_bytes(buf, 10, 'v'));
	ck_assert_int_eq(vmap_read_guarded(&m, m.len, buf, 0), 0);
	ck_assert_int_eq(vmap_read_guarded(&m, 0, NULL, 0), 0);
	th_assert_fails(vmap_read_guarded(&m, m.len - 9, buf, 10), ERANGE);
	th_assert_fails(vmap_read_guarded(&m, SIZE_MAX, buf, 2), EOVERFLOW);
	th_assert_fails(vmap_read_guarded(NULL, 0, buf, 1), EINVAL);
	th_assert_fails(vmap_read_guarded(&m, 0, NULL, 1), EINVAL);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* A guarded copy of @len bytes at @off into @buf (pre-filled with the
 * sentinel) fails with EFAULT, having written no byte but the source's
 * ('v': "dst may then hold part of the bytes"), and none past @len. */
static void assert_faults(const struct vmap_map *m, size_t off,
			  unsigned char *buf, size_t size, size_t len)
{
	size_t i;

	memset(buf, TH_SENTINEL, size);
	th_assert_fails(vmap_read_guarded(m, off, buf, len), EFAULT);
	for (i = 0; i < size; i++)
		ck_assert_msg(buf[i] == TH_SENTINEL ||
				      (i < len && buf[i] == 'v'),
			      "read of %zu at %zu: byte %zu is %#x", len, off,
			      i, buf[i]);
}

START_TEST(guarded_read_after_truncate)
{
	size_t ps = vmap_page_size();
	struct vmap_map m;
	unsigned char buf[32];
	int fd;

	map_pages("g", &m, &fd);
	cut(&m, fd, ps);
	/* The first page is still file; the rest is gone. */
	ck_assert_int_eq(vmap_read_guarded(&m, ps - 16, buf, 16), 0);
	ck_assert(th_all_bytes(buf, 16, 'v'));
	assert_faults(&m, 2 * ps, buf, sizeof(buf), 16);
	assert_faults(&m, ps - 8, buf, sizeof(buf), 16);
	/* The guard stays usable after a fault. */
	ck_assert_int_eq(vmap_read_guarded(&m, 0, buf, 16), 0);
	ck_assert(th_all_bytes(buf, 16, 'v'));
	assert_faults(&m, ps, buf, sizeof(buf), 1);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(unguarded_read_dies)
{
	struct vmap_map m;
	int fd;

	map_pages("g", &m, &fd);
	cut(&m, fd, 0);
	ck_assert_int_eq(th_faults(th_peek, m.ptr), 1);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

#ifndef _WIN32
/* Runs @fn in a child and returns its wait status. */
static int child_status(void (*fn)(struct vmap_map *), struct vmap_map *m)
{
	int status;
	pid_t pid = fork();

	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		alarm(10); /* a broken chain would loop on the fault */
		fn(m);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void exit_chained(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)info;
	(void)context;
	_exit(CHILD_CHAINED);
}

/* The child's own handler comes first; the guard is installed on top. */
static void chain_child(struct vmap_map *m)
{
	struct sigaction sa;
	char c;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = exit_chained;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) < 0)
		_exit(1);
	if (vmap_read_guarded(m, 0, &c, 1) != -1 || errno != EFAULT)
		_exit(2);
	th_peek(m->ptr);
	_exit(3);
}

START_TEST(fault_outside_goes_to_previous_handler)
{
	struct vmap_map m;
	int fd, status;

	map_pages("g", &m, &fd);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	status = child_status(chain_child, &m);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == CHILD_CHAINED,
		      "child status %#x", status);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* With no handler before it, an unguarded fault still kills. */
static void default_child(struct vmap_map *m)
{
	char c;

	signal(SIGBUS, SIG_DFL);
	if (vmap_read_guarded(m, 0, &c, 1) != -1 || errno != EFAULT)
		_exit(2);
	th_peek(m->ptr);
	_exit(3);
}

START_TEST(fault_outside_takes_default_action)
{
	struct vmap_map m;
	int fd, status;

	map_pages("g", &m, &fd);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	status = child_status(default_child, &m);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS,
		      "child status %#x", status);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST
#endif /* !_WIN32 */

struct reader_job {
	const struct vmap_map *map;
	int expect_fault;
	int wrong;
};

static void *reader_thread(void *arg)
{
	struct reader_job *job = arg;
	char buf[32];
	int i, rc;

	for (i = 0; i < 2000; i++) {
		rc = vmap_read_guarded(job->map, (size_t)i % 64, buf,
				       sizeof(buf));
		if (job->expect_fault ? rc != -1 || errno != EFAULT
				      : rc != 0 || buf[0] != 'v')
			job->wrong++;
	}
	return NULL;
}

START_TEST(threads_guard_their_own_copies)
{
	struct vmap_map live, gone;
	struct reader_job jobs[4] = {
		{ &live, 0, 0 }, { &gone, 1, 0 }, { &live, 0, 0 },
		{ &gone, 1, 0 },
	};
	pthread_t tid[4];
	int fd_live, fd_gone, k;

	map_pages("live", &live, &fd_live);
	map_pages("gone", &gone, &fd_gone);
	cut(&gone, fd_gone, 0);
	for (k = 0; k < 4; k++)
		ck_assert_int_eq(
			pthread_create(&tid[k], NULL, reader_thread, &jobs[k]),
			0);
	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(pthread_join(tid[k], NULL), 0);
		ck_assert_msg(jobs[k].wrong == 0, "thread %d: %d wrong", k,
			      jobs[k].wrong);
	}
	th_unmap_ok(&live);
	th_unmap_ok(&gone);
	ck_assert_int_eq(close(fd_live), 0);
	ck_assert_int_eq(close(fd_gone), 0);
}
END_TEST

int main(void)
{
	struct th_test tests[6];
	size_t n = 0;

	tests[n++] = (struct th_test){ "guard", guarded_reads_live_bytes, 0 };
	if (can_cut())
		tests[n++] = (struct th_test){ "guard",
					       guarded_read_after_truncate, 0 };
	tests[n++] = (struct th_test){ "guard", unguarded_read_dies, 0 };
#ifndef _WIN32
	tests[n++] = (struct th_test){
		"chain", fault_outside_goes_to_previous_handler, 0
	};
	tests[n++] = (struct th_test){
		"chain", fault_outside_takes_default_action, 0
	};
#endif
	if (can_cut())
		tests[n++] = (struct th_test){
			"threads", threads_guard_their_own_copies, 0
		};
	else
		fprintf(stderr, "guarded_read_after_truncate and "
				"threads_guard_their_own_copies left out: "
				"ReadProcessMemory reads PAGE_NOACCESS pages "
				"here (as Wine 8 does)\n");
	return th_run(th_suite("guard", tests, n));
}
