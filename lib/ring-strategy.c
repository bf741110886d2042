/*
 * libvmap - choosing a double-mapping strategy: the compiled table, the
 * fallback order, and creation/destruction of a ring's mirror
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "internal.h"
#include "ring-strategy.h"

/* Both lists come from configure, in the same (preference) order. */
static const struct vmap_ring_strategy *const table[] = {
	VMAP_RING_STRATEGY_TABLE
};
static const char *const names[] = { VMAP_RING_STRATEGY_NAMES NULL };

#define N_STRATEGIES (sizeof(table) / sizeof(table[0]))

VMAP_EXPORT const char *const *vmap_ring_strategies(void)
{
	return names;
}

VMAP_EXPORT const char *vmap_ring_strategy(const struct vmap_ring *ring)
{
	const struct vmap_ring_strategy *s = ring ? ring->strategy : NULL;

	return s ? s->name : NULL;
}

/* Errors that mean "this mechanism is not allowed or not available here",
 * after which the next strategy may well succeed. */
static bool refused(int err)
{
	switch (err) {
	case ENOSYS:
	case EPERM:
	case EACCES:
	case EMFILE:
	case ENFILE:
	case ENOENT:
	case ENODEV:
	case EINVAL:
	case EEXIST:
	case ENOTSUP:
#if EOPNOTSUPP != ENOTSUP
	case EOPNOTSUPP:
#endif
		return true;
	default:
		return false;
	}
}

/* The rounded capacity, checked so that both views fit in size_t. */
static int ring_capacity(size_t want, unsigned int flags, size_t *cap)
{
	uint64_t rounded;

	if (want == 0 || (flags & ~VMAP_RING_OVERWRITE))
		return vmap_fail(EINVAL);
	rounded = vmap_round_up(want);
	if (rounded == 0 || rounded > SIZE_MAX / 2)
		return vmap_fail(EOVERFLOW);
	*cap = (size_t)rounded;
	return 0;
}

static int create(struct vmap_ring *ring, size_t capacity, unsigned int flags,
		  const struct vmap_ring_strategy *const *order, size_t count)
{
	struct vmap_ring r = { 0 };
	size_t i;

	if (!ring)
		return vmap_fail(EINVAL);
	if (ring_capacity(capacity, flags, &r.capacity) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		r.base = order[i]->map(r.capacity);
		if (r.base) {
			r.flags = flags;
			r.strategy = order[i];
			*ring = r;
			return 0;
		}
		if (!refused(errno))
			break;
	}
	return -1;
}

VMAP_EXPORT int vmap_ring_init(struct vmap_ring *ring, size_t capacity,
			       unsigned int flags)
{
	return create(ring, capacity, flags, table, N_STRATEGIES);
}

VMAP_EXPORT int vmap_ring_init_strategy(struct vmap_ring *ring,
					size_t capacity, unsigned int flags,
					const char *strategy)
{
	size_t i;

	if (!strategy)
		return vmap_fail(EINVAL);
	for (i = 0; i < N_STRATEGIES; i++)
		if (strcmp(table[i]->name, strategy) == 0)
			return create(ring, capacity, flags, &table[i], 1);
	errno = ENOTSUP;
	return -1;
}

VMAP_EXPORT int vmap_ring_destroy(struct vmap_ring *ring)
{
	const struct vmap_ring_strategy *s;

	if (!ring)
		return vmap_fail(EINVAL);
	s = ring->strategy;
	if (ring->base && s->unmap(ring->base, ring->capacity) < 0)
		return -1;
	memset(ring, 0, sizeof(*ring));
	return 0;
}
