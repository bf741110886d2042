#!/usr/bin/env bash
# Portability leg: the whole suite with the library pretending a coarser
# allocation granularity than the 4 KiB page, as on arm64 macOS (16 KiB) and
# Windows (64 KiB): offset alignment, rounding and ring sizing run as there.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ci_bootstrap
status=0
for unit in 16384 65536; do
	start=$(date +%s)
	dir=$CI_LEGS/granularity-$unit
	mkdir -p "$dir"
	(cd "$dir" && "$CI_TOP/configure" -q --disable-docs \
		--with-test-granularity=$unit && make -j"$(nproc)" >/dev/null &&
		make -j"$(nproc)" check >/dev/null) || true
	ci_report "granularity-$unit" "$start" "$dir/test-suite.log" || status=1
done
exit $status
