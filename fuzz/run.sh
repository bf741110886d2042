#!/bin/sh
# libvmap - runs each libFuzzer target for a while over a copy of its seed
# corpus and reports libFuzzer's execution count
# SPDX-License-Identifier: MIT
#
# Usage: fuzz/run.sh SECONDS BINDIR SEEDDIR
#   SECONDS  how long each target runs (-max_total_time)
#   BINDIR   where fuzz-ring and fuzz-map were built; each run works in
#            BINDIR/run/<target>/ (corpus copy, log, any crash input)
#   SEEDDIR  the seed corpus (fuzz/corpus in the source tree)
# Exits non-zero if a target fails; its log tail and saved input are shown.
set -eu
secs=$1
bindir=$2
seeds=$3
status=0

for target in ring map; do
	work=$bindir/run/$target
	rm -rf "$work"
	mkdir -p "$work/corpus"
	cp "$seeds/$target"/* "$work/corpus/"
	log=$work/fuzz.log
	# -timeout: a hang fails within the run instead of after 20 minutes.
	if "$bindir/fuzz-$target" -max_total_time="$secs" -timeout=25 \
		-print_final_stats=1 -artifact_prefix="$work/" \
		"$work/corpus" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz-$target: $execs executions in $secs s, no failure"
	else
		tail -n 40 "$log" >&2
		echo "fuzz-$target: FAILED; the input is saved in $work/" \
			"(replay: $bindir/fuzz-$target FILE)" >&2
		status=1
	fi
done
exit $status
