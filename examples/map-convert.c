/*
 * Turn a read-only mapping into a writable one and back (the second
 * vmap-rs README example).
 *
 * The file is opened for writing, so its read-only mapping may be made
 * writable; the edit is flushed to the file and seen again after the
 * mapping is read-only once more.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmap.h>

int main(void)
{
	char path[] = "/tmp/vmap-example-XXXXXX";
	struct vmap_options opts = VMAP_OPTIONS_INIT;
	struct vmap_map map;
	int fd = mkstemp(path);
	int status = EXIT_FAILURE;

	if (fd < 0 || write(fd, "this is a test", 14) != 14 || close(fd) < 0) {
		perror("example file");
		return EXIT_FAILURE;
	}

	/* Open with write permission, then start from a read-only view. */
	opts.flags = VMAP_WRITE;
	opts.len = vmap_extent_exact(14);
	if (vmap_open(path, &opts, &map, &fd) < 0) {
		perror("vmap_open");
		goto out;
	}
	if (vmap_make_readonly(&map) < 0) {
		perror("vmap_make_readonly");
		goto out_unmap;
	}
	printf("read-only: %.*s\n", (int)map.len, (const char *)map.ptr);

	/* Make it writable and edit the first word. */
	if (vmap_make_writable(&map) < 0) {
		perror("vmap_make_writable");
		goto out_unmap;
	}
	memcpy(map.ptr, "that", 4);

	/* Flush the change to disk synchronously, then drop write access. */
	if (vmap_flush(&map, fd, VMAP_FLUSH_SYNC) < 0 ||
	    vmap_make_readonly(&map) < 0) {
		perror("vmap_flush/vmap_make_readonly");
		goto out_unmap;
	}
	printf("edited:    %.*s\n", (int)map.len, (const char *)map.ptr);
	if (memcmp(map.ptr, "that is a test", 14) == 0)
		status = EXIT_SUCCESS;
out_unmap:
	vmap_unmap(&map);
	close(fd);
out:
	unlink(path);
	return status;
}
