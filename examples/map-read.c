/*
 * Map parts of a file read-only (the first vmap-rs README example).
 *
 * Writes "this is a test" to a file, maps its first four bytes through a
 * path, then maps bytes 10..14 through the descriptor that came back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmap.h>

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int main(void)
{
	char path[] = "/tmp/vmap-example-XXXXXX";
	struct vmap_options opts = VMAP_OPTIONS_INIT;
	struct vmap_map map;
	int fd = mkstemp(path);
	int status = EXIT_FAILURE;

	if (fd < 0 || close(fd) < 0 || write_file(path, "this is a test") < 0) {
		perror("example file");
		return EXIT_FAILURE;
	}

	/* Map the first 4 bytes. */
	opts.len = vmap_extent_exact(4);
	if (vmap_open(path, &opts, &map, &fd) < 0) {
		perror("vmap_open");
		goto out;
	}
	printf("first 4 bytes: %.*s\n", (int)map.len, (const char *)map.ptr);
	if (map.len != 4 || memcmp(map.ptr, "this", 4) != 0)
		goto out_unmap;
	vmap_unmap(&map);

	/* Reuse the descriptor to map a different region. */
	opts.offset = 10;
	if (vmap_map(fd, &opts, &map) < 0) {
		perror("vmap_map");
		goto out_close;
	}
	printf("bytes 10..14:  %.*s\n", (int)map.len, (const char *)map.ptr);
	if (map.len == 4 && memcmp(map.ptr, "test", 4) == 0)
		status = EXIT_SUCCESS;
out_unmap:
	vmap_unmap(&map);
out_close:
	close(fd);
out:
	unlink(path);
	return status;
}
