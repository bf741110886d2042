#!/bin/sh
# libvmap - list the call sites of the fault-injection copy of the library
#
# Copyright (c) 2026 The libvmap authors
# SPDX-License-Identifier: MIT
#
# Usage: NM=nm OBJDUMP=objdump AWK=awk fault-sites.sh ARCHIVE
# Prints "symbol object function" once per relocation in the code of
# ARCHIVE that refers to a function ARCHIVE does not define: one line per
# call site (tests/test-faults checks a failure was injected into each).

set -e
archive=$1
defined=`${NM:-nm} --defined-only "$archive" |
	${AWK:-awk} 'NF >= 3 { print $3 }' | tr '\n' ' '`
${OBJDUMP:-objdump} -dr "$archive" | ${AWK:-awk} -v defined=" $defined " '
/file format/ { obj = $1; sub(/:$/, "", obj); next }
/^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
/^[ \t]+[0-9a-f]+: R_/ {
	sym = $NF
	sub(/[-+]0x[0-9a-f]+$/, "", sym)
	if (sym ~ /^[A-Za-z_][A-Za-z0-9_]*$/ &&
	    index(defined, " " sym " ") == 0)
		print sym, obj, fn
}'
