// cce-acvp: the ACVP module wrapper. `cce-acvp PROMPT.json > RESPONSE.json`.
//
// main.c reads the prompt, finds a handler for (algorithm, mode, revision) and
// calls it once per test group. Handlers live one family per file
// (acvp_sha.c, acvp_hmac.c, acvp_kdf.c, acvp_aes.c, acvp_gcm.c, acvp_drbg.c, ...)
// and each file exports one table `acvp_handlers_<family>[]`, ended by an
// entry whose `algorithm` is NULL. main.c declares every family's table weak,
// so a family that is not built yet is simply absent.

#ifndef CCE_TOOLS_ACVP_H
#define CCE_TOOLS_ACVP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum { ACVP_OK = 0, ACVP_UNSUPPORTED = 1, ACVP_ERROR = 2 };

// Answer one group. `vs` is the whole prompt (for vsId etc.), `group` the
// prompt's group. Fill `resp_group` (which already holds "tgId") with
// "tests": [ {"tcId": N, ...outputs...}, ... ] and any group-level outputs.
// Return ACVP_UNSUPPORTED for parameters the module does not implement
// (main then answers the group with {"tgId": N, "unsupported": true,
// "reason": "..."}; set the reason with acvp_set_reason()).
typedef int (*acvp_group_fn)(const json_t *vs, const json_t *group, json_t *resp_group);

typedef struct acvp_handler {
  const char *algorithm;  // e.g. "SHA2-256", "ACVP-AES-GCM", "KDF"
  const char *mode;       // NULL: any (or absent)
  const char *revision;   // NULL: any
  acvp_group_fn fn;
} acvp_handler;

// Family tables (weak in main.c).
extern const acvp_handler acvp_handlers_sha[];   // SHA-1, SHA2-*, SHA3-*, SHAKE-*
extern const acvp_handler acvp_handlers_hmac[];  // HMAC-*
extern const acvp_handler acvp_handlers_kdf[];   // KDF (SP 800-108), PBKDF
extern const acvp_handler acvp_handlers_aes[];   // ACVP-AES-ECB/CBC/CTR/CCM/KW/KWP/XTS, CMAC-AES
extern const acvp_handler acvp_handlers_gcm[];   // ACVP-AES-GCM
extern const acvp_handler acvp_handlers_drbg[];  // ctrDRBG, hashDRBG, hmacDRBG
extern const acvp_handler acvp_handlers_ec[];    // ECDSA, KAS-ECC
extern const acvp_handler acvp_handlers_eddsa[]; // EDDSA, XECDH
extern const acvp_handler acvp_handlers_rsa[];
extern const acvp_handler acvp_handlers_mlkem[];
extern const acvp_handler acvp_handlers_mldsa[];
extern const acvp_handler acvp_handlers_lms[];

// ---- helpers (acvp_util.c) ----
// Reason string for ACVP_UNSUPPORTED / ACVP_ERROR (printf-style).
void acvp_set_reason(const char *fmt, ...);
// Field access; on a missing or mistyped field they print a message naming
// the field and tcId to stderr and return -1 (int) / NULL.
const char *acvp_str(const json_t *obj, const char *key);
int acvp_int(const json_t *obj, const char *key, long long *out);
int acvp_bool(const json_t *obj, const char *key, int *out);
// Hex decoding of obj[key] into a malloc'd buffer; *len gets the byte count.
// "" gives len 0 and a non-NULL buffer. Returns NULL on error (message printed).
uint8_t *acvp_hex(const json_t *obj, const char *key, size_t *len);
// Decode hex string `s` (any case) into malloc'd buffer.
uint8_t *acvp_unhex(const char *s, size_t *len);
// Set obj[key] = uppercase hex of buf[0..len).
void acvp_set_hex(json_t *obj, const char *key, const uint8_t *buf, size_t len);
// New {"tcId": tcid} object appended to resp_group's "tests" array (created
// on first use); returns it for the caller to fill.
json_t *acvp_add_test(json_t *resp_group, const json_t *prompt_test);

#endif  // CCE_TOOLS_ACVP_H
