// kdf.h: key derivation with HMAC and CMAC.
//
//   HKDF      RFC 5869, which is also the two-step (extract-then-expand) KDF
//             of SP 800-56C Rev. 2 with an HMAC extraction and the
//             SP 800-108 feedback-mode expansion (8-bit counter after the
//             fixed info, empty IV).
//   KDF108    SP 800-108 Rev. 1: counter, feedback and double-pipeline
//             modes, with an HMAC PRF (any fixed-length SHA-1/SHA-2/SHA-3
//             hash) or a CMAC-AES PRF (AES-128/192/256 keys).
//   PBKDF2    SP 800-132 (RFC 8018) with an HMAC PRF.
//
// SHAKE is not a valid PRF hash (CCE_ERR_UNSUPPORTED).
//
// Service indicator (cce_service_indicator after the call):
//   HKDF      approved unless the input keying material (or, for expand
//             alone, the PRK) is shorter than 112 bits (14 bytes).
//   KDF108    approved unless the key-derivation key is shorter than 112 bits.
//   PBKDF2    approved only when password >= 14 bytes, salt >= 16 bytes
//             (128 bits, SP 800-132 5.1), iterations >= 1000 (SP 800-132
//             5.2's recommended minimum) and the derived key >= 14 bytes
//             (112 bits, SP 800-132 5.3). Anything below is computed but
//             reported as not approved.
//
// On failure every output buffer is zeroed (when it is not NULL).

#ifndef CCE_KDF_H
#define CCE_KDF_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_KDF_MIN_APPROVED_KEY_BYTES 14        // 112 bits
#define CCE_PBKDF2_MIN_APPROVED_PASSWORD_BYTES 14
#define CCE_PBKDF2_MIN_APPROVED_SALT_BYTES 16
#define CCE_PBKDF2_MIN_APPROVED_ITERATIONS 1000
#define CCE_PBKDF2_MIN_APPROVED_DK_BYTES 14

// ---------------------------------------------------------------------------
// HKDF (RFC 5869; SP 800-56C Rev. 2 two-step KDF with HMAC).

// cce_hkdf_extract writes PRK = HMAC-Hash(salt, ikm) to `prk`; `prk_len`
// must be at least the digest length (exactly that many bytes are written).
// An empty salt (`salt_len` 0, `salt` may be NULL) means HashLen zero bytes
// (RFC 5869), which under HMAC is the same key as SP 800-56C's default salt
// of a whole block of zeros.
CCE_API CCE_MUST_CHECK cce_status cce_hkdf_extract(cce_hash_alg alg, uint8_t *prk, size_t prk_len,
                                                   const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                                   size_t ikm_len);

// cce_hkdf_expand writes `out_len` bytes of OKM = T(1) || T(2) || ...,
// T(i) = HMAC-Hash(PRK, T(i-1) || info || i). 1 <= out_len <= 255 * HashLen
// (CCE_ERR_INVALID_LENGTH otherwise); `prk_len` >= 1.
CCE_API CCE_MUST_CHECK cce_status cce_hkdf_expand(cce_hash_alg alg, uint8_t *out, size_t out_len,
                                                  const uint8_t *prk, size_t prk_len, const uint8_t *info,
                                                  size_t info_len);

// cce_hkdf is extract then expand in one call. The intermediate PRK is wiped.
CCE_API CCE_MUST_CHECK cce_status cce_hkdf(cce_hash_alg alg, uint8_t *out, size_t out_len, const uint8_t *salt,
                                           size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                                           const uint8_t *info, size_t info_len);

// ---------------------------------------------------------------------------
// SP 800-108 KDF.

typedef enum cce_kdf108_mode {
  CCE_KDF108_COUNTER = 1,          // K(i) = PRF(KI, [i] || FixedData)
  CCE_KDF108_FEEDBACK = 2,         // K(i) = PRF(KI, K(i-1) {|| [i]} || FixedData), K(0) = IV
  CCE_KDF108_DOUBLE_PIPELINE = 3   // A(i) = PRF(KI, A(i-1)), A(0) = FixedData;
                                   // K(i) = PRF(KI, A(i) {|| [i]} || FixedData)
} cce_kdf108_mode;

typedef enum cce_kdf108_prf {
  CCE_KDF108_PRF_HMAC = 1,      // HMAC over `hash`
  CCE_KDF108_PRF_CMAC_AES = 2   // CMAC-AES; the key length picks AES-128/192/256
} cce_kdf108_prf;

// Where the counter [i] sits in the PRF input (the ACVP counterLocation).
typedef enum cce_kdf108_ctr_loc {
  CCE_KDF108_CTR_NONE = 0,           // no counter (feedback / double pipeline only)
  CCE_KDF108_CTR_BEFORE_FIXED = 1,   // ... [i] || FixedData (SP 800-108's layout)
  CCE_KDF108_CTR_AFTER_FIXED = 2,    // ... FixedData || [i]
  CCE_KDF108_CTR_MIDDLE_FIXED = 3,   // counter mode only: FixedData split at `break_bits`
  CCE_KDF108_CTR_BEFORE_ITER = 4     // feedback / double pipeline: [i] || K(i-1) / A(i) || FixedData
} cce_kdf108_ctr_loc;

// Largest FixedData accepted with the CMAC PRF (its input is assembled in a
// stack buffer). The HMAC PRF streams its input and has no such limit.
#define CCE_KDF108_CMAC_MAX_FIXED_BYTES 1024

typedef struct cce_kdf108_params {
  cce_kdf108_mode mode;
  cce_kdf108_prf prf;
  cce_hash_alg hash;           // HMAC PRF only
  cce_kdf108_ctr_loc ctr_loc;
  unsigned ctr_bits;           // 8, 16, 24 or 32 (ignored with CCE_KDF108_CTR_NONE)
  size_t break_bits;           // CTR_MIDDLE_FIXED: bits of FixedData before the counter
  const uint8_t *iv;           // feedback mode: K(0) (may be NULL when iv_len is 0)
  size_t iv_len;
} cce_kdf108_params;

// cce_kdf108 derives `out_bits` bits from key-derivation key `key` and the
// caller's FixedData `fixed` (used as given: Label || 0x00 || Context ||
// [L]_2 or any other agreed encoding). The leftmost `out_bits` bits are
// written to `out` as (out_bits + 7) / 8 bytes; unused low bits of the last
// byte are zero. Errors: CCE_ERR_INVALID_ARG for an impossible mode,
// PRF, counter location or counter size; CCE_ERR_INVALID_LENGTH for
// out_bits 0, more blocks than the counter can number (2^r - 1, or 2^32 - 1
// without a counter), a CMAC key that is not 16/24/32 bytes, an empty HMAC
// key, break_bits beyond FixedData, or with CMAC FixedData over
// CCE_KDF108_CMAC_MAX_FIXED_BYTES or an IV over 16 bytes;
// CCE_ERR_UNSUPPORTED for SHAKE or an unknown hash. The IV is used in
// feedback mode only and ignored otherwise.
CCE_API CCE_MUST_CHECK cce_status cce_kdf108(const cce_kdf108_params *p, uint8_t *out, size_t out_bits,
                                             const uint8_t *key, size_t key_len, const uint8_t *fixed,
                                             size_t fixed_len);

// cce_kdf108_ctr_hmac is the common counter-mode KDF with an HMAC PRF:
// 32-bit counter before FixedData = Label || 0x00 || Context || [L]_32,
// L = 8 * out_len. Writes `out_len` bytes (1 <= out_len < 2^29).
CCE_API CCE_MUST_CHECK cce_status cce_kdf108_ctr_hmac(cce_hash_alg alg, uint8_t *out, size_t out_len,
                                                      const uint8_t *key, size_t key_len, const uint8_t *label,
                                                      size_t label_len, const uint8_t *context,
                                                      size_t context_len);

// ---------------------------------------------------------------------------
// PBKDF2 (SP 800-132).

// cce_pbkdf2 derives `out_len` bytes from `password` and `salt` with
// `iterations` rounds of HMAC-`alg`. Empty password or salt are allowed
// (pointers may then be NULL). Errors: CCE_ERR_INVALID_ARG if iterations is
// 0, CCE_ERR_INVALID_LENGTH if out_len is 0 or above (2^32 - 1) * HashLen.
CCE_API CCE_MUST_CHECK cce_status cce_pbkdf2(cce_hash_alg alg, uint8_t *out, size_t out_len,
                                             const uint8_t *password, size_t password_len, const uint8_t *salt,
                                             size_t salt_len, uint32_t iterations);

#ifdef __cplusplus
}
#endif

#endif  // CCE_KDF_H
