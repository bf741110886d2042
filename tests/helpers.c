/*
 * libvmap - shared helpers for the Check test suites
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "helpers.h"
#include "helpers-os.h"

#define TH_NPATHS 8
#define TH_NBUFFERS 8

/*
 * The process that runs the suite owns one private directory (th_root) and
 * removes it, with everything in it, when it exits.  Each test gets a fresh
 * subdirectory of it (th_cur) from the th_setup() fixture, so tests never
 * see each other's files, with or without CK_FORK, and files of a test
 * whose forked child died early are still removed by the owner.
 */
static char th_root[PATH_MAX];
static long th_root_pid;
static char th_cur[PATH_MAX];
static unsigned int th_seq;

static void th_cleanup(void)
{
	/* Forked children inherit th_root; only its creator removes it. */
	if (th_root[0] == '\0' || th_root_pid != th_os_pid())
		return;
	th_rm_tree(th_root);
	th_root[0] = '\0';
	th_cur[0] = '\0';
}

static const char *th_root_dir(void)
{
	static int atexit_done;
	const char *base;
	int n;

	if (th_root[0] != '\0')
		return th_root;
	base = getenv("TMPDIR");
	if (base == NULL || base[0] == '\0')
		base = th_os_tmp_base();
	/* Called by th_run() outside any test, where ck_assert cannot
	 * report: failing here is fatal. */
	n = snprintf(th_root, sizeof(th_root), "%s/libvmap-test.XXXXXX",
		     base);
	if (n <= 0 || (size_t)n >= sizeof(th_root)) {
		fprintf(stderr, "TMPDIR too long: %s\n", base);
		exit(EXIT_FAILURE);
	}
	if (th_os_mkdtemp(th_root) == NULL) {
		fprintf(stderr, "mkdtemp(%s): %s\n", th_root, strerror(errno));
		exit(EXIT_FAILURE);
	}
	th_root_pid = th_os_pid();
	if (!atexit_done) {
		atexit(th_cleanup);
		atexit_done = 1;
	}
	return th_root;
}

const char *th_tmpdir(void)
{
	return th_cur[0] != '\0' ? th_cur : th_root_dir();
}

void th_setup(void)
{
	const char *root = th_root_dir();
	int n;

	n = snprintf(th_cur, sizeof(th_cur), "%s/test-%ld-%u", root,
		     th_os_pid(), th_seq++);
	ck_assert_msg(n > 0 && (size_t)n < sizeof(th_cur), "path too long");
	ck_assert_msg(th_os_mkdir(th_cur) == 0, "mkdir(%s): %s", th_cur,
		      strerror(errno));
}

void th_teardown(void)
{
	if (th_cur[0] == '\0')
		return;
	th_rm_tree(th_cur);
	th_cur[0] = '\0';
}

TCase *th_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, th_setup, th_teardown);
	return tc;
}

const char *th_path(const char *name)
{
	static char bufs[TH_NPATHS][PATH_MAX];
	static unsigned int next;
	char *buf = bufs[next++ % TH_NPATHS];
	int n;

	n = snprintf(buf, PATH_MAX, "%s/%s", th_tmpdir(), name);
	ck_assert_msg(n > 0 && n < PATH_MAX, "path too long");
	return buf;
}

const char *th_write_file(const char *path, const void *data, size_t len)
{
	const char *p = data;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_msg(fd >= 0, "open(%s): %s", path, strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		ck_assert_msg(n > 0, "write(%s): %s", path, strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	ck_assert_int_eq(close(fd), 0);
	return path;
}

const char *th_mkfile(const char *name, const void *data, size_t len)
{
	return th_write_file(th_path(name), data, len);
}

char *th_read_file(const char *path, size_t *lenp)
{
	struct stat st;
	size_t len = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "open(%s): %s", path, strerror(errno));
	ck_assert_int_eq(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	ck_assert_ptr_nonnull(buf);
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);

		if (n < 0 && errno == EINTR)
			continue;
		ck_assert_msg(n >= 0, "read(%s): %s", path, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	ck_assert_int_eq(close(fd), 0);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

long long th_file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	return (long long)st.st_size;
}

void th_poke(void *addr)
{
	volatile unsigned char *p = addr;

	*p = (unsigned char)(*p + 1);
}

void th_peek(void *addr)
{
	volatile unsigned char *p = addr;

	(void)*p;
}

/* The th_buffer()s of the suite, freed by th_run(). */
static void *th_buffers[TH_NBUFFERS];
static int th_nbuffers;

int th_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	th_root_dir(); /* owned by this process, shared with the children */
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	th_cleanup();
	while (th_nbuffers > 0)
		free(th_buffers[--th_nbuffers]);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void th_sentinel(struct vmap_map *map)
{
	memset(map, TH_SENTINEL, sizeof(*map));
}

int th_is_sentinel(const struct vmap_map *map)
{
	const unsigned char *p = (const unsigned char *)map;
	size_t i;

	for (i = 0; i < sizeof(*map); i++)
		if (p[i] != TH_SENTINEL)
			return 0;
	return 1;
}

void th_snap(struct th_res *res)
{
	res->fds = th_count_fds();
	res->maps = th_count_maps();
}

struct vmap_options th_opts(unsigned int flags, uint64_t offset,
			    struct vmap_extent len)
{
	struct vmap_options o = VMAP_OPTIONS_INIT;

	o.flags = flags;
	o.offset = offset;
	o.len = len;
	return o;
}

int th_open_fd(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open(%s): %s", path, strerror(errno));
	return fd;
}

void th_unmap_ok_as(const char *what, struct vmap_map *map)
{
	static const struct vmap_map zero;
	int rc = vmap_unmap(map);

	ck_assert_msg(rc == 0, "%s: vmap_unmap: %s", what, strerror(errno));
	ck_assert_msg(memcmp(map, &zero, sizeof(zero)) == 0,
		      "%s: vmap_unmap left the struct set", what);
}

void th_unmap_ok(struct vmap_map *map)
{
	th_unmap_ok_as("unmap", map);
}

void th_assert_file_as(const char *what, const char *path, const void *data,
		       size_t len)
{
	size_t got;
	char *buf = th_read_file(path, &got);
	int same = got == len && memcmp(buf, data, len) == 0;

	free(buf);
	ck_assert_msg(same, "%s: %s holds %zu bytes%s, expected %zu", what,
		      path, got, got == len ? " that differ" : "", len);
}

void th_assert_file(const char *path, const void *data, size_t len)
{
	th_assert_file_as("file", path, data, len);
}

const char *th_text_file(const char *name)
{
	return th_mkfile(name, TH_TEXT, TH_TEXT_LEN);
}

void th_map_text(unsigned int flags, struct vmap_map *map, int *fdp)
{
	struct vmap_options o = th_opts(flags, 0, vmap_extent_end());

	ck_assert_int_eq(vmap_open(th_text_file("t"), &o, map, fdp), 0);
	th_assert_bytes(map, TH_TEXT, TH_TEXT_LEN);
}

void th_anon(unsigned int flags, uint64_t offset, size_t len,
	     struct vmap_map *map)
{
	struct vmap_options o = th_opts(flags, offset, vmap_extent_exact(len));

	ck_assert_int_eq(vmap_alloc(&o, map), 0);
	ck_assert_uint_eq(map->len, len);
}

int th_all_bytes(const void *p, size_t len, unsigned char byte)
{
	const unsigned char *b = p;

	/* The first byte is @byte and every byte equals the next one. */
	return len == 0 || (b[0] == byte && memcmp(b, b + 1, len - 1) == 0);
}

uint64_t th_rel(struct th_rel v, uint64_t size)
{
	/* Unsigned arithmetic wraps, which is what the negative parts mean. */
	return (uint64_t)v.units * size + (uint64_t)v.bytes;
}

Suite *th_suite(const char *name, const struct th_test *tests, size_t n)
{
	Suite *s = suite_create(name);
	TCase *tc = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (tc == NULL || strcmp(tests[i].tcase, tests[i - 1].tcase)) {
			tc = th_tcase(tests[i].tcase);
			suite_add_tcase(s, tc);
		}
		if (tests[i].rows > 0)
			tcase_add_loop_test(tc, tests[i].test, 0,
					    tests[i].rows);
		else
			tcase_add_test(tc, tests[i].test);
	}
	return s;
}

/* Whether @name is listed in @list (names separated by spaces or commas). */
static int th_listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)) != NULL; p += n) {
		int starts = p == list || p[-1] == ' ' || p[-1] == ',';
		int ends = p[n] == '\0' || p[n] == ' ' || p[n] == ',';

		if (starts && ends)
			return 1;
	}
	return 0;
}

const char *const *th_strategies(void)
{
	static const char *usable[16];
	static int ready;
	const char *const *all = vmap_ring_strategies();
	const char *skip = getenv("VMAP_TEST_SKIP_STRATEGIES");
	int i, n = 0;

	if (ready)
		return usable;
	for (i = 0; all[i] != NULL && n < 15; i++)
		if (!skip || !th_listed(skip, all[i]))
			usable[n++] = all[i];
	usable[n] = NULL;
	ready = 1;
	return usable;
}

int th_n_strategies(void)
{
	const char *const *names = th_strategies();
	int n = 0;

	while (names[n] != NULL)
		n++;
	return n;
}

void th_ring_open(struct vmap_ring *r, size_t cap, unsigned int flags, int i)
{
	const char *name = th_strategies()[i];

	ck_assert_msg(vmap_ring_init_strategy(r, cap, flags, name) == 0,
		      "init(%zu, %u, %s): %s", cap, flags, name,
		      strerror(errno));
	ck_assert_str_eq(vmap_ring_strategy(r), name);
}

void th_ring_close(struct vmap_ring *r)
{
	static const struct vmap_ring zero;

	ck_assert_int_eq(vmap_ring_destroy(r), 0);
	ck_assert_mem_eq(r, &zero, sizeof(zero));
}

void *th_buffer(size_t len)
{
	void *p;

	/* Called outside any test, where ck_assert cannot report. */
	if (th_nbuffers == TH_NBUFFERS) {
		fprintf(stderr, "more than %d th_buffer()s\n", TH_NBUFFERS);
		exit(EXIT_FAILURE);
	}
	p = malloc(len > 0 ? len : 1);
	if (p == NULL) {
		fprintf(stderr, "malloc(%zu): %s\n", len, strerror(errno));
		exit(EXIT_FAILURE);
	}
	th_buffers[th_nbuffers++] = p;
	return p;
}

void th_pipe_put(int fd, const void *buf, size_t n)
{
	size_t done = th_pipe_offer(fd, buf, n);

	ck_assert_msg(done == n,
		      "the pipe took %zu of %zu bytes: it is full, and "
		      "writing on would block",
		      done, n);
}

unsigned char th_pattern(size_t p)
{
	return (unsigned char)(p * 7 + (p >> 8) * 13 + 1);
}

void th_pattern_fill(unsigned char *dst, size_t n, size_t pos)
{
	size_t j;

	for (j = 0; j < n; j++)
		dst[j] = th_pattern(pos + j);
}

const char *th_errno_name(int err)
{
#define TH_ERRNO(e) { e, #e }
	static const struct {
		int err;
		const char *name;
	} names[] = {
		TH_ERRNO(0),         TH_ERRNO(EPERM),     TH_ERRNO(ENOENT),
		TH_ERRNO(EINTR),     TH_ERRNO(EIO),       TH_ERRNO(EBADF),
		TH_ERRNO(EAGAIN),    TH_ERRNO(ENOMEM),    TH_ERRNO(EACCES),
		TH_ERRNO(EFAULT),    TH_ERRNO(EBUSY),     TH_ERRNO(EEXIST),
		TH_ERRNO(ENODEV),    TH_ERRNO(ENOTDIR),   TH_ERRNO(EISDIR),
		TH_ERRNO(EINVAL),    TH_ERRNO(ENFILE),    TH_ERRNO(EMFILE),
		TH_ERRNO(EFBIG),     TH_ERRNO(ENOSPC),    TH_ERRNO(ESPIPE),
		TH_ERRNO(EPIPE),     TH_ERRNO(ERANGE),    TH_ERRNO(ENOSYS),
		TH_ERRNO(ENOTSUP),   TH_ERRNO(ENOBUFS),   TH_ERRNO(EOVERFLOW),
		TH_ERRNO(ETIMEDOUT), TH_ERRNO(ENAMETOOLONG),
	};
#undef TH_ERRNO
	static char other[TH_NPATHS][16];
	static unsigned int next;
	char *buf;
	size_t i;

	for (i = 0; i < TH_LEN(names); i++)
		if (names[i].err == err)
			return names[i].name;
	buf = other[next++ % TH_NPATHS];
	snprintf(buf, sizeof(other[0]), "errno %d", err);
	return buf;
}
