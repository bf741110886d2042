# Shared by .ci/run and the .ci/leg-*.sh scripts; source it, do not run it.
# Every leg builds out of tree under _legs/<name> and reports one line.

export DEBIAN_FRONTEND=noninteractive
CI_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CI_LEGS=$CI_TOP/_legs
mkdir -p "$CI_LEGS"

# Refreshes apt's index: once per run from ci_install, and again by a leg
# that adds an architecture or a source.  A mirror caught mid-sync can fail
# an index or two: try again, then go on with what was fetched (apt-get
# install fails if it needs a missing index).
ci_apt_update() {
	local try out
	for try in 1 2; do
		if out=$(apt-get update -qq 2>&1); then
			touch "$CI_LEGS/.apt-updated"
			return 0
		fi
		[ "$try" -eq 2 ] || sleep 5
	done
	printf '%s\napt-get update reported errors; going on\n' "$out" >&2
	touch "$CI_LEGS/.apt-updated"
}

# Enables a foreign architecture for one leg and takes it away again, with
# every package installed for it, when the leg ends: the machine must not
# keep indexes the README's plain `apt-get update` would then depend on.
ci_foreign_arch() {
	local arch=$1
	trap "ci_drop_arch $arch" EXIT
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		dpkg --add-architecture "$arch"
	fi
	ci_apt_update
}

ci_drop_arch() {
	local arch=$1 pkgs
	pkgs=$(dpkg-query -W -f '${binary:Package}\n' "*:$arch" 2>/dev/null ||
		true)
	if [ -n "$pkgs" ]; then
		# Essential only on their own architecture (libgcc-s1, libc6).
		apt-get purge -y -qq --allow-remove-essential $pkgs \
			>/dev/null 2>&1 || true
	fi
	dpkg --remove-architecture "$arch" || true
	rm -f "$CI_LEGS/.apt-updated"
}

# `apt-get source` needs a deb-src entry: unless one exists, add one per deb
# entry of the machine (same mirrors, suites and components).
ci_deb_src() {
	local f
	if grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/; then
		return 0
	fi
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
}

# Installs Debian packages quietly (apt's index is refreshed once per run).
ci_install() {
	[ -f "$CI_LEGS/.apt-updated" ] || ci_apt_update
	apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ci_build_check PREFIX CONFIGURE-ARGS...: builds Check from Debian's
# source package (Debian's patches applied) in check-src beside PREFIX and
# installs it into PREFIX, for a leg whose C library or target has no Check
# package: static, without subunit, docs or timeout tests; CONFIGURE-ARGS
# name the compiler or host.  Only its library is built; the check.pc it
# installs names Debian's libcheck_pic, which a plain build does not make,
# so a leg gives libvmap CHECK_CFLAGS and CHECK_LIBS instead.  Needs
# ci_deb_src and dpkg-dev.  Known noise (Check's own warnings) is filtered
# out; a failure shows in what is left, and the leg's build then fails for
# want of libcheck.a, which ci_report counts.
ci_build_check() {
	local prefix=$1
	local src=${prefix%/*}/check-src
	shift
	mkdir -p "$src"
	(
		cd "$src" &&
		apt-get source -qq -o APT::Sandbox::User=root check >/dev/null &&
		cd check-*/ &&
		./configure -q --prefix="$prefix" \
			--disable-shared --enable-static --disable-subunit \
			--disable-build-docs --disable-timeout-tests "$@" >/dev/null &&
		make -s -j"$(nproc)" -C lib >/dev/null &&
		make -s -j"$(nproc)" -C src install >/dev/null &&
		install -m 644 check_stdint.h "$prefix/include/"
	) 2>&1 | grep -v -e 'warning:' -e 'note:' -e '^ ' -e '^In file' -e '|' \
		-e ': In function' -e 'filterdiff' -e 'modifier ignored' || true
}

# Makes sure ./configure exists and the source tree is not configured in
# place (out-of-tree builds need that; .ci/run runs make distclean).
ci_bootstrap() {
	[ -x "$CI_TOP/configure" ] || (cd "$CI_TOP" && NOCONFIGURE=1 ./autogen.sh)
	if [ -f "$CI_TOP/config.status" ]; then
		echo "the source tree is configured in place: make distclean" >&2
		return 1
	fi
}

# "PASSED FAILED" of one automake test-suite log.
ci_count() {
	awk '/^# PASS:/ {p += $3} /^# (FAIL|ERROR|XPASS):/ {f += $3}
	     END {printf "%d %d\n", p, f}' "$1"
}

# Prints a leg's closing line from its test-suite logs (a missing log, a
# build that never got to its tests, counts as a failure) and records it
# for the run's total.  Fails when anything failed.
ci_report() {
	local name=$1 start=$2 log p=0 f=0 lp lf
	shift 2
	for log in "$@"; do
		if [ -f "$log" ]; then
			read -r lp lf < <(ci_count "$log")
			p=$((p + lp))
			f=$((f + lf))
		else
			echo "leg $name: no test log $log (the build failed)"
			f=$((f + 1))
		fi
	done
	if [ "$f" -gt 0 ]; then
		for log in "$@"; do
			[ -f "$log" ] && grep -E '^(FAIL|ERROR|XPASS)' "$log" |
				head -40
		done
	fi
	echo "leg $name: $p passed, $f failed, wall $(($(date +%s) - start)) s"
	echo "$name $p $f" >>"$CI_LEGS/results"
	[ "$f" -eq 0 ]
}
