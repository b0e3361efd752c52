// Wycheproof runner: `cce-wycheproof FILE.json` runs one Wycheproof test file.
//
// main.c (wycheproof.c) loads the file, finds a handler by the file name's
// prefix (e.g. "hmac_sha256" -> the "hmac_" handler) and prints one summary
// line "N passed, N failed, N skipped". Exit 0 if none failed, 1 if any
// failed, 77 if no handler matches (ctest reports that file as skipped).
// Handlers live one family per file (wp_mac.c, wp_kdf.c, wp_aes.c, wp_gcm.c,
// ...), each exporting `wp_handlers_<family>[]` ended by a NULL prefix; the
// tables are declared weak in wycheproof.c.

#ifndef CCE_TESTS_WYCHEPROOF_H
#define CCE_TESTS_WYCHEPROOF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wp_counts {
  unsigned passed, failed, skipped;
} wp_counts;

// Run every group/test of `root` (the parsed file). Return 0, or -1 if the
// file cannot be handled at all (unknown schema/parameters).
typedef int (*wp_file_fn)(const json_t *root, const char *file_name, wp_counts *c);

typedef struct wp_handler {
  const char *prefix;  // matched against the file's base name
  wp_file_fn fn;
} wp_handler;

extern const wp_handler wp_handlers_mac[];   // hmac_*
extern const wp_handler wp_handlers_kdf[];   // hkdf_*, pbkdf2_*
extern const wp_handler wp_handlers_aes[];   // aes_cbc_pkcs5, aes_ccm, aes_cmac, aes_wrap, aes_kwp, aes_xts
extern const wp_handler wp_handlers_gcm[];   // aes_gcm
extern const wp_handler wp_handlers_ec[];    // ecdsa_*, ecdh_*
extern const wp_handler wp_handlers_eddsa[]; // ed25519, x25519
extern const wp_handler wp_handlers_rsa[];
extern const wp_handler wp_handlers_mlkem[];
extern const wp_handler wp_handlers_mldsa[];

// ---- helpers (wycheproof.c) ----
// Hex field of a test object into a malloc'd buffer (non-NULL even for "").
uint8_t *wp_hex(const json_t *obj, const char *key, size_t *len);
const char *wp_str(const json_t *obj, const char *key);
long long wp_int(const json_t *obj, const char *key);
// Record the outcome of one test: `ok` says whether our implementation
// accepted/produced the exact output. Applies the "result" field:
// valid -> must be ok; invalid -> must be !ok; acceptable -> either passes.
// Prints a line naming file, tcId and comment on failure.
void wp_record(wp_counts *c, const json_t *test, int ok, const char *what);
void wp_skip(wp_counts *c, const json_t *test, const char *why);

#endif  // CCE_TESTS_WYCHEPROOF_H
