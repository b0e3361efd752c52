// cli_counter.h: the host implementation of the firmware anti-rollback
// counter (cce_fw_counter of cce/firmware.h): a file <device>/min-svn
// holding the minimum security version the device accepts.
//
// File: one line of ASCII, exactly
//   "OpenCCE min-svn v1 <svn> <check>\n"
// with <svn> in decimal (no leading zeros, 0..4294967295) and <check> the
// first 16 bytes of SHA2-256("OpenCCE min-svn v1 <svn>") in lowercase hex.
// The two bytes "0\n" that `cce device init` writes are read as 0 (a new
// device); the first advance rewrites the file in the form above.
// Anything else (missing file, other bytes, bad check value) is refused:
// a corrupted or missing counter is never read as 0. Only
// cli_counter_init creates the file (device initialisation).
//
// Writes are atomic and durable: temporary file in the device directory,
// fsync, rename over min-svn, fsync of the directory; an exclusive flock on
// the directory serialises writers. The value only moves forward: advancing
// to a lower value is CCE_ERR_ROLLBACK and changes nothing.
//
// A board port replaces this with OTP fuses or an RPMB counter.
//
// Self-contained (libc + the public API): tests/firmware/counter_test.c
// links it alone.

#ifndef CCE_TOOLS_CLI_COUNTER_H
#define CCE_TOOLS_CLI_COUNTER_H

#include <stdint.h>

#include "cce/firmware.h"

#define CLI_COUNTER_FILE "min-svn"
#define CLI_COUNTER_PATH_MAX 4096

typedef struct cli_counter {
  char dir[CLI_COUNTER_PATH_MAX];
  char path[CLI_COUNTER_PATH_MAX];
  const char *reason;  // static text of the last failure ("" if none)
  int err;             // errno of the last failure, 0 if none
} cli_counter;

// cli_counter_open binds `c` to <device_dir>/min-svn (no I/O). Returns 0, or
// -1 if the path is too long.
int cli_counter_open(cli_counter *c, const char *device_dir);

// cli_counter_bind fills the callback struct for cce_fw_verify /
// cce_fw_commit with `c` as context.
void cli_counter_bind(cli_counter *c, cce_fw_counter *out);

// cli_counter_read (the `read` callback; ctx is a cli_counter): CCE_OK and
// the stored minimum; CCE_ERR_PERSIST if the file is missing or unreadable;
// CCE_ERR_DECODE if it is corrupted. c->reason says which.
cce_status cli_counter_read(void *ctx, uint32_t *out_min_svn);

// cli_counter_advance (the `advance` callback): makes `new_min` the stored
// minimum. CCE_OK (also when equal: nothing written), CCE_ERR_ROLLBACK if
// below the stored value, the read errors above, CCE_ERR_PERSIST if the
// write failed (the old file is then intact).
cce_status cli_counter_advance(void *ctx, uint32_t new_min);

// cli_counter_init creates the counter with `value` when the device is
// initialised: CCE_ERR_INVALID_ARG (nothing changed) if a min-svn file
// already exists, whatever its content; CCE_ERR_PERSIST if it cannot be
// written.
cce_status cli_counter_init(cli_counter *c, uint32_t value);

// cli_counter_format writes the file's text for `value` into out (at least
// 64 bytes) and returns its length (for tests and tools).
size_t cli_counter_format(char *out, size_t cap, uint32_t value);

#endif  // CCE_TOOLS_CLI_COUNTER_H
