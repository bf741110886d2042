#!/usr/bin/env bash
# Reliability leg: every suite under valgrind's memcheck, leaks included
# (make check-valgrind: one process per suite, CK_FORK=no).
set -euo pipefail
. "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || ci_install valgrind
ci_bootstrap
start=$(date +%s)
dir=$CI_LEGS/valgrind
mkdir -p "$dir"
(cd "$dir" && "$CI_TOP/configure" -q --disable-docs &&
	make -j"$(nproc)" >/dev/null && make check-valgrind >/dev/null) || true
ci_report valgrind "$start" "$dir/test-suite-valgrind.log"
