// hmac.h: HMAC (FIPS 198-1) over SHA-1, SHA-2 and SHA-3.
//
// Every fixed-length hash of hash.h is a valid HMAC hash: SHA-1, SHA2-224,
// SHA2-256, SHA2-384, SHA2-512, SHA2-512/224, SHA2-512/256, SHA3-224,
// SHA3-256, SHA3-384, SHA3-512. SHAKE is not (CCE_ERR_UNSUPPORTED).
//
// Service indicator: HMAC is approved for every hash above, except when the
// key is shorter than 112 bits (CCE_HMAC_MIN_APPROVED_KEY_BYTES = 14 bytes):
// such a key is accepted (it is still HMAC) but the service is reported as
// not approved. A truncated MAC shorter than 32 bits is refused (SP 800-107).
//
// Truncation: cce_hmac_final and cce_hmac write the full digest;
// cce_hmac_final_trunc writes the leftmost `mac_len` bytes (as ACVP's macLen
// and FIPS 198-1 section 5 describe); cce_hmac_verify compares the leftmost
// `tag_len` bytes in constant time.
//
// A keyed context keeps the hash states after K0^ipad and K0^opad, so it can
// be reused for another message with cce_hmac_reset at the cost of two
// state copies (no re-keying).

#ifndef CCE_HMAC_H
#define CCE_HMAC_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_HMAC_MAX_BYTES CCE_HASH_MAX_DIGEST_BYTES  // 64 (SHA2-512, SHA3-512)
#define CCE_HMAC_MIN_APPROVED_KEY_BYTES 14            // 112 bits
#define CCE_HMAC_MIN_TAG_BYTES 4                      // 32 bits (SP 800-107r1 5.3.3)

// HMAC context. Do not rely on the layout. Caller-allocated; holds key
// material until cce_hmac_cleanup.
typedef struct cce_hmac_ctx {
  cce_hash_ctx inner;   // running inner hash: H((K0 ^ ipad) || text ...
  cce_hash_ctx istate;  // state after absorbing K0 ^ ipad
  cce_hash_ctx ostate;  // state after absorbing K0 ^ opad
  const void *desc_;    // internal hash descriptor
  uint32_t magic_;      // live / finished marker
  uint32_t approved_;   // key long enough for the approved service
} cce_hmac_ctx;

// cce_hmac_init keys `ctx` with `key` (`key_len` bytes, any length; `key`
// may be NULL when `key_len` is 0) for hash `alg` and starts a message.
// Returns CCE_ERR_UNSUPPORTED for SHAKE or an unknown `alg`.
CCE_API CCE_MUST_CHECK cce_status cce_hmac_init(cce_hmac_ctx *ctx, cce_hash_alg alg, const uint8_t *key,
                                                size_t key_len);

// cce_hmac_update absorbs `len` bytes of `data` (`data` may be NULL when
// `len` is 0). CCE_ERR_CTX_STATE after final or cleanup.
CCE_API CCE_MUST_CHECK cce_status cce_hmac_update(cce_hmac_ctx *ctx, const void *data, size_t len);

// cce_hmac_final writes the full MAC (the digest length of the hash, see
// cce_hmac_len) to `out`; `out_len` must be at least that length
// (CCE_ERR_BUFFER_TOO_SMALL otherwise). The message state is wiped; the
// keyed states stay for cce_hmac_reset until cce_hmac_cleanup. Further
// update/final calls return CCE_ERR_CTX_STATE.
CCE_API CCE_MUST_CHECK cce_status cce_hmac_final(cce_hmac_ctx *ctx, uint8_t *out, size_t out_len);

// cce_hmac_final_trunc is cce_hmac_final that writes exactly the leftmost
// `mac_len` bytes of the MAC, CCE_HMAC_MIN_TAG_BYTES <= mac_len <= digest
// length (CCE_ERR_INVALID_LENGTH otherwise).
CCE_API CCE_MUST_CHECK cce_status cce_hmac_final_trunc(cce_hmac_ctx *ctx, uint8_t *out, size_t mac_len);

// cce_hmac_reset starts a new message under the key already set in `ctx`
// (live or finished). CCE_ERR_CTX_STATE after cleanup or if never keyed.
CCE_API CCE_MUST_CHECK cce_status cce_hmac_reset(cce_hmac_ctx *ctx);

// cce_hmac_cleanup wipes the whole context, keyed states included.
CCE_API void cce_hmac_cleanup(cce_hmac_ctx *ctx);

// cce_hmac_len returns the MAC length of HMAC over `alg` in bytes, 0 if
// `alg` is not a valid HMAC hash.
CCE_API size_t cce_hmac_len(cce_hash_alg alg);

// cce_hmac computes HMAC(key, data) in one call and writes the full MAC to
// `out` (`out_len` >= cce_hmac_len(alg), exactly cce_hmac_len(alg) bytes are
// written). On failure `out` is zeroed (when it is not NULL).
CCE_API CCE_MUST_CHECK cce_status cce_hmac(cce_hash_alg alg, const uint8_t *key, size_t key_len, const void *data,
                                           size_t len, uint8_t *out, size_t out_len);

// cce_hmac_verify recomputes HMAC(key, data) and compares its leftmost
// `tag_len` bytes with `tag` in constant time. Returns CCE_OK if they match,
// CCE_ERR_AUTH if not, CCE_ERR_INVALID_LENGTH if `tag_len` is below
// CCE_HMAC_MIN_TAG_BYTES or above the digest length.
CCE_API CCE_MUST_CHECK cce_status cce_hmac_verify(cce_hash_alg alg, const uint8_t *key, size_t key_len,
                                                  const void *data, size_t len, const uint8_t *tag,
                                                  size_t tag_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_HMAC_H
