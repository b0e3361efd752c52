// aes.h: AES (FIPS 197) block cipher and its modes other than GCM (see
// gcm.h): ECB, CBC, CTR (SP 800-38A), CCM (SP 800-38C), KW and KWP
// (SP 800-38F), XTS-AES (SP 800-38E) and CMAC (SP 800-38B).
//
// Implementations (chosen when a key is set, see cce_impl_name("aes")):
//   ct64   portable C, bitsliced, four blocks per pass in 64-bit words; the
//          S-box is computed in a tower field, so no table is indexed and no
//          branch depends on key or data (constant-time).
//   aesni  AES-NI, eight blocks in flight; CTR and XTS use VAES on 512-bit
//          registers when the CPU has VAES and AVX-512.
// Setting CCE_CPU=portable forces ct64.
//
// All services are approved (FIPS 140-3) with these notes: XTS with AES-192
// (a 48-byte XTS key) works but is reported not approved, as SP 800-38E
// covers XTS-AES-128 and XTS-AES-256 only; CMAC tags shorter than
// 8 bytes are allowed and reported approved, but SP 800-38B advises at least
// 64 bits unless the number of verification attempts is strictly limited.
//
// Buffers: outputs may be exactly the same buffer as inputs (in place); any
// other overlap is rejected with CCE_ERR_ALIAS. Lengths are in bytes.
// Contexts are plain structs owned by the caller; do not rely on their
// layout. Wipe them with the matching `_cleanup`.

#ifndef CCE_AES_H
#define CCE_AES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_AES_BLOCK_BYTES 16
#define CCE_AES_128_KEY_BYTES 16
#define CCE_AES_192_KEY_BYTES 24
#define CCE_AES_256_KEY_BYTES 32
#define CCE_AES_CMAC_TAG_BYTES 16
#define CCE_AES_KEY_OBJECT_BYTES 1536  // size of the expanded key inside cce_aes_ctx

// An expanded AES key. Do not rely on the layout.
typedef struct cce_aes_ctx {
  _Alignas(64) uint8_t key_[CCE_AES_KEY_OBJECT_BYTES];
  uint32_t key_len_;
  uint32_t magic_;
} cce_aes_ctx;

// cce_aes_init expands `key` (`key_len` 16, 24 or 32 bytes) into `ctx`.
// Returns CCE_ERR_INVALID_LENGTH for any other length.
CCE_API CCE_MUST_CHECK cce_status cce_aes_init(cce_aes_ctx *ctx, const uint8_t *key, size_t key_len);

// cce_aes_cleanup wipes `ctx`; it must be initialised again before use.
CCE_API void cce_aes_cleanup(cce_aes_ctx *ctx);

// ---------------------------------------------------------------------------
// ECB and CBC (SP 800-38A). `len` must be a multiple of 16
// (CCE_ERR_INVALID_LENGTH otherwise); no padding is added or removed (see
// pkcs7.h). `len` may be 0.

// cce_aes_ecb_encrypt encrypts `len` bytes of `in` into `out`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_ecb_encrypt(const cce_aes_ctx *ctx, uint8_t *out, const uint8_t *in,
                                                      size_t len);
// cce_aes_ecb_decrypt decrypts `len` bytes of `in` into `out`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_ecb_decrypt(const cce_aes_ctx *ctx, uint8_t *out, const uint8_t *in,
                                                      size_t len);

// cce_aes_cbc_encrypt encrypts `len` bytes in CBC mode. `iv` (16 bytes) is
// read, and on success replaced by the last ciphertext block, so that a long
// message can be processed in several calls.
CCE_API CCE_MUST_CHECK cce_status cce_aes_cbc_encrypt(const cce_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                                                      const uint8_t *in, size_t len);
// cce_aes_cbc_decrypt decrypts `len` bytes in CBC mode; `iv` is updated as
// for cce_aes_cbc_encrypt (to the last ciphertext block).
CCE_API CCE_MUST_CHECK cce_status cce_aes_cbc_decrypt(const cce_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                                                      const uint8_t *in, size_t len);

// ---------------------------------------------------------------------------
// CTR (SP 800-38A). The counter block is a full 128-bit big-endian integer,
// incremented by one per block modulo 2^128 (SP 800-38A B.1 with m = 128).
//
// cce_aes_ctr_crypt encrypts or decrypts `len` bytes (any length) of `in`
// into `out` with the keystream starting at counter block `counter`, and
// advances `counter` by ceil(len/16). To continue a stream over several
// calls, give every call but the last a multiple of 16 bytes. Never reuse a
// counter value under the same key.
CCE_API CCE_MUST_CHECK cce_status cce_aes_ctr_crypt(const cce_aes_ctx *ctx, uint8_t counter[16], uint8_t *out,
                                                    const uint8_t *in, size_t len);

// ---------------------------------------------------------------------------
// CCM (SP 800-38C). `nonce_len` 7..13, `tag_len` 4, 6, 8, 10, 12, 14 or 16
// (CCE_ERR_INVALID_LENGTH otherwise). The payload is limited to
// 2^(8*(15-nonce_len)) - 1 bytes (CCE_ERR_LENGTH_OVERFLOW beyond). `aad` may
// be NULL when `aad_len` is 0, `in`/`out` when `in_len` is 0.

// cce_aes_ccm_seal encrypts `in_len` bytes of `in` into `out` (same length)
// and writes the `tag_len`-byte tag to `tag`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_ccm_seal(const cce_aes_ctx *ctx, uint8_t *out, uint8_t *tag,
                                                   size_t tag_len, const uint8_t *nonce, size_t nonce_len,
                                                   const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                                   size_t in_len);
// cce_aes_ccm_open checks `tag` and decrypts `in_len` bytes of `in` into
// `out`. On CCE_ERR_AUTH (or any error) `out` is zeroed: no unverified
// plaintext is released.
CCE_API CCE_MUST_CHECK cce_status cce_aes_ccm_open(const cce_aes_ctx *ctx, uint8_t *out, const uint8_t *nonce,
                                                   size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                                   const uint8_t *in, size_t in_len, const uint8_t *tag,
                                                   size_t tag_len);

// ---------------------------------------------------------------------------
// Key wrap KW and KWP (SP 800-38F). `flags` is 0 (forward cipher as the
// wrapping function, the usual choice) or CCE_AES_KW_INVERSE (the inverse
// cipher, as SP 800-38F 5.1 permits). `out_len` receives the output length;
// `out_cap` is the size of `out` (CCE_ERR_BUFFER_TOO_SMALL if short).
// Unwrapping failures return CCE_ERR_AUTH and zero `out`.
#define CCE_AES_KW_INVERSE 1u

// cce_aes_kw_wrap: `in_len` a multiple of 8, at least 16; output is
// in_len + 8 bytes.
CCE_API CCE_MUST_CHECK cce_status cce_aes_kw_wrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out,
                                                  size_t out_cap, size_t *out_len, const uint8_t *in,
                                                  size_t in_len);
// cce_aes_kw_unwrap: `in_len` a multiple of 8, at least 24; output is
// in_len - 8 bytes.
CCE_API CCE_MUST_CHECK cce_status cce_aes_kw_unwrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out,
                                                    size_t out_cap, size_t *out_len, const uint8_t *in,
                                                    size_t in_len);
// cce_aes_kwp_wrap: `in_len` 1..2^32-1; output is 8 + in_len rounded up to
// a multiple of 8.
CCE_API CCE_MUST_CHECK cce_status cce_aes_kwp_wrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out,
                                                   size_t out_cap, size_t *out_len, const uint8_t *in,
                                                   size_t in_len);
// cce_aes_kwp_unwrap: `in_len` a multiple of 8, at least 16. Needs `out_cap`
// >= in_len - 8; `out_len` gets the unpadded length.
CCE_API CCE_MUST_CHECK cce_status cce_aes_kwp_unwrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out,
                                                     size_t out_cap, size_t *out_len, const uint8_t *in,
                                                     size_t in_len);

// ---------------------------------------------------------------------------
// XTS-AES (SP 800-38E / IEEE 1619) for storage. The XTS key is key1 || key2,
// 32 bytes (XTS-AES-128), 64 bytes (XTS-AES-256) or 48 bytes (AES-192: works,
// but reported not approved); key1 == key2 is rejected with
// CCE_ERR_KEY_INVALID. A data unit is 16 bytes or more (any length,
// ciphertext stealing for a partial last block) and at most 2^20 blocks
// (SP 800-38E); CCE_ERR_INVALID_LENGTH otherwise.

typedef struct cce_aes_xts_ctx {
  cce_aes_ctx data_key_;   // key1
  cce_aes_ctx tweak_key_;  // key2
  uint32_t magic_;
} cce_aes_xts_ctx;

// cce_aes_xts_init sets up both keys from `key` (`key_len` 32, 48 or 64).
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_init(cce_aes_xts_ctx *ctx, const uint8_t *key, size_t key_len);
// cce_aes_xts_cleanup wipes `ctx`.
CCE_API void cce_aes_xts_cleanup(cce_aes_xts_ctx *ctx);

// cce_aes_xts_encrypt encrypts one data unit of `len` bytes; `tweak` is the
// 16-byte tweak value i (IEEE 1619: the data unit sequence number as a
// 128-bit little-endian integer, or any 16-byte value).
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_encrypt(const cce_aes_xts_ctx *ctx, uint8_t *out,
                                                      const uint8_t tweak[16], const uint8_t *in, size_t len);
// cce_aes_xts_decrypt decrypts one data unit (see cce_aes_xts_encrypt).
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_decrypt(const cce_aes_xts_ctx *ctx, uint8_t *out,
                                                      const uint8_t tweak[16], const uint8_t *in, size_t len);
// cce_aes_xts_encrypt_bits / _decrypt_bits process a data unit of `nbits`
// bits (>= 128, not necessarily a multiple of 8), as IEEE 1619 allows: bits
// are taken MSB-first in each byte; the ceil(nbits/8) output bytes have
// their unused low bits zero.
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_encrypt_bits(const cce_aes_xts_ctx *ctx, uint8_t *out,
                                                           const uint8_t tweak[16], const uint8_t *in,
                                                           size_t nbits);
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_decrypt_bits(const cce_aes_xts_ctx *ctx, uint8_t *out,
                                                           const uint8_t tweak[16], const uint8_t *in,
                                                           size_t nbits);
// cce_aes_xts_encrypt_du / _decrypt_du take the tweak as a data unit
// sequence number `dusn` (encoded as a 128-bit little-endian integer).
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_encrypt_du(const cce_aes_xts_ctx *ctx, uint8_t *out, uint64_t dusn,
                                                         const uint8_t *in, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_aes_xts_decrypt_du(const cce_aes_xts_ctx *ctx, uint8_t *out, uint64_t dusn,
                                                         const uint8_t *in, size_t len);

// ---------------------------------------------------------------------------
// CMAC-AES (SP 800-38B). Tags of 1..16 bytes (the leftmost bytes of the full
// tag); see the note above on tags shorter than 8 bytes.

typedef struct cce_aes_cmac_ctx {
  cce_aes_ctx key_;
  uint8_t k1_[16], k2_[16];
  uint8_t x_[16];    // chaining value
  uint8_t buf_[16];  // pending input (kept until more arrives: the last block is special)
  uint32_t buf_len_;
  uint32_t magic_;
} cce_aes_cmac_ctx;

// cce_aes_cmac_init keys `ctx` (`key_len` 16, 24 or 32).
CCE_API CCE_MUST_CHECK cce_status cce_aes_cmac_init(cce_aes_cmac_ctx *ctx, const uint8_t *key, size_t key_len);
// cce_aes_cmac_update absorbs `len` bytes of `data`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_cmac_update(cce_aes_cmac_ctx *ctx, const uint8_t *data, size_t len);
// cce_aes_cmac_final writes the first `tag_len` (1..16) bytes of the tag and
// wipes `ctx` (CCE_ERR_CTX_STATE if it is used again before init).
CCE_API CCE_MUST_CHECK cce_status cce_aes_cmac_final(cce_aes_cmac_ctx *ctx, uint8_t *tag, size_t tag_len);
// cce_aes_cmac_verify_final compares the tag with `tag` (`tag_len` 1..16)
// in constant time: CCE_OK or CCE_ERR_AUTH. Wipes `ctx`.
CCE_API CCE_MUST_CHECK cce_status cce_aes_cmac_verify_final(cce_aes_cmac_ctx *ctx, const uint8_t *tag,
                                                            size_t tag_len);
// cce_aes_cmac_cleanup wipes `ctx`.
CCE_API void cce_aes_cmac_cleanup(cce_aes_cmac_ctx *ctx);

// cce_aes_cmac one-shot: `tag_len` (1..16) bytes of CMAC(key, msg).
CCE_API CCE_MUST_CHECK cce_status cce_aes_cmac(uint8_t *tag, size_t tag_len, const uint8_t *key, size_t key_len,
                                               const uint8_t *msg, size_t msg_len);
// cce_aes_cmac_verify one-shot, constant-time comparison: CCE_OK or
// CCE_ERR_AUTH.
CCE_API CCE_MUST_CHECK cce_status cce_aes_cmac_verify(const uint8_t *tag, size_t tag_len, const uint8_t *key,
                                                      size_t key_len, const uint8_t *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_AES_H
