/*
 * libvmap - copies that survive a vanished page: the POSIX SIGBUS guard
 * SPDX-License-Identifier: MIT
 *
 * Touching a mapped page past the end of a file that shrank raises
 * SIGBUS.  A guarded copy marks, for its own thread only, the source range
 * it is reading and a jump buffer; the process-wide handler jumps back when
 * the fault lies in that range and otherwise hands the signal to whatever
 * handler was there before, so other users of SIGBUS (and the default
 * crash) keep working.
 */

#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include "internal.h"
#include "os.h"

/* Initial-exec TLS: the handler may run in any thread, and must not make
 * the dynamic loader allocate a thread's block from inside a signal. */
#if defined(__GNUC__)
#define GUARD_TLS _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define GUARD_TLS _Thread_local
#endif

/* Volatile, and fenced below: the handler reads what this thread wrote,
 * and the compiler must neither drop nor move those stores around the
 * copy (it knows memcpy does not read them). */
struct guard {
	sigjmp_buf *volatile jump;        /* set while this thread copies */
	const char *volatile lo, *volatile hi; /* the source range */
};

static GUARD_TLS struct guard guard;
static struct sigaction previous;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_error;

/* Gives the signal to the handler that was installed before ours.  A
 * default or ignored disposition becomes the default again: returning then
 * re-runs the faulting access, which now takes the default action. */
static void chain(int sig, siginfo_t *info, void *context)
{
	if (previous.sa_flags & SA_SIGINFO) {
		previous.sa_sigaction(sig, info, context);
	} else if (previous.sa_handler != SIG_DFL &&
		   previous.sa_handler != SIG_IGN) {
		previous.sa_handler(sig);
	} else {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		(void)sigemptyset(&dfl.sa_mask);
		(void)sigaction(sig, &dfl, NULL);
	}
}

static void on_sigbus(int sig, siginfo_t *info, void *context)
{
	const char *addr = info ? (const char *)info->si_addr : NULL;

	if (guard.jump && addr >= guard.lo && addr < guard.hi)
		siglongjmp(*guard.jump, 1);
	chain(sig, info, context);
}

static void install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	/* SA_NODEFER: the jump leaves the handler without restoring the
	 * signal mask, so SIGBUS must not be blocked while it runs. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART;
	(void)sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous) < 0)
		install_error = errno;
}

int vmap_os_guarded_copy(void *dst, const void *src, size_t len)
{
	sigjmp_buf jump;

	if (pthread_once(&install_once, install) != 0)
		return vmap_fail(EAGAIN);
	if (install_error)
		return vmap_fail(install_error);
	guard.lo = src;
	guard.hi = (const char *)src + len;
	if (sigsetjmp(jump, 0)) {
		guard.jump = NULL;
		return vmap_fail(EFAULT);
	}
	guard.jump = &jump;
	atomic_signal_fence(memory_order_seq_cst);
	memcpy(dst, src, len);
	atomic_signal_fence(memory_order_seq_cst);
	guard.jump = NULL;
	return 0;
}
