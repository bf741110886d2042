/*
 * libvmap - libFuzzer target: random mapping options and ranges over a
 * small temporary file, against a model of the documented rules and
 * against pread(2)
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Input: the file's length and a seed for its bytes; then up to MAX_STEPS
 * steps, each one call of vmap_map, vmap_map_if, vmap_open or vmap_open_if
 * with random options (or one refused argument), followed, when something
 * was mapped, by bounds-checked accesses, perhaps a vmap_remap after the
 * file changed size, and vmap_unmap.
 *
 * The model is a copy of the file's bytes (`file`) and, for each call, the
 * outcome the header documents: the return value, the errno values it
 * allows, the file the call leaves behind (`next`), and the mapped length.
 * After every call the real file must equal the model, byte for byte, and
 * a mapping must show what pread(2) reads at its range.  No descriptor or
 * mapping outlives a step: the lowest free descriptor is the same before
 * and after each input, and an unmapped range must be gone (mincore).
 */

#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_FILE (64 * 1024) /* the file an input starts with */
#define MAX_STEPS 16
#define MAX_ACCESSES 16
#define BAD_FLAG (1u << 12)
#define HUGE_SIZE ((uint64_t)1 << 63) /* no off_t holds it */

/* A file's length and bytes. */
struct file {
	uint8_t *bytes;
	uint64_t len;
};

static size_t max_size; /* the longest the file can grow */
static char path[PATH_MAX], missing[PATH_MAX + 16], dir[PATH_MAX];
static struct file file, next; /* the model, and its candidate */
static uint8_t *view, *got;     /* a mapping's expected bytes; scratch */

static void file_resize(struct file *f, uint64_t len)
{
	if (len > f->len)
		memset(f->bytes + f->len, 0, (size_t)(len - f->len));
	f->len = len;
}

static void file_copy(struct file *to, const struct file *from)
{
	memcpy(to->bytes, from->bytes, (size_t)from->len);
	to->len = from->len;
}

static void remove_file(void)
{
	(void)unlink(path);
}

/* One file per process, in $TMPDIR, removed at exit. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	(void)argc;
	(void)argv;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s", tmp);
	snprintf(path, sizeof(path), "%s/vmap-fuzz-map-XXXXXX", tmp);
	fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "fuzz-map: mkstemp %s: %s\n", path,
			strerror(errno));
		abort();
	}
	(void)close(fd);
	atexit(remove_file);
	snprintf(missing, sizeof(missing), "%s-missing", path);
	max_size = 2 * MAX_FILE + 4 * vmap_page_size();
	file.bytes = fz_malloc(max_size);
	next.bytes = fz_malloc(max_size);
	view = fz_malloc(max_size);
	got = fz_malloc(max_size);
	return 0;
}

/* The lowest free descriptor: a leak takes it. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		(void)close(fd);
	return fd;
}

static void write_file(const uint8_t *bytes, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	FZ_CHECK(fd >= 0 && pwrite(fd, bytes, len, 0) == (ssize_t)len &&
			 close(fd) == 0,
		 "writing %s: %s", path, strerror(errno));
}

/* Reads the whole file into `got`; returns its length. */
static uint64_t read_file(void)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	FZ_CHECK(fd >= 0 && fstat(fd, &st) == 0, "%s: %s", path,
		 strerror(errno));
	FZ_CHECK((uint64_t)st.st_size <= max_size,
		 "the file grew to %lld bytes", (long long)st.st_size);
	n = pread(fd, got, (size_t)st.st_size, 0);
	FZ_CHECK(n == st.st_size, "pread: %s", strerror(errno));
	(void)close(fd);
	return (uint64_t)st.st_size;
}

static bool file_is(const struct file *f, uint64_t len)
{
	return f->len == len && memcmp(got, f->bytes, (size_t)len) == 0;
}

/* The real file must be `next`, or (either) still `file`; the model then
 * follows it. */
static void check_file(bool either, const char *what)
{
	uint64_t len = read_file();

	if (file_is(&next, len)) {
		file_copy(&file, &next);
		return;
	}
	FZ_CHECK(either && file_is(&file, len),
		 "%s: the file is %llu bytes, expected %llu%s", what,
		 (unsigned long long)len, (unsigned long long)next.len,
		 either ? " or as it was" : " and the model's bytes");
	file_copy(&next, &file);
}

enum api { API_MAP, API_MAP_IF, API_OPEN, API_OPEN_IF, N_APIS };

/* One refused argument, or none. */
enum variant {
	V_BAD_FLAG,      /* unknown flag bit: EINVAL */
	V_BAD_LEN,       /* unknown extent kind: EINVAL */
	V_BAD_RESIZE,    /* unknown resize kind: EINVAL */
	V_TRUNCATE,      /* open-only flag: EINVAL for a descriptor */
	V_RESIZE_NO_WRITE, /* a resize without VMAP_WRITE: EINVAL */
	V_NULL_MAP,      /* EINVAL */
	V_NO_FD,         /* negative fd, NULL path: EINVAL */
	V_NOT_FILE,      /* a directory: ENODEV (EISDIR opened to write) */
	V_MISSING,       /* no such path: ENOENT; a read-only descriptor
			    asked for VMAP_WRITE: EACCES */
	N_VARIANTS,
	V_NONE = N_VARIANTS
};

struct call {
	enum api api;
	enum variant variant;
	struct vmap_options o;
	bool fd_rw;   /* a descriptor opened read-write */
	bool want_fd; /* vmap_open*: ask for the descriptor */
};

struct expect {
	int rc;       /* 1 mapped, 0 outside the file, -1 failed */
	int errs[4];  /* errno values allowed on failure */
	int n_errs;
	bool either;  /* the file may also be left as it was */
	uint64_t len; /* the mapped length */
};

static bool is_open(enum api api)
{
	return api == API_OPEN || api == API_OPEN_IF;
}

static bool is_if(enum api api)
{
	return api == API_MAP_IF || api == API_OPEN_IF;
}

static void allow(struct expect *e, int err)
{
	e->rc = -1;
	e->errs[e->n_errs++] = err;
}

static bool allowed(const struct expect *e, int err)
{
	int i;

	for (i = 0; i < e->n_errs; i++)
		if (e->errs[i] == err)
			return true;
	return false;
}

static bool valid_kind(struct vmap_extent x)
{
	return (unsigned int)x.kind <= VMAP_MAX;
}

/* The length an extent picks from `offset` in a file of `len` bytes, in
 * the words of struct vmap_extent: END and MIN run to the end of the file,
 * EXACT is n bytes, MAX is n bytes at most; EXACT and MIN are out of range
 * (false) when fewer than n bytes remain, as is any offset past the end. */
static bool extent_len(struct vmap_extent x, uint64_t len, uint64_t offset,
		       uint64_t *out)
{
	uint64_t rest = offset <= len ? len - offset : 0;
	bool needs_n = x.kind == VMAP_EXACT || x.kind == VMAP_MIN;
	bool capped = x.kind == VMAP_EXACT || x.kind == VMAP_MAX;

	*out = capped && x.n < rest ? x.n : rest;
	return offset <= len && !(needs_n && x.n > rest);
}

/* The documented outcome of a call; `next` becomes the file it leaves. */
static void model(const struct call *c, struct expect *e)
{
	const struct vmap_options *o = &c->o;
	unsigned int known = VMAP_WRITE | VMAP_COPY | VMAP_EXEC;
	bool write = o->flags & VMAP_WRITE;
	bool resize;

	memset(e, 0, sizeof(*e));
	if (is_open(c->api))
		known |= VMAP_CREATE | VMAP_CREATE_NEW | VMAP_TRUNCATE;
	if ((o->flags & ~known) || !valid_kind(o->len) ||
	    !valid_kind(o->resize) || c->variant == V_NULL_MAP ||
	    c->variant == V_NO_FD ||
	    ((o->resize.kind != VMAP_END || (o->flags & VMAP_TRUNCATE)) &&
	     !write))
		allow(e, EINVAL);
	if (c->variant == V_NOT_FILE)
		allow(e, is_open(c->api) && write ? EISDIR : ENODEV);
	if (c->variant == V_MISSING && is_open(c->api))
		allow(e, ENOENT);
	if (e->rc < 0)
		return;

	if (o->flags & VMAP_TRUNCATE)
		file_resize(&next, 0);
	/* EXACT sets the length to n, MIN grows the file to n if shorter,
	 * MAX shrinks it to n if longer. */
	resize = o->resize.kind == VMAP_EXACT ||
		 (o->resize.kind == VMAP_MIN && o->resize.n > next.len) ||
		 (o->resize.kind == VMAP_MAX && o->resize.n < next.len);
	if (resize && o->resize.n >= HUGE_SIZE) {
		allow(e, EOVERFLOW);
		e->either = true;
		return;
	}
	if (resize)
		file_resize(&next, o->resize.n);
	if (!extent_len(o->len, next.len, o->offset, &e->len)) {
		if (is_if(c->api)) {
			e->rc = 0;
		} else {
			allow(e, ERANGE);
			e->either = true;
		}
		return;
	}
	/* A shared writable mapping needs a descriptor open for writing. */
	if (!c->fd_rw && !is_open(c->api) && write &&
	    !(o->flags & VMAP_COPY) && e->len > 0) {
		allow(e, EACCES);
		return;
	}
	e->rc = 1;
}

/* Options and the variant from the input. */
static void decode(struct fz *in, struct call *c)
{
	struct vmap_options init = VMAP_OPTIONS_INIT;
	struct vmap_options *o = &c->o;
	uint8_t sel = fz_u8(in), kinds = fz_u8(in);
	uint64_t len;

	c->api = (enum api)(sel % N_APIS);
	c->variant = (sel >> 2) < N_VARIANTS ? (enum variant)(sel >> 2)
					     : V_NONE;
	*o = init;
	o->flags = fz_u8(in) & (VMAP_WRITE | VMAP_COPY);
	o->offset = fz_pick(in, file.len, UINT64_MAX);
	o->len.kind = (enum vmap_extent_kind)(kinds % 4);
	len = o->offset <= file.len ? file.len - o->offset : 0;
	o->len.n = fz_pick(in, len, UINT64_MAX);
	if (o->flags & VMAP_WRITE) {
		o->resize.kind = (enum vmap_extent_kind)((kinds >> 2) % 4);
		o->resize.n = (kinds >> 4) == 0xf
				      ? HUGE_SIZE + fz_u8(in)
				      : fz_pick(in, file.len, max_size / 2);
	}
	c->want_fd = kinds & 0x40;
	/* A read-only descriptor where the mapping allows it. */
	c->fd_rw = o->resize.kind != VMAP_END ||
		   ((o->flags & VMAP_WRITE) && !(o->flags & VMAP_COPY)) ||
		   (kinds & 0x80);
	switch (c->variant) {
	case V_BAD_FLAG:
		o->flags |= BAD_FLAG;
		break;
	case V_BAD_LEN:
		o->len.kind = (enum vmap_extent_kind)(VMAP_MAX + 1 + sel % 3);
		break;
	case V_BAD_RESIZE:
		o->resize.kind = (enum vmap_extent_kind)(0x7fffffff - sel % 3);
		break;
	case V_TRUNCATE:
		o->flags |= VMAP_TRUNCATE;
		break;
	case V_RESIZE_NO_WRITE:
		o->flags &= ~VMAP_WRITE;
		o->resize = vmap_extent_min(o->resize.n);
		break;
	case V_MISSING:
		o->flags = VMAP_WRITE;
		o->resize = vmap_extent_end();
		c->fd_rw = false;
		break;
	default:
		break;
	}
}

/* vmap_open* must leave the caller's descriptor variable alone on
 * failure, or when asked for none. */
#define NO_FD (-2)

/* Makes the call; *fdp receives the descriptor the mapping came from:
 * ours for vmap_map*, NO_FD or the one vmap_open* returned. */
static int call(const struct call *c, struct vmap_map *map, int *fdp)
{
	struct vmap_map *m = c->variant == V_NULL_MAP ? NULL : map;
	const char *p = path;
	int fd = -1, rc;

	*fdp = NO_FD;
	if (is_open(c->api)) {
		if (c->variant == V_NO_FD)
			p = NULL;
		else if (c->variant == V_NOT_FILE)
			p = dir;
		else if (c->variant == V_MISSING)
			p = missing;
		errno = 0;
		return c->api == API_OPEN
			       ? vmap_open(p, &c->o, m, c->want_fd ? fdp : NULL)
			       : vmap_open_if(p, &c->o, m,
					      c->want_fd ? fdp : NULL);
	}
	if (c->variant == V_NOT_FILE)
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else if (c->variant != V_NO_FD)
		fd = open(path, (c->fd_rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	FZ_CHECK(c->variant == V_NO_FD || fd >= 0, "open: %s",
		 strerror(errno));
	errno = 0;
	rc = c->api == API_MAP ? vmap_map(fd, &c->o, m)
			       : vmap_map_if(fd, &c->o, m);
	*fdp = fd;
	return rc;
}

/* The descriptor vmap_open* returned: close-on-exec, opened read-write
 * exactly with VMAP_WRITE, and our file. */
static void check_fd(int fd, unsigned int flags)
{
	struct stat a, b;
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

	FZ_CHECK(fl >= 0 && fdfl >= 0 && (fdfl & FD_CLOEXEC) &&
			 (fl & O_ACCMODE) ==
				 (flags & VMAP_WRITE ? O_RDWR : O_RDONLY),
		 "descriptor %d: flags %#x, fd flags %#x", fd, fl, fdfl);
	FZ_CHECK(fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
			 a.st_ino == b.st_ino && a.st_dev == b.st_dev,
		 "descriptor %d is not the file", fd);
}

/* The mapping shows `view`, and for a shared one `view` is what pread(2)
 * reads at its range.  Only bytes before the file's end count: after the
 * file shrank and vmap_remap refused, the rest of the mapping would fault. */
static void check_bytes(const struct vmap_map *map, bool shared, int n_step)
{
	uint64_t n = map->len;
	int fd;

	if (map->offset >= file.len)
		n = 0;
	else if (map->offset + n > file.len)
		n = file.len - map->offset;
	if (n == 0)
		return;
	if (shared) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		FZ_CHECK(fd >= 0 && pread(fd, got, (size_t)n,
					  (off_t)map->offset) == (ssize_t)n,
			 "pread: %s", strerror(errno));
		(void)close(fd);
		FZ_CHECK(memcmp(map->ptr, got, (size_t)n) == 0,
			 "step %d: the mapping differs from pread at offset "
			 "%llu", n_step, (unsigned long long)map->offset);
	}
	FZ_CHECK(memcmp(map->ptr, view, (size_t)n) == 0,
		 "step %d: the mapping differs from the model", n_step);
}

/* Calls the scalar accessor of one width and form, writing (part of) v
 * or reading; `bytes` receives the value's bytes in host order. */
#define SCALAR(T, name)                                                       \
	do {                                                                  \
		T t = (T)v;                                                   \
		T *out = null_arg ? NULL : &t;                                \
		switch (form) {                                               \
		case 0: rc = vmap_read_##name(m, off, out); break;           \
		case 1: rc = vmap_read_##name##_volatile(m, off, out); break; \
		case 2: rc = vmap_read_##name##_unaligned(m, off, out); break; \
		case 3: rc = vmap_write_##name(m, off, t); break;            \
		case 4: rc = vmap_write_##name##_volatile(m, off, t); break; \
		default: rc = vmap_write_##name##_unaligned(m, off, t); break; \
		}                                                             \
		memcpy(bytes, &t, sizeof(T));                                 \
	} while (0)

static int scalar(struct vmap_map *m, unsigned int width, unsigned int form,
		  size_t off, uint64_t v, bool null_arg, uint8_t *bytes)
{
	int rc;

	switch (width) {
	case 1:
		SCALAR(uint8_t, u8);
		break;
	case 2:
		SCALAR(uint16_t, u16);
		break;
	case 4:
		SCALAR(uint32_t, u32);
		break;
	default:
		SCALAR(uint64_t, u64);
		break;
	}
	return rc;
}

/* One bounds-checked access.  The accessor documentation: EINVAL for a
 * NULL argument or (plain and volatile forms) a misaligned address,
 * EOVERFLOW when off + size overflows, ERANGE past vmap_map::len.  When
 * several apply, any of them will do. */
static void access_once(struct fz *in, struct vmap_map *map, bool writable,
			bool shared)
{
	uint8_t sel = fz_u8(in);
	bool bulk = sel % 4 == 0, null_map = sel == 0xff;
	bool null_arg = (sel & 0x70) == 0x70;
	unsigned int form = (sel >> 2) % 6; /* 0-2 read, 3-5 write */
	unsigned int width = bulk ? 0 : 1u << (sel >> 5) % 4;
	size_t off = (size_t)fz_pick(in, map->len, SIZE_MAX);
	size_t len = bulk ? (size_t)fz_pick(in, map->len - (off < map->len ? off
									 : map->len),
				     SIZE_MAX)
			  : width;
	bool write = form >= 3;
	struct vmap_map *m = null_map ? NULL : map;
	struct expect e = { 0 };
	uint64_t v = fz_num(in, 8);
	int rc;

	/* Bulk reads and writes take a buffer, scalar reads a pointer. */
	if (null_map || (null_arg && len > 0 && (bulk || !write)))
		allow(&e, EINVAL);
	if (len > SIZE_MAX - off)
		allow(&e, EOVERFLOW);
	else if (off + len > map->len)
		allow(&e, ERANGE);
	if (!bulk && form % 3 != 2 &&
	    ((uintptr_t)map->ptr + off) % width != 0)
		allow(&e, EINVAL);
	/* A write that would succeed on a read-only mapping faults. */
	if (write && e.rc == 0 && !writable)
		return;
	if (bulk && write && e.rc == 0) /* else len may be huge */
		fz_bytes(&v, got, len, false);
	errno = 0;
	if (bulk && write)
		rc = vmap_write(m, off, null_arg ? NULL : got, len);
	else if (bulk)
		rc = vmap_read(m, off, null_arg ? NULL : got, len);
	else
		rc = scalar(m, width, form, off, v, null_arg, got);
	if (e.rc < 0) {
		FZ_CHECK(rc == -1 && allowed(&e, errno),
			 "accessor (width %u, form %u) off %zu len %zu on %zu "
			 "bytes: %d (errno %d), expected errno %d",
			 width, form, off, len, map->len, rc, errno, e.errs[0]);
		return;
	}
	FZ_CHECK(rc == 0, "accessor (width %u, form %u) off %zu len %zu on "
		 "%zu bytes failed (errno %d)", width, form, off, len,
		 map->len, errno);
	if (!write) {
		FZ_CHECK(memcmp(got, view + off, len) == 0,
			 "read %zu bytes at %zu: wrong bytes", len, off);
		return;
	}
	memcpy(view + off, got, len);
	if (shared) {
		memcpy(file.bytes + map->offset + off, got, len);
		memcpy(next.bytes + map->offset + off, got, len);
	}
	FZ_CHECK(len == 0 || memcmp(map->ptr, view, map->len) == 0,
		 "a write of %zu bytes at %zu: the mapping differs", len, off);
}

/* The file changes size (through its own descriptor), then vmap_remap
 * follows a random extent.  Only shared mappings: a private one keeps its
 * changes only where mremap(2) exists. */
static void remap(struct fz *in, struct vmap_map *map, int fd)
{
	uint8_t sel = fz_u8(in);
	struct vmap_extent len = { (enum vmap_extent_kind)(sel % 4), 0 };
	struct vmap_map before = *map;
	uint64_t size = file.len, new_len;
	struct expect e = { 0 };
	int rc, tfd;

	if (sel & 0x10) {
		size = fz_pick(in, file.len, max_size / 2);
		tfd = open(path, O_RDWR | O_CLOEXEC);
		FZ_CHECK(tfd >= 0 && ftruncate(tfd, (off_t)size) == 0 &&
				 close(tfd) == 0,
			 "ftruncate: %s", strerror(errno));
		file_resize(&file, size);
		file_copy(&next, &file);
	}
	len.n = fz_pick(in, size - (map->offset < size ? map->offset : size),
			UINT64_MAX);
	if ((sel & 0xe0) == 0xe0)
		len.kind = (enum vmap_extent_kind)(VMAP_MAX + 1);
	if ((sel & 0xe0) == 0xc0)
		fd = -1;
	if (!valid_kind(len) || fd < 0)
		allow(&e, EINVAL);
	else if (!extent_len(len, size, map->offset, &new_len))
		allow(&e, ERANGE);
	errno = 0;
	rc = vmap_remap(map, fd, len);
	if (e.rc < 0) {
		FZ_CHECK(rc == -1 && allowed(&e, errno),
			 "vmap_remap: %d (errno %d), expected errno %d", rc,
			 errno, e.errs[0]);
		FZ_CHECK(memcmp(map, &before, sizeof(*map)) == 0,
			 "a failed vmap_remap changed the mapping");
		return;
	}
	FZ_CHECK(rc == 0, "vmap_remap to %llu bytes: %s",
		 (unsigned long long)new_len, strerror(errno));
	FZ_CHECK(map->len == new_len && map->offset == before.offset &&
			 map->flags == before.flags &&
			 (map->ptr == NULL) == (new_len == 0),
		 "vmap_remap: len %zu (expected %llu), ptr %p", map->len,
		 (unsigned long long)new_len, map->ptr);
	memcpy(view, file.bytes + map->offset, map->len);
}

/* vmap_unmap zeroes the struct, and every page from the start of the
 * allocation unit holding the first byte to the last byte is gone. */
static void unmap(struct vmap_map *map)
{
	static const struct vmap_map zero;
	size_t page = vmap_page_size();
	uintptr_t end = (uintptr_t)map->ptr + map->len;
	uintptr_t at = (uintptr_t)map->ptr - vmap_unit_offset(map->offset);
	bool mapped = map->ptr != NULL;
	unsigned char vec;
	int rc;

	errno = 0;
	rc = vmap_unmap(map);
	FZ_CHECK_RC("vmap_unmap", rc, errno, 0, 0);
	FZ_CHECK(memcmp(map, &zero, sizeof(*map)) == 0,
		 "vmap_unmap did not zero the struct");
	for (; mapped && at < end; at += page)
		FZ_CHECK(mincore((void *)at, page, &vec) == -1 &&
				 errno == ENOMEM,
			 "page %p is still mapped after vmap_unmap", (void *)at);
}

static void step(struct fz *in, int n)
{
	struct vmap_map map, before;
	struct expect e;
	struct call c;
	unsigned int want_flags;
	int rc, err, fd, i, count;
	bool shared;

	decode(in, &c);
	model(&c, &e);
	memset(&map, 0x5a, sizeof(map));
	before = map;
	rc = call(&c, &map, &fd);
	err = errno;
	if (e.rc < 0) {
		FZ_CHECK(rc == -1 && allowed(&e, err) &&
				 (!is_open(c.api) || fd == NO_FD) &&
				 memcmp(&map, &before, sizeof(map)) == 0,
			 "step %d: api %d variant %d: %d (errno %d, fd %d), "
			 "expected errno %d and nothing touched", n, c.api,
			 c.variant, rc, err, fd, e.errs[0]);
		if (fd >= 0)
			(void)close(fd);
		check_file(e.either, "a failed call");
		return;
	}
	FZ_CHECK(rc == (is_if(c.api) ? e.rc : 0),
		 "step %d: api %d variant %d: %d (errno %d), expected %d", n,
		 c.api, c.variant, rc, err, e.rc);
	check_file(false, "a call");
	FZ_CHECK(!is_open(c.api) || (c.want_fd ? fd >= 0 : fd == NO_FD),
		 "step %d: vmap_open gave descriptor %d", n, fd);
	if (is_open(c.api) && c.want_fd)
		check_fd(fd, c.o.flags);
	if (e.rc == 0) {
		FZ_CHECK(memcmp(&map, &before, sizeof(map)) == 0,
			 "step %d: nothing mapped, yet the struct changed", n);
	} else {
		want_flags = (c.o.flags & VMAP_COPY) ? VMAP_WRITE | VMAP_COPY
						     : c.o.flags & VMAP_WRITE;
		FZ_CHECK(map.len == e.len && map.offset == c.o.offset &&
				 map.flags == want_flags &&
				 (map.ptr == NULL) == (e.len == 0),
			 "step %d: mapped len %zu offset %llu flags %#x ptr %p,"
			 " expected len %llu flags %#x", n, map.len,
			 (unsigned long long)map.offset, map.flags, map.ptr,
			 (unsigned long long)e.len, want_flags);
		shared = !(c.o.flags & VMAP_COPY);
		memcpy(view, file.bytes + map.offset, map.len);
		check_bytes(&map, true, n);
		count = fz_u8(in) % MAX_ACCESSES;
		for (i = 0; i < count; i++)
			access_once(in, &map, want_flags & VMAP_WRITE, shared);
		/* vmap_remap wants a descriptor opened as for the mapping. */
		if (shared && (fz_u8(in) & 1) &&
		    (c.fd_rw || !(c.o.flags & VMAP_WRITE))) {
			if (fd < 0)
				fd = open(path, (c.o.flags & VMAP_WRITE ? O_RDWR
									: O_RDONLY) |
							O_CLOEXEC);
			remap(in, &map, fd);
		}
		check_bytes(&map, shared, n);
		unmap(&map);
	}
	if (fd >= 0)
		(void)close(fd);
	check_file(false, "after unmapping");
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
	struct fz in = { input, size };
	uint64_t seed;
	int lowest = lowest_free_fd(), n;

	file.len = fz_pick(&in, 2 * vmap_page_size(), MAX_FILE);
	seed = fz_num(&in, 4);
	fz_bytes(&seed, file.bytes, (size_t)file.len, false);
	file_copy(&next, &file);
	write_file(file.bytes, (size_t)file.len);
	for (n = 0; n < MAX_STEPS && fz_more(&in); n++)
		step(&in, n);
	FZ_CHECK(lowest_free_fd() == lowest,
		 "a descriptor was left open (lowest free %d, was %d)",
		 lowest_free_fd(), lowest);
	return 0;
}
