/*
 * libvmap - choosing a double-mapping strategy: the compiled table, the
 * fallback order, and creation/destruction of the mirror under a ring or
 * an SPSC ring
 * SPDX-License-Identifier: MIT
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "internal.h"
#include "os.h"
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

/* Maps a mirror with the first strategy of order[0..count) that the
 * system allows. */
static int map_mirror(size_t want,
		      const struct vmap_ring_strategy *const *order,
		      size_t count, char **base, size_t *capacity,
		      const void **strategy)
{
	uint64_t rounded;
	size_t i;

	if (want == 0)
		return vmap_fail(EINVAL);
	rounded = vmap_round_up(want);
	if (rounded == 0 || rounded > SIZE_MAX / 2)
		return vmap_fail(EOVERFLOW);
	for (i = 0; i < count; i++) {
		char *b = order[i]->map((size_t)rounded);

		if (b) {
			*base = b;
			*capacity = (size_t)rounded;
			*strategy = order[i];
			return 0;
		}
		if (!refused(errno))
			break;
	}
	return -1;
}

int vmap_mirror_map(size_t want, char **base, size_t *capacity,
		    const void **strategy)
{
	return map_mirror(want, table, N_STRATEGIES, base, capacity, strategy);
}

int vmap_mirror_unmap(char *base, size_t capacity, const void *strategy)
{
	const struct vmap_ring_strategy *s = strategy;

	return base ? s->unmap(base, capacity) : 0;
}

static int create(struct vmap_ring *ring, size_t capacity, unsigned int flags,
		  const struct vmap_ring_strategy *const *order, size_t count)
{
	struct vmap_ring r = { 0 };

	if (!ring || (flags & ~VMAP_RING_OVERWRITE))
		return vmap_fail(EINVAL);
	if (map_mirror(capacity, order, count, &r.base, &r.capacity,
		       &r.strategy) < 0)
		return -1;
	r.flags = flags;
	*ring = r;
	return 0;
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

VMAP_EXPORT int vmap_ring_fork_policy(const struct vmap_ring *ring,
				      enum vmap_fork policy)
{
	if (!ring || !ring->base ||
	    (policy != VMAP_FORK_INHERIT && policy != VMAP_FORK_NONE))
		return vmap_fail(EINVAL);
	return vmap_os_fork_policy(ring->base, 2 * ring->capacity, policy);
}

VMAP_EXPORT int vmap_ring_destroy(struct vmap_ring *ring)
{
	if (!ring)
		return vmap_fail(EINVAL);
	if (vmap_mirror_unmap(ring->base, ring->capacity, ring->strategy) < 0)
		return -1;
	memset(ring, 0, sizeof(*ring));
	return 0;
}
