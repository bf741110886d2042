#!/usr/bin/env bash
# Reliability leg: the whole suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer, halting on the first report.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ci_bootstrap
start=$(date +%s)
dir=$CI_LEGS/asan-ubsan
mkdir -p "$dir"
(cd "$dir" && "$CI_TOP/configure" -q --disable-docs --enable-sanitizers &&
	make -j"$(nproc)" >/dev/null && make -j"$(nproc)" check >/dev/null) ||
	true
ci_report asan-ubsan "$start" "$dir/test-suite.log"
