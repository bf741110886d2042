/*
 * libvmap - the switch behind tests/fault-win32.h
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <stdbool.h>
#include <string.h>
#include <windows.h>

#include "fault-win32.h"
#include "fault-win32-ctl.h"

static const char *only;
static long seen, nth;
static bool onward;
static DWORD error;
static int hits;

void fault_win32_arm(const char *only_fn, long n, bool from_then_on,
		     DWORD win_error)
{
	only = only_fn;
	seen = 0;
	nth = n;
	onward = from_then_on;
	error = win_error;
	hits = 0;
}

int fault_win32_disarm(void)
{
	nth = 0;
	return hits;
}

int fault_win32_fail(const char *fn)
{
	if (nth == 0 || (only && strcmp(fn, only) != 0))
		return 0;
	seen++;
	if (seen == nth || (onward && seen > nth)) {
		hits++;
		return 1;
	}
	return 0;
}

DWORD fault_win32_error(void)
{
	return error;
}
