#!/usr/bin/env bash
# Portability leg: x86_64 Linux with musl libc (musl-gcc from musl-tools).
# Check is built for musl from Debian's source package inside the build
# tree (_legs/musl/check-prefix): static, without subunit.  Then libvmap is
# built out of tree in _legs/musl and `make check` runs natively.
# The last line reads "leg musl: N passed, N failed, wall S s".
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
leg=musl
dir=$top/_legs/$leg
SECONDS=0

export DEBIAN_FRONTEND=noninteractive

# `apt-get source` needs a deb-src entry: unless one exists, add one per deb
# entry of the machine (same mirrors, suites and components).
if ! grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' \
	/etc/apt/sources.list /etc/apt/sources.list.d/; then
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)Types:[ \t]*deb[ \t]*(\n|$)/ && !/(^|\n)Enabled:[ \t]*no/ {
			sub(/Types:[ \t]*deb[ \t]*(\n|$)/, "Types: deb-src\n"); print }' "$f"
	done > /etc/apt/sources.list.d/libvmap-ci-deb-src.sources
	if grep -qE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list 2>/dev/null; then
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
			> /etc/apt/sources.list.d/libvmap-ci-deb-src.list
	fi
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	musl-tools linux-libc-dev dpkg-dev build-essential autoconf automake \
	libtool pkg-config >/dev/null

[ -x configure ] || NOCONFIGURE=1 ./autogen.sh

rm -rf "$dir"
mkdir -p "$dir/check-src"
ck=$dir/check-prefix

# Check for musl, from the Debian source package (Debian's patches applied).
# Only its library is built; Debian's check.pc names libcheck_pic, which a
# plain build does not make, so libvmap gets CHECK_CFLAGS/CHECK_LIBS.
(
	cd "$dir/check-src"
	apt-get source -qq -o APT::Sandbox::User=root check >/dev/null
	cd check-*/
	./configure -q CC=musl-gcc --prefix="$ck" \
		--disable-shared --enable-static --disable-subunit \
		--disable-build-docs --disable-timeout-tests >/dev/null
	make -s -j2 -C lib >/dev/null
	make -s -j2 -C src install >/dev/null
	install -m 644 check_stdint.h "$ck/include/"
) 2>&1 | grep -v -e 'warning:' -e '^ ' -e '^In file' -e 'note:' -e '|' || true
test -f "$ck/lib/libcheck.a"

# musl-gcc searches musl's headers only.  A musl system ships the kernel's
# UAPI headers (<linux/...>) in a package of their own (Alpine:
# linux-headers); here they come from linux-libc-dev, through links.
kh=$dir/kernel-headers
mkdir -p "$kh"
ln -s /usr/include/linux /usr/include/asm-generic "$kh/"
ln -s "/usr/include/$(gcc -print-multiarch)/asm" "$kh/asm"

cd "$dir"
../../configure -q CC=musl-gcc --disable-docs CPPFLAGS="-isystem $kh" \
	CHECK_CFLAGS="-I$ck/include -pthread" \
	CHECK_LIBS="$ck/lib/libcheck.a -lrt -lm -pthread"
make -s -j2 >/dev/null
status=0
make -j2 check >make-check.out 2>&1 || status=$?
grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP|XFAIL):' make-check.out | grep -v '^PASS' || true
if [ "$status" -ne 0 ]; then
	tail -n 40 make-check.out
	[ -f test-suite.log ] && cat test-suite.log
fi

# Sum automake's log: its header counts every TAP result.
awk -v leg="$leg" -v wall="$SECONDS" '
	/^# PASS:/ && p == "" {p = $3}
	/^# SKIP:/ && s == "" {s = $3}
	/^# (FAIL|XPASS|ERROR):/ && !seen[$2]++ {f += $3}
	END {
		if (s > 0) printf "leg %s: %d skipped\n", leg, s
		printf "leg %s: %d passed, %d failed, wall %d s\n", leg, p, f, wall
	}' test-suite.log 2>/dev/null || echo "leg $leg: 0 passed, 1 failed, wall $SECONDS s"
exit "$status"
