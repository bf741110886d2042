/*
 * libvmap - libFuzzer target: random sequences of ring operations, in
 * bounded and overwriting mode, against a plain reference FIFO
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 *
 * Input: one header byte (mode, strategy, whether to probe the argument
 * errors first), a 16-bit requested capacity (1 to 4 pages), a 32-bit
 * seed for the bytes written; then operations, one byte each plus their
 * arguments.  Every operation runs on the ring and on the model, and after
 * each one the two must agree on return values, errno, read_len, write_len
 * and every unread byte.
 *
 * The model is a byte array of the ring's capacity holding the unread
 * bytes in order from `head`, wrapping with %, with no mirror; it follows
 * the header's documentation, not the library's code.
 */

#include <fcntl.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_PAGES 4
#define MAX_OPS 512

/* The reference FIFO. */
struct model {
	uint8_t *buf;
	size_t cap, head, len;
	bool overwrite;
};

static size_t model_room(const struct model *m)
{
	return m->overwrite ? m->cap : m->cap - m->len;
}

/* Appends n bytes; an overwriting FIFO drops its oldest byte when full,
 * a bounded one is never asked for more than its room. */
FZ_PLAIN static void model_push(struct model *m, const uint8_t *src,
				size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (m->len == m->cap) {
			FZ_CHECK(m->overwrite, "model overflow");
			m->head = (m->head + 1) % m->cap;
			m->len--;
		}
		m->buf[(m->head + m->len) % m->cap] = src[i];
		m->len++;
	}
}

/* Removes the n oldest bytes, copying them to dst unless it is NULL. */
FZ_PLAIN static void model_pop(struct model *m, uint8_t *dst, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (dst)
			dst[i] = m->buf[m->head];
		m->head = (m->head + 1) % m->cap;
		m->len--;
	}
}

/* Per-process state: the strategies this system allows; scratch buffers
 * for any operation (write and printf lengths reach twice the capacity, as
 * an overwriting ring keeps only the tail), with a canary after reads; and
 * a nonblocking pipe for fill and drain. */
#define MAX_STRATEGIES 16
#define CANARY 16
#define CANARY_BYTE 0xcc
static const char *usable[MAX_STRATEGIES];
static size_t n_usable;
static uint8_t *data, *got, *want;
static size_t scratch_len;
static int pipe_rd = -1, pipe_wr = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *const *names = vmap_ring_strategies();
	struct vmap_ring r;
	int fds[2];
	size_t i;

	(void)argc;
	(void)argv;
	scratch_len = 2 * MAX_PAGES * vmap_allocation_size() + 64;
	data = fz_malloc(scratch_len);
	got = fz_malloc(scratch_len + CANARY);
	want = fz_malloc(scratch_len);
	/* vmap_ring_init() uses the first strategy the system allows; a
	 * sandbox may refuse some, which the fuzzer then leaves out. */
	for (i = 0; names[i] && n_usable < MAX_STRATEGIES; i++) {
		if (vmap_ring_init_strategy(&r, 1, 0, names[i]) < 0) {
			fprintf(stderr, "fuzz-ring: strategy %s refused (%s)\n",
				names[i], strerror(errno));
			continue;
		}
		usable[n_usable++] = names[i];
		(void)vmap_ring_destroy(&r);
	}
	if (n_usable == 0 || pipe(fds) < 0 ||
	    fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(fds[1], F_SETFL, O_NONBLOCK) < 0) {
		fprintf(stderr, "fuzz-ring: cannot set up (%s)\n",
			strerror(errno));
		abort();
	}
	pipe_rd = fds[0];
	pipe_wr = fds[1];
	return 0;
}

/* Empties the pipe into dst (NULL: discard); returns the bytes read. */
static size_t pipe_take(uint8_t *dst, size_t max)
{
	uint8_t sink[4096];
	size_t total = 0;
	ssize_t n;

	for (;;) {
		if (dst)
			n = read(pipe_rd, dst + total, max - total);
		else
			n = read(pipe_rd, sink, sizeof(sink));
		if (n <= 0)
			break;
		total += (size_t)n;
		if (dst && total == max)
			break;
	}
	return total;
}

/* The ring and the model agree on every observable. */
static void compare(const struct vmap_ring *r, const struct model *m,
		    unsigned int step)
{
	const uint8_t *rp = vmap_ring_read_ptr(r);
	size_t first = m->cap - m->head < m->len ? m->cap - m->head : m->len;

	FZ_CHECK(vmap_ring_capacity(r) == m->cap, "step %u: capacity %zu, "
		 "expected %zu", step, vmap_ring_capacity(r), m->cap);
	FZ_CHECK(vmap_ring_read_len(r) == m->len,
		 "step %u: read_len %zu, expected %zu", step,
		 vmap_ring_read_len(r), m->len);
	FZ_CHECK(vmap_ring_write_len(r) == model_room(m),
		 "step %u: write_len %zu, expected %zu", step,
		 vmap_ring_write_len(r), model_room(m));
	FZ_CHECK(rp && vmap_ring_write_ptr(r), "step %u: NULL pointer", step);
	FZ_CHECK(memcmp(rp, m->buf + m->head, first) == 0 &&
			 memcmp(rp + first, m->buf, m->len - first) == 0,
		 "step %u: unread bytes differ from the model", step);
}

/* A NULL ring is empty, has no capacity, and fails with EINVAL where a
 * status is returned. */
static void null_ring(void)
{
	uint8_t b = 0;

	FZ_CHECK(vmap_ring_read_len(NULL) == 0 && vmap_ring_write_len(NULL) == 0 &&
			 vmap_ring_capacity(NULL) == 0 &&
			 !vmap_ring_read_ptr(NULL) && !vmap_ring_write_ptr(NULL) &&
			 vmap_ring_line(NULL) == 0 &&
			 vmap_ring_read(NULL, &b, 1) == 0 &&
			 vmap_ring_write(NULL, &b, 1) == 0 &&
			 !vmap_ring_strategy(NULL),
		 "NULL ring is not empty");
	vmap_ring_clear(NULL);
	errno = 0;
	FZ_CHECK(vmap_ring_consume(NULL, 0) == -1 && errno == EINVAL,
		 "consume(NULL)");
	errno = 0;
	FZ_CHECK(vmap_ring_feed(NULL, 0) == -1 && errno == EINVAL,
		 "feed(NULL)");
	errno = 0;
	FZ_CHECK(vmap_ring_write_all(NULL, &b, 1) == -1 && errno == EINVAL,
		 "write_all(NULL)");
	errno = 0;
	FZ_CHECK(vmap_ring_printf(NULL, "x") == -1 && errno == EINVAL,
		 "printf(NULL)");
	errno = 0;
	FZ_CHECK(vmap_ring_fill(NULL, pipe_rd) == -1 && errno == EINVAL,
		 "fill(NULL)");
	errno = 0;
	FZ_CHECK(vmap_ring_drain(NULL, pipe_wr) == -1 && errno == EINVAL,
		 "drain(NULL)");
	errno = 0;
	FZ_CHECK(vmap_ring_destroy(NULL) == -1 && errno == EINVAL,
		 "destroy(NULL)");
}

/* vmap_ring_init() with arguments it must refuse: errno as documented
 * and the struct untouched. */
static void init_refused(size_t want_cap, unsigned int flags)
{
	const struct {
		size_t cap;
		unsigned int flags;
		const char *strategy; /* NULL: vmap_ring_init() */
		int err;
	} cases[] = {
		{ 0, flags, NULL, EINVAL },          /* zero capacity */
		{ want_cap, flags | 2, NULL, EINVAL }, /* unknown flag */
		{ SIZE_MAX, flags, NULL, EOVERFLOW }, /* rounds past SIZE_MAX */
		{ SIZE_MAX / 2, flags, NULL, EOVERFLOW }, /* twice won't fit */
		{ want_cap, flags, "no-such-strategy", ENOTSUP },
	};
	struct vmap_ring r, before;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0xa5, sizeof(r));
		before = r;
		errno = 0;
		rc = cases[i].strategy
			     ? vmap_ring_init_strategy(&r, cases[i].cap,
						       cases[i].flags,
						       cases[i].strategy)
			     : vmap_ring_init(&r, cases[i].cap, cases[i].flags);
		FZ_CHECK_RC("vmap_ring_init", rc, errno, -1, cases[i].err);
		FZ_CHECK(memcmp(&r, &before, sizeof(r)) == 0,
			 "failed init touched the ring");
	}
	errno = 0;
	rc = vmap_ring_init_strategy(&r, want_cap, flags, NULL);
	FZ_CHECK_RC("vmap_ring_init_strategy(NULL)", rc, errno, -1, EINVAL);
	errno = 0;
	rc = vmap_ring_init(NULL, want_cap, flags);
	FZ_CHECK_RC("vmap_ring_init(NULL)", rc, errno, -1, EINVAL);
}

enum op {
	OP_WRITE,
	OP_WRITE_ALL,
	OP_READ,
	OP_CONSUME,
	OP_FEED,
	OP_PRINTF,
	OP_LINE,
	OP_CLEAR,
	OP_WRITE_PTR_FEED,
	OP_READ_PTR_CONSUME,
	OP_FILL,
	OP_DRAIN,
	OP_NULL,
	N_OPS
};

/* Runs printf on the ring and snprintf for the model, with the same
 * arguments; the format stays a literal for -Wformat. */
#define BOTH_PRINTF(...)                                                      \
	do {                                                                  \
		expect = snprintf((char *)want, scratch_len, __VA_ARGS__);    \
		errno = 0;                                                    \
		rc = vmap_ring_printf(r, __VA_ARGS__);                        \
		err = errno;                                                  \
	} while (0)

/* Formats some text, taking the arguments from the input. */
static void op_printf(struct fz *in, struct vmap_ring *r, struct model *m,
		      uint64_t *seed)
{
	size_t cap = m->cap;
	size_t k = (size_t)fz_pick(in, cap - m->len, 2 * cap);
	unsigned int num = (unsigned int)fz_num(in, 4);
	int expect = 0, rc = 0, err = 0;
	char *text = (char *)data;

	/* The text to format: NUL-free, so %.*s copies k bytes of it. */
	fz_bytes(seed, data, 2 * cap + 1, true);
	switch (fz_u8(in) % 5) {
	case 0:
		BOTH_PRINTF("%.*s", (int)k, text);
		break;
	case 1:
		BOTH_PRINTF("%.*s%u\n", (int)k, text, num);
		break;
	case 2:
		BOTH_PRINTF("%*u", (int)k, num);
		break;
	case 3:
		BOTH_PRINTF("%c%c", (int)(num & 0xff), (int)(num >> 8 & 0xff));
		break;
	default:
		BOTH_PRINTF("%s", "");
		break;
	}
	FZ_CHECK(expect >= 0 && (size_t)expect < scratch_len, "snprintf");
	if (!m->overwrite && (size_t)expect > model_room(m)) {
		FZ_CHECK_RC("vmap_ring_printf", rc, err, -1, ENOBUFS);
		return;
	}
	FZ_CHECK_RC("vmap_ring_printf", rc, err, expect, 0);
	model_push(m, want, (size_t)expect);
}

/* Commits n bytes nobody wrote: their values are whatever the buffer
 * held, unspecified, so the model records them from the ring, and from
 * then on they must stay put like any other unread byte. */
static void op_feed(struct fz *in, struct vmap_ring *r, struct model *m)
{
	size_t room = model_room(m);
	size_t n = (size_t)fz_pick(in, room, room + 2), len;
	int rc, err;

	errno = 0;
	rc = vmap_ring_feed(r, n);
	err = errno;
	if (n > room) {
		FZ_CHECK_RC("vmap_ring_feed", rc, err, -1, ERANGE);
		return;
	}
	FZ_CHECK_RC("vmap_ring_feed", rc, err, 0, 0);
	len = m->len + n < m->cap ? m->len + n : m->cap;
	FZ_CHECK(vmap_ring_read_len(r) == len, "feed: read_len %zu, "
		 "expected %zu", vmap_ring_read_len(r), len);
	model_push(m, (const uint8_t *)vmap_ring_read_ptr(r) + len - n, n);
}

/* Zero-copy write: bytes stored at write_ptr, then fed.  Feeding fewer
 * than were stored is fine within the free space; past it (overwriting
 * mode) the stores reach unread bytes, so all of them must be fed. */
static void op_write_ptr_feed(struct fz *in, struct vmap_ring *r,
			      struct model *m, uint64_t *seed, bool text)
{
	size_t room = vmap_ring_write_len(r);
	size_t stored = (size_t)fz_pick(in, room, room);
	size_t n = stored > m->cap - m->len
			   ? stored
			   : (size_t)fz_pick(in, stored, stored);
	int rc, err;

	fz_bytes(seed, data, stored, text);
	memcpy(vmap_ring_write_ptr(r), data, stored);
	errno = 0;
	rc = vmap_ring_feed(r, n);
	err = errno;
	FZ_CHECK_RC("vmap_ring_feed", rc, err, 0, 0);
	model_push(m, data, n);
}

/* Copying read through read_ptr, then consume; or a consume past the
 * unread bytes, which must change nothing. */
static void op_read_ptr_consume(struct fz *in, struct vmap_ring *r,
				struct model *m)
{
	size_t n = (size_t)fz_pick(in, m->len, m->len + 2);
	int rc, err;

	if (n <= m->len)
		memcpy(got, vmap_ring_read_ptr(r), n);
	errno = 0;
	rc = vmap_ring_consume(r, n);
	err = errno;
	if (n > m->len) {
		FZ_CHECK_RC("vmap_ring_consume", rc, err, -1, ERANGE);
		return;
	}
	FZ_CHECK_RC("vmap_ring_consume", rc, err, 0, 0);
	model_pop(m, want, n);
	FZ_CHECK(memcmp(got, want, n) == 0, "read_ptr bytes differ");
}

static void op_read(struct fz *in, struct vmap_ring *r, struct model *m)
{
	size_t n = (size_t)fz_pick(in, m->len, m->cap + 2);
	size_t expect = n < m->len ? n : m->len, rc, i;

	memset(got, CANARY_BYTE, n + CANARY);
	rc = vmap_ring_read(r, got, n);
	FZ_CHECK(rc == expect, "vmap_ring_read returned %zu, expected %zu",
		 rc, expect);
	model_pop(m, want, expect);
	FZ_CHECK(memcmp(got, want, expect) == 0, "vmap_ring_read bytes");
	for (i = expect; i < n + CANARY; i++)
		FZ_CHECK(got[i] == CANARY_BYTE,
			 "vmap_ring_read wrote past the bytes it returned");
}

/* Copying write, or all-or-nothing write. */
static void op_write(struct fz *in, struct vmap_ring *r, struct model *m,
		     uint64_t *seed, bool text, bool all)
{
	size_t room = model_room(m);
	size_t n = (size_t)fz_pick(in, room, 2 * m->cap);
	size_t taken = m->overwrite || n <= room ? n : room;
	size_t rc;
	int irc, err;

	fz_bytes(seed, data, n, text);
	if (!all) {
		rc = vmap_ring_write(r, data, n);
		FZ_CHECK(rc == taken, "vmap_ring_write returned %zu, "
			 "expected %zu", rc, taken);
		model_push(m, data, taken);
		return;
	}
	errno = 0;
	irc = vmap_ring_write_all(r, data, n);
	err = errno;
	if (taken < n) {
		FZ_CHECK_RC("vmap_ring_write_all", irc, err, -1, ENOBUFS);
		return;
	}
	FZ_CHECK_RC("vmap_ring_write_all", irc, err, 0, 0);
	model_push(m, data, n);
}

/* The length of the first line in the model, '\n' included; 0 if none. */
FZ_PLAIN static size_t model_line(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->len; i++)
		if (m->buf[(m->head + i) % m->cap] == '\n')
			return i + 1;
	return 0;
}

static void op_line(struct fz *in, struct vmap_ring *r, struct model *m)
{
	size_t expect = model_line(m), n;
	int rc;

	n = vmap_ring_line(r);
	FZ_CHECK(n == expect, "vmap_ring_line returned %zu, expected %zu", n,
		 expect);
	if (fz_u8(in) & 1) {
		rc = vmap_ring_consume(r, n);
		FZ_CHECK_RC("vmap_ring_consume", rc, errno, 0, 0);
		model_pop(m, NULL, n);
	}
}

/* fill: the bytes waiting in the pipe (as many of `offered` as it took),
 * one read(2) of at most write_len; an empty nonblocking pipe gives
 * EAGAIN.  The pipe is emptied afterwards. */
static void op_fill(struct fz *in, struct vmap_ring *r, struct model *m,
		    uint64_t *seed, bool text)
{
	size_t room = model_room(m);
	size_t offered = (size_t)fz_pick(in, room, 2 * m->cap), expect;
	ssize_t rc = 0;
	int err;

	fz_bytes(seed, data, offered, text);
	if (offered > 0)
		rc = write(pipe_wr, data, offered);
	FZ_CHECK(rc >= 0, "pipe write: %s", strerror(errno));
	offered = (size_t)rc;
	expect = offered < room ? offered : room;
	errno = 0;
	rc = vmap_ring_fill(r, pipe_rd);
	err = errno;
	(void)pipe_take(NULL, 0);
	if (room == 0) {
		FZ_CHECK_RC("vmap_ring_fill", rc, err, -1, ENOBUFS);
		return;
	}
	if (offered == 0) {
		FZ_CHECK(rc == -1 && (err == EAGAIN || err == EWOULDBLOCK),
			 "vmap_ring_fill on an empty pipe: %zd (errno %d)", rc,
			 err);
		return;
	}
	FZ_CHECK_RC("vmap_ring_fill", rc, err, (ssize_t)expect, 0);
	model_push(m, data, expect);
}

/* drain: one write(2) of the unread bytes into the empty pipe, which
 * takes them all or as many as it holds; what it took is consumed. */
static void op_drain(struct vmap_ring *r, struct model *m)
{
	size_t n;
	ssize_t rc;
	int err;

	errno = 0;
	rc = vmap_ring_drain(r, pipe_wr);
	err = errno;
	FZ_CHECK(m->len == 0 ? rc == 0 : rc > 0 && (size_t)rc <= m->len,
		 "vmap_ring_drain of %zu bytes returned %zd (errno %d)",
		 m->len, rc, err);
	n = pipe_take(got, (size_t)rc);
	model_pop(m, want, (size_t)rc);
	FZ_CHECK(n == (size_t)rc && memcmp(got, want, n) == 0,
		 "drained bytes differ");
}

static void run(struct fz *in, struct vmap_ring *r, struct model *m,
		uint64_t *seed)
{
	unsigned int step;
	uint8_t op;
	bool text;

	for (step = 0; step < MAX_OPS && fz_more(in); step++) {
		op = fz_u8(in);
		text = op & 0x80;
		switch ((op & 0x7f) % N_OPS) {
		case OP_WRITE:
			op_write(in, r, m, seed, text, false);
			break;
		case OP_WRITE_ALL:
			op_write(in, r, m, seed, text, true);
			break;
		case OP_READ:
			op_read(in, r, m);
			break;
		case OP_CONSUME:
			op_read_ptr_consume(in, r, m);
			break;
		case OP_FEED:
			op_feed(in, r, m);
			break;
		case OP_PRINTF:
			op_printf(in, r, m, seed);
			break;
		case OP_LINE:
			op_line(in, r, m);
			break;
		case OP_CLEAR:
			vmap_ring_clear(r);
			model_pop(m, NULL, m->len);
			break;
		case OP_WRITE_PTR_FEED:
			op_write_ptr_feed(in, r, m, seed, text);
			break;
		case OP_READ_PTR_CONSUME:
			op_read_ptr_consume(in, r, m);
			break;
		case OP_FILL:
			op_fill(in, r, m, seed, text);
			break;
		case OP_DRAIN:
			op_drain(r, m);
			break;
		default:
			null_ring();
			break;
		}
		compare(r, m, step);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
	static const struct vmap_ring zero;
	struct fz in = { input, size };
	size_t page = vmap_allocation_size();
	uint8_t header = fz_u8(&in);
	unsigned int flags = header & 1 ? VMAP_RING_OVERWRITE : 0;
	size_t pick = (header >> 1) % (n_usable + 1);
	size_t want_cap = 1 + (size_t)fz_num(&in, 2) % (MAX_PAGES * page);
	uint64_t seed = fz_num(&in, 4);
	/* 0: vmap_ring_init(), which takes the first usable strategy. */
	const char *strategy = pick ? usable[pick - 1] : NULL;
	struct model m = { NULL, 0, 0, 0, flags != 0 };
	struct vmap_ring r;
	int rc;

	if (header & 0x80)
		init_refused(want_cap, flags);
	errno = 0;
	if (strategy)
		rc = vmap_ring_init_strategy(&r, want_cap, flags, strategy);
	else
		rc = vmap_ring_init(&r, want_cap, flags);
	FZ_CHECK(rc == 0, "vmap_ring_init(%zu, %u, %s): %s", want_cap, flags,
		 strategy ? strategy : "default", strerror(errno));
	if (!strategy)
		strategy = usable[0];
	FZ_CHECK(strcmp(vmap_ring_strategy(&r), strategy) == 0,
		 "ring made by %s, expected %s", vmap_ring_strategy(&r),
		 strategy);

	m.cap = (want_cap + page - 1) / page * page;
	m.buf = fz_malloc(m.cap);
	compare(&r, &m, 0);
	run(&in, &r, &m, &seed);
	free(m.buf);

	rc = vmap_ring_destroy(&r);
	FZ_CHECK_RC("vmap_ring_destroy", rc, errno, 0, 0);
	FZ_CHECK(memcmp(&r, &zero, sizeof(r)) == 0,
		 "vmap_ring_destroy did not zero the ring");
	return 0;
}
