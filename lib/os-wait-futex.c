/*
 * libvmap - waiting on a futex, fencing with membarrier (Linux)
 * SPDX-License-Identifier: MIT
 *
 * The word itself is the futex: no state, and the kernel compares the word
 * with the expected value under its own lock, so a wake-up that comes
 * between the caller's last look and the sleep is never lost.
 */

#include <config.h>

#include "os-wait.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* A 32-bit system whose time_t is 64 bits wide needs the time64 call; some
 * (riscv32) have no other. */
#if HAVE_DECL_SYS_FUTEX_TIME64 && HAVE_DECL_SYS_FUTEX
#define FUTEX_CALL                                                            \
	(sizeof(time_t) > sizeof(long) ? SYS_futex_time64 : SYS_futex)
#elif HAVE_DECL_SYS_FUTEX_TIME64
#define FUTEX_CALL SYS_futex_time64
#else
#define FUTEX_CALL SYS_futex
#endif

int vmap_os_wait_init(void **state)
{
	*state = NULL;
	return 0;
}

void vmap_os_wait_destroy(void *state)
{
	(void)state;
}

int vmap_os_wait(void *state, _Atomic uint32_t *word, uint32_t expected,
		 int64_t timeout_ns)
{
	struct timespec ts, *limit = NULL;

	(void)state;
	if (timeout_ns >= 0) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000);
		ts.tv_nsec = (long)(timeout_ns % 1000000000);
		limit = &ts;
	}
	if (syscall(FUTEX_CALL, (void *)word, FUTEX_WAIT_PRIVATE, expected,
		    limit, NULL, 0) == 0 ||
	    errno == EAGAIN || errno == EINTR)
		return 0;
	return -1;
}

void vmap_os_wake(void *state, _Atomic uint32_t *word)
{
	(void)state;
	(void)syscall(FUTEX_CALL, (void *)word, FUTEX_WAKE_PRIVATE, INT_MAX,
		      NULL, NULL, 0);
}

static int membarrier(int cmd)
{
#if HAVE_DECL_SYS_MEMBARRIER
	return syscall(SYS_membarrier, cmd, 0, 0) == 0 ? 0 : -1;
#else
	(void)cmd;
	errno = ENOSYS;
	return -1;
#endif
}

/* Registration belongs to the process (a child of fork() needs its own):
 * it is cheap to repeat, so each ring registers, and a fence refused for
 * want of it registers and tries again. */
int vmap_os_fence_init(void)
{
	return membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED);
}

int vmap_os_fence(void)
{
	if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0)
		return 0;
	if (errno != EPERM || vmap_os_fence_init() < 0)
		return -1;
	return membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
}
