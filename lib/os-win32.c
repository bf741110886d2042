/*
 * libvmap - Windows implementation of the OS seam (lib/os.h)
 * SPDX-License-Identifier: MIT
 *
 * Descriptors are the C runtime's; each call takes the handle under one.
 * A mapping is a view of a section: the section handle is closed as soon
 * as the view exists, because the view alone keeps it alive, so a mapping
 * costs the caller nothing more to release than on POSIX.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "os.h"
#include "os-win32.h"
#include "internal.h"

static const struct {
	DWORD win;
	int err;
} errno_table[] = {
	{ ERROR_FILE_NOT_FOUND, ENOENT },
	{ ERROR_PATH_NOT_FOUND, ENOENT },
	{ ERROR_INVALID_NAME, ENOENT },
	{ ERROR_TOO_MANY_OPEN_FILES, EMFILE },
	{ ERROR_ACCESS_DENIED, EACCES },
	{ ERROR_SHARING_VIOLATION, EACCES },
	{ ERROR_LOCK_VIOLATION, EACCES },
	{ ERROR_INVALID_HANDLE, EBADF },
	{ ERROR_NOT_ENOUGH_MEMORY, ENOMEM },
	{ ERROR_OUTOFMEMORY, ENOMEM },
	{ ERROR_COMMITMENT_LIMIT, ENOMEM },
	{ ERROR_WORKING_SET_QUOTA, ENOMEM },
	{ ERROR_NOT_ENOUGH_QUOTA, ENOMEM },
	{ ERROR_INVALID_ADDRESS, ENOMEM },
	{ ERROR_FILE_EXISTS, EEXIST },
	{ ERROR_ALREADY_EXISTS, EEXIST },
	{ ERROR_DISK_FULL, ENOSPC },
	{ ERROR_HANDLE_DISK_FULL, ENOSPC },
	{ ERROR_INVALID_PARAMETER, EINVAL },
	{ ERROR_FILE_INVALID, EINVAL },
	{ ERROR_NOACCESS, EFAULT },
	{ ERROR_PARTIAL_COPY, EFAULT },
	{ ERROR_CALL_NOT_IMPLEMENTED, ENOSYS },
	{ ERROR_PROC_NOT_FOUND, ENOSYS },
	{ ERROR_NOT_SUPPORTED, ENOTSUP },
	/* A mapped file cannot be shrunk below its views. */
	{ ERROR_USER_MAPPED_FILE, EBUSY },
	{ ERROR_FILENAME_EXCED_RANGE, ENAMETOOLONG },
	{ ERROR_DIRECTORY, ENOTDIR },
};

int vmap_win32_fail(void)
{
	DWORD win = GetLastError();
	size_t i;

	for (i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++)
		if (errno_table[i].win == win)
			return vmap_fail(errno_table[i].err);
	return vmap_fail(EIO);
}

void *vmap_win32_fail_null(void)
{
	(void)vmap_win32_fail();
	return NULL;
}

HANDLE vmap_win32_handle(int fd)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);

	if (h == INVALID_HANDLE_VALUE)
		errno = EBADF;
	return h;
}

static DWORD high_word(uint64_t n)
{
	return (DWORD)(n >> 32);
}

static DWORD low_word(uint64_t n)
{
	return (DWORD)(n & 0xffffffffu);
}

static DWORD page_protection(unsigned int access)
{
	bool write = access & VMAP_WRITE, copy = access & VMAP_COPY;

	/* A private map made read-only is plain read-only. */
	if (access & VMAP_EXEC)
		return !write ? PAGE_EXECUTE_READ
		       : copy ? PAGE_EXECUTE_WRITECOPY
			      : PAGE_EXECUTE_READWRITE;
	return !write ? PAGE_READONLY : copy ? PAGE_WRITECOPY : PAGE_READWRITE;
}

/* Whether writes through a mapping with this access reach its file. */
static bool writes_file(unsigned int access)
{
	return (access & VMAP_WRITE) && !(access & VMAP_COPY);
}

HANDLE vmap_win32_anon_section(size_t len, BOOL exec)
{
	HANDLE s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL,
				      page_protection(exec ? VMAP_WRITE | VMAP_EXEC
							   : VMAP_WRITE),
				      high_word(len), low_word(len), NULL);

	return s ? s : vmap_win32_fail_null();
}

static SYSTEM_INFO system_info(void)
{
	SYSTEM_INFO si;

	GetSystemInfo(&si);
	return si;
}

size_t vmap_os_page_size(void)
{
	return system_info().dwPageSize;
}

/* Views start at multiples of this (64 KiB on every Windows so far). */
size_t vmap_os_allocation_size(void)
{
	return system_info().dwAllocationGranularity;
}

/* Paths are UTF-8, the only encoding that names every file. */
static wchar_t *wide_path(const char *path)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1,
				    NULL, 0);
	wchar_t *w;

	if (n <= 0)
		return vmap_win32_fail_null();
	w = malloc((size_t)n * sizeof(*w));
	if (!w)
		return NULL;
	if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, w,
				n) <= 0) {
		free(w);
		return vmap_win32_fail_null();
	}
	return w;
}

static DWORD disposition_of(unsigned int flags)
{
	if (flags & VMAP_CREATE_NEW)
		return CREATE_NEW;
	if (flags & VMAP_CREATE)
		return (flags & VMAP_TRUNCATE) ? CREATE_ALWAYS : OPEN_ALWAYS;
	return (flags & VMAP_TRUNCATE) ? TRUNCATE_EXISTING : OPEN_EXISTING;
}

/* The handle is not inheritable, Windows' close-on-exec.  Sharing every
 * way lets others open, rename and delete the file as on POSIX.  Execute
 * access is asked only for VMAP_EXEC, which needs it to map code. */
static HANDLE create_file(const wchar_t *path, unsigned int flags,
			  unsigned int mode)
{
	DWORD access = GENERIC_READ, attrs = FILE_ATTRIBUTE_NORMAL;

	if (flags & VMAP_WRITE)
		access |= GENERIC_WRITE;
	if (flags & VMAP_EXEC)
		access |= GENERIC_EXECUTE;
	/* Of the mode only the owner's write bit has a Windows meaning. */
	if (!(mode & 0200))
		attrs = FILE_ATTRIBUTE_READONLY;
	return CreateFileW(path, access,
			   FILE_SHARE_READ | FILE_SHARE_WRITE |
				   FILE_SHARE_DELETE,
			   NULL, disposition_of(flags), attrs, NULL);
}

/* CreateFile() refuses a directory as "access denied"; POSIX opens it,
 * and the library then finds it is no regular file (ENODEV), or refuses
 * to write to it (EISDIR).  The same answers here. */
static int open_failed(const wchar_t *path, unsigned int flags)
{
	DWORD attrs;

	if (GetLastError() != ERROR_ACCESS_DENIED)
		return vmap_win32_fail();
	attrs = GetFileAttributesW(path);
	if (attrs != INVALID_FILE_ATTRIBUTES &&
	    (attrs & FILE_ATTRIBUTE_DIRECTORY))
		return vmap_fail((flags & VMAP_WRITE) ? EISDIR : ENODEV);
	return vmap_fail(EACCES);
}

/* The descriptor over a fresh handle.  If the runtime has no slot left,
 * the handle goes, and so does the file when CREATE_NEW proved it ours
 * (Win32 calls leave the runtime's errno alone). */
static int descriptor_of(HANDLE h, const wchar_t *path, unsigned int flags)
{
	int fd = _open_osfhandle((intptr_t)h,
				 (flags & VMAP_WRITE) ? 0 : _O_RDONLY);

	if (fd < 0) {
		(void)CloseHandle(h);
		if (flags & VMAP_CREATE_NEW)
			(void)DeleteFileW(path);
	}
	return fd;
}

int vmap_os_open(const char *path, unsigned int flags, unsigned int mode)
{
	wchar_t *w = wide_path(path);
	HANDLE h;
	int fd;

	if (!w)
		return -1;
	h = create_file(w, flags, mode);
	fd = h == INVALID_HANDLE_VALUE ? open_failed(w, flags)
				       : descriptor_of(h, w, flags);
	free(w);
	return fd;
}

int vmap_os_close(int fd)
{
	return _close(fd);
}

int vmap_os_unlink(const char *path)
{
	wchar_t *w = wide_path(path);
	BOOL ok;

	if (!w)
		return -1;
	ok = DeleteFileW(w);
	free(w);
	return ok ? 0 : vmap_win32_fail();
}

int vmap_os_file_size(int fd, uint64_t *size)
{
	HANDLE h = vmap_win32_handle(fd);
	BY_HANDLE_FILE_INFORMATION info;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	/* Pipes, consoles and directories have no size to map. */
	if (GetFileType(h) != FILE_TYPE_DISK)
		return vmap_fail(ENODEV);
	if (!GetFileInformationByHandle(h, &info))
		return vmap_win32_fail();
	if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
		return vmap_fail(ENODEV);
	*size = (uint64_t)info.nFileSizeHigh << 32 | info.nFileSizeLow;
	return 0;
}

/* Sets the end of file without moving the descriptor's position. */
int vmap_os_resize(int fd, uint64_t size)
{
	HANDLE h = vmap_win32_handle(fd);
	FILE_END_OF_FILE_INFO eof;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	if (size > (uint64_t)INT64_MAX)
		return vmap_fail(EOVERFLOW);
	eof.EndOfFile.QuadPart = (LONGLONG)size;
	if (!SetFileInformationByHandle(h, FileEndOfFileInfo, &eof,
					sizeof(eof)))
		return vmap_win32_fail();
	return 0;
}

static DWORD view_access(unsigned int access)
{
	DWORD a = FILE_MAP_READ;

	if (access & VMAP_COPY)
		a = FILE_MAP_COPY;
	else if (access & VMAP_WRITE)
		a |= FILE_MAP_WRITE;
	if (access & VMAP_EXEC)
		a |= FILE_MAP_EXECUTE;
	return a;
}

/* A section over the whole file.  It is made writable whenever the handle
 * allows, whatever the view asks for, so that vmap_make_writable() can
 * later raise the view's protection; a handle that cannot write gets a
 * read-only section (which a private copy can still use) at the cost of
 * one refused call.  *writable tells which it got. */
static HANDLE file_section(HANDLE file, unsigned int access, bool *writable)
{
	unsigned int exec = access & VMAP_EXEC;
	HANDLE s = CreateFileMappingW(file, NULL,
				      page_protection(exec | VMAP_WRITE), 0, 0,
				      NULL);

	*writable = s != NULL;
	if (!s && GetLastError() == ERROR_ACCESS_DENIED && !writes_file(access))
		s = CreateFileMappingW(file, NULL, page_protection(exec), 0, 0,
				       NULL);
	return s ? s : vmap_win32_fail_null();
}

/* A view never gets more than the access it was mapped with, whatever
 * VirtualProtect() is asked later: a read-only view of a writable section
 * is mapped writable and then lowered, one call more than POSIX. */
static void *map_view(HANDLE section, bool writable, size_t len,
		      unsigned int access, uint64_t offset)
{
	bool lower = writable && !(access & VMAP_WRITE);
	void *view = MapViewOfFile(section,
				   view_access(lower ? access | VMAP_WRITE
						     : access),
				   high_word(offset), low_word(offset), len);
	DWORD old;

	if (!view)
		return vmap_win32_fail_null();
	if (!lower || VirtualProtect(view, len, page_protection(access), &old))
		return view;
	(void)vmap_win32_fail();
	(void)UnmapViewOfFile(view);
	return NULL;
}

void *vmap_os_map(size_t len, unsigned int access, int fd, uint64_t offset)
{
	bool writable = true;
	HANDLE file, section;
	void *view;

	if (fd < 0) {
		section = vmap_win32_anon_section(len, (access & VMAP_EXEC) != 0);
	} else {
		file = vmap_win32_handle(fd);
		if (file == INVALID_HANDLE_VALUE)
			return NULL;
		section = file_section(file, access, &writable);
	}
	if (!section)
		return NULL;
	view = map_view(section, writable, len, access, offset);
	/* The view keeps the section alive on its own. */
	(void)CloseHandle(section);
	return view;
}

/* Views go whole: len is implied by base. */
int vmap_os_unmap(void *base, size_t len)
{
	(void)len;
	return UnmapViewOfFile(base) ? 0 : vmap_win32_fail();
}

/* Windows cannot resize a view: vmap_remap() maps anew. */
void *vmap_os_remap(void *base, size_t old_len, size_t new_len)
{
	(void)base;
	(void)old_len;
	(void)new_len;
	errno = ENOSYS;
	return NULL;
}

/* Whether the view at base was mapped so that writes reach its file. */
static bool view_writes(void *base)
{
	MEMORY_BASIC_INFORMATION mi;
	DWORD prot;

	if (VirtualQuery(base, &mi, sizeof(mi)) != sizeof(mi))
		return false;
	prot = mi.AllocationProtect & 0xff;
	return prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE;
}

int vmap_os_protect(void *base, size_t len, unsigned int access)
{
	DWORD old;

	if (VirtualProtect(base, len, page_protection(access), &old))
		return 0;
	/* A view of a handle that cannot write: EACCES, as mprotect() says
	 * for a descriptor not open for writing. */
	if (writes_file(access) && !view_writes(base))
		return vmap_fail(EACCES);
	return vmap_win32_fail();
}

/* FlushViewOfFile only starts writing the pages back; the file's own
 * buffers reach the disk with FlushFileBuffers, hence the descriptor. */
int vmap_os_flush(void *base, size_t len, int fd, enum vmap_flush_mode mode)
{
	HANDLE h;

	if (!FlushViewOfFile(base, len))
		return vmap_win32_fail();
	if (mode == VMAP_FLUSH_ASYNC || fd < 0)
		return 0;
	h = vmap_win32_handle(fd);
	if (h == INVALID_HANDLE_VALUE)
		return -1;
	/* A handle that cannot write (FlushFileBuffers wants write access)
	 * cannot have made a view that writes to the file either: there is
	 * nothing of this mapping's to make durable, as msync() finds. */
	if (FlushFileBuffers(h) || GetLastError() == ERROR_ACCESS_DENIED)
		return 0;
	return vmap_win32_fail();
}

typedef BOOL(WINAPI *prefetch_fn)(HANDLE, ULONG_PTR, PWIN32_MEMORY_RANGE_ENTRY,
				  ULONG);

/* Looked up at run time: PrefetchVirtualMemory came with Windows 8. */
static prefetch_fn prefetch_function(void)
{
	HMODULE k = GetModuleHandleW(L"kernel32.dll");

	return k ? (prefetch_fn)(void (*)(void))GetProcAddress(
			   k, "PrefetchVirtualMemory")
		 : NULL;
}

/* Windows takes only one of the five hints; the others are advice it has
 * no call for, accepted as POSIX allows. */
int vmap_os_advise(void *base, size_t len, enum vmap_advice advice)
{
	WIN32_MEMORY_RANGE_ENTRY range = { base, len };
	prefetch_fn prefetch;

	if (advice != VMAP_ADVISE_WILLNEED)
		return 0;
	prefetch = prefetch_function();
	if (!prefetch)
		return 0;
	return prefetch(GetCurrentProcess(), 1, &range, 0) ? 0
							    : vmap_win32_fail();
}

int vmap_os_lock(void *base, size_t len)
{
	return VirtualLock(base, len) ? 0 : vmap_win32_fail();
}

/* munlock() of memory that is not locked succeeds; so does this. */
int vmap_os_unlock(void *base, size_t len)
{
	if (VirtualUnlock(base, len) || GetLastError() == ERROR_NOT_LOCKED)
		return 0;
	return vmap_win32_fail();
}

/* Windows has no fork(). */
int vmap_os_fork_policy(void *base, size_t len, enum vmap_fork policy)
{
	(void)base;
	(void)len;
	(void)policy;
	errno = ENOTSUP;
	return -1;
}

/* The runtime counts in unsigned int; a longer request is a short one. */
static unsigned int io_count(size_t len)
{
	return len > INT_MAX ? INT_MAX : (unsigned int)len;
}

ssize_t vmap_os_read(int fd, void *buf, size_t len)
{
	return _read(fd, buf, io_count(len));
}

/* The runtime knows no EPIPE: a pipe whose reader is gone fails with
 * ERROR_NO_DATA (ERROR_BROKEN_PIPE), which it reports as EINVAL. */
ssize_t vmap_os_write(int fd, const void *buf, size_t len)
{
	int n = _write(fd, buf, io_count(len));

	if (n < 0 && (_doserrno == ERROR_NO_DATA ||
		      _doserrno == ERROR_BROKEN_PIPE))
		errno = EPIPE;
	return n;
}
