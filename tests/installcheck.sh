#!/bin/sh
# Builds and runs an example against an installed libvmap with nothing but
# what `pkg-config --cflags --libs vmap` says: the way users link it.
# Usage: installcheck.sh LIBDIR SOURCE.c
set -eu
libdir=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

PKG_CONFIG_PATH="$libdir/pkgconfig"
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --libs vmap)
echo "pkg-config --cflags --libs vmap: $flags"
${CC:-cc} -o "$tmp/example" "$src" $flags
LD_LIBRARY_PATH="$libdir" "$tmp/example"
