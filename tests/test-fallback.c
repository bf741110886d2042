/*
 * libvmap - tests for the ring strategy fallback: strategies refused by a
 * seccomp filter or by RLIMIT_NOFILE pass the turn to the next one
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Each scenario runs in a child of its own (forked here, whatever the Check
 * fork mode), so the sandbox never reaches the test runner.  The child
 * reports a failure or a reason to skip as one line on a pipe.
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* seccomp is how a sandbox refuses system calls on Linux; elsewhere only
 * the descriptor-limit scenarios run. */
#if defined(HAVE_LINUX_SECCOMP_H) && defined(HAVE_SYS_PRCTL_H)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#define TH_HAVE_SECCOMP 1
#endif

#include <check.h>

#include <vmap.h>

#include "helpers.h"

#define SKIP_STATUS 77
#define MSG_MAX 512

#if defined(TH_HAVE_SECCOMP) && defined(__x86_64__)
#define TH_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(TH_HAVE_SECCOMP) && defined(__aarch64__)
#define TH_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* ------------------------------------------------------------------ */
/* running a scenario in a child                                       */
/* ------------------------------------------------------------------ */

static int report_fd = -1;

/* In the child: report @fmt on the pipe and exit with @status. */
static void child_exit(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void child_exit(int status, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)!write(report_fd, msg, strlen(msg));
	_exit(status);
}

#define child_fail(...) child_exit(1, __VA_ARGS__)

/* Run @fn in a child; fail the test with the child's message, or print
 * it and return 0 when the child skipped.  Returns 1 when it passed. */
static int run_child(void (*fn)(void), const char *what)
{
	char msg[MSG_MAX] = "";
	ssize_t n, len = 0;
	int p[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		fn();
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], msg + len, sizeof(msg) - 1 - (size_t)len)) > 0)
		len += n;
	msg[len] = '\0';
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	ck_assert_msg(WIFEXITED(status), "%s: child died of signal %d", what,
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	if (WEXITSTATUS(status) == SKIP_STATUS) {
		printf("%s: skipped: %s\n", what, msg);
		return 0;
	}
	ck_assert_msg(WEXITSTATUS(status) == 0, "%s: %s", what, msg);
	return 1;
}

/* ------------------------------------------------------------------ */
/* checks made inside the child (no Check calls there)                 */
/* ------------------------------------------------------------------ */

/* Whether the tests may force @name here (see th_strategies()). */
static int forceable(const char *name)
{
	const char *const *names = th_strategies();
	int k;

	for (k = 0; names[k] != NULL; k++)
		if (strcmp(names[k], name) == 0)
			return 1;
	return 0;
}

/* The ring works: a byte stored through the first view shows in the
 * second, and a write across the wrap reads back contiguously. */
static void child_mirror(struct vmap_ring *r)
{
	unsigned char *base = vmap_ring_read_ptr(r);
	size_t cap = vmap_ring_capacity(r), j;
	static const char text[] = "across the wrap point";

	for (j = 0; j < cap; j += 509)
		base[j] = (unsigned char)(j * 7 + 3);
	for (j = 0; j < cap; j += 509)
		if (base[cap + j] != (unsigned char)(j * 7 + 3))
			child_fail("%s: no mirror at byte %zu",
				   vmap_ring_strategy(r), j);
	if (vmap_ring_feed(r, cap - 4) != 0 ||
	    vmap_ring_consume(r, cap - 4) != 0 ||
	    vmap_ring_write_all(r, text, sizeof(text)) != 0 ||
	    memcmp(vmap_ring_read_ptr(r), text, sizeof(text)) != 0 ||
	    memcmp(base, text + 4, sizeof(text) - 4) != 0)
		child_fail("%s: wrapped write does not read back",
			   vmap_ring_strategy(r));
}


/* Forcing @name fails with @err and leaves the ring struct untouched. */
static void child_refused(const char *name, int err)
{
	struct vmap_ring r;
	int rc;

	if (!forceable(name))
		return;
	memset(&r, TH_SENTINEL, sizeof(r));
	errno = 0;
	rc = vmap_ring_init_strategy(&r, 1, 0, name);
	if (rc != -1 || errno != err)
		child_fail("forcing \"%s\": rc %d, errno %s (want %s)", name,
			   rc, strerror(errno), strerror(err));
	if (!th_all_bytes(&r, sizeof(r), TH_SENTINEL))
		child_fail("forcing \"%s\" modified the ring struct", name);
}

/* ------------------------------------------------------------------ */
/* seccomp                                                             */
/* ------------------------------------------------------------------ */

#ifdef TH_AUDIT_ARCH

/* vmap_ring_init succeeds, with a strategy other than the refused ones,
 * and the first compiled strategy that still works on its own. */
static const char *child_init_works(const char *const *refused)
{
	const char *const *names = th_strategies();
	const char *name, *expect = NULL;
	struct vmap_ring r;
	int k;

	for (k = 0; expect == NULL && names[k] != NULL; k++) {
		if (vmap_ring_init_strategy(&r, 1, 0, names[k]) == 0) {
			expect = names[k];
			(void)vmap_ring_destroy(&r);
		}
	}
	if (vmap_ring_init(&r, 3 * vmap_page_size(), 0) != 0)
		child_fail("vmap_ring_init: %s", strerror(errno));
	name = vmap_ring_strategy(&r);
	for (k = 0; refused[k] != NULL; k++)
		if (strcmp(name, refused[k]) == 0)
			child_fail("vmap_ring_init chose refused \"%s\"", name);
	if (expect == NULL || strcmp(name, expect) != 0)
		child_fail("vmap_ring_init chose \"%s\", not \"%s\"", name,
			   expect ? expect : "(none)");
	child_mirror(&r);
	if (vmap_ring_destroy(&r) != 0)
		child_fail("destroy: %s", strerror(errno));
	return expect;
}
#define MAX_BLOCKED 4

/* Make the listed system calls fail with EPERM in this process; skips
 * the child when seccomp filters cannot be installed. */
static void child_block(const long *nrs, int count)
{
	struct sock_filter f[6 + MAX_BLOCKED];
	struct sock_fprog prog;
	int k, n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      TH_AUDIT_ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (k = 0; k < count; k++)
		f[n++] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nrs[k],
			(unsigned char)(count - k), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		child_exit(SKIP_STATUS, "prctl(PR_SET_NO_NEW_PRIVS): %s",
			   strerror(errno));
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		child_exit(SKIP_STATUS, "prctl(PR_SET_SECCOMP): %s",
			   strerror(errno));
}

static void child_no_memfd_no_mremap(void)
{
	static const long nrs[] = { __NR_memfd_create, __NR_mremap };
	static const char *const refused[] = { "mremap", "memfd", NULL };
	struct th_res before;

	child_block(nrs, 2);
	if (syscall(__NR_memfd_create, "probe", 0) != -1 || errno != EPERM)
		child_fail("the filter does not refuse memfd_create");
	before.fds = th_count_fds();
	before.maps = th_count_maps();
	child_refused("mremap", EPERM);
	child_refused("memfd", EPERM);
	/* noreplace takes its descriptor from memfd_create where built. */
#ifdef VMAP_RING_HAVE_MEMFD
	child_refused("noreplace", EPERM);
#endif
	if (th_count_fds() != before.fds || th_count_maps() != before.maps)
		child_fail("refused strategies left descriptors or mappings");
	child_init_works(refused);
}

static void child_no_mremap(void)
{
	static const long nrs[] = { __NR_mremap };
	static const char *const refused[] = { "mremap", NULL };

	child_block(nrs, 1);
	child_refused("mremap", EPERM);
	child_init_works(refused);
}

START_TEST(seccomp_no_memfd_no_mremap)
{
	run_child(child_no_memfd_no_mremap, "seccomp(memfd_create, mremap)");
}
END_TEST

START_TEST(seccomp_no_mremap)
{
	run_child(child_no_mremap, "seccomp(mremap)");
}
END_TEST

/* Every strategy refused: the error is that of the last one tried, the
 * ring untouched. */
static void child_nothing_left(void)
{
	static const long nrs[] = { __NR_memfd_create, __NR_mremap };
	const char *const *names = vmap_ring_strategies();
	struct rlimit none = { 0, 0 };
	struct vmap_ring r;
	int k = 0, last_err;

	while (names[k + 1] != NULL)
		k++;
	child_block(nrs, 2);
	if (setrlimit(RLIMIT_NOFILE, &none) != 0)
		child_exit(SKIP_STATUS, "setrlimit: %s", strerror(errno));
	errno = 0;
	if (vmap_ring_init_strategy(&r, 1, 0, names[k]) == 0)
		child_exit(SKIP_STATUS, "\"%s\" still works", names[k]);
	last_err = errno;
	memset(&r, TH_SENTINEL, sizeof(r));
	errno = 0;
	if (vmap_ring_init(&r, 1, 0) != -1)
		child_fail("vmap_ring_init succeeded with \"%s\"",
			   vmap_ring_strategy(&r));
	if (errno != last_err)
		child_fail("vmap_ring_init: errno %s, but \"%s\" fails with %s",
			   strerror(errno), names[k], strerror(last_err));
	if (!th_all_bytes(&r, sizeof(r), TH_SENTINEL))
		child_fail("failed vmap_ring_init modified the ring struct");
}

START_TEST(nothing_left)
{
	run_child(child_nothing_left, "seccomp + RLIMIT_NOFILE 0");
}
END_TEST
#endif /* TH_AUDIT_ARCH */

/* ------------------------------------------------------------------ */
/* no descriptors left                                                 */
/* ------------------------------------------------------------------ */

static void child_no_fds(void)
{
	static const char *const fd_strategies[] = { "memfd", "shm",
						     "tmpfile", "noreplace" };
	struct rlimit none = { 0, 0 };
	struct vmap_ring r;
	size_t k;

	if (setrlimit(RLIMIT_NOFILE, &none) != 0)
		child_exit(SKIP_STATUS, "setrlimit: %s", strerror(errno));
	for (k = 0; k < sizeof(fd_strategies) / sizeof(*fd_strategies); k++)
		child_refused(fd_strategies[k], EMFILE);
	if (!forceable("mremap"))
		child_exit(SKIP_STATUS, "no mremap strategy to fall back on");
	if (vmap_ring_init(&r, 1000, VMAP_RING_OVERWRITE) != 0)
		child_fail("vmap_ring_init: %s", strerror(errno));
	if (strcmp(vmap_ring_strategy(&r), "mremap") != 0)
		child_fail("vmap_ring_init chose \"%s\"",
			   vmap_ring_strategy(&r));
	child_mirror(&r);
	if (vmap_ring_destroy(&r) != 0)
		child_fail("destroy: %s", strerror(errno));
}

START_TEST(no_descriptors_left)
{
	run_child(child_no_fds, "RLIMIT_NOFILE 0");
}
END_TEST

/* The parent is unaffected by what the children did. */
START_TEST(parent_unaffected)
{
	struct vmap_ring r;
	const char *const *names = th_strategies();
	int k;

	for (k = 0; names[k] != NULL; k++) {
		ck_assert_int_eq(vmap_ring_init_strategy(&r, 1, 0, names[k]),
				 0);
		ck_assert_int_eq(vmap_ring_destroy(&r), 0);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fallback");
	TCase *tc = tcase_create("fallback");

#ifdef TH_AUDIT_ARCH
	tcase_add_test(tc, seccomp_no_memfd_no_mremap);
	tcase_add_test(tc, seccomp_no_mremap);
	tcase_add_test(tc, nothing_left);
#endif
	tcase_add_test(tc, no_descriptors_left);
	tcase_add_test(tc, parent_unaffected);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return th_run(suite());
}
