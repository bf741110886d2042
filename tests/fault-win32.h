/*
 * libvmap - fault injection for the Windows test build
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Forced into every file of a copy of the library (tests/libvmap-faultw.la,
 * gcc -include): each Win32 or C runtime call by which the library gets or
 * uses a resource becomes a macro that asks fault_win32_fail() first and,
 * told to, fails as the system would (GetLastError, or errno for the
 * runtime's calls) without doing its work.  Calls that only release
 * (CloseHandle, UnmapViewOfFile, VirtualFree, _close) are left alone: the
 * suite checks that a failure leaves nothing behind.  Functions the
 * library finds with GetProcAddress (VirtualAlloc2, MapViewOfFile3,
 * PrefetchVirtualMemory) are out of reach.  (On POSIX, tests/fault.h does
 * this at link time.)
 */

#ifndef TESTS_FAULT_WIN32_H
#define TESTS_FAULT_WIN32_H

#include <config.h>

#include <errno.h>
#include <io.h>
#include <windows.h>

/* Nonzero when the call to @fn about to be made must fail
 * (tests/fault-win32.c); the Win32 error it fails with is
 * fault_win32_error(). */
int fault_win32_fail(const char *fn);
DWORD fault_win32_error(void);

#define FAULT_WIN32_(fn, args, failed)                                       \
	(fault_win32_fail(#fn) ? (SetLastError(fault_win32_error()), (failed)) \
			       : fn args)
#define FAULT_CRT_(fn, args)                                                 \
	(fault_win32_fail(#fn) ? (errno = ENOMEM, -1) : fn args)

#define CreateFileW(...)                                                     \
	FAULT_WIN32_(CreateFileW, (__VA_ARGS__), INVALID_HANDLE_VALUE)
#define CreateFileMappingW(...)                                              \
	FAULT_WIN32_(CreateFileMappingW, (__VA_ARGS__), NULL)
#define MapViewOfFile(...) FAULT_WIN32_(MapViewOfFile, (__VA_ARGS__), NULL)
#define MapViewOfFileEx(...) FAULT_WIN32_(MapViewOfFileEx, (__VA_ARGS__), NULL)
#define VirtualAlloc(...) FAULT_WIN32_(VirtualAlloc, (__VA_ARGS__), NULL)
#define VirtualProtect(...) FAULT_WIN32_(VirtualProtect, (__VA_ARGS__), FALSE)
#define VirtualLock(...) FAULT_WIN32_(VirtualLock, (__VA_ARGS__), FALSE)
#define FlushViewOfFile(...) FAULT_WIN32_(FlushViewOfFile, (__VA_ARGS__), FALSE)
#define FlushFileBuffers(...)                                                \
	FAULT_WIN32_(FlushFileBuffers, (__VA_ARGS__), FALSE)
#define SetFileInformationByHandle(...)                                      \
	FAULT_WIN32_(SetFileInformationByHandle, (__VA_ARGS__), FALSE)
#define GetFileInformationByHandle(...)                                      \
	FAULT_WIN32_(GetFileInformationByHandle, (__VA_ARGS__), FALSE)
#define MultiByteToWideChar(...)                                             \
	FAULT_WIN32_(MultiByteToWideChar, (__VA_ARGS__), 0)
#define ReadProcessMemory(...)                                               \
	FAULT_WIN32_(ReadProcessMemory, (__VA_ARGS__), FALSE)
#define _open_osfhandle(...) FAULT_CRT_(_open_osfhandle, (__VA_ARGS__))
#define _read(...) FAULT_CRT_(_read, (__VA_ARGS__))
#define _write(...) FAULT_CRT_(_write, (__VA_ARGS__))

#endif /* TESTS_FAULT_WIN32_H */
