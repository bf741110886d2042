#!/bin/sh
# Regenerate the build system from a fresh checkout.
# Set NOCONFIGURE=1 to stop before running ./configure.
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
(cd "$srcdir" && autoreconf --force --install --verbose)
if test -z "$NOCONFIGURE"; then
	exec "$srcdir/configure" "$@"
fi
