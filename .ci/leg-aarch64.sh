#!/usr/bin/env bash
# Portability leg: aarch64 Linux (glibc), cross-built with Debian's
# gcc-aarch64-linux-gnu and run under qemu-user.  Check comes from Debian's
# arm64 multiarch package.  The library is static (--disable-shared), so the
# test programs are aarch64 executables, not libtool wrapper scripts.
#
# What qemu-user (Debian 12: 7.2) cannot do, and how the leg steps around
# it; the native legs run all of it:
# - It refuses mremap(old_size = 0) with ENOMEM, an error after which the
#   library rightly does not try another strategy: "mremap" is built last
#   (--with-ring-strategies) and the tests never force it
#   (VMAP_TEST_SKIP_STRATEGIES).
# - It accepts MADV_DONTFORK and MADV_WIPEONFORK and ignores them: the fork
#   policy tests that need a child to see them are left out
#   (VMAP_TEST_SKIP_FORK_ADVICE, tests/test-fork.c).
# - It has no seccomp: tests/test-fallback.c skips those cases itself.
# - The programs run on the arm64 multiarch glibc that check:arm64 pulls
#   in, not with -L /usr/aarch64-linux-gnu: with the cross toolchain's own
#   runtime there (libc6-arm64-cross 2.36-8cross1), every fork() of a
#   dynamically linked program hangs in the child.  Check still runs in
#   one process (CK_FORK=no).
set -euo pipefail
. "$(dirname "$0")/common.sh"
start=$(date +%s)
dir=$CI_LEGS/aarch64

ci_foreign_arch arm64
ci_install build-essential autoconf automake libtool pkg-config \
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user \
	libc6:arm64 check:arm64 libsubunit-dev:arm64
ci_bootstrap

rm -rf "$dir"
mkdir -p "$dir"

# The tests' LOG_COMPILER.  A shell test (tests/examples.sh runs each
# example as ./$ex) gets shims that run the examples under qemu too.
cat >"$dir/qemu-run" <<'EOF'
#!/bin/sh
qemu="qemu-aarch64"
CK_FORK=no
VMAP_TEST_SKIP_STRATEGIES=mremap
VMAP_TEST_SKIP_FORK_ADVICE=1
export CK_FORK VMAP_TEST_SKIP_STRATEGIES VMAP_TEST_SKIP_FORK_ADVICE
if [ "$(head -c 4 "$1" | tail -c 3)" = ELF ]; then
	exec $qemu "$@"
fi
shims=
for ex in ${VMAP_EXAMPLES-}; do
	mkdir -p "qemu-shims/${ex%/*}"
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$qemu" "$PWD/$ex" \
		>"qemu-shims/$ex"
	chmod +x "qemu-shims/$ex"
	shims="$shims qemu-shims/$ex"
done
VMAP_EXAMPLES=$shims
exec "$@"
EOF
chmod +x "$dir/qemu-run"

(cd "$dir" && "$CI_TOP/configure" -q --build="$(gcc -dumpmachine)" \
	--host=aarch64-linux-gnu CC=aarch64-linux-gnu-gcc \
	--disable-shared --disable-docs \
	--with-ring-strategies=memfd,shm,tmpfile,noreplace,mremap \
	PKG_CONFIG=pkg-config \
	PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig &&
	make -j"$(nproc)" >/dev/null &&
	make -j"$(nproc)" check LOG_COMPILER="$dir/qemu-run" >/dev/null) ||
	true
ci_report aarch64 "$start" "$dir/test-suite.log"
