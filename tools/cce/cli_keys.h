// cli_keys.h: key files for the key commands of `cce` (keygen, pubkey,
// sign, verify, derive): loading PEM/DER keys with messages that name the
// problem, writing outputs atomically.
//
// Outside the module boundary; uses only the public API (encoding.h, ec.h).

#ifndef CCE_TOOLS_CLI_KEYS_H
#define CCE_TOOLS_CLI_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "cce/ec.h"
#include "cce/encoding.h"

// Largest key file read (PEM with comments, or DER).
#define CLI_KEY_FILE_MAX (64u * 1024u)

// What a loaded key must be.
#define CLI_KEY_NEED_PRIVATE 1u  // a private key (else any key; its public part is used)

// cli_load_key reads `path` ("-" = stdin), PEM or DER, into `k`. On failure
// prints "cce CMD: PATH: problem" (cannot read, not a key, unsupported key,
// malformed, or a public key where `flags` needs a private one) and
// returns -1 with `k` wiped.
int cli_load_key(const char *path, unsigned flags, cce_pkey *k);

// cli_key_ec_curve maps the key's curve to the module's curve id.
cce_ec_curve_id cli_key_ec_curve(const cce_pkey *k);

// cli_write_file writes data[0..len) to `path` ("-" = stdout) atomically
// (temporary file, fsync, rename), refusing to replace the file `input`.
// `flags`: CLI_OUT_PRIVATE (mode 0600), CLI_OUT_EXCL (never replace). Prints
// its error and returns -1 on failure, leaving no partial file.
int cli_write_file(const char *path, const char *input, unsigned flags, const void *data, size_t len);

#endif  // CCE_TOOLS_CLI_KEYS_H
