/*
 * Fill a ring with lines until it refuses the next one, read two back
 * zero-copy, and find room again (the vmap-rs README ring example).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmap.h>

/* Checks the next line is the expected text, then consumes it. */
static int expect_line(struct vmap_ring *ring, const char *want)
{
	size_t len = vmap_ring_line(ring);
	const char *line = vmap_ring_read_ptr(ring);

	printf("read: %.*s", (int)len, line);
	if (len != strlen(want) || memcmp(line, want, len) != 0)
		return -1;
	return vmap_ring_consume(ring, len);
}

int main(void)
{
	struct vmap_ring ring;
	int i = 1, status = EXIT_FAILURE;

	if (vmap_ring_init(&ring, 4000, 0) < 0) {
		perror("vmap_ring_init");
		return EXIT_FAILURE;
	}
	printf("ring of %zu bytes made by the \"%s\" strategy\n",
	       vmap_ring_capacity(&ring), vmap_ring_strategy(&ring));

	/* Fill up the buffer with lines. */
	while (vmap_ring_write_len(&ring) > 20) {
		if (vmap_ring_printf(&ring, "this is test line %d\n", i) < 0)
			goto out;
		i++;
	}
	printf("wrote %d lines, %zu bytes free\n", i - 1,
	       vmap_ring_write_len(&ring));

	/* No more space is available: the write fails with ENOBUFS and
	 * changes nothing. */
	if (vmap_ring_printf(&ring, "this is test line %d\n", i) >= 0 ||
	    errno != ENOBUFS)
		goto out;
	printf("line %d does not fit (ENOBUFS)\n", i);

	/* Read the first two lines written, in place. */
	if (expect_line(&ring, "this is test line 1\n") < 0 ||
	    expect_line(&ring, "this is test line 2\n") < 0)
		goto out;

	/* Now there is enough space to write more. */
	if (vmap_ring_printf(&ring, "this is test line %d\n", i) < 0)
		goto out;
	printf("wrote line %d after reading two\n", i);
	status = EXIT_SUCCESS;
out:
	vmap_ring_destroy(&ring);
	return status;
}
