// Private interface between the AES core implementations (aes_ct.c, aes_ni.c,
// aes_vaes.c), the dispatcher (aes.c) and the modes (modes.c, xts.c, kw.c,
// ccm.c, ../mac/cmac.c). Not part of the contract of internal.h.

#ifndef CCE_SRC_AES_AES_IMPL_H
#define CCE_SRC_AES_AES_IMPL_H

#include "cce/aes.h"
#include "internal.h"

_Static_assert(sizeof(cce_aes_key) <= CCE_AES_KEY_OBJECT_BYTES, "CCE_AES_KEY_OBJECT_BYTES too small");
_Static_assert(_Alignof(cce_aes_key) <= 64, "cce_aes_key alignment");

// The expanded key inside a public context.
static inline cce_aes_key *cce_aes_ctx_key(cce_aes_ctx *c) { return (cce_aes_key *)(void *)c->key_; }
static inline const cce_aes_key *cce_aes_ctx_ckey(const cce_aes_ctx *c) {
  return (const cce_aes_key *)(const void *)c->key_;
}

// ---- portable constant-time bitsliced core (aes_ct.c) ----
// SubWord of FIPS 197 (S-box on each byte of `w`), constant-time.
CCE_HIDDEN uint32_t cce_aes_ct_subword(uint32_t w);
// Builds k->sk from k->rk and k->rounds.
CCE_HIDDEN void cce_aes_ct_schedule(cce_aes_key *k);
CCE_HIDDEN void cce_aes_ct_encrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks);
CCE_HIDDEN void cce_aes_ct_decrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks);
CCE_HIDDEN void cce_aes_ct_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len);
// Portable AES-GCM bulk step: out = in ^ CTR32(ctr) over nblocks whole
// blocks (ctr advanced) and xi = GHASH_H(xi, ciphertext), the ciphertext
// being `in` when decrypt, else `out`; h is the GHASH key in the form of
// gcm_internal.h (H*y mod Q, high half first). The GHASH multiplications
// (integer unit) run inside the bitsliced rounds (vector unit) of the next
// eight blocks. in may equal out.
CCE_HIDDEN void cce_aes_ct_gcm_ctr32(const cce_aes_key *k, const uint64_t h[2], uint8_t ctr[16], uint8_t xi[16],
                                     const uint8_t *in, uint8_t *out, size_t nblocks, int decrypt);
// see cce_aes_ctr_masked_impl (internal.h)
CCE_HIDDEN void cce_aes_ct_ctr_masked(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                                      size_t nblocks);
CCE_HIDDEN void cce_aes_ct_cbc_decrypt(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                       size_t nblocks);
// XTS on whole blocks with the running tweak `t` (already encrypted); `t` is
// advanced (multiplied by alpha) once per block.
CCE_HIDDEN void cce_aes_ct_xts(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out,
                               size_t nblocks, int decrypt);

// ---- AES-NI (aes_ni.c) ----
CCE_HIDDEN void cce_aes_ni_encrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks);
CCE_HIDDEN void cce_aes_ni_decrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks);
CCE_HIDDEN void cce_aes_ni_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len);
CCE_HIDDEN void cce_aes_ni_cbc_encrypt(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                       size_t nblocks);
CCE_HIDDEN void cce_aes_ni_cbc_decrypt(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                       size_t nblocks);
CCE_HIDDEN void cce_aes_ni_xts(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out, size_t nblocks,
                               int decrypt);
CCE_HIDDEN void cce_aes_ni_cmac_blocks(const cce_aes_key *k, uint8_t x[16], const uint8_t *in, size_t nblocks);

// ---- AES-NI key expansion and CTR_DRBG counter blocks (aes_ni_key.c) ----
// rk = FIPS 197 round keys of key (key_len 16, 24 or 32; rk 16-byte aligned).
CCE_HIDDEN void cce_aes_ni_expand_enc(uint8_t *rk, const uint8_t *key, size_t key_len);
// drk = equivalent inverse cipher keys from rk (AESIMC).
CCE_HIDDEN void cce_aes_ni_expand_dec(uint8_t *drk, const uint8_t *rk, unsigned rounds);
// see cce_aes_ctr_masked_impl (internal.h)
CCE_HIDDEN void cce_aes_ni_ctr_masked(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                                     size_t nblocks);
CCE_HIDDEN void cce_aes_vaes_ctr_masked(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                                       size_t nblocks);

// ---- VAES / AVX-512 (aes_vaes.c) ----
CCE_HIDDEN void cce_aes_vaes_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                                   size_t len);
CCE_HIDDEN void cce_aes_vaes_xts(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out,
                                 size_t nblocks, int decrypt);
#define CCE_AES_VAES_CPU (CCE_CPU_VAES | CCE_CPU_AVX512F | CCE_CPU_AVX512BW | CCE_CPU_AVX512VL | CCE_CPU_AESNI)

// ---- VAES on 256-bit registers, no AVX-512 (aes_vaes_avx2.c) ----
CCE_HIDDEN void cce_aes_vaes2_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                                    size_t len);
#define CCE_AES_VAES2_CPU (CCE_CPU_VAES | CCE_CPU_AVX | CCE_CPU_AVX2 | CCE_CPU_AESNI | CCE_CPU_SSSE3 | CCE_CPU_SSE41)

// ---- dispatch helpers (aes.c) ----
CCE_HIDDEN void cce_aes_cbc_encrypt_impl(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                         size_t nblocks);
CCE_HIDDEN void cce_aes_cbc_decrypt_impl(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                         size_t nblocks);
// Full 128-bit big-endian counter (SP 800-38A); `ctr` advanced by
// ceil(len/16).
CCE_HIDDEN void cce_aes_ctr128_impl(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                                    size_t len);
CCE_HIDDEN void cce_aes_xts_blocks_impl(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out,
                                        size_t nblocks, int decrypt);
// CBC-MAC chaining: x = E(x ^ block) over nblocks blocks.
CCE_HIDDEN void cce_aes_cbcmac_blocks_impl(const cce_aes_key *k, uint8_t x[16], const uint8_t *in, size_t nblocks);

// Multiplies the 128-bit XTS tweak (little-endian) by alpha.
static inline void cce_aes_xts_mul_alpha(uint8_t t[16]) {
  uint64_t lo = cce_load64_le(t), hi = cce_load64_le(t + 8);
  uint64_t carry = (uint64_t)0 - (hi >> 63);
  hi = (hi << 1) | (lo >> 63);
  lo = (lo << 1) ^ (carry & 0x87);
  cce_store64_le(t, lo);
  cce_store64_le(t + 8, hi);
}

// Counter arithmetic of cce_aes_ctr_masked_impl: V + i within the counter
// field is ((V + i) & M) | (V & ~M) with V + i the plain 128-bit sum (the
// field's low bits do not depend on the bits above it). Add-with-carry, no
// branch (V is secret).
typedef unsigned __int128 cce_u128;
static inline cce_u128 cce_u128_of(const uint64_t x[2]) { return ((cce_u128)x[0] << 64) | x[1]; }
static inline void cce_u128_put(uint64_t x[2], cce_u128 v) {
  x[0] = (uint64_t)(v >> 64);
  x[1] = (uint64_t)v;
}

// 1 if [a, a+alen) and [b, b+blen) overlap without being the same start.
static inline int cce_aes_bad_alias(const void *a, size_t alen, const void *b, size_t blen) {
  uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
  if (x == y || alen == 0 || blen == 0) return 0;
  return x < y + blen && y < x + alen;
}

#endif  // CCE_SRC_AES_AES_IMPL_H
