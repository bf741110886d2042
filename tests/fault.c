/*
 * libvmap - fault injection for the test build (see tests/fault.h)
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/futex.h>
#endif

#include "fault.h"

#define MAX_SITES 256

/* A swallowed failure's work, to redo for the test (fault_undo). */
struct undo {
	unsigned int index;
	void *addr;
	size_t len;
	char path[PATH_MAX];
};

struct state {
	int armed;
	unsigned int ncalls;
	struct fault_plan plan;
	struct fault_call calls[FAULT_MAX_CALLS];
	struct undo undo[FAULT_MAX_DEPTH];
	int nundo;
	unsigned int nsites;
	struct {
		enum fault_sym sym;
		const void *site;
	} sites[MAX_SITES];
	struct fault_stats stats;
	char message[FAULT_MSG_MAX];
};

static struct state *st;

/* The errnos each call can really return, picked by its arguments. */
static const int e_open[] = { EACCES, EMFILE, ENFILE, ENOENT, EINTR, 0 };
static const int e_open_creat[] = { EACCES, EMFILE, ENFILE, ENOENT, EINTR,
				    ENOSPC, EROFS, 0 };
static const int e_open_excl[] = { EACCES, EMFILE, ENFILE, ENOENT, EINTR,
				   ENOSPC, EROFS, EEXIST, 0 };
static const int e_close[] = { EIO, EINTR, 0 };
static const int e_unlink[] = { EACCES, EBUSY, EIO, 0 };
static const int e_fstat[] = { EIO, EOVERFLOW, 0 };
static const int e_ftruncate[] = { EFBIG, EIO, EINTR, EPERM, 0 };
static const int e_mmap_anon[] = { ENOMEM, EAGAIN, EPERM, 0 };
static const int e_mmap_fd[] = { ENOMEM, EAGAIN, EPERM, EACCES, ENODEV, 0 };
#ifdef MAP_FIXED_NOREPLACE
static const int e_mmap_noreplace[] = { ENOMEM, EAGAIN, EPERM, EACCES,
					ENODEV, EEXIST, FAULT_MOVED, 0 };
#endif
static const int e_munmap[] = { EINVAL, ENOMEM, 0 };
static const int e_mremap[] = { ENOMEM, EINVAL, EFAULT, ENOSYS, 0 };
static const int e_mprotect[] = { EACCES, ENOMEM, 0 };
static const int e_msync[] = { EIO, ENOMEM, 0 };
static const int e_posix_madvise[] = { EINVAL, ENOMEM, 0 };
static const int e_madvise[] = { EINVAL, ENOMEM, EAGAIN, 0 };
static const int e_mlock[] = { ENOMEM, EPERM, EAGAIN, 0 };
static const int e_munlock[] = { ENOMEM, EPERM, 0 };
static const int e_read[] = { EIO, EINTR, EAGAIN, 0 };
static const int e_write[] = { EIO, EINTR, EAGAIN, EPIPE, ENOSPC, 0 };
static const int e_memfd_create[] = { EMFILE, ENFILE, ENOMEM, ENOSYS, EPERM,
				      0 };
static const int e_shm_open[] = { EACCES, EMFILE, ENOENT, EEXIST, ENOSYS, 0 };
static const int e_shm_unlink[] = { EACCES, ENOENT, 0 };
static const int e_mkostemp[] = { EACCES, EMFILE, ENOSPC, EROFS, EEXIST, 0 };
static const int e_getentropy[] = { ENOSYS, EIO, 0 };
static const int e_sigaction[] = { EINVAL, EPERM, 0 };
static const int e_syscall[] = { ENOSYS, 0 };
static const int e_futex_wait[] = { EINTR, EAGAIN, ETIMEDOUT, ENOSYS, EPERM,
				    0 };
static const int e_futex_wake[] = { EINVAL, EFAULT, ENOSYS, 0 };
static const int e_membarrier[] = { ENOSYS, EINVAL, EPERM, 0 };
static const int e_malloc[] = { ENOMEM, 0 };

/* glibc's headers turn open() into open64() and so on where off_t is made
 * 64 bits wide on a 32-bit system: the library then calls the twins. */
#if defined(__GLIBC__) && defined(__USE_FILE_OFFSET64)
#define LFS(name) name##64
#define LFS_TWINS 1
#else
#define LFS(name) name
#define LFS_TWINS 0
#endif
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define REAL(name) CAT(__real_, name)
#define WRAP(name) CAT(__wrap_, name)

/* Each wrapped function twice: as the linker's __real_NAME (the function
 * itself) and as our __wrap_NAME (declared for -Wmissing-prototypes). */
#define PROTOTYPES(P)                                                        \
	int P(LFS(open))(const char *path, int flags, ...);                  \
	int P(close)(int fd);                                                \
	int P(unlink)(const char *path);                                     \
	int P(LFS(fstat))(int fd, struct stat *sb);                          \
	int P(LFS(ftruncate))(int fd, off_t len);                            \
	void *P(LFS(mmap))(void *addr, size_t len, int prot, int flags,      \
			   int fd, off_t off);                               \
	int P(munmap)(void *addr, size_t len);                               \
	void *P(mremap)(void *old, size_t old_len, size_t new_len,           \
			int flags, ...);                                     \
	int P(mprotect)(void *addr, size_t len, int prot);                   \
	int P(msync)(void *addr, size_t len, int flags);                     \
	int P(posix_madvise)(void *addr, size_t len, int advice);            \
	int P(madvise)(void *addr, size_t len, int advice);                  \
	int P(mlock)(const void *addr, size_t len);                          \
	int P(munlock)(const void *addr, size_t len);                        \
	ssize_t P(read)(int fd, void *buf, size_t len);                      \
	ssize_t P(write)(int fd, const void *buf, size_t len);               \
	int P(memfd_create)(const char *name, unsigned int flags);           \
	int P(shm_open)(const char *name, int flags, mode_t mode);           \
	int P(shm_unlink)(const char *name);                                 \
	int P(LFS(mkostemp))(char *tmpl, int flags);                         \
	int P(getentropy)(void *buf, size_t len);                            \
	int P(sigaction)(int sig, const struct sigaction *act,               \
			 struct sigaction *old);                             \
	long P(syscall)(long number, ...);                                   \
	void *P(malloc)(size_t size);

PROTOTYPES(REAL)
PROTOTYPES(WRAP)

void fault_init(void)
{
	void *p;

	if (st)
		return;
	p = REAL(LFS(mmap))(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("fault_init: mmap");
		abort();
	}
	st = p;
}

void fault_arm(const struct fault_plan *plan)
{
	st->plan = *plan;
	st->ncalls = 0;
	st->nundo = 0;
	st->armed = 1;
}

unsigned int fault_disarm(void)
{
	st->armed = 0;
	return st->ncalls;
}

const struct fault_call *fault_calls(void)
{
	return st->calls;
}

/* Records a call; returns it (NULL when disarmed or out of room) and sets
 * *inject to the errno it must fail with, or 0. */
static struct fault_call *enter(enum fault_sym sym, const void *site,
				const int *errnos, long arg, int *inject)
{
	struct fault_call *c;
	unsigned int index;
	int i;

	*inject = 0;
	if (!st || !st->armed)
		return NULL;
	index = st->ncalls++;
	if (index >= FAULT_MAX_CALLS)
		return NULL;
	c = &st->calls[index];
	memset(c, 0, sizeof(*c));
	c->sym = sym;
	c->site = site;
	c->arg = arg;
	c->errnos = errnos;
	for (i = 0; i < st->plan.n; i++)
		if (st->plan.at[i].index == index && st->plan.at[i].sym == sym)
			*inject = c->injected = st->plan.at[i].err;
	return c;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

static void range(struct fault_call *c, void *p, size_t len)
{
	if (c && p != MAP_FAILED) {
		c->lo = (uintptr_t)p;
		c->hi = (uintptr_t)p + len;
	}
}

/* Keeps what an injected failure did not do, for fault_undo(). */
static void keep_undo(void *addr, size_t len, const char *path)
{
	struct undo *u = &st->undo[st->nundo++];

	u->index = st->ncalls - 1;
	u->addr = addr;
	u->len = len;
	u->path[0] = '\0';
	if (path)
		(void)snprintf(u->path, sizeof(u->path), "%s", path);
}

#define SITE __builtin_return_address(0)

int WRAP(LFS(open))(const char *path, int flags, ...)
{
	const int *errnos = (flags & O_EXCL)	 ? e_open_excl
			    : (flags & O_CREAT) ? e_open_creat
						: e_open;
	mode_t mode = 0;
	va_list ap;
	int err;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	(void)enter(FAULT_open, SITE, errnos, flags, &err);
	return err ? fail(err) : REAL(LFS(open))(path, flags, mode);
}

/* Linux frees the descriptor even when close reports an error. */
int __wrap_close(int fd)
{
	int err, rc;

	(void)enter(FAULT_close, SITE, e_close, 0, &err);
	rc = __real_close(fd);
	return err ? fail(err) : rc;
}

/* unlink and shm_unlink: a name that failed to go stays for fault_undo. */
static int unlink_as(enum fault_sym sym, const void *site, const int *errnos,
		     int (*real)(const char *), const char *path)
{
	int err;

	(void)enter(sym, site, errnos, 0, &err);
	if (!err)
		return real(path);
	keep_undo(NULL, 0, path);
	return fail(err);
}

int __wrap_unlink(const char *path)
{
	return unlink_as(FAULT_unlink, SITE, e_unlink, __real_unlink, path);
}

int WRAP(LFS(fstat))(int fd, struct stat *sb)
{
	int err;

	(void)enter(FAULT_fstat, SITE, e_fstat, 0, &err);
	return err ? fail(err) : REAL(LFS(fstat))(fd, sb);
}

int WRAP(LFS(ftruncate))(int fd, off_t len)
{
	int err;

	(void)enter(FAULT_ftruncate, SITE, e_ftruncate, 0, &err);
	return err ? fail(err) : REAL(LFS(ftruncate))(fd, len);
}

/* An old kernel's answer to MAP_FIXED_NOREPLACE: the view lands anywhere
 * but at @addr, which a placeholder holds meanwhile. */
static void *map_elsewhere(void *addr, size_t len, int prot, int flags,
			   int fd, off_t off)
{
#ifdef MAP_FIXED_NOREPLACE
	void *hold = REAL(LFS(mmap))(addr, len, PROT_NONE,
				     MAP_PRIVATE | MAP_ANONYMOUS |
					     MAP_FIXED_NOREPLACE,
				     -1, 0);
	void *p = REAL(LFS(mmap))(NULL, len, prot,
				  flags & ~MAP_FIXED_NOREPLACE, fd, off);

	if (hold != MAP_FAILED)
		(void)__real_munmap(hold, len);
	return p;
#else
	return REAL(LFS(mmap))(NULL, len, prot, flags, fd, off);
#endif
}

void *WRAP(LFS(mmap))(void *addr, size_t len, int prot, int flags, int fd,
		      off_t off)
{
	const int *errnos = (flags & MAP_ANONYMOUS) ? e_mmap_anon : e_mmap_fd;
	struct fault_call *c;
	void *p;
	int err;

#ifdef MAP_FIXED_NOREPLACE
	if (flags & MAP_FIXED_NOREPLACE)
		errnos = e_mmap_noreplace;
#endif
	c = enter(FAULT_mmap, SITE, errnos, flags, &err);
	if (err > 0) {
		errno = err;
		return MAP_FAILED;
	}
	if (err == FAULT_MOVED)
		p = map_elsewhere(addr, len, prot, flags, fd, off);
	else
		p = REAL(LFS(mmap))(addr, len, prot, flags, fd, off);
	range(c, p, len);
	return p;
}

int __wrap_munmap(void *addr, size_t len)
{
	int err;

	range(enter(FAULT_munmap, SITE, e_munmap, 0, &err), addr, len);
	if (!err)
		return __real_munmap(addr, len);
	keep_undo(addr, len, NULL);
	return fail(err);
}

void *__wrap_mremap(void *old, size_t old_len, size_t new_len, int flags,
		    ...)
{
	struct fault_call *c;
	void *to = NULL, *p;
	va_list ap;
	int err;

	if (flags & MREMAP_FIXED) {
		va_start(ap, flags);
		to = va_arg(ap, void *);
		va_end(ap);
	}
	c = enter(FAULT_mremap, SITE, e_mremap, flags, &err);
	if (err) {
		errno = err;
		return MAP_FAILED;
	}
	p = __real_mremap(old, old_len, new_len, flags, to);
	range(c, p, new_len);
	return p;
}

int __wrap_mprotect(void *addr, size_t len, int prot)
{
	int err;

	(void)enter(FAULT_mprotect, SITE, e_mprotect, 0, &err);
	return err ? fail(err) : __real_mprotect(addr, len, prot);
}

int __wrap_msync(void *addr, size_t len, int flags)
{
	int err;

	(void)enter(FAULT_msync, SITE, e_msync, flags, &err);
	return err ? fail(err) : __real_msync(addr, len, flags);
}

/* Returns the error number and leaves errno alone, as POSIX says. */
int __wrap_posix_madvise(void *addr, size_t len, int advice)
{
	int err;

	(void)enter(FAULT_posix_madvise, SITE, e_posix_madvise, advice, &err);
	return err ? err : __real_posix_madvise(addr, len, advice);
}

int __wrap_madvise(void *addr, size_t len, int advice)
{
	int err;

	(void)enter(FAULT_madvise, SITE, e_madvise, advice, &err);
	return err ? fail(err) : __real_madvise(addr, len, advice);
}

int __wrap_mlock(const void *addr, size_t len)
{
	int err;

	(void)enter(FAULT_mlock, SITE, e_mlock, 0, &err);
	return err ? fail(err) : __real_mlock(addr, len);
}

int __wrap_munlock(const void *addr, size_t len)
{
	int err;

	(void)enter(FAULT_munlock, SITE, e_munlock, 0, &err);
	return err ? fail(err) : __real_munlock(addr, len);
}

ssize_t __wrap_read(int fd, void *buf, size_t len)
{
	int err;

	(void)enter(FAULT_read, SITE, e_read, 0, &err);
	return err ? fail(err) : __real_read(fd, buf, len);
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	int err;

	(void)enter(FAULT_write, SITE, e_write, 0, &err);
	return err ? fail(err) : __real_write(fd, buf, len);
}

int __wrap_memfd_create(const char *name, unsigned int flags)
{
	int err;

	(void)enter(FAULT_memfd_create, SITE, e_memfd_create, 0, &err);
	return err ? fail(err) : __real_memfd_create(name, flags);
}

int __wrap_shm_open(const char *name, int flags, mode_t mode)
{
	int err;

	(void)enter(FAULT_shm_open, SITE, e_shm_open, flags, &err);
	return err ? fail(err) : __real_shm_open(name, flags, mode);
}

int __wrap_shm_unlink(const char *name)
{
	return unlink_as(FAULT_shm_unlink, SITE, e_shm_unlink,
			 __real_shm_unlink, name);
}

int WRAP(LFS(mkostemp))(char *tmpl, int flags)
{
	int err;

	(void)enter(FAULT_mkostemp, SITE, e_mkostemp, flags, &err);
	return err ? fail(err) : REAL(LFS(mkostemp))(tmpl, flags);
}

int __wrap_getentropy(void *buf, size_t len)
{
	int err;

	(void)enter(FAULT_getentropy, SITE, e_getentropy, 0, &err);
	return err ? fail(err) : __real_getentropy(buf, len);
}

int __wrap_sigaction(int sig, const struct sigaction *act,
		     struct sigaction *old)
{
	int err;

	(void)enter(FAULT_sigaction, SITE, e_sigaction, sig, &err);
	return err ? fail(err) : __real_sigaction(sig, act, old);
}

/* Futex waits may end early (EINTR, EAGAIN, ETIMEDOUT) or be refused;
 * wakes hardly fail at all; membarrier may be missing, or want the process
 * registered first. */
long __wrap_syscall(long number, ...)
{
	const int *errnos = e_syscall;
	struct fault_call *c;
	long a[6], sub = -1;
	va_list ap;
	int err, i;

	/* As syscall(2) itself does: take six arguments, whatever the call. */
	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
#ifdef __linux__
	if (fault_is_futex(number)) {
		sub = a[1] & FUTEX_CMD_MASK;
		if (sub == FUTEX_WAIT)
			errnos = e_futex_wait;
		else if (sub == FUTEX_WAKE)
			errnos = e_futex_wake;
	}
#endif
#ifdef SYS_membarrier
	if (number == SYS_membarrier) {
		sub = a[0];
		errnos = e_membarrier;
	}
#endif
	c = enter(FAULT_syscall, SITE, errnos, number, &err);
	if (c)
		c->sub = sub;
	return err ? fail(err)
		   : __real_syscall(number, a[0], a[1], a[2], a[3], a[4],
				    a[5]);
}

bool fault_is_futex(long number)
{
#ifdef SYS_futex
	if (number == SYS_futex)
		return true;
#endif
#ifdef SYS_futex_time64
	if (number == SYS_futex_time64)
		return true;
#endif
	(void)number;
	return false;
}

void *__wrap_malloc(size_t size)
{
	int err;

	(void)enter(FAULT_malloc, SITE, e_malloc, 0, &err);
	if (err) {
		errno = err;
		return NULL;
	}
	return __real_malloc(size);
}

void fault_undo(unsigned int index)
{
	int i;

	for (i = 0; i < st->nundo; i++) {
		struct undo *u = &st->undo[i];

		if (u->index != index)
			continue;
		if (st->calls[index].sym == FAULT_munmap)
			(void)__real_munmap(u->addr, u->len);
		else if (st->calls[index].sym == FAULT_shm_unlink)
			(void)__real_shm_unlink(u->path);
		else
			(void)__real_unlink(u->path);
	}
}

static const char *const sym_names[] = {
#define FAULT_NAME_(name) #name,
	FAULT_SYMS(FAULT_NAME_)
#undef FAULT_NAME_
};

const char *fault_sym_name(enum fault_sym sym)
{
	return sym < FAULT_NSYMS ? sym_names[sym] : "?";
}

enum fault_sym fault_sym_of(const char *name)
{
	char plain[64];
	size_t len = strlen(name);
	int i;

	for (i = 0; i < FAULT_NSYMS; i++)
		if (strcmp(sym_names[i], name) == 0)
			return (enum fault_sym)i;
	/* A large-file twin: "mmap64" is mmap, if that is wrapped so. */
	if (LFS_TWINS && len > 2 && len < sizeof(plain) &&
	    strcmp(name + len - 2, "64") == 0) {
		memcpy(plain, name, len - 2);
		plain[len - 2] = '\0';
		return fault_sym_of(plain);
	}
	return FAULT_NSYMS;
}

const char *fault_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ FAULT_MOVED, "moved" }, { EACCES, "EACCES" },
		{ EAGAIN, "EAGAIN" },	  { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" },	  { EFAULT, "EFAULT" },
		{ EFBIG, "EFBIG" },	  { EINTR, "EINTR" },
		{ EINVAL, "EINVAL" },	  { EIO, "EIO" },
		{ EMFILE, "EMFILE" },	  { ENFILE, "ENFILE" },
		{ ENODEV, "ENODEV" },	  { ENOENT, "ENOENT" },
		{ ENOMEM, "ENOMEM" },	  { ENOSPC, "ENOSPC" },
		{ ENOSYS, "ENOSYS" },	  { EOVERFLOW, "EOVERFLOW" },
		{ EPERM, "EPERM" },	  { EPIPE, "EPIPE" },
		{ EROFS, "EROFS" },	  { ENOBUFS, "ENOBUFS" },
		{ ENOTSUP, "ENOTSUP" },	  { ERANGE, "ERANGE" },
		{ ETIMEDOUT, "ETIMEDOUT" },
		{ 0, "0" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return "E?";
}

void fault_cover(const struct fault_call *call)
{
	unsigned int i;

	for (i = 0; i < st->nsites; i++)
		if (st->sites[i].sym == call->sym &&
		    st->sites[i].site == call->site)
			return;
	if (st->nsites < MAX_SITES) {
		st->sites[st->nsites].sym = call->sym;
		st->sites[st->nsites].site = call->site;
		st->nsites++;
	}
}

unsigned int fault_sites(enum fault_sym sym)
{
	unsigned int i, n = 0;

	for (i = 0; i < st->nsites; i++)
		n += st->sites[i].sym == sym;
	return n;
}

unsigned int fault_ncalls(void)
{
	return st->ncalls;
}

struct fault_stats *fault_stats(void)
{
	return &st->stats;
}

char *fault_message(void)
{
	return st->message;
}
