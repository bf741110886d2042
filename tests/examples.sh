#!/bin/sh
# Runs every example program and reports each as one TAP test.  The
# examples are the programs the README and the reference manual show, so
# they must keep working.
set -u
n=0
for ex in $VMAP_EXAMPLES; do n=$((n + 1)); done
echo "1..$n"
i=0
status=0
for ex in $VMAP_EXAMPLES; do
	i=$((i + 1))
	if out=$("./$ex" 2>&1); then
		echo "ok $i - $ex"
	else
		echo "not ok $i - $ex"
		printf '%s\n' "$out" | sed 's/^/# /'
		status=1
	fi
done
exit $status
