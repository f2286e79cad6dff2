// Calls into libpq through functions found with dlsym, so that the library (and the two dozen
// libraries it needs: TLS, Kerberos, LDAP…) is loaded only by a process that opens a
// PostgreSQL store. Each function here has libpq's name and signature and is hidden: it is
// what dxready's own calls reach, and it is not seen by libpq or any other library.
#include "CLibpq.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define DX_HIDDEN __attribute__((visibility("hidden")))

// Every libpq function dxready calls: its name, result and parameters.
#define DX_LIBPQ_FUNCTIONS(X)                                                                      \
  X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                                     \
  X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                        \
  X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                          \
  X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg),   \
    (conn, proc, arg))                                                                             \
  X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))                          \
  X(PGresult *, PQexecParams,                                                                      \
    (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,                       \
     const char *const *paramValues, const int *paramLengths, const int *paramFormats,            \
     int resultFormat),                                                                            \
    (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))   \
  X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                  \
  X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))            \
  X(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes))    \
  X(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))                     \
  X(PGresult *, PQgetResult, (PGconn *conn), (conn))                                               \
  X(int, PQntuples, (const PGresult *res), (res))                                                  \
  X(int, PQnfields, (const PGresult *res), (res))                                                  \
  X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
  X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
  X(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))

// The same for the functions that return nothing.
#define DX_LIBPQ_PROCEDURES(X)               \
  X(PQfinish, (PGconn *conn), (conn))        \
  X(PQreset, (PGconn *conn), (conn))         \
  X(PQclear, (PGresult *res), (res))

static struct {
#define DX_FIELD(result, name, parameters, arguments) result(*name) parameters;
#define DX_PROCEDURE_FIELD(name, parameters, arguments) void(*name) parameters;
  DX_LIBPQ_FUNCTIONS(DX_FIELD)
  DX_LIBPQ_PROCEDURES(DX_PROCEDURE_FIELD)
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char failure[512];

static void load(void) {
  // The soname of libpq's stable interface (Debian: libpq5).
  void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    const char *why = dlerror();
    snprintf(failure, sizeof failure,
             "cannot load PostgreSQL's client library, libpq.so.5 (%s); install it (Debian: apt-get install libpq5)",
             why ? why : "not found");
    return;
  }
#define DX_FIND(name)                                                                              \
  *(void **)(&real.name) = dlsym(library, #name);                                                  \
  if (real.name == NULL) {                                                                         \
    snprintf(failure, sizeof failure, "libpq.so.5 has no function %s; install a newer libpq5", #name); \
    return;                                                                                        \
  }
#define DX_FIND_FUNCTION(result, name, parameters, arguments) DX_FIND(name)
#define DX_FIND_PROCEDURE(name, parameters, arguments) DX_FIND(name)
  DX_LIBPQ_FUNCTIONS(DX_FIND_FUNCTION)
  DX_LIBPQ_PROCEDURES(DX_FIND_PROCEDURE)
  loaded = 1;
}

int dxready_libpq_load(char *reason, size_t size) {
  pthread_once(&once, load);
  if (!loaded && reason != NULL && size > 0) {
    snprintf(reason, size, "%s", failure);
  }
  return loaded;
}

#define DX_FORWARD(result, name, parameters, arguments) \
  DX_HIDDEN result name parameters { return real.name arguments; }
#define DX_FORWARD_PROCEDURE(name, parameters, arguments) \
  DX_HIDDEN void name parameters { real.name arguments; }
DX_LIBPQ_FUNCTIONS(DX_FORWARD)
DX_LIBPQ_PROCEDURES(DX_FORWARD_PROCEDURE)
