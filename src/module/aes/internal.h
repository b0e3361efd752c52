// Internal interface of the AES family (shared by the AES core and modes,
// GCM, CMAC, the CTR_DRBG and KDF-CMAC). No state checks, no indicator.

#ifndef CCE_SRC_AES_INTERNAL_H
#define CCE_SRC_AES_INTERNAL_H

#include "../core/internal.h"

// Expanded AES key. `rk` holds the FIPS 197 round keys as bytes in order
// (round key i at rk + 16*i), the layout AES-NI uses directly; `drk` the
// decryption round keys for AESDEC (InvMixColumns applied, reversed order).
// `sk` holds the portable constant-time implementation's own form. Which
// implementation runs is decided by `impl`, fixed when the key is set.
typedef struct cce_aes_key {
  _Alignas(64) uint8_t rk[15 * 16];
  _Alignas(64) uint8_t drk[15 * 16];
  _Alignas(64) uint64_t sk[15 * 8];  // portable bitsliced round keys (ct64 form)
  uint32_t rounds;                   // 10, 12, 14
  uint32_t impl;                     // CCE_AES_IMPL_*
} cce_aes_key;

#define CCE_AES_IMPL_CT 0     // portable constant-time (bitsliced)
#define CCE_AES_IMPL_AESNI 1  // AES-NI

// Key expansion for encryption and decryption. key_len 16, 24 or 32;
// returns CCE_ERR_INVALID_LENGTH otherwise.
CCE_HIDDEN cce_status cce_aes_setkey_impl(cce_aes_key *k, const uint8_t *key, size_t key_len);
// Key expansion for encryption only (ECB/CTR encryption, CMAC): fills rk,
// rounds and impl, and sk only when the portable core will run it (impl
// CT). drk is never written, sk not on AES-NI: the caller starts from a
// zeroed (or wiped) key object so no stale key material stays in it.
// Decrypting with such a key is not allowed. Same lengths and errors as
// cce_aes_setkey_impl.
CCE_HIDDEN cce_status cce_aes_setkey_enc_impl(cce_aes_key *k, const uint8_t *key, size_t key_len);
// ECB on n whole blocks (in may equal out).
CCE_HIDDEN void cce_aes_encrypt_blocks_impl(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks);
CCE_HIDDEN void cce_aes_decrypt_blocks_impl(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks);
// CTR with a 32-bit big-endian counter in the last 4 bytes of `ctr` (as GCM
// uses), len any; `ctr` is advanced past the blocks used. in may equal out.
CCE_HIDDEN void cce_aes_ctr32_impl(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len);
// CTR_DRBG output blocks (SP 800-90A 10.2.1.5.1): out[16*i..] = E(K, V+1+i)
// for i < nblocks, V advanced by nblocks. V is v[0] (high 64 bits) and v[1]
// (low), as big-endian integers; only the bits set in m[0], m[1] (the
// counter field, its rightmost ctr_len bits) count, modulo 2^ctr_len.
CCE_HIDDEN void cce_aes_ctr_masked_impl(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                                        size_t nblocks);
// CMAC (SP 800-38B) of msg under an expanded key, full 16-byte tag.
CCE_HIDDEN void cce_aes_cmac_impl(const cce_aes_key *k, const uint8_t *msg, size_t len, uint8_t tag[16]);
// "aesni" or "ct64".
CCE_HIDDEN const char *cce_impl_aes(void);

#endif  // CCE_SRC_AES_INTERNAL_H
