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

// ---------------------------------------------------------------------------
// RSA (cli_keys.c). Algorithms for `-a`: pkcs1-HASH (RSASSA-PKCS1-v1_5) and
// pss-HASH (RSASSA-PSS, MGF1 with the same hash; signing uses a salt of the
// digest length, verification accepts any salt length, as OpenSSL's
// `-sigopt rsa_padding_mode:pss` defaults do), HASH one of sha224, sha256,
// sha384, sha512, sha512-224, sha512-256, sha3-224 ... sha3-512. A bare HASH
// with an RSA key means pkcs1-HASH; no -a means pkcs1-sha256.

// cli_rsa_alg_is_rsa: 1 if `alg` names an RSA scheme (pss-* / pkcs1-*).
int cli_rsa_alg_is_rsa(const char *alg);

// cli_hash_file: digest of the file `path` ("-" for stdin) with `alg`, read
// in chunks, into `out` (CCE_HASH_MAX_DIGEST_BYTES of room). Prints its error
// and returns -1 on failure, 0 on success.
int cli_hash_file(const char *path, cce_hash_alg alg, uint8_t *out);

// cli_rsa_sign / cli_rsa_verify: when `key` is an RSA key file (or `alg` an
// RSA scheme), sign `in` into `out` / verify `sig_path` over `in` and return
// the exit status (CLI_EXIT_*); return -1 without printing when `key` is not
// an RSA key and `alg` is not an RSA scheme (the caller goes on).
int cli_rsa_sign(const char *key, const char *alg, const char *in, const char *out);
int cli_rsa_verify(const char *key, const char *alg, const char *in, const char *sig_path);

// cli_rsa_keygen writes a new RSA key of `bits` as PKCS#8 PEM to `out`.
int cli_rsa_keygen(unsigned bits, const char *out, int force);

#endif  // CCE_TOOLS_CLI_KEYS_H
