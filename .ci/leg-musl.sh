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

# `apt-get source` needs a deb-src entry: unless one exists, add one per deb
# entry of the machine (same mirrors, suites and components).
if ! grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' \
	/etc/apt/sources.list /etc/apt/sources.list.d/; then
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)Types:[ \t]*deb[ \t]*(\n|$)/ && !/(^|\n)Enabled:[ \t]*no/ {
			sub(/Types:[ \t]*deb[ \t]*(\n|$)/, "Types: deb-src\n"); print }' "$f"
	done >/etc/apt/sources.list.d/libvmap-ci-deb-src.sources
	if grep -qE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list 2>/dev/null; then
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
			>/etc/apt/sources.list.d/libvmap-ci-deb-src.list
	fi
	ci_apt_update
fi
ci_install build-essential autoconf automake libtool pkg-config \
	musl-tools linux-libc-dev dpkg-dev
ci_bootstrap

rm -rf "$dir"
mkdir -p "$dir/check-src"

# Check for musl, with Debian's patches.  Only its library is built; the
# check.pc it installs names Debian's libcheck_pic, which a plain build does
# not make, so libvmap gets CHECK_CFLAGS and CHECK_LIBS instead.
(
	cd "$dir/check-src"
	apt-get source -qq -o APT::Sandbox::User=root check >/dev/null
	cd check-*/
	./configure -q CC=musl-gcc --prefix="$ck" \
		--disable-shared --enable-static --disable-subunit \
		--disable-build-docs --disable-timeout-tests >/dev/null
	make -s -j"$(nproc)" -C lib >/dev/null
	make -s -j"$(nproc)" -C src install >/dev/null
	install -m 644 check_stdint.h "$ck/include/"
) 2>&1 | grep -v -e 'warning:' -e 'note:' -e '^ ' -e '^In file' -e '|' \
	-e 'filterdiff' -e 'modifier ignored' || true

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
