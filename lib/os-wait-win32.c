/*
 * libvmap - waiting on a word with WaitOnAddress (Windows 8 and later)
 * SPDX-License-Identifier: MIT
 *
 * Windows' counterpart of the futex: no state per object, and a wake-up
 * reaches every thread waiting on the address.
 */

#include <config.h>

#include <errno.h>
#include <windows.h>

#include "os-wait.h"
#include "os-win32.h"

int vmap_os_wait_init(void **state)
{
	*state = NULL;
	return 0;
}

void vmap_os_wait_destroy(void *state)
{
	(void)state;
}

/* Whole milliseconds, rounded up so a short wait never becomes a poll;
 * INFINITE itself is never asked for by a finite timeout. */
static DWORD wait_ms(int64_t timeout_ns)
{
	int64_t ms;

	if (timeout_ns < 0)
		return INFINITE;
	ms = (timeout_ns + 999999) / 1000000;
	return ms >= (int64_t)INFINITE ? INFINITE - 1 : (DWORD)ms;
}

int vmap_os_wait(void *state, _Atomic uint32_t *word, uint32_t expected,
		 int64_t timeout_ns)
{
	(void)state;
	if (WaitOnAddress((volatile void *)word, &expected, sizeof(expected),
			  wait_ms(timeout_ns)))
		return 0;
	if (GetLastError() == ERROR_TIMEOUT) {
		errno = ETIMEDOUT;
		return -1;
	}
	return vmap_win32_fail();
}

void vmap_os_wake(void *state, _Atomic uint32_t *word)
{
	(void)state;
	WakeByAddressAll((void *)word);
}

/* Both calls are cheap reads of shared data and never fail on Windows XP
 * or later. */
int64_t vmap_os_clock_ns(void)
{
	LARGE_INTEGER freq, now;

	(void)QueryPerformanceFrequency(&freq);
	(void)QueryPerformanceCounter(&now);
	return (int64_t)(now.QuadPart / freq.QuadPart * 1000000000 +
			 now.QuadPart % freq.QuadPart * 1000000000 /
				 freq.QuadPart);
}
