#!/usr/bin/env bash
# Reliability leg: each libFuzzer target (ring operations against a
# reference model; mapping options against pread) for 60 s over its seed
# corpus.  Each target counts as one test.
set -euo pipefail
. "$(dirname "$0")/common.sh"
# The fuzzer and sanitizer runtimes are only recommended by clang: name them.
ci_install clang libclang-rt-14-dev
ci_bootstrap
start=$(date +%s)
dir=$CI_LEGS/fuzz
mkdir -p "$dir"
(cd "$dir" && "$CI_TOP/configure" -q --disable-docs &&
	make -j"$(nproc)" fuzz >/dev/null &&
	make fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-60}") 2>&1 |
	tee "$dir/out" || true
passed=$(grep -c 'no failure' "$dir/out" || true)
failed=$((2 - passed))
echo "leg fuzz: $passed passed, $failed failed, wall $(($(date +%s) - start)) s"
echo "fuzz $passed $failed" >>"$CI_LEGS/results"
[ "$failed" -eq 0 ]
