/*
 * libvmap - tests for fork policies: what a child created by fork(2) gets
 * of a mapping or a ring.
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include <vmap.h>

#include "helpers.h"

static const char secret[] = "parent's secret";

/* What a child finds at @p: 0 the secret, 1 zeros, 2 something else; the
 * child dies by a signal when nothing is mapped there. */
static int child_view(const void *p)
{
	int status;
	pid_t pid = fork();

	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		if (memcmp(p, secret, sizeof(secret)) == 0)
			_exit(0);
		_exit(th_all_bytes(p, sizeof(secret), 0) ? 1 : 2);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

static void private_secret(struct vmap_map *m)
{
	th_anon(VMAP_COPY, 0, vmap_page_size(), m);
	memcpy(m->ptr, secret, sizeof(secret));
}

START_TEST(inherit_is_the_default)
{
	struct vmap_map m;

	private_secret(&m);
	ck_assert_int_eq(child_view(m.ptr), 0);
	th_unmap_ok(&m);
}
END_TEST

START_TEST(wipe_gives_the_child_zeros)
{
	struct vmap_map m;

	private_secret(&m);
	ck_assert_int_eq(vmap_fork_policy(&m, VMAP_FORK_WIPE), 0);
	ck_assert_int_eq(child_view(m.ptr), 1);
	/* The parent keeps its bytes. */
	ck_assert_mem_eq(m.ptr, secret, sizeof(secret));
	ck_assert_int_eq(vmap_fork_policy(&m, VMAP_FORK_INHERIT), 0);
	ck_assert_int_eq(child_view(m.ptr), 0);
	th_unmap_ok(&m);
}
END_TEST

START_TEST(none_leaves_the_child_without)
{
	struct vmap_map m;

	private_secret(&m);
	ck_assert_int_eq(vmap_fork_policy(&m, VMAP_FORK_NONE), 0);
	ck_assert_int_eq(child_view(m.ptr), -SIGSEGV);
	ck_assert_int_eq(vmap_fork_policy(&m, VMAP_FORK_INHERIT), 0);
	ck_assert_int_eq(child_view(m.ptr), 0);
	th_unmap_ok(&m);
}
END_TEST

START_TEST(file_map_none)
{
	struct vmap_map m;
	int fd;

	th_map_text(VMAP_WRITE, &m, &fd);
	memcpy(m.ptr, secret, 14);
	ck_assert_int_eq(vmap_fork_policy(&m, VMAP_FORK_NONE), 0);
	ck_assert_int_eq(child_view(m.ptr), -SIGSEGV);
	th_unmap_ok(&m);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(policy_errors)
{
	struct vmap_map shared, file, empty, copy;
	int fd;

	th_anon(VMAP_WRITE, 0, 64, &shared);
	th_map_text(VMAP_COPY, &file, &fd);
	copy = shared;
	/* Only private anonymous memory can be wiped. */
	th_assert_fails(vmap_fork_policy(&shared, VMAP_FORK_WIPE), EINVAL);
	th_assert_fails(vmap_fork_policy(&file, VMAP_FORK_WIPE), EINVAL);
	th_assert_fails(vmap_fork_policy(&shared, (enum vmap_fork)7), EINVAL);
	th_assert_fails(vmap_fork_policy(NULL, VMAP_FORK_NONE), EINVAL);
	ck_assert(th_same_map(&shared, &copy));
	th_anon(VMAP_COPY, 0, 0, &empty);
	ck_assert_int_eq(vmap_fork_policy(&empty, VMAP_FORK_WIPE), 0);
	th_unmap_ok(&shared);
	th_unmap_ok(&file);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(ring_shared_with_child_by_default)
{
	struct vmap_ring r;
	int status;
	pid_t pid;

	ck_assert_int_eq(vmap_ring_init(&r, 1, 0), 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		memcpy(vmap_ring_write_ptr(&r), secret, sizeof(secret));
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_mem_eq(vmap_ring_write_ptr(&r), secret, sizeof(secret));
	th_ring_close(&r);
}
END_TEST

START_TEST(ring_none)
{
	struct vmap_ring r, copy;

	ck_assert_int_eq(vmap_ring_init(&r, 1, 0), 0);
	memcpy(vmap_ring_write_ptr(&r), secret, sizeof(secret));
	ck_assert_int_eq(vmap_ring_fork_policy(&r, VMAP_FORK_NONE), 0);
	ck_assert_int_eq(child_view(vmap_ring_write_ptr(&r)), -SIGSEGV);
	ck_assert_int_eq(vmap_ring_fork_policy(&r, VMAP_FORK_INHERIT), 0);
	ck_assert_int_eq(child_view(vmap_ring_write_ptr(&r)), 0);
	copy = r;
	th_assert_fails(vmap_ring_fork_policy(&r, VMAP_FORK_WIPE), EINVAL);
	th_assert_fails(vmap_ring_fork_policy(&r, (enum vmap_fork)9), EINVAL);
	th_assert_fails(vmap_ring_fork_policy(NULL, VMAP_FORK_NONE), EINVAL);
	ck_assert_mem_eq(&r, &copy, sizeof(r));
	th_ring_close(&r);
}
END_TEST

/* Whether @t needs the kernel to apply MADV_WIPEONFORK or MADV_DONTFORK to
 * the child.  qemu-user accepts both and ignores them: its CI leg
 * (.ci/leg-aarch64.sh) sets VMAP_TEST_SKIP_FORK_ADVICE, which leaves these
 * tests out.  Everywhere else they run. */
static int needs_fork_advice(const TTest *t)
{
	return t == wipe_gives_the_child_zeros ||
	       t == none_leaves_the_child_without || t == file_map_none ||
	       t == ring_none;
}

int main(void)
{
	const struct th_test all[] = {
		{ "map", inherit_is_the_default, 0 },
		{ "map", wipe_gives_the_child_zeros, 0 },
		{ "map", none_leaves_the_child_without, 0 },
		{ "map", file_map_none, 0 },
		{ "map", policy_errors, 0 },
		{ "ring", ring_shared_with_child_by_default, 0 },
		{ "ring", ring_none, 0 },
	};
	struct th_test tests[TH_LEN(all)];
	int skip = getenv("VMAP_TEST_SKIP_FORK_ADVICE") != NULL;
	size_t i, n = 0;

	for (i = 0; i < TH_LEN(all); i++)
		if (!skip || !needs_fork_advice(all[i].test))
			tests[n++] = all[i];
	if (n < TH_LEN(all))
		printf("# VMAP_TEST_SKIP_FORK_ADVICE: %zu tests left out\n",
		       TH_LEN(all) - n);
	return th_run(th_suite("fork", tests, n));
}
