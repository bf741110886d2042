#!/usr/bin/env bash
# Portability leg: 64-bit Windows, cross-built with Debian's mingw-w64
# (x86_64-w64-mingw32-gcc) and run under wine (wine64 alone: the programs
# are 64-bit).  Check is built for mingw from Debian's source package inside
# the build tree (_legs/windows/check-prefix): static, without subunit.  The
# library is static (--disable-shared) and so is every program, which then
# needs no DLL beyond Windows' own.
#
# What mingw and wine change, and how the leg deals with it:
# - mingw has no fork(): Check's configure finds none, so every suite runs
#   in one process, whatever CK_FORK says.
# - A Windows program ends its lines with CRLF, and wine hands them on as
#   they are: automake's TAP driver would read "1..N\r" as no plan at all,
#   so the runner strips the "\r" from the programs' output.
# - wine's exit status is the program's, cut to its low byte (1 where that
#   is 0: a failure never comes out as 0): a crash gives 5 (access
#   violation, after winedbg's backtrace on stderr), abort() 3, and a DLL
#   that is not found 53, with nothing on stderr under WINEDEBUG=-all.
set -euo pipefail
. "$(dirname "$0")/common.sh"
start=$(date +%s)
dir=$CI_LEGS/windows
ck=$dir/check-prefix
host=x86_64-w64-mingw32
build=$(gcc -dumpmachine)

ci_deb_src
ci_install build-essential autoconf automake libtool pkg-config \
	gcc-mingw-w64-x86-64 wine64 dpkg-dev
ci_bootstrap

rm -rf "$dir"
mkdir -p "$dir"

# Check for Windows, with Debian's patches.  Its configure guesses wrong
# twice when cross-compiling, and both are answered here:
# - It looks for clock_gettime without -lpthread, misses mingw's (in
#   winpthreads) and builds a stand-in that always returns time 0; linked
#   before -lpthread, the stand-in would also answer the library's and the
#   tests' calls (timed waits would never wait): LIBS=-lpthread.
# - It cannot run its test of a C99 snprintf, so it builds its own, which
#   knows no "ll": a failure message with %llu (PRIu64 too, on mingw) reads
#   its arguments wrong, and a %s after it crashes the test.  mingw's own
#   printf family is C99's with __USE_MINGW_ANSI_STDIO: Check uses that.
# --build makes the cross build explicit (no trying whether an .exe runs);
# PKG_CONFIG=pkg-config says the build's pkg-config is meant (it looks for
# subunit only, which is off).
ci_build_check "$ck" --build="$build" --host=$host LIBS=-lpthread \
	CPPFLAGS=-D__USE_MINGW_ANSI_STDIO=1 \
	hw_cv_func_snprintf_c99=yes hw_cv_func_vsnprintf_c99=yes \
	PKG_CONFIG=pkg-config

# Wine's prefix (its C: drive and registry) lives in the build tree; no
# debug channels; no Mono or Gecko, whose installers a first start would
# otherwise look for (and offer in a dialog where there is a display).
export WINEPREFIX=$dir/wineprefix WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver64

# Wine sets its prefix up on first use (about 5 s here): once, before the
# tests, rather than in whichever test make -j starts first, or in two at
# once.  Without 32-bit wine it reports that syswow64's rundll32.exe is
# missing, which 64-bit programs never use.
if ! "$wine" wineboot -i >"$dir/wineboot.log" 2>&1; then
	cat "$dir/wineboot.log" >&2
fi

# The tests' LOG_COMPILER, with the leg's wine settings from the
# environment.  A shell test (tests/examples.sh runs each example as ./$ex,
# without the .exe that the programs' files end in) gets shims that run
# the examples through this script too.
cat >"$dir/wine-run" <<'EOF'
#!/bin/bash
# The program's exit status, not tr's.
set -o pipefail
# As in the other legs' runners (Check for mingw has no fork mode anyway).
# Wine 8 has no placeholders (VirtualAlloc2 refuses MEM_RESERVE_PLACEHOLDER
# with EINVAL): that strategy is built, and the library falls back from it
# to "mapview", but the tests do not force it.
CK_FORK=no
VMAP_TEST_SKIP_STRATEGIES=placeholder
export CK_FORK VMAP_TEST_SKIP_STRATEGIES
if [ "$(head -c 2 "$1")" = MZ ]; then
	/usr/lib/wine/wine64 "$@" | tr -d '\r'
	exit
fi
shims=
for ex in ${VMAP_EXAMPLES-}; do
	exe=$PWD/$ex
	[ -f "$exe" ] || exe=$exe.exe
	mkdir -p "wine-shims/${ex%/*}"
	printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$0" "$exe" >"wine-shims/$ex"
	chmod +x "wine-shims/$ex"
	shims="$shims wine-shims/$ex"
done
VMAP_EXAMPLES=$shims
exec "$@"
EOF
chmod +x "$dir/wine-run"

# Static programs: libtool takes -static for itself (prefer static libtool
# libraries), even from inside CC, and never hands it to the linker, so the
# programs would need libwinpthread-1.dll.  -Wl,-Bstatic is what mingw's gcc
# makes of -static, and reaches configure's link tests and every link alike.
# Check's header goes in as a system header, as from /usr/include: its
# assertion macros pass %jd to a function declared printf-like, which gcc
# checks as Microsoft's printf on Windows, although Check formats with
# mingw's C99 one (above).
# pkg-config: the build's, kept away from the build's own .pc files.
(cd "$dir" && "$CI_TOP/configure" -q --build="$build" --host=$host \
	--disable-shared --disable-docs \
	LDFLAGS=-Wl,-Bstatic \
	CHECK_CFLAGS="-isystem $ck/include" \
	CHECK_LIBS="$ck/lib/libcheck.a -lpthread" \
	PKG_CONFIG=pkg-config \
	PKG_CONFIG_LIBDIR=/usr/$host/lib/pkgconfig &&
	make -j"$(nproc)" >/dev/null &&
	make -j"$(nproc)" check LOG_COMPILER="$dir/wine-run" >/dev/null) ||
	true
# Wine's server and services (winedevice.exe and others) outlive the last
# program, the services for good: the leg ends them.
"$wineserver" -k || true
"$wineserver" -w || true
ci_report windows "$start" "$dir/test-suite.log"
