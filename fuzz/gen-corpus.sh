#!/bin/sh
# libvmap - writes the fuzzers' seed corpus (fuzz/corpus/ring, fuzz/corpus/map)
# SPDX-License-Identifier: MIT
#
# The files are committed; rerun this after changing an input format and
# commit the result.  Each seed is a list of byte values; the comments say
# what it drives (formats: the top comments of fuzz-ring.c and fuzz-map.c).
#
# Usage: fuzz/gen-corpus.sh [DIR]   (default: the corpus beside this script)
set -eu
dir=${1:-$(dirname "$0")/corpus}
mkdir -p "$dir/ring" "$dir/map"

# put FILE BYTE... : writes the bytes (decimal) to $dir/FILE
put() {
	f=$1
	shift
	printf "$(printf '\\%03o' "$@")" >"$dir/$f"
}

# bounded, 1 page: text writes, a line, reads, write_all with and without room
put ring/bounded-basics 0 100 0 42 0 0 0 128 4 200 6 1 2 4 50 1 1 1 4 1 0 4 10 3 1 7
# overwriting, 3 pages: a write longer than the capacity, read, drain, printf
put ring/overwrite-wrap 1 0 32 42 0 0 0 128 3 5 2 4 100 0 6 136 19 0 0 1 1 11 133 4 30 7 0 0 0 1
# bounded: stores at write_ptr then feed, read_ptr then consume
put ring/zero-copy 0 255 15 42 0 0 0 136 1 2 3 9 4 77 136 1 9 1 136 4 9 4 3 9 2 9
# overwriting: zero-copy writes that reach unread bytes
put ring/zero-copy-overwrite 1 255 15 42 0 0 0 128 1 136 4 200 136 1 9 4 10 136 2 3 4 1
# bounded: every printf format, lines
put ring/printf-lines 0 1 0 42 0 0 0 5 4 30 57 48 0 0 0 5 4 40 1 0 0 0 1 5 4 20 99 0 0 0 2 5 0 65 10 0 0 3 5 0 0 0 0 0 4 6 1 6 0 5 1 3 0 0 0 0
# overwriting: printf longer than the free space
put ring/printf-overwrite 1 1 0 42 0 0 0 5 3 1 77 0 0 0 0 5 1 5 0 0 0 1 6 1 5 3 2 6 0 0 0 2
# bounded, 4 pages: fill from and drain to a pipe, EAGAIN, ENOBUFS
put ring/fill-drain 0 255 63 42 0 0 0 138 1 11 138 6 112 17 1 0 3 4 9 138 4 0 10 0 11
# init argument errors; feed and consume past the limits; a NULL ring
put ring/errors 128 0 0 42 0 0 0 4 2 9 4 4 3 3 2 9 4 1 10 4 1 12
# one seed per usable strategy (vmap_ring_init_strategy), both modes
put ring/strategy-1 3 255 15 42 0 0 0 128 1 2 4 99 0 6 40 35 0 0 9 1
put ring/strategy-2 4 255 31 42 0 0 0 128 1 2 4 99 0 6 40 35 0 0 9 1
put ring/strategy-3 7 255 47 42 0 0 0 128 1 2 4 99 0 6 40 35 0 0 9 1
put ring/strategy-4 8 255 63 42 0 0 0 128 1 2 4 99 0 6 40 35 0 0 9 1
put ring/strategy-5 11 255 79 42 0 0 0 128 1 2 4 99 0 6 40 35 0 0 9 1
# vmap_map read-only of a 2-page file, bulk and aligned reads; vmap_map_if out of range
put map/read-whole 1 42 0 0 0 252 0 0 0 0 2 0 4 16 4 32 239 205 171 137 103 69 35 1 73 4 8 239 205 171 137 103 69 35 1 0 253 1 0 1 4 1
# vmap_open read-write, resize EXACT, writes, remap after the file shrank; vmap_open_if private copy
put map/write-resize-remap 4 100 42 0 0 0 254 68 1 0 0 3 2 2 12 4 5 4 40 239 205 171 137 103 69 35 1 117 4 3 239 205 171 137 103 69 35 1 1 16 4 200 0 255 2 3 4 1 4 50 0 1 12 0 4 10 239 205 171 137 103 69 35 1
# one refused argument per step: EINVAL, ENODEV, EISDIR, ENOENT, EACCES
put map/errors 4 10 42 0 0 0 0 0 0 0 0 5 0 0 0 0 12 0 0 0 0 14 4 1 0 0 0 22 0 0 0 0 24 0 0 0 0 28 0 0 0 0 30 0 1 0 0 0 34 0 0 0 0 32 0 1 0 0 0 19 4 0 0 0
# a resize past off_t: EOVERFLOW
put map/resize-overflow 1 42 0 0 0 254 244 1 0 0 3
# an unaligned offset with a MAX extent, misaligned accesses
put map/unaligned-max 3 3 42 0 0 0 253 3 0 4 123 6 136 19 0 0 3 65 4 1 239 205 171 137 103 69 35 1 97 4 2 239 205 171 137 103 69 35 1 33 4 3 239 205 171 137 103 69 35 1 0
# remap after the file grew, from an offset one byte short of a page
put map/remap-grow 1 42 0 0 0 252 0 1 3 1 0 0 0 1 17 3 4 1
# an empty file: zero-length mappings, a private copy
put map/empty 0 42 0 0 0 252 0 0 0 0 1 0 0 0 239 205 171 137 103 69 35 1 0 253 1 2 0 0 1 12 0 0 239 205 171 137 103 69 35 1
