/*
 * libvmap - how tests/test-faults-win32 steers tests/fault-win32.h
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#ifndef TESTS_FAULT_WIN32_CTL_H
#define TESTS_FAULT_WIN32_CTL_H

#include <stdbool.h>
#include <windows.h>

/* From now on, the @n-th wrapped call (1 for the next one) fails, and with
 * @from_then_on every later one too, with the Win32 error @win_error (the
 * C runtime's calls: errno ENOMEM).  With @only, only calls to the
 * function of that name count and fail. */
void fault_win32_arm(const char *only, long n, bool from_then_on,
		     DWORD win_error);
/* Lets every call through again; returns how many were made to fail. */
int fault_win32_disarm(void);

#endif /* TESTS_FAULT_WIN32_CTL_H */
