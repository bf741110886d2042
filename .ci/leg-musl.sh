#!/usr/bin/env bash
# Portability leg: x86_64 Linux with musl libc (musl-gcc from musl-tools),
# shared library included, tests run natively.  Check is built for musl
# from Debian's source package inside the build tree (_legs/musl/
# check-prefix): static, without subunit.
set -euo pipefail
. "$(dirname "$0")/common.sh"
start=$(date +%s)
dir=$CI_LEGS/musl
ck=$dir/check-prefix

ci_deb_src
ci_install build-essential autoconf automake libtool pkg-config \
	musl-tools linux-libc-dev dpkg-dev
ci_bootstrap

rm -rf "$dir"
mkdir -p "$dir"

# Check for musl, with Debian's patches.
ci_build_check "$ck" CC=musl-gcc

# musl-gcc searches musl's headers only.  A musl system ships the kernel's
# UAPI headers (<linux/...>, <asm/...>) in a package of their own (Alpine:
# linux-headers); here linux-libc-dev's, through links in the build tree.
kh=$dir/kernel-headers
mkdir -p "$kh"
ln -s /usr/include/linux /usr/include/asm-generic "$kh/"
ln -s "/usr/include/$(gcc -print-multiarch)/asm" "$kh/asm"

# musl's malloc maps anonymous memory of its own at any moment, which the
# suites' leak checks would take for the library's: count named mappings
# only, as under AddressSanitizer (the fault test's range checks remain).
export VMAP_TEST_NAMED_MAPS_ONLY=1
(cd "$dir" && "$CI_TOP/configure" -q CC=musl-gcc --disable-docs \
	CPPFLAGS="-isystem $kh" \
	CHECK_CFLAGS="-I$ck/include -pthread" \
	CHECK_LIBS="$ck/lib/libcheck.a -lrt -lm -pthread" &&
	make -j"$(nproc)" >/dev/null && make -j"$(nproc)" check >/dev/null) ||
	true
ci_report musl "$start" "$dir/test-suite.log"
