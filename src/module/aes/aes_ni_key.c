// AES-NI key expansion (FIPS 197 5.2) with AESKEYGENASSIST, the decryption
// round keys with AESIMC (FIPS 197 5.3.5), and the counter-block generator
// of the CTR_DRBG (SP 800-90A 10.2.1.5.1: E(K, V+1) .. E(K, V+n) with a
// counter field of any width) eight blocks in flight, with a VAES variant
// for long requests. Constant-time: no table, no branch on key or counter.

#include <immintrin.h>

#include "aes_impl.h"

#define NI_TARGET __attribute__((target("aes,sse4.1")))
#define VAES_TARGET __attribute__((target("vaes,avx512f,avx512bw,avx512vl,aes,sse4.1")))

// Running XOR of the four words of k: word i becomes w0 ^ .. ^ wi.
NI_TARGET static inline __m128i prefix_xor(__m128i k) {
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  return _mm_xor_si128(k, _mm_slli_si128(k, 8));
}

// AESKEYGENASSIST gives, for source words X1 (word 1) and X3 (word 3):
// [SubWord(X1), RotWord(SubWord(X1)) ^ rcon, SubWord(X3), RotWord(SubWord(X3)) ^ rcon].
// Next four words after the block k when the previous word (word 3 of p)
// goes through RotWord/SubWord/Rcon (sel 0xff) or SubWord only (sel 0xaa).
#define STEP_ROT(k, p, rcon) \
  _mm_xor_si128(prefix_xor(k), _mm_shuffle_epi32(_mm_aeskeygenassist_si128((p), (rcon)), 0xff))
#define STEP_SUB(k, p) _mm_xor_si128(prefix_xor(k), _mm_shuffle_epi32(_mm_aeskeygenassist_si128((p), 0), 0xaa))

#define STK(i, v) _mm_store_si128((__m128i *)(rk + 16 * (i)), (v))

NI_TARGET static void expand128(uint8_t *rk, const uint8_t *key) {
  __m128i k = _mm_loadu_si128((const __m128i *)key);
  STK(0, k);
  k = STEP_ROT(k, k, 0x01); STK(1, k);
  k = STEP_ROT(k, k, 0x02); STK(2, k);
  k = STEP_ROT(k, k, 0x04); STK(3, k);
  k = STEP_ROT(k, k, 0x08); STK(4, k);
  k = STEP_ROT(k, k, 0x10); STK(5, k);
  k = STEP_ROT(k, k, 0x20); STK(6, k);
  k = STEP_ROT(k, k, 0x40); STK(7, k);
  k = STEP_ROT(k, k, 0x80); STK(8, k);
  k = STEP_ROT(k, k, 0x1b); STK(9, k);
  k = STEP_ROT(k, k, 0x36); STK(10, k);
}

NI_TARGET static void expand256(uint8_t *rk, const uint8_t *key) {
  __m128i a = _mm_loadu_si128((const __m128i *)key), b = _mm_loadu_si128((const __m128i *)(key + 16));
  STK(0, a); STK(1, b);
  a = STEP_ROT(a, b, 0x01); STK(2, a);
  b = STEP_SUB(b, a); STK(3, b);
  a = STEP_ROT(a, b, 0x02); STK(4, a);
  b = STEP_SUB(b, a); STK(5, b);
  a = STEP_ROT(a, b, 0x04); STK(6, a);
  b = STEP_SUB(b, a); STK(7, b);
  a = STEP_ROT(a, b, 0x08); STK(8, a);
  b = STEP_SUB(b, a); STK(9, b);
  a = STEP_ROT(a, b, 0x10); STK(10, a);
  b = STEP_SUB(b, a); STK(11, b);
  a = STEP_ROT(a, b, 0x20); STK(12, a);
  b = STEP_SUB(b, a); STK(13, b);
  a = STEP_ROT(a, b, 0x40); STK(14, a);
}

// SubWord(w) (bytes little-endian in w): word 0 of AESKEYGENASSIST on a
// block whose word 1 is w.
NI_TARGET static inline uint32_t subword_ni(uint32_t w) {
  __m128i x = _mm_shuffle_epi32(_mm_cvtsi32_si128((int)w), 0x00);
  return (uint32_t)_mm_cvtsi128_si32(_mm_aeskeygenassist_si128(x, 0));
}

// AES-192: word by word (Nk = 6), SubWord from the instruction.
NI_TARGET static void expand192(uint8_t *rk, const uint8_t *key) {
  uint32_t w[52];
  uint32_t rcon = 1;
  for (unsigned i = 0; i < 6; i++) w[i] = cce_load32_le(key + 4 * i);
  for (unsigned i = 6; i < 52; i++) {
    uint32_t t = w[i - 1];
    if (i % 6 == 0) {
      t = subword_ni((t >> 8) | (t << 24)) ^ rcon;
      rcon = (rcon << 1) ^ (0x1b & (0u - (rcon >> 7)));
      rcon &= 0xff;
    }
    w[i] = w[i - 6] ^ t;
  }
  for (unsigned i = 0; i < 52; i++) cce_store32_le(rk + 4 * i, w[i]);
  cce_wipe(w, sizeof w);
}

void cce_aes_ni_expand_enc(uint8_t *rk, const uint8_t *key, size_t key_len) {
  if (key_len == 16)
    expand128(rk, key);
  else if (key_len == 24)
    expand192(rk, key);
  else
    expand256(rk, key);
}

NI_TARGET void cce_aes_ni_expand_dec(uint8_t *drk, const uint8_t *rk, unsigned rounds) {
  _mm_store_si128((__m128i *)drk, _mm_load_si128((const __m128i *)(rk + 16 * rounds)));
  for (unsigned r = 1; r < rounds; r++)
    _mm_store_si128((__m128i *)(drk + 16 * r),
                    _mm_aesimc_si128(_mm_load_si128((const __m128i *)(rk + 16 * (rounds - r)))));
  _mm_store_si128((__m128i *)(drk + 16 * rounds), _mm_load_si128((const __m128i *)rk));
}

// ---------------------------------------------------------------------------
// Counter blocks for the CTR_DRBG.

#define LOADK(i) _mm_load_si128((const __m128i *)(k->rk + 16 * (i)))

NI_TARGET static inline __m128i vblock(cce_u128 x) {
  return _mm_set_epi64x((long long)__builtin_bswap64((uint64_t)x), (long long)__builtin_bswap64((uint64_t)(x >> 64)));
}

NI_TARGET void cce_aes_ni_ctr_masked(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                                     size_t nblocks) {
  const cce_u128 mask = cce_u128_of(m), vout = cce_u128_of(v) & ~mask;
  cce_u128 c = cce_u128_of(v);
  const unsigned rounds = k->rounds;
  __m128i b[8];
  for (; nblocks >= 8; nblocks -= 8, out += 128) {
    __m128i k0 = LOADK(0);
    for (int i = 0; i < 8; i++) {
      c++;
      b[i] = _mm_xor_si128(vblock((c & mask) | vout), k0);
    }
    for (unsigned r = 1; r < rounds; r++) {
      __m128i kr = LOADK(r);
      for (int i = 0; i < 8; i++) b[i] = _mm_aesenc_si128(b[i], kr);
    }
    __m128i kl = LOADK(rounds);
    for (int i = 0; i < 8; i++) _mm_storeu_si128((__m128i *)(out + 16 * i), _mm_aesenclast_si128(b[i], kl));
  }
  if (nblocks > 0) {
    // up to seven blocks: same pipeline, only the blocks asked for stored
    __m128i k0 = LOADK(0);
    for (size_t i = 0; i < nblocks; i++) {
      c++;
      b[i] = _mm_xor_si128(vblock((c & mask) | vout), k0);
    }
    for (size_t i = nblocks; i < 8; i++) b[i] = k0;
    for (unsigned r = 1; r < rounds; r++) {
      __m128i kr = LOADK(r);
      for (int i = 0; i < 8; i++) b[i] = _mm_aesenc_si128(b[i], kr);
    }
    __m128i kl = LOADK(rounds);
    for (size_t i = 0; i < nblocks; i++) _mm_storeu_si128((__m128i *)(out + 16 * i), _mm_aesenclast_si128(b[i], kl));
  }
  cce_u128_put(v, (c & mask) | vout);
}

// Sixteen blocks per pass in four zmm registers; the rest through AES-NI.
// The counters stay in registers as (high, low) 64-bit integer pairs, one
// block per 128-bit lane: +16 per pass with the carry of each low half moved
// to its high half through a mask register; the counter field masks and the
// byte order (big-endian halves) are applied on the way to the cipher.
VAES_TARGET void cce_aes_vaes_ctr_masked(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                                         size_t nblocks) {
  if (nblocks >= 16) {
    const unsigned rounds = k->rounds;
    const cce_u128 mask = cce_u128_of(m), v0 = cce_u128_of(v);
    __m512i rk[15];
    for (unsigned r = 0; r <= rounds; r++)
      rk[r] = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)(k->rk + 16 * r)));
    _Alignas(64) uint64_t init[32];
    for (int i = 0; i < 16; i++) {
      cce_u128 c = v0 + (cce_u128)(i + 1);
      init[2 * i] = (uint64_t)(c >> 64);
      init[2 * i + 1] = (uint64_t)c;
    }
    __m512i c0 = _mm512_load_si512((const void *)init), c1 = _mm512_load_si512((const void *)(init + 8));
    __m512i c2 = _mm512_load_si512((const void *)(init + 16)), c3 = _mm512_load_si512((const void *)(init + 24));
    const __m512i mv = _mm512_set_epi64((long long)m[1], (long long)m[0], (long long)m[1], (long long)m[0],
                                        (long long)m[1], (long long)m[0], (long long)m[1], (long long)m[0]);
    const __m512i vo = _mm512_andnot_si512(mv, _mm512_set_epi64((long long)v[1], (long long)v[0], (long long)v[1],
                                                                (long long)v[0], (long long)v[1], (long long)v[0],
                                                                (long long)v[1], (long long)v[0]));
    const __m512i add16 = _mm512_set_epi64(16, 0, 16, 0, 16, 0, 16, 0);
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i bswap = _mm512_broadcast_i32x4(_mm_set_epi8(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
#define CTR_STEP(c)                                                     do {                                                                    __m512i n_ = _mm512_add_epi64((c), add16);                            __mmask8 k_ = _mm512_cmplt_epu64_mask(n_, (c));                       (c) = _mm512_mask_add_epi64(n_, (__mmask8)(k_ >> 1), n_, one);      } while (0)
#define CTR_BLOCK(c)   _mm512_xor_si512(_mm512_shuffle_epi8(_mm512_or_si512(_mm512_and_si512((c), mv), vo), bswap), rk[0])
    size_t done = 0;
    for (; nblocks >= 16; nblocks -= 16, out += 256, done += 16) {
      __m512i b0 = CTR_BLOCK(c0), b1 = CTR_BLOCK(c1), b2 = CTR_BLOCK(c2), b3 = CTR_BLOCK(c3);
      CTR_STEP(c0);
      CTR_STEP(c1);
      CTR_STEP(c2);
      CTR_STEP(c3);
      for (unsigned r = 1; r < rounds; r++) {
        b0 = _mm512_aesenc_epi128(b0, rk[r]);
        b1 = _mm512_aesenc_epi128(b1, rk[r]);
        b2 = _mm512_aesenc_epi128(b2, rk[r]);
        b3 = _mm512_aesenc_epi128(b3, rk[r]);
      }
      _mm512_storeu_si512((void *)out, _mm512_aesenclast_epi128(b0, rk[rounds]));
      _mm512_storeu_si512((void *)(out + 64), _mm512_aesenclast_epi128(b1, rk[rounds]));
      _mm512_storeu_si512((void *)(out + 128), _mm512_aesenclast_epi128(b2, rk[rounds]));
      _mm512_storeu_si512((void *)(out + 192), _mm512_aesenclast_epi128(b3, rk[rounds]));
    }
#undef CTR_STEP
#undef CTR_BLOCK
    cce_u128_put(v, ((v0 + (cce_u128)done) & mask) | (v0 & ~mask));
    cce_wipe(init, sizeof init);
    cce_wipe(rk, sizeof rk);
  }
  if (nblocks > 0) cce_aes_ni_ctr_masked(k, v, m, out, nblocks);
}
