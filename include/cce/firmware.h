// firmware.h: signed firmware images and their verification with
// anti-rollback, for boot loaders (docs/firmware-image-format.md).
//
// An image file is  manifest || signature block || [image]:
//   manifest         magic "CCEFWMAN", format version 1, image hash algorithm
//                    (SHA2-384 or SHA3-512), image hash and length, version
//                    (major.minor.patch), security version (svn, for
//                    anti-rollback), target device class, build time,
//                    optional description; at most CCE_FW_MANIFEST_MAX bytes
//   signature block  1..CCE_FW_MAX_SIGNATURES signatures, each with its
//                    algorithm (ECDSA P-384 with SHA2-384, ML-DSA-87,
//                    HSS/LMS with SHA-256) and the signer's key id
//                    (SHA2-256 of the signer's raw public key)
//   image            attached (the rest of the file, exactly image_len
//                    bytes) or detached (another file)
// Every signature covers the same bytes: the context string
// CCE_FW_SIGNING_CONTEXT, one 0x00 byte, then the manifest.
//
// Verification (cce_fw_verify), in this order, each failure with its own
// status:
//   1. parse the manifest and the signature block: CCE_ERR_DECODE for any
//      malformed, unknown or out-of-bounds field (reserved bytes must be 0;
//      unknown versions and algorithms are refused);
//   2. verify every signature whose key id names a key of the verifier's
//      policy: CCE_ERR_SIGNATURE if any of them fails; then the policy
//      (threshold, required keys and algorithms): CCE_ERR_POLICY if it is
//      not met (signatures of unknown keys are ignored, never counted);
//   3. target device class equal to the policy's: CCE_ERR_WRONG_TARGET;
//   4. security version >= the device's stored minimum (counter->read):
//      CCE_ERR_ROLLBACK;
//   5. image length: CCE_ERR_INVALID_LENGTH if the image given is shorter
//      or longer than the manifest says (truncated file);
//   6. image hash: CCE_ERR_AUTH on a mismatch;
//   7. with CCE_FW_COMMIT only: advance the stored minimum to the image's
//      svn if it is greater (only forward).
// Nothing but step 7 writes to the counter, and only after 1-6 passed. The
// manifest is authenticated before any of its values is acted upon.
//
// Boot-loader use: no allocation; the image is hashed from memory or
// streamed through a read callback in CCE_FW_CHUNK_BYTES pieces. The caller
// must make sure the bytes it boots are the bytes verified (verify from the
// memory it executes, or copy first, then verify the copy).
//
// Size and stack (x86-64, gcc 12; docs/firmware-image-format.md says how
// they were measured): the verifier's own code (src/module/boot/fw_*.c) is
// 5.3 KiB of text at -O3 (4.0 KiB at -Os); cce_fw_verify's own frame is
// 1760 bytes (gcc -fstack-usage); the whole call, signature verification
// included, peaks at 5.9 KiB with an ECDSA P-384 signature (16.4 KiB on the
// portable path), 2.6 KiB with HSS and 30.4 KiB with ML-DSA-87 (measured by
// painting the stack, tests/unit/firmware_test.c).

// Service indicator: cce_fw_verify and cce_fw_commit are approved services
// (SHA2-384 / SHA3-512, ECDSA P-384, ML-DSA-87, LMS/HSS per SP 800-208).
// cce_fw_parse is an encoding helper: no service, the indicator is unchanged.

#ifndef CCE_FIRMWARE_H
#define CCE_FIRMWARE_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

// Format constants (docs/firmware-image-format.md).
#define CCE_FW_MAGIC "CCEFWMAN"                        // 8 bytes, no NUL
#define CCE_FW_FORMAT_VERSION 1u
#define CCE_FW_SIGNING_CONTEXT "OpenCCE firmware manifest v1"  // then a 0x00 byte
#define CCE_FW_MANIFEST_FIXED 48u         // bytes before the image hash
#define CCE_FW_MANIFEST_MAX 512u          // longest manifest
#define CCE_FW_TARGET_MAX 64u             // target device class, 1..64 bytes
#define CCE_FW_DESCRIPTION_MAX 255u       // description, 0..255 bytes
#define CCE_FW_MAX_SIGNATURES 8u          // signatures per image, 1..8
#define CCE_FW_KEY_ID_BYTES 32u           // SHA2-256 of the raw public key
#define CCE_FW_SIG_ENTRY_HEADER 40u       // alg(2) reserved(2) key_id(32) sig_len(4)
#define CCE_FW_HSS_SIG_MAX 65536u         // longest HSS signature accepted
#define CCE_FW_IMAGE_MAX ((uint64_t)1 << 32)  // longest image (4 GiB)
#define CCE_FW_MAX_KEYS 16u               // trusted keys in a policy
#define CCE_FW_CHUNK_BYTES 256u           // streaming read size
#define CCE_FW_HASH_MAX_BYTES 64u

// Image hash algorithms (manifest byte 12).
typedef enum cce_fw_hash_id {
  CCE_FW_HASH_SHA2_384 = 1,
  CCE_FW_HASH_SHA3_512 = 2
} cce_fw_hash_id;

// Signature algorithms (signature entry bytes 0..1).
typedef enum cce_fw_sig_alg {
  CCE_FW_SIG_ECDSA_P384 = 1,  // ECDSA P-384 with SHA2-384, r||s (96 bytes); key 04||X||Y (97 bytes)
  CCE_FW_SIG_MLDSA87 = 2,     // ML-DSA-87 pure, empty context (4627 bytes); key 2592 bytes
  CCE_FW_SIG_HSS = 3          // HSS/LMS (RFC 8554 6.4, SHA-256 sets); key: HSS public key
} cce_fw_sig_alg;

// One signature of an image, as parsed (pointers into the parsed buffer).
typedef struct cce_fw_signature {
  cce_fw_sig_alg alg;
  const uint8_t *key_id;  // CCE_FW_KEY_ID_BYTES
  const uint8_t *sig;
  size_t sig_len;
} cce_fw_signature;

// A parsed manifest and signature block. Pointers point into the buffer
// given to cce_fw_parse; strings are not NUL-terminated.
typedef struct cce_fw_manifest {
  const uint8_t *manifest;  // the signed manifest bytes
  size_t manifest_len;
  size_t header_len;        // manifest + signature block: the image starts here if attached
  cce_fw_hash_id hash_id;
  cce_hash_alg hash_alg;    // CCE_HASH_SHA384 or CCE_HASH_SHA3_512
  const uint8_t *image_hash;
  size_t image_hash_len;
  uint64_t image_len;
  uint32_t version_major, version_minor, version_patch;
  uint32_t svn;
  uint64_t build_time;      // seconds since 1970-01-01T00:00:00Z
  const char *target;       // 1..CCE_FW_TARGET_MAX printable ASCII bytes
  size_t target_len;
  const char *description;  // 0..CCE_FW_DESCRIPTION_MAX printable ASCII bytes
  size_t description_len;
  size_t num_signatures;
  cce_fw_signature sigs[CCE_FW_MAX_SIGNATURES];
} cce_fw_manifest;

// cce_fw_parse parses the manifest and signature block at in[0..in_len)
// (bytes after the signature block, an attached image, are not read; see
// `header_len`). CCE_ERR_DECODE for anything malformed, unknown or out of
// bounds, CCE_ERR_NULL_POINTER for NULL arguments. On failure `out` is
// zeroed. No signature is checked: see cce_fw_verify.
CCE_API CCE_MUST_CHECK cce_status cce_fw_parse(const uint8_t *in, size_t in_len, cce_fw_manifest *out);

// A trusted public key: its algorithm and raw encoding (as for key ids).
typedef struct cce_fw_key {
  cce_fw_sig_alg alg;
  const uint8_t *pub;
  size_t pub_len;
} cce_fw_key;

// The verifier's policy, held by the device (never read from the image).
// The signatures that verify under distinct keys of `keys` are counted;
// the policy is met when their number is at least `threshold`, every key
// whose bit is set in `required_keys` (bit i: keys[i]) is among them, and
// for every algorithm whose bit is set in `required_algs` (bit
// 1u << CCE_FW_SIG_*) at least one of them uses it. Examples:
//   "ECDSA and ML-DSA both"  threshold 2, required_algs (1<<1)|(1<<2)
//   "any 2 of these 3 keys"  num_keys 3, threshold 2
//   "all keys"               threshold num_keys
// threshold must be 1..num_keys; num_keys 1..CCE_FW_MAX_KEYS.
typedef struct cce_fw_policy {
  const cce_fw_key *keys;
  size_t num_keys;
  unsigned threshold;
  uint32_t required_keys;
  uint32_t required_algs;
  const char *target;  // the device class this device accepts
  size_t target_len;   // 1..CCE_FW_TARGET_MAX
} cce_fw_policy;

// The device's anti-rollback monotonic counter: the minimum security
// version it accepts. A board port maps it to OTP fuses or an RPMB counter;
// hosts use a file (tools/cce/cli_counter.h). `read` returns CCE_OK and the
// stored minimum, or an error (e.g. CCE_ERR_PERSIST, CCE_ERR_DECODE for a
// corrupted store), which cce_fw_verify returns as is. `advance` makes
// `new_min` the stored minimum durably; it must refuse to lower it
// (CCE_ERR_ROLLBACK) and may treat an equal value as done.
typedef struct cce_fw_counter {
  void *ctx;
  cce_status (*read)(void *ctx, uint32_t *out_min_svn);
  cce_status (*advance)(void *ctx, uint32_t new_min_svn);
} cce_fw_counter;

// The image to verify when it is not attached to the manifest: in memory
// (`data`, `len`) or streamed (`data` NULL, `read` fills buf[0..n) with the
// n image bytes at `offset`; any status but CCE_OK stops the verification
// with CCE_ERR_INVALID_LENGTH). `len` is the number of image bytes
// available.
typedef struct cce_fw_image {
  const uint8_t *data;
  uint64_t len;
  cce_status (*read)(void *ctx, uint64_t offset, uint8_t *buf, size_t n);
  void *ctx;
} cce_fw_image;

// Flags of cce_fw_verify.
#define CCE_FW_COMMIT 1u       // after success, advance the counter to the image's svn (only forward)
#define CCE_FW_NO_COUNTER 2u   // no anti-rollback check (`counter` must be NULL): tooling only, never boot

// What cce_fw_verify found (filled as far as it got, also on failure).
typedef struct cce_fw_result {
  uint32_t verified_keys;   // bit i: a signature by policy->keys[i] verified
  uint32_t failed_keys;     // bit i: a signature by policy->keys[i] did not verify
  unsigned num_signatures;  // signatures in the image
  unsigned num_unknown;     // of them, by keys not in the policy (ignored)
  uint32_t version_major, version_minor, version_patch;
  uint32_t svn;             // the image's security version
  uint32_t min_svn;         // the device's stored minimum before the call
  uint64_t build_time;
  uint64_t image_len;
  size_t header_len;
  cce_hash_alg hash_alg;
  uint8_t image_hash[CCE_FW_HASH_MAX_BYTES];  // from the manifest (authenticated once verified)
  size_t image_hash_len;
  int committed;            // 1 if the counter was advanced by this call
} cce_fw_result;

// cce_fw_verify verifies a firmware image against `policy` and the device's
// counter, in the order listed at the top of this file, and returns CCE_OK
// only if every check passed.
//   container   the manifest and signature block, followed by the attached
//               image when `image` is NULL (then exactly image_len bytes
//               must follow: CCE_ERR_INVALID_LENGTH otherwise); when
//               `image` is given, container_len must be header_len exactly
//               (CCE_ERR_INVALID_LENGTH otherwise).
//   counter     read for the anti-rollback check; advanced only with
//               CCE_FW_COMMIT after success. NULL only with CCE_FW_NO_COUNTER.
//   result      may be NULL.
// Other errors: CCE_ERR_NULL_POINTER, CCE_ERR_INVALID_ARG (bad policy or
// flags, trusted key of a wrong length or a malformed HSS key), the error
// of a signature service that refuses a trusted key (CCE_ERR_POINT_INVALID,
// CCE_ERR_UNSUPPORTED), the counter's own errors, and CCE_ERR_MODULE_STATE. When CCE_FW_COMMIT is given and advancing fails,
// that error is returned although the image is valid (result->committed 0).
CCE_API CCE_MUST_CHECK cce_status cce_fw_verify(const cce_fw_policy *policy, const cce_fw_counter *counter,
                                                const uint8_t *container, size_t container_len,
                                                const cce_fw_image *image, unsigned flags,
                                                cce_fw_result *result);

// cce_fw_commit advances the device's minimum security version to `svn`
// (call it after cce_fw_verify succeeded, e.g. once the new firmware has
// booted well): CCE_ERR_ROLLBACK if `svn` is below the stored minimum
// (nothing written), CCE_OK without writing if equal, else counter->advance
// and a read-back that must give `svn` (CCE_ERR_PERSIST otherwise).
CCE_API CCE_MUST_CHECK cce_status cce_fw_commit(const cce_fw_counter *counter, uint32_t svn);

// cce_fw_key_id computes the key id of a raw public key: SHA2-256(pub).
// (An approved SHA2-256 service.)
CCE_API CCE_MUST_CHECK cce_status cce_fw_key_id(uint8_t out[CCE_FW_KEY_ID_BYTES], const uint8_t *pub,
                                                size_t pub_len);

// cce_fw_signed_message writes the bytes every signer signs:
// CCE_FW_SIGNING_CONTEXT || 0x00 || manifest (`out_cap` >= 29 + manifest_len;
// CCE_ERR_BUFFER_TOO_SMALL otherwise). An encoding helper for signers: no
// service, the indicator is unchanged.
CCE_API CCE_MUST_CHECK cce_status cce_fw_signed_message(uint8_t *out, size_t out_cap, size_t *out_len,
                                                        const uint8_t *manifest, size_t manifest_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_FIRMWARE_H
