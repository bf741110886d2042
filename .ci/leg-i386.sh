#!/usr/bin/env bash
# Portability leg: 32-bit x86 Linux (glibc), built with `gcc -m32` and run
# natively, shared library included: 32-bit size_t and pointers, 64-bit
# off_t (AC_SYS_LARGEFILE).  Check comes from Debian's i386 multiarch
# package.  No gcc-multilib: on Debian 12 it conflicts with
# gcc-aarch64-linux-gnu (the aarch64 leg); lib32gcc-12-dev and
# libc6-dev-i386 are enough.
set -euo pipefail
. "$(dirname "$0")/common.sh"
start=$(date +%s)
dir=$CI_LEGS/i386

ci_foreign_arch i386
ci_install build-essential autoconf automake libtool pkg-config \
	lib32gcc-12-dev libc6-dev-i386 check:i386
ci_bootstrap

rm -rf "$dir"
mkdir -p "$dir/include"
# The kernel's <asm/...> headers serve both word sizes on x86; gcc-multilib
# would link /usr/include/asm to them, as this does inside the build tree.
ln -s "/usr/include/$(gcc -print-multiarch)/asm" "$dir/include/asm"

# i686 programs run here, so configure still runs its test programs.  The
# build type is given: config.guess would take "gcc -m32" for x32.
(cd "$dir" && "$CI_TOP/configure" -q --build="$(gcc -dumpmachine)" \
	--host=i686-linux-gnu CC="gcc -m32" CPPFLAGS="-isystem $dir/include" \
	--disable-docs PKG_CONFIG=pkg-config \
	PKG_CONFIG_LIBDIR=/usr/lib/i386-linux-gnu/pkgconfig:/usr/share/pkgconfig &&
	make -j"$(nproc)" >/dev/null && make -j"$(nproc)" check >/dev/null) ||
	true

# The point of this leg: offsets past 4 GiB of a sparse file and more than
# 4 GiB of traffic through a ring, with a 32-bit size_t.
status=0
for t in offset_beyond_4gib traffic_4gib; do
	if ! grep -qs "^ok .*:$t: Passed" "$dir"/tests/test-*.log; then
		echo "leg i386: no passing $t"
		status=1
	fi
done
ci_report i386 "$start" "$dir/test-suite.log" || status=1
exit $status
