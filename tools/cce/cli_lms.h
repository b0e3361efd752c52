// cli_lms.h: LMS/HSS key files for the `cce` tool (cmd_lms.c) and for other
// commands that sign or verify with LMS (firmware signing).
//
// Files:
//   public key   PEM "PUBLIC KEY" (SubjectPublicKeyInfo, algorithm
//                id-alg-hss-lms-hashsig 1.2.840.113549.1.9.16.3.17, no
//                parameters, the key as the BIT STRING: the HSS public key
//                of RFC 8554 section 6.1 / RFC 8708 section 3), its DER, or
//                the raw HSS public key bytes.
//   state file   the module's private key blob (CCE_HSS_PRIVATE_LEN bytes,
//                raw binary, mode 0600); docs/lms.md describes its layout.
//                Every signature rewrites it atomically (temporary file,
//                fsync, rename, directory fsync) BEFORE the signature is
//                released.
//
// Outside the module boundary; uses only the public API (cce/lms.h).

#ifndef CCE_TOOLS_CLI_LMS_H
#define CCE_TOOLS_CLI_LMS_H

#include <stddef.h>
#include <stdint.h>

// cli_lms_sign signs msg[0..msg_len) with the state file `state_path`: the
// advanced state is made durable before the signature is computed. On
// success returns 0 with *sig a malloc'd buffer (free()) of *sig_len bytes
// (an HSS signature, RFC 8554 6.4). On failure prints "cce CMD: problem" and
// returns -1 (*sig NULL).
int cli_lms_sign(const char *state_path, const uint8_t *msg, size_t msg_len, uint8_t **sig, size_t *sig_len);

// cli_lms_load_public reads an HSS public key from `path` ("-" = stdin): PEM
// or DER SubjectPublicKeyInfo (id-alg-hss-lms-hashsig) or the raw key. Writes
// it to pub (capacity cap; CCE_HSS_PUBLIC_MAX is enough), *pub_len its
// length. Returns 0, or -1 after printing the problem.
int cli_lms_load_public(const char *path, uint8_t *pub, size_t cap, size_t *pub_len);

// cli_lms_public_from_state recomputes the HSS public key of the state file
// `state_path` (no state change). Returns 0, or -1 after printing.
int cli_lms_public_from_state(const char *state_path, uint8_t *pub, size_t cap, size_t *pub_len);

#endif  // CCE_TOOLS_CLI_LMS_H
