/*
 * libvmap - lock-free rings for one producer thread and one consumer thread
 * SPDX-License-Identifier: MIT
 *
 * end[PRODUCER].pos counts the bytes committed and end[CONSUMER].pos the
 * bytes released, modulo SIZE_MAX + 1; their difference is the number of
 * unread bytes, never more than the capacity.  Each side alone stores its
 * pos and keeps, next to it, the offset of pos in the first view (below
 * the capacity by subtraction: capacities are page multiples, not always
 * powers of two, and the hot path has no division) and "seen", the other
 * side's pos as it last loaded it.  It loads that again only when seen
 * shows too little, so a side that keeps up rarely touches the other's
 * cache line.  Both sides run the same code, told apart by enum side.
 *
 * Sleeping: wake[s] is the 32-bit word side s sleeps on.  Bit 0 says that
 * the side sleeps or is about to; the rest counts wake-ups.  A side that
 * means to sleep sets bit 0 and then looks at the positions once more; a
 * side that publishes stores its pos and then loads the other's word.
 * Either the sleeper sees the new pos, or the publisher sees bit 0, clears
 * it by moving the word on, and wakes the sleeper (whose wait returns at
 * once if it has not yet begun: the word no longer holds what it expects).
 * A publisher that finds bit 0 clear makes no system call.
 *
 * That "either" needs each side's store and its later load kept in order,
 * which takes a full fence.  Where the system has an asymmetric fence
 * (vmap_os_fence(): Linux membarrier) the sleeper pays for it, once per
 * sleep, and publishers need only a compiler barrier: this is the "light"
 * mode.  Elsewhere publishers store and load sequentially consistent.
 */

#include <config.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "os-wait.h"

enum side { CONSUMER, PRODUCER };

#define OTHER(side) ((side) == PRODUCER ? CONSUMER : PRODUCER)

/* Bit 0 of a wake word: its side sleeps, or is about to. */
#define ASLEEP 1u

/* vmap_spsc::mode: sleepers fence, publishers need not. */
#define LIGHT 1u

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* Looks before sleeping: a side that keeps up with the other usually
 * publishes within this many, sparing both a system call. */
#define SPINS 200

VMAP_EXPORT int vmap_spsc_init(struct vmap_spsc *spsc, size_t capacity,
			       unsigned int flags)
{
	char *base;
	size_t cap;
	const void *strategy;
	void *wait;

	if (!spsc || flags != 0)
		return vmap_fail(EINVAL);
	if (vmap_mirror_map(capacity, &base, &cap, &strategy) < 0)
		return -1;
	if (vmap_os_wait_init(&wait) < 0) {
		int err = errno;

		(void)vmap_mirror_unmap(base, cap, strategy);
		return vmap_fail(err);
	}
	memset(spsc, 0, sizeof(*spsc));
	spsc->base = base;
	spsc->capacity = cap;
	spsc->strategy = strategy;
	spsc->wait = wait;
	spsc->mode = vmap_os_fence_init() == 0 ? LIGHT : 0;
	atomic_init(&spsc->closed, 0);
	atomic_init(&spsc->wake[CONSUMER], 0);
	atomic_init(&spsc->wake[PRODUCER], 0);
	atomic_init(&spsc->end[CONSUMER].pos, 0);
	atomic_init(&spsc->end[PRODUCER].pos, 0);
	return 0;
}

VMAP_EXPORT int vmap_spsc_destroy(struct vmap_spsc *spsc)
{
	if (!spsc)
		return vmap_fail(EINVAL);
	if (vmap_mirror_unmap(spsc->base, spsc->capacity, spsc->strategy) < 0)
		return -1;
	vmap_os_wait_destroy(spsc->wait);
	memset(spsc, 0, sizeof(*spsc));
	return 0;
}

VMAP_EXPORT size_t vmap_spsc_capacity(const struct vmap_spsc *spsc)
{
	return spsc ? spsc->capacity : 0;
}

/* What side may move past: the free space (producer) or the unread bytes
 * (consumer), by its last view of the other position unless that shows
 * fewer than n bytes.  order is that of the load of the other position. */
static size_t avail(struct vmap_spsc *s, enum side side, size_t n,
		    memory_order order)
{
	struct vmap__spsc_end *me = &s->end[side];
	/* The producer may run up to a capacity ahead of the consumer. */
	size_t lead = side == PRODUCER ? s->capacity : 0;
	size_t pos = atomic_load_explicit(&me->pos, memory_order_relaxed);

	if (me->seen + lead - pos < n)
		me->seen = atomic_load_explicit(&s->end[OTHER(side)].pos, order);
	return me->seen + lead - pos;
}

/* Wakes side, which the word w says sleeps.  Two threads may wake the
 * same side at once (a publisher and a closer): the one whose exchange
 * fails leaves the system call to the other, or finds the side awake. */
static void wake(struct vmap_spsc *s, enum side side, uint32_t w)
{
	if (atomic_compare_exchange_strong(&s->wake[side], &w, w + 1))
		vmap_os_wake(s->wait, &s->wake[side]);
}

/* Moves side's position on by n, then wakes the other side if it sleeps. */
static void publish(struct vmap_spsc *s, enum side side, size_t n)
{
	struct vmap__spsc_end *me = &s->end[side];
	size_t pos = atomic_load_explicit(&me->pos, memory_order_relaxed) + n;
	vmap__atomic_u32 *word = &s->wake[OTHER(side)];
	uint32_t w;

	me->off += n;
	if (me->off >= s->capacity)
		me->off -= s->capacity;
	if (s->mode & LIGHT) {
		atomic_store_explicit(&me->pos, pos, memory_order_release);
		atomic_signal_fence(memory_order_seq_cst);
		w = atomic_load_explicit(word, memory_order_relaxed);
	} else {
		atomic_store(&me->pos, pos);
		w = atomic_load(word);
	}
	if (w & ASLEEP)
		wake(s, OTHER(side), w);
}

static void *ptr(const struct vmap_spsc *s, enum side side)
{
	return s ? s->base + s->end[side].off : NULL;
}

static size_t len(struct vmap_spsc *s, enum side side)
{
	return s ? avail(s, side, SIZE_MAX, memory_order_acquire) : 0;
}

/* Commits (producer) or releases (consumer) n bytes. */
static int advance(struct vmap_spsc *s, enum side side, size_t n)
{
	if (!s)
		return vmap_fail(EINVAL);
	if (avail(s, side, n, memory_order_acquire) < n)
		return vmap_fail(ERANGE);
	if (n > 0)
		publish(s, side, n);
	return 0;
}

/* Copies up to n bytes in from src (producer) or out to dst (consumer),
 * and publishes them. */
static size_t copy(struct vmap_spsc *s, enum side side, void *dst,
		   const void *src, size_t n)
{
	size_t have;
	char *at;

	if (!s)
		return 0;
	have = avail(s, side, n, memory_order_acquire);
	if (n > have)
		n = have;
	if (n == 0)
		return 0;
	at = s->base + s->end[side].off;
	if (side == PRODUCER)
		memcpy(at, src, n);
	else
		memcpy(dst, at, n);
	publish(s, side, n);
	return n;
}

VMAP_EXPORT void *vmap_spsc_write_ptr(const struct vmap_spsc *spsc)
{
	return ptr(spsc, PRODUCER);
}

VMAP_EXPORT size_t vmap_spsc_write_len(struct vmap_spsc *spsc)
{
	return len(spsc, PRODUCER);
}

VMAP_EXPORT int vmap_spsc_commit(struct vmap_spsc *spsc, size_t n)
{
	return advance(spsc, PRODUCER, n);
}

VMAP_EXPORT size_t vmap_spsc_write(struct vmap_spsc *spsc, const void *src,
				   size_t n)
{
	return copy(spsc, PRODUCER, NULL, src, n);
}

VMAP_EXPORT void *vmap_spsc_read_ptr(const struct vmap_spsc *spsc)
{
	return ptr(spsc, CONSUMER);
}

VMAP_EXPORT size_t vmap_spsc_read_len(struct vmap_spsc *spsc)
{
	return len(spsc, CONSUMER);
}

VMAP_EXPORT int vmap_spsc_release(struct vmap_spsc *spsc, size_t n)
{
	return advance(spsc, CONSUMER, n);
}

VMAP_EXPORT size_t vmap_spsc_read(struct vmap_spsc *spsc, void *dst, size_t n)
{
	return copy(spsc, CONSUMER, dst, NULL, n);
}

/* Whether side may go on with n bytes: 0 yes, 1 not yet, -1 with EPIPE
 * never.  order is that of the loads of the other side's stores. */
static int ready(struct vmap_spsc *s, enum side side, size_t n,
		 memory_order order)
{
	if (side == PRODUCER) {
		if (atomic_load_explicit(&s->closed, order))
			return vmap_fail(EPIPE);
		return avail(s, side, n, order) >= n ? 0 : 1;
	}
	if (avail(s, side, n, order) >= n)
		return 0;
	if (!atomic_load_explicit(&s->closed, order))
		return 1;
	/* Closed: bytes committed before the close are visible now. */
	return avail(s, side, n, order) >= n ? 0 : vmap_fail(EPIPE);
}

/* Sleeps on side's word unless ready() holds once the word says so;
 * returns as ready() does, 1 after the sleep (a wake-up, a timeout, a
 * signal: the caller looks again), or -1 when the system refused. */
static int sleep_once(struct vmap_spsc *s, enum side side, size_t n,
		      int64_t timeout_ns)
{
	vmap__atomic_u32 *word = &s->wake[side];
	uint32_t w = atomic_fetch_or(word, ASLEEP) | ASLEEP;
	int rc = (s->mode & LIGHT) && vmap_os_fence() < 0
			 ? -1
			 : ready(s, side, n, memory_order_seq_cst);
	int err = errno;

	if (rc == 1 && vmap_os_wait(s->wait, word, w, timeout_ns) < 0 &&
	    errno != ETIMEDOUT) {
		rc = -1;
		err = errno;
	}
	/* Awake: spare the other side a wake-up (this fails harmlessly when
	 * the other side has moved the word on already). */
	(void)atomic_compare_exchange_strong(word, &w, w & ~ASLEEP);
	errno = err;
	return rc;
}

/* The waits, once the first look found the condition false: kept out of
 * the callers' fast paths. */
static int NOINLINE wait_for(struct vmap_spsc *s, enum side side,
			     size_t n, int timeout_ms)
{
	int64_t deadline = 0, left = -1;
	int spins, rc;

	if (!s || n > s->capacity)
		return vmap_fail(EINVAL);
	for (spins = 0;; spins++) {
		rc = ready(s, side, n, memory_order_acquire);
		if (rc <= 0)
			return rc;
		if (timeout_ms == 0)
			return vmap_fail(ETIMEDOUT);
		if (spins < SPINS)
			continue;
		if (timeout_ms > 0) {
			int64_t now = vmap_os_clock_ns();

			if (deadline == 0)
				deadline = now + (int64_t)timeout_ms * 1000000;
			left = deadline - now;
			if (left <= 0)
				return vmap_fail(ETIMEDOUT);
		}
		rc = sleep_once(s, side, n, left);
		if (rc <= 0)
			return rc;
	}
}

VMAP_EXPORT int vmap_spsc_wait_readable(struct vmap_spsc *spsc, size_t n,
					int timeout_ms)
{
	if (spsc && avail(spsc, CONSUMER, n, memory_order_acquire) >= n)
		return 0;
	return wait_for(spsc, CONSUMER, n, timeout_ms);
}

VMAP_EXPORT int vmap_spsc_wait_writable(struct vmap_spsc *spsc, size_t n,
					int timeout_ms)
{
	if (spsc && !atomic_load_explicit(&spsc->closed, memory_order_acquire) &&
	    avail(spsc, PRODUCER, n, memory_order_acquire) >= n)
		return 0;
	return wait_for(spsc, PRODUCER, n, timeout_ms);
}

VMAP_EXPORT int vmap_spsc_close(struct vmap_spsc *spsc)
{
	uint32_t w;
	int side;

	if (!spsc)
		return vmap_fail(EINVAL);
	atomic_store(&spsc->closed, 1);
	for (side = CONSUMER; side <= PRODUCER; side++) {
		w = atomic_load(&spsc->wake[side]);
		if (w & ASLEEP)
			wake(spsc, (enum side)side, w);
	}
	return 0;
}

VMAP_EXPORT int vmap_spsc_closed(const struct vmap_spsc *spsc)
{
	if (!spsc)
		return vmap_fail(EINVAL);
	return atomic_load_explicit(&spsc->closed, memory_order_acquire) ? 1
									 : 0;
}
