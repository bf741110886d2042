/*
 * libvmap - fault injection for the test build: every OS call the library
 * makes can be made to fail
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * tests/test-faults links a copy of the library (tests/libvmap-fault.la,
 * built from the same sources as lib/libvmap.la) with -Wl,--wrap=NAME for
 * each NAME of FAULT_SYMS, so each of the library's calls to NAME lands in
 * __wrap_NAME (tests/fault.c).  The installed library is not touched.
 *
 * While armed, every wrapped call is recorded (which function, from which
 * call site, with which errnos it can really fail) and the calls a plan
 * names fail with the planned errno, without doing their work -- except
 * close(2), which on Linux frees the descriptor even when it reports an
 * error.  While disarmed the wrappers just pass calls through.
 */

#ifndef TESTS_FAULT_H
#define TESTS_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The wrapped functions.  Keep in step with FAULT_WRAP in Makefile.am:
 * test-faults checks that each call site of each of them failed once.
 * Where glibc's headers redirect a function to its large-file twin
 * (open64, mmap64, ...: 32-bit builds), that twin is wrapped instead, as
 * the same function. */
#define FAULT_SYMS(X)                                                        \
	X(open) X(close) X(unlink) X(fstat) X(ftruncate) X(mmap) X(munmap)   \
	X(mremap) X(mprotect) X(msync) X(posix_madvise) X(madvise) X(mlock)  \
	X(munlock) X(read) X(write) X(memfd_create) X(shm_open)              \
	X(shm_unlink) X(mkostemp) X(getentropy) X(sigaction) X(syscall)      \
	X(malloc)

enum fault_sym {
#define FAULT_ENUM_(name) FAULT_##name,
	FAULT_SYMS(FAULT_ENUM_)
#undef FAULT_ENUM_
	FAULT_NSYMS
};

/* Not an errno: a MAP_FIXED_NOREPLACE mmap "succeeds" somewhere else, as
 * kernels before 4.17 do (they take the address as a hint). */
#define FAULT_MOVED (-1)

#define FAULT_MAX_CALLS 512
#define FAULT_MAX_DEPTH 3

/* One wrapped call made while armed. */
struct fault_call {
	enum fault_sym sym;
	const void *site;   /* return address: the call instruction in lib/ */
	long arg;           /* mmap/mremap/open flags, madvise advice, the
	                       number of a syscall() */
	long sub;           /* syscall(): the futex operation, membarrier
	                       command (-1: another call) */
	const int *errnos;  /* what it may fail with (0-terminated) */
	int injected;       /* the errno it failed with, FAULT_MOVED, or 0 */
	uintptr_t lo, hi;   /* the range mapped (mmap, mremap that succeeded)
	                       or asked to be unmapped (munmap) */
};

/* Up to FAULT_MAX_DEPTH calls, by index in the armed window, to fail. */
struct fault_plan {
	int n;
	struct {
		unsigned int index;
		enum fault_sym sym; /* the call must be this one */
		int err;
	} at[FAULT_MAX_DEPTH];
};

/* Sets up the state, in memory shared with forked children (so a case may
 * run in a fresh process and report back).  Call once, from main(). */
void fault_init(void);

/* Start recording and failing as @plan says; stop.  fault_disarm()
 * returns the number of calls made (which may exceed FAULT_MAX_CALLS:
 * only that many are recorded). */
void fault_arm(const struct fault_plan *plan);
unsigned int fault_disarm(void);

/* The calls of the last armed window. */
const struct fault_call *fault_calls(void);

/* @name (possibly a large-file twin, "open64") as wrapped, or FAULT_NSYMS
 * when it is not. */
enum fault_sym fault_sym_of(const char *name);

/* Injected failures the library swallowed left their work undone (a range
 * still mapped, a file still linked): do it now, for call @index. */
void fault_undo(unsigned int index);

const char *fault_sym_name(enum fault_sym sym);
/* Whether a syscall() number is futex's (time64 or not). */
bool fault_is_futex(long number);
const char *fault_errno_name(int err);

/* Call sites (sym, site) a failure was injected into, across processes. */
void fault_cover(const struct fault_call *call);
unsigned int fault_sites(enum fault_sym sym);

/* The number of calls of the last armed window (as fault_disarm()). */
unsigned int fault_ncalls(void);

/* Counters shared across processes. */
struct fault_stats {
	unsigned long cases; /* runs of an operation */
	unsigned int walks;  /* operations walked to the end */
};
struct fault_stats *fault_stats(void);

/* A message slot shared with forked children. */
char *fault_message(void);
#define FAULT_MSG_MAX 1024

#endif /* TESTS_FAULT_H */
