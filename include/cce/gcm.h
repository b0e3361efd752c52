// gcm.h: AES-GCM authenticated encryption (NIST SP 800-38D).
//
// AES-GCM seals every photo and flight log. A key is expanded once into a
// `cce_gcm_key` (AES round keys plus the powers of the hash key H) and then
// used for any number of seal/open calls, from any number of threads (the
// key is read-only except for the random-IV invocation counter, which is
// atomic).
//
// Implementations, chosen when the key is set (CCE_CPU=portable forces the
// first one); all are constant-time:
//   portable  bitsliced AES + GHASH by integer multiplications on operands
//             with holes (no table indexed by secret data)
//   aesni     AES-NI + PCLMULQDQ, 8 blocks per iteration
//   vaes      VAES + VPCLMULQDQ on AVX-512 registers, 16 blocks per iteration
// cce_impl_name("ghash") names the one in use.
//
// Approved services (FIPS 140-3 service indicator, see module.h):
//   - cce_aes_gcm_seal_ivgen: IV built inside the module from a fixed field
//     and an invocation counter (SP 800-38D 8.2.1)               approved
//   - cce_aes_gcm_seal_randiv: 96-bit IV from the module DRBG (8.2.2)  approved
//   - cce_aes_gcm_open and the decrypting stream                   approved
//   - cce_aes_gcm_seal / encrypting stream with a caller-chosen IV: served,
//     but NOT approved (the module cannot vouch for IV uniqueness).
//
// WARNING: never seal two messages under the same key and IV. A repeated IV
// reveals the XOR of the plaintexts and lets an attacker forge tags. Prefer
// the IV-generating calls. Random IVs: at most 2^32 seals per key (enforced).
//
// Limits (SP 800-38D 5.2.1.1): plaintext <= 2^39-256 bits (2^36-32 bytes),
// AAD <= 2^61-1 bytes, IV 1..2^61-1 bytes (96 bits recommended); tags of 4,
// 8, 12, 13, 14, 15 or 16 bytes (16 recommended; 4 and 8 only for short
// messages, SP 800-38D Appendix C).

#ifndef CCE_GCM_H
#define CCE_GCM_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_GCM_TAG_BYTES 16                          // full tag
#define CCE_GCM_IV_BYTES 12                           // recommended IV (96 bits)
#define CCE_GCM_IVGEN_FIXED_BYTES 4                   // fixed field of 8.2.1 IVs
#define CCE_GCM_MAX_PT_BYTES ((UINT64_C(1) << 36) - 32)  // 2^39-256 bits
#define CCE_GCM_MAX_AAD_BYTES ((UINT64_C(1) << 61) - 1)
#define CCE_GCM_MAX_RANDOM_IVS (UINT64_C(1) << 32)    // seals per key, random IVs
#define CCE_GCM_KEY_BYTES 2304
#define CCE_GCM_CTX_BYTES 192

// cce_gcm_key is an expanded AES-GCM key. Do not rely on the layout.
// Initialise with cce_gcm_key_init, wipe with cce_gcm_key_wipe.
typedef struct cce_gcm_key {
  _Alignas(64) uint8_t opaque[CCE_GCM_KEY_BYTES];
} cce_gcm_key;

// cce_gcm_key_init expands the AES key `k` of `k_len` bytes (16, 24 or 32:
// AES-128/192/256) into `key`. CCE_ERR_INVALID_LENGTH for other lengths.
// Approved.
CCE_API CCE_MUST_CHECK cce_status cce_gcm_key_init(cce_gcm_key *key, const uint8_t *k, size_t k_len);

// cce_gcm_key_wipe zeroises `key` (NULL is ignored).
CCE_API void cce_gcm_key_wipe(cce_gcm_key *key);

// cce_aes_gcm_seal encrypts `pt_len` bytes of `pt` into `out_ct` (same
// length; `out_ct` may equal `pt`, no other overlap) and writes a `tag_len`
// byte tag to `out_tag`, authenticating `aad` as well. The IV `nonce` is the
// caller's choice (any length >= 1; 12 recommended), so this service is
// NOT approved; see cce_aes_gcm_seal_ivgen / cce_aes_gcm_seal_randiv.
// Errors: CCE_ERR_NULL_POINTER, CCE_ERR_INVALID_LENGTH (IV, tag length),
// CCE_ERR_LENGTH_OVERFLOW (pt or aad too long), CCE_ERR_CTX_STATE (key not
// initialised). On error `out_ct` and `out_tag` are zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_seal(const cce_gcm_key *key, const uint8_t *nonce, size_t nonce_len,
                                                   const uint8_t *aad, size_t aad_len, const uint8_t *pt,
                                                   size_t pt_len, uint8_t *out_ct, uint8_t *out_tag,
                                                   size_t tag_len);

// cce_aes_gcm_open checks the `tag_len`-byte `tag` over `aad` and `ct` and,
// only if it is right, writes the `ct_len`-byte plaintext to `out_pt`
// (`out_pt` may equal `ct`). If the tag is wrong it returns CCE_ERR_AUTH and
// `out_pt` is zeroed: unauthenticated plaintext is never released. Approved.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_open(const cce_gcm_key *key, const uint8_t *nonce, size_t nonce_len,
                                                   const uint8_t *aad, size_t aad_len, const uint8_t *ct,
                                                   size_t ct_len, const uint8_t *tag, size_t tag_len,
                                                   uint8_t *out_pt);

// ---------------------------------------------------------------------------
// IV generation inside the module.

// cce_gcm_ivgen is a deterministic IV generator (SP 800-38D 8.2.1): each IV
// is the 4-byte fixed field (a device or context identifier, distinct for
// every device/context sharing a key) followed by a 64-bit big-endian
// invocation counter. Use one generator per key and persist its counter
// (cce_gcm_ivgen_counter) across restarts, or IVs repeat. Do not rely on
// the layout.
typedef struct cce_gcm_ivgen {
  uint8_t fixed[CCE_GCM_IVGEN_FIXED_BYTES];
  uint32_t magic;
  uint64_t next;  // next invocation field; UINT64_MAX = exhausted
} cce_gcm_ivgen;

// cce_gcm_ivgen_init sets `gen` to produce fixed || counter, starting at
// counter `start` (0 for a new key, or the value saved from
// cce_gcm_ivgen_counter). The counter never wraps: the value 2^64-1 is never
// used and cce_aes_gcm_seal_ivgen then fails with CCE_ERR_LIMIT_REACHED.
CCE_API CCE_MUST_CHECK cce_status cce_gcm_ivgen_init(cce_gcm_ivgen *gen,
                                                     const uint8_t fixed[CCE_GCM_IVGEN_FIXED_BYTES],
                                                     uint64_t start);

// cce_gcm_ivgen_counter writes to `*out_next` the invocation field the next
// IV will use (save it to resume after a restart).
CCE_API CCE_MUST_CHECK cce_status cce_gcm_ivgen_counter(const cce_gcm_ivgen *gen, uint64_t *out_next);

// cce_aes_gcm_seal_ivgen is cce_aes_gcm_seal with the 12-byte IV taken from
// `gen` (which is advanced) and written to `out_iv` (send it with the
// ciphertext). CCE_ERR_LIMIT_REACHED when the counter is exhausted.
// Approved.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_seal_ivgen(const cce_gcm_key *key, cce_gcm_ivgen *gen,
                                                         const uint8_t *aad, size_t aad_len, const uint8_t *pt,
                                                         size_t pt_len, uint8_t *out_ct,
                                                         uint8_t out_iv[CCE_GCM_IV_BYTES], uint8_t *out_tag,
                                                         size_t tag_len);

// cce_aes_gcm_seal_randiv is cce_aes_gcm_seal with a 12-byte IV drawn from
// the module's DRBG and written to `out_iv`. Counts its invocations in `key`
// and fails with CCE_ERR_LIMIT_REACHED after CCE_GCM_MAX_RANDOM_IVS seals
// (SP 800-38D 8.3); CCE_ERR_ENTROPY if the DRBG fails. Approved.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_seal_randiv(cce_gcm_key *key, const uint8_t *aad, size_t aad_len,
                                                          const uint8_t *pt, size_t pt_len, uint8_t *out_ct,
                                                          uint8_t out_iv[CCE_GCM_IV_BYTES], uint8_t *out_tag,
                                                          size_t tag_len);

// ---------------------------------------------------------------------------
// Streaming interface: init, any number of cce_aes_gcm_update_aad, then any
// number of cce_aes_gcm_update, then one final. Any split of the input gives
// the same result as the one-shot calls.
//
// WARNING (decryption): the streaming decryptor does NOT buffer: each
// cce_aes_gcm_update releases plaintext BEFORE the tag has been checked.
// Treat it as untrusted, and discard everything, until
// cce_aes_gcm_decrypt_final returns CCE_OK. Use cce_aes_gcm_open when the
// message fits in memory.

#define CCE_GCM_ENCRYPT 1
#define CCE_GCM_DECRYPT 0

// cce_gcm_ctx is a streaming AES-GCM operation. It points to its key,
// which must stay valid and unchanged until the final call. Do not rely on
// the layout.
typedef struct cce_gcm_ctx {
  _Alignas(16) uint8_t opaque[CCE_GCM_CTX_BYTES];
} cce_gcm_ctx;

// cce_aes_gcm_init starts an operation under `key` with the caller's IV
// (`iv_len` >= 1). `direction` is CCE_GCM_ENCRYPT or CCE_GCM_DECRYPT
// (else CCE_ERR_INVALID_ARG). Encryption with a caller-chosen IV is not
// approved (every call on this context then reports NOT_APPROVED);
// decryption is approved.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_init(cce_gcm_ctx *ctx, const cce_gcm_key *key, int direction,
                                                   const uint8_t *iv, size_t iv_len);

// cce_aes_gcm_init_ivgen starts an (approved) encryption whose 12-byte IV is
// taken from `gen` and written to `out_iv`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_init_ivgen(cce_gcm_ctx *ctx, const cce_gcm_key *key,
                                                         cce_gcm_ivgen *gen, uint8_t out_iv[CCE_GCM_IV_BYTES]);

// cce_aes_gcm_update_aad adds `aad_len` bytes of additional data. Only
// before the first cce_aes_gcm_update (else CCE_ERR_CTX_STATE).
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_update_aad(cce_gcm_ctx *ctx, const uint8_t *aad, size_t aad_len);

// cce_aes_gcm_update encrypts or decrypts `in_len` bytes of `in` into
// `out` (same length; `out` may equal `in`, no other overlap).
// CCE_ERR_LENGTH_OVERFLOW once the total passes CCE_GCM_MAX_PT_BYTES.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_update(cce_gcm_ctx *ctx, uint8_t *out, const uint8_t *in,
                                                     size_t in_len);

// cce_aes_gcm_encrypt_final writes the `tag_len`-byte tag and wipes `ctx`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_encrypt_final(cce_gcm_ctx *ctx, uint8_t *out_tag, size_t tag_len);

// cce_aes_gcm_decrypt_final checks `tag` (constant time), wipes `ctx` and
// returns CCE_OK or CCE_ERR_AUTH (then discard all plaintext released).
CCE_API CCE_MUST_CHECK cce_status cce_aes_gcm_decrypt_final(cce_gcm_ctx *ctx, const uint8_t *tag, size_t tag_len);

// cce_aes_gcm_ctx_wipe zeroises `ctx` (abandoning any operation).
CCE_API void cce_aes_gcm_ctx_wipe(cce_gcm_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif  // CCE_GCM_H
