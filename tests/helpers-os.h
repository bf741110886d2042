/*
 * libvmap - what tests/helpers.c asks of tests/helpers-<system>.c
 *
 * Copyright (c) 2026 The libvmap authors
 * SPDX-License-Identifier: MIT
 */

#ifndef TH_HELPERS_OS_H
#define TH_HELPERS_OS_H

/* Where temporary directories go when TMPDIR is not set. */
const char *th_os_tmp_base(void);
/* mkdtemp(3): @tmpl ends in XXXXXX, replaced by the name created (mode
 * 0700 where modes exist); NULL with errno set on failure. */
char *th_os_mkdtemp(char *tmpl);
/* mkdir(2) of a private directory. */
int th_os_mkdir(const char *path);
long th_os_pid(void);
/* Removes @path and everything under it, as far as it can. */
void th_rm_tree(const char *path);

#endif /* TH_HELPERS_OS_H */
