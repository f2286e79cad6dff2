// libpq, PostgreSQL's own C client, for the PostgreSQL store: its declarations (Debian:
// libpq-dev at build time), with the library itself loaded when a PostgreSQL store is first
// opened (see loader.c), so that a dxready that never opens one does not load it.
#ifndef DXREADY_CLIBPQ_H
#define DXREADY_CLIBPQ_H

#include <stddef.h>
#include <postgresql/libpq-fe.h>

/// Loads libpq (`libpq.so.5`) and finds every function dxready calls, once per process.
/// Returns 1 when it is ready; otherwise 0, with the reason written into `reason` (at most
/// `size` bytes, terminated). The libpq functions declared above may be called only after a
/// call that returned 1.
int dxready_libpq_load(char *reason, size_t size);

#endif
