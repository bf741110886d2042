/*
 * libvmap - the test helpers that differ between POSIX and Windows: this
 * file is Windows' (tests/helpers-posix.c is POSIX's)
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helpers.h"
#include "helpers-os.h"

const char *th_os_tmp_base(void)
{
	static char base[MAX_PATH + 1];
	DWORD n = GetTempPathA(sizeof(base), base);

	if (n == 0 || n >= sizeof(base))
		return ".";
	if (base[n - 1] == '\\' || base[n - 1] == '/')
		base[n - 1] = '\0';
	return base;
}

char *th_os_mkdtemp(char *tmpl)
{
	size_t len = strlen(tmpl);
	char *x = tmpl + len - 6;
	unsigned int tries;

	if (len < 6 || strcmp(x, "XXXXXX") != 0) {
		errno = EINVAL;
		return NULL;
	}
	for (tries = 0; tries < 1000; tries++) {
		snprintf(x, 7, "%06x",
			 (GetTickCount() ^ (unsigned int)_getpid() * 2654435761u ^
			  tries * 40503u) & 0xffffff);
		if (_mkdir(tmpl) == 0)
			return tmpl;
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

int th_os_mkdir(const char *path)
{
	return _mkdir(path);
}

long th_os_pid(void)
{
	return (long)_getpid();
}

/* Open while the C runtime has a handle under it. */
int th_fd_is_open(int fd)
{
	return _get_osfhandle(fd) != -1;
}

/* Files a test made read-only would refuse to go. */
static void th_rm_entry(const char *path, const WIN32_FIND_DATAA *d)
{
	if (d->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
		th_rm_tree(path);
		return;
	}
	(void)SetFileAttributesA(path, FILE_ATTRIBUTE_NORMAL);
	(void)DeleteFileA(path);
}

void th_rm_tree(const char *path)
{
	char pattern[MAX_PATH], child[MAX_PATH];
	WIN32_FIND_DATAA d;
	HANDLE h;

	if (snprintf(pattern, sizeof(pattern), "%s\\*", path) >=
	    (int)sizeof(pattern))
		return;
	h = FindFirstFileA(pattern, &d);
	if (h != INVALID_HANDLE_VALUE) {
		do {
			if (strcmp(d.cFileName, ".") == 0 ||
			    strcmp(d.cFileName, "..") == 0)
				continue;
			if (snprintf(child, sizeof(child), "%s\\%s", path,
				     d.cFileName) < (int)sizeof(child))
				th_rm_entry(child, &d);
		} while (FindNextFileA(h, &d));
		FindClose(h);
	}
	(void)RemoveDirectoryA(path);
}

/*
 * Every descriptor holds a handle, and so does every section the library
 * might leave open: the process's open handles catch both.  Neither
 * GetProcessHandleCount (always 0) nor the system's handle table (its
 * listing crashes Wine 8's server while another process starts) works
 * under Wine, so the handle values are probed.  Windows and Wine hand out
 * the lowest free value, multiples of 4, so the open ones sit densely at
 * the bottom: the probe stops after TH_HANDLE_GAP free values in a row.
 */
#define TH_HANDLE_GAP 256

int th_count_fds(void)
{
	uintptr_t v, free_run = 0;
	DWORD flags;
	int count = 0;

	for (v = 4; free_run < TH_HANDLE_GAP; v += 4) {
		if (GetHandleInformation((HANDLE)v, &flags)) {
			count++;
			free_run = 0;
		} else {
			free_run++;
		}
	}
	return count;
}

/* Views of sections, each counted once (at its allocation base).  The C
 * runtime's heap grows by private memory at any moment, which is left
 * out as the POSIX helper leaves out what sanitizers map. */
int th_count_maps(void)
{
	MEMORY_BASIC_INFORMATION mi;
	const char *p = NULL;
	int count = 0;

	while (VirtualQuery(p, &mi, sizeof(mi)) == sizeof(mi)) {
		if (mi.State != MEM_FREE && mi.Type == MEM_MAPPED &&
		    mi.BaseAddress == mi.AllocationBase)
			count++;
		p = (const char *)mi.BaseAddress + mi.RegionSize;
	}
	return count;
}

/* The protection as /proc/self/maps would spell it: "s" for a view of a
 * section that writes reach, "p" for private and copy-on-write memory. */
int th_maps_perms(const void *addr, char perms[5])
{
	MEMORY_BASIC_INFORMATION mi;
	DWORD prot;
	bool copy;

	if (VirtualQuery(addr, &mi, sizeof(mi)) != sizeof(mi) ||
	    mi.State != MEM_COMMIT)
		return -1;
	prot = mi.Protect & 0xff;
	copy = prot == PAGE_WRITECOPY || prot == PAGE_EXECUTE_WRITECOPY;
	perms[0] = prot == PAGE_NOACCESS ? '-' : 'r';
	perms[1] = (prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE ||
		    copy)
			   ? 'w'
			   : '-';
	perms[2] = (prot & (PAGE_EXECUTE | PAGE_EXECUTE_READ |
			    PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY))
			   ? 'x'
			   : '-';
	perms[3] = mi.Type == MEM_MAPPED && !copy ? 's' : 'p';
	perms[4] = '\0';
	return 0;
}

/*
 * No fork(): the fault is caught in this process.  A vectored handler
 * sends the faulting thread, on its own stack, into a function that jumps
 * back to th_faults(); __builtin_longjmp restores the stack and frame
 * without unwinding through the handler's frames.
 */
static void *th_fault_jump[5];
static volatile LONG th_fault_armed;

static void th_fault_escape(void)
{
	__builtin_longjmp(th_fault_jump, 1);
}

static LONG CALLBACK th_on_fault(EXCEPTION_POINTERS *e)
{
	DWORD code = e->ExceptionRecord->ExceptionCode;
	CONTEXT *c = e->ContextRecord;

	if (!th_fault_armed || (code != EXCEPTION_ACCESS_VIOLATION &&
				code != EXCEPTION_IN_PAGE_ERROR))
		return EXCEPTION_CONTINUE_SEARCH;
	th_fault_armed = 0;
	/* As if called: aligned as at a function's entry, below anything
	 * the faulting code kept under its stack pointer. */
	c->Rsp = ((c->Rsp - 256) & ~(DWORD64)15) - 8;
	c->Rip = (DWORD64)(uintptr_t)th_fault_escape;
	return EXCEPTION_CONTINUE_EXECUTION;
}

int th_faults(void (*fn)(void *), void *arg)
{
	PVOID handler = AddVectoredExceptionHandler(1, th_on_fault);
	volatile int faulted = 0;

	ck_assert_msg(handler != NULL, "AddVectoredExceptionHandler failed");
	if (__builtin_setjmp(th_fault_jump) == 0) {
		th_fault_armed = 1;
		fn(arg);
		th_fault_armed = 0;
	} else {
		faulted = 1;
	}
	RemoveVectoredExceptionHandler(handler);
	return faulted;
}

/* A pipe's size is fixed when it is made: make it hold @room. */
void th_pipe(int p[2], int flags, size_t room)
{
	size_t size = room + vmap_page_size();

	ck_assert_msg(flags == 0, "pipe flags 0x%x: Windows has none", flags);
	ck_assert_msg(size <= 0x7fffffff, "pipe of %zu bytes", room);
	ck_assert_msg(_pipe(p, (unsigned int)size, _O_BINARY | _O_NOINHERIT) ==
			      0,
		      "_pipe: %s", strerror(errno));
}

/* PIPE_NOWAIT is Windows' O_NONBLOCK for a pipe, but Wine's takes none of
 * a write larger than the room left: a write that takes nothing is tried
 * again at half the size, down to one byte, before the pipe counts as
 * full. */
size_t th_pipe_offer(int fd, const void *buf, size_t n)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	DWORD nowait = PIPE_NOWAIT, wait = PIPE_WAIT, k, chunk = 65536;
	const char *p = buf;
	size_t done = 0;

	ck_assert_msg(SetNamedPipeHandleState(h, &nowait, NULL, NULL),
		      "PIPE_NOWAIT: error %lu", GetLastError());
	while (done < n && chunk > 0) {
		if (chunk > n - done)
			chunk = (DWORD)(n - done);
		ck_assert_msg(WriteFile(h, p + done, chunk, &k, NULL),
			      "WriteFile(pipe): error %lu", GetLastError());
		if (k == 0)
			chunk /= 2;
		done += k;
	}
	ck_assert_msg(SetNamedPipeHandleState(h, &wait, NULL, NULL),
		      "PIPE_WAIT: error %lu", GetLastError());
	return done;
}
