/*
 * libvmap - the clock of the waits' timeouts
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <time.h>

#include "os-wait.h"

int64_t vmap_os_clock_ns(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer. */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
