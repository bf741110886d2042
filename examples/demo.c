/*
 * A short tour of libvmap on a real file.
 *
 * Usage: demo [FILE]   (default: a temporary file, removed at the end)
 *
 * Creates FILE at one page, writes through a shared mapping, flushes, maps
 * the same bytes again read-only at an unaligned offset, then grows the
 * file and remaps to see the new length.  Then a ring buffer shows a line
 * that wraps around its end read in place as one contiguous range.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmap.h>

static const char greeting[] = "hello from a memory-mapped file";

static int fail(const char *what)
{
	perror(what);
	return -1;
}

static int tour(const char *path)
{
	struct vmap_options opts = VMAP_OPTIONS_INIT;
	struct vmap_map map, view;
	uint64_t stamp = 0x766d6170;
	uint64_t back;
	int fd, rc = -1;

	/* Create (or reuse) the file at one page and map it writable. */
	opts.flags = VMAP_WRITE | VMAP_CREATE;
	opts.mode = 0644;
	opts.resize = vmap_extent_exact(vmap_page_size());
	if (vmap_open(path, &opts, &map, &fd) < 0)
		return fail("vmap_open");
	printf("mapped %s: %zu bytes (page size %zu)\n", path, map.len,
	       vmap_page_size());

	/* Bounds-checked writes, then a synchronous flush to the file. */
	if (vmap_write(&map, 0, greeting, sizeof(greeting)) < 0 ||
	    vmap_write_u64_unaligned(&map, 100, stamp) < 0 ||
	    vmap_flush(&map, fd, VMAP_FLUSH_SYNC) < 0) {
		fail("write/flush");
		goto out;
	}
	if (vmap_write_u64(&map, map.len, stamp) < 0)
		printf("a write past the end is refused: %s\n", strerror(errno));

	/* A second, read-only view at an offset that is not page aligned. */
	opts = (struct vmap_options)VMAP_OPTIONS_INIT;
	opts.offset = 6;
	opts.len = vmap_extent_exact(sizeof(greeting) - 7);
	if (vmap_map(fd, &opts, &view) < 0) {
		fail("vmap_map");
		goto out;
	}
	printf("read-only view at offset 6: \"%.*s\"\n", (int)view.len,
	       (const char *)view.ptr);
	vmap_unmap(&view);

	/* Grow the file and follow it with the existing mapping. */
	if (ftruncate(fd, (off_t)(4 * vmap_page_size())) < 0 ||
	    vmap_remap(&map, fd, vmap_extent_end()) < 0) {
		fail("grow/vmap_remap");
		goto out;
	}
	if (vmap_read_u64_unaligned(&map, 100, &back) < 0) {
		fail("vmap_read_u64_unaligned");
		goto out;
	}
	printf("after growing the file: %zu bytes, stamp 0x%" PRIx64 " kept\n",
	       map.len, back);
	rc = back == stamp && map.len == 4 * vmap_page_size() ? 0 : -1;
out:
	vmap_unmap(&map);
	close(fd);
	return rc;
}

/* A ring whose next line straddles the end of its buffer: thanks to the
 * mirror mapping the line is still one contiguous range. */
static int ring_tour(void)
{
	static const char line[] = "this line wraps around the end of the ring\n";
	struct vmap_ring ring;
	size_t cap, len;
	const char *start;
	int rc = -1;

	if (vmap_ring_init(&ring, 1, 0) < 0)
		return fail("vmap_ring_init");
	cap = vmap_ring_capacity(&ring);
	/* Move the positions to 10 bytes before the end of the buffer. */
	if (vmap_ring_feed(&ring, cap - 10) < 0 ||
	    vmap_ring_consume(&ring, cap - 10) < 0 ||
	    vmap_ring_write_all(&ring, line, sizeof(line) - 1) < 0)
		goto out;
	len = vmap_ring_line(&ring);
	start = vmap_ring_read_ptr(&ring);
	printf("ring of %zu bytes (\"%s\" strategy): a %zu-byte line from "
	       "offset %zu reads \"%.*s\"\n",
	       cap, vmap_ring_strategy(&ring), len, cap - 10, (int)len - 1,
	       start);
	rc = len == sizeof(line) - 1 && memcmp(start, line, len) == 0 ? 0 : -1;
out:
	vmap_ring_destroy(&ring);
	return rc;
}

int main(int argc, char **argv)
{
	char tmp[] = "/tmp/vmap-demo-XXXXXX";
	const char *path = argc > 1 ? argv[1] : tmp;
	int rc, fd;

	if (argc < 2) {
		fd = mkstemp(tmp);
		if (fd < 0 || close(fd) < 0) {
			perror("mkstemp");
			return EXIT_FAILURE;
		}
	}
	rc = tour(path);
	if (rc == 0)
		rc = ring_tour();
	if (argc < 2)
		unlink(tmp);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
