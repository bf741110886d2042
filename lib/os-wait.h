/*
 * libvmap - sleeping until a word changes, and waking the sleeper
 * SPDX-License-Identifier: MIT
 *
 * The seam through which lib/spsc.c blocks.  One implementation is built:
 * lib/os-wait-futex.c where the system has futexes, lib/os-wait-win32.c
 * on Windows (WaitOnAddress, and its own clock), else
 * lib/os-wait-pthread.c (a mutex and condition variable).  The clock the
 * POSIX ones measure timeouts on lives in lib/os-wait.c; the fence stubs
 * of all but the futex one in lib/os-fence-none.c.
 */

#ifndef VMAP_OS_WAIT_H
#define VMAP_OS_WAIT_H

#include <stdatomic.h>
#include <stdint.h>

/* The waiting state of one object, shared by the words it waits on:
 * *state is NULL where none is needed.  Fails with ENOMEM (or the error
 * of the system's primitives); vmap_os_wait_destroy(NULL) does nothing. */
int vmap_os_wait_init(void **state);
void vmap_os_wait_destroy(void *state);

/* Sleeps while *word equals expected, for at most timeout_ns (< 0: no
 * limit).  Returns 0 when woken, when the word differed, or early (a
 * signal, a spurious wake-up): the caller looks again.  Returns -1 with
 * ETIMEDOUT when the time ran out, or with the system's error when it
 * refuses to sleep. */
int vmap_os_wait(void *state, _Atomic uint32_t *word, uint32_t expected,
		 int64_t timeout_ns);

/* Wakes every thread sleeping on word; the caller changes *word first. */
void vmap_os_wake(void *state, _Atomic uint32_t *word);

/* An asymmetric fence, where the system has one (Linux membarrier):
 * vmap_os_fence() makes every running thread of the process execute a full
 * memory barrier.  A thread that stores and then loads, with only a
 * compiler barrier in between, is then ordered against the caller as if it
 * had used a full barrier itself.  vmap_os_fence_init() returns 0 when
 * vmap_os_fence() works, else -1 with errno set (lib/os-fence-none.c
 * always fails, with ENOSYS). */
int vmap_os_fence_init(void);
int vmap_os_fence(void);

/* os-wait.c: nanoseconds on a monotonic clock. */
int64_t vmap_os_clock_ns(void);

#endif /* VMAP_OS_WAIT_H */
