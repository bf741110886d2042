#!/usr/bin/env bash
# Concurrency leg: the SPSC suite (two threads passing 1 GiB of numbered
# records through rings of several sizes, plus the wake-up tests) built
# with ThreadSanitizer, which halts on the first report.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ci_bootstrap
start=$(date +%s)
dir=$CI_LEGS/tsan
mkdir -p "$dir"
(cd "$dir" && "$CI_TOP/configure" -q --disable-docs \
	--enable-sanitizers=thread && make -j"$(nproc)" >/dev/null &&
	make -j"$(nproc)" check TESTS=tests/test-spsc >/dev/null) || true
ci_report tsan "$start" "$dir/test-suite.log"
