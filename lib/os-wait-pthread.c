/*
 * libvmap - waiting on a mutex and condition variable (POSIX threads)
 * SPDX-License-Identifier: MIT
 *
 * The portable fallback where there is no futex.  One mutex and condition
 * variable serve every word of an object; only threads that sleep, and
 * those that wake them, touch them.  The waker changes the word before it
 * takes the mutex, and the sleeper compares it under the mutex, so no
 * wake-up is lost.
 */

#include <config.h>

#include "os-wait.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

/* A condition variable measures timeouts on CLOCK_REALTIME unless it can
 * be told to use the monotonic clock. */
#ifdef HAVE_PTHREAD_CONDATTR_SETCLOCK
#define COND_CLOCK CLOCK_MONOTONIC
#else
#define COND_CLOCK CLOCK_REALTIME
#endif

struct waitq {
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static int cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	int err = pthread_condattr_init(&attr);

	if (err)
		return err;
#ifdef HAVE_PTHREAD_CONDATTR_SETCLOCK
	err = pthread_condattr_setclock(&attr, COND_CLOCK);
#endif
	if (!err)
		err = pthread_cond_init(cond, &attr);
	(void)pthread_condattr_destroy(&attr);
	return err;
}

int vmap_os_wait_init(void **state)
{
	struct waitq *q = malloc(sizeof(*q));
	int err;

	if (!q)
		return -1;
	err = pthread_mutex_init(&q->lock, NULL);
	if (!err) {
		err = cond_init(&q->changed);
		if (err)
			(void)pthread_mutex_destroy(&q->lock);
	}
	if (err) {
		free(q);
		errno = err;
		return -1;
	}
	*state = q;
	return 0;
}

void vmap_os_wait_destroy(void *state)
{
	struct waitq *q = state;

	if (!q)
		return;
	(void)pthread_cond_destroy(&q->changed);
	(void)pthread_mutex_destroy(&q->lock);
	free(q);
}

int vmap_os_wait(void *state, _Atomic uint32_t *word, uint32_t expected,
		 int64_t timeout_ns)
{
	struct waitq *q = state;
	struct timespec at;
	int err = 0;

	if (timeout_ns >= 0) {
		int64_t ns;

		(void)clock_gettime(COND_CLOCK, &at);
		ns = at.tv_nsec + timeout_ns;
		at.tv_sec += (time_t)(ns / 1000000000);
		at.tv_nsec = (long)(ns % 1000000000);
	}
	(void)pthread_mutex_lock(&q->lock);
	if (atomic_load(word) == expected)
		err = timeout_ns < 0
			      ? pthread_cond_wait(&q->changed, &q->lock)
			      : pthread_cond_timedwait(&q->changed, &q->lock,
						       &at);
	(void)pthread_mutex_unlock(&q->lock);
	if (err == 0)
		return 0;
	errno = err;
	return -1;
}

void vmap_os_wake(void *state, _Atomic uint32_t *word)
{
	struct waitq *q = state;

	(void)word;
	(void)pthread_mutex_lock(&q->lock);
	(void)pthread_cond_broadcast(&q->changed);
	(void)pthread_mutex_unlock(&q->lock);
}
