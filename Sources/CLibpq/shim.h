// libpq, PostgreSQL's own C client (Debian: libpq-dev), for the PostgreSQL store.
#ifndef DXREADY_CLIBPQ_SHIM_H
#define DXREADY_CLIBPQ_SHIM_H

#include <postgresql/libpq-fe.h>

#endif
