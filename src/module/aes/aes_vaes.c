// AES-CTR (32-bit counter) and AES-XTS with VAES on 512-bit registers: four
// blocks per zmm, sixteen blocks in flight. Used when the CPU has VAES and
// AVX-512 F/BW/VL (CCE_AES_VAES_CPU); tails go to the AES-NI code.

#include <immintrin.h>

#include "aes_impl.h"

#define VAES_TARGET __attribute__((target("vaes,avx512f,avx512bw,avx512vl,aes,sse4.1")))

VAES_TARGET static inline void load_keys(__m512i rk[15], const uint8_t *keys, unsigned rounds) {
  for (unsigned r = 0; r <= rounds; r++)
    rk[r] = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)(keys + 16 * r)));
}

#define ENC4(b0, b1, b2, b3)                                                                        \
  do {                                                                                              \
    b0 = _mm512_xor_si512(b0, rk[0]); b1 = _mm512_xor_si512(b1, rk[0]);                             \
    b2 = _mm512_xor_si512(b2, rk[0]); b3 = _mm512_xor_si512(b3, rk[0]);                             \
    for (unsigned r_ = 1; r_ < rounds; r_++) {                                                      \
      b0 = _mm512_aesenc_epi128(b0, rk[r_]); b1 = _mm512_aesenc_epi128(b1, rk[r_]);                 \
      b2 = _mm512_aesenc_epi128(b2, rk[r_]); b3 = _mm512_aesenc_epi128(b3, rk[r_]);                 \
    }                                                                                               \
    b0 = _mm512_aesenclast_epi128(b0, rk[rounds]); b1 = _mm512_aesenclast_epi128(b1, rk[rounds]);   \
    b2 = _mm512_aesenclast_epi128(b2, rk[rounds]); b3 = _mm512_aesenclast_epi128(b3, rk[rounds]);   \
  } while (0)
#define DEC4(b0, b1, b2, b3)                                                                        \
  do {                                                                                              \
    b0 = _mm512_xor_si512(b0, rk[0]); b1 = _mm512_xor_si512(b1, rk[0]);                             \
    b2 = _mm512_xor_si512(b2, rk[0]); b3 = _mm512_xor_si512(b3, rk[0]);                             \
    for (unsigned r_ = 1; r_ < rounds; r_++) {                                                      \
      b0 = _mm512_aesdec_epi128(b0, rk[r_]); b1 = _mm512_aesdec_epi128(b1, rk[r_]);                 \
      b2 = _mm512_aesdec_epi128(b2, rk[r_]); b3 = _mm512_aesdec_epi128(b3, rk[r_]);                 \
    }                                                                                               \
    b0 = _mm512_aesdeclast_epi128(b0, rk[rounds]); b1 = _mm512_aesdeclast_epi128(b1, rk[rounds]);   \
    b2 = _mm512_aesdeclast_epi128(b2, rk[rounds]); b3 = _mm512_aesdeclast_epi128(b3, rk[rounds]);   \
  } while (0)

#define LD5(p) _mm512_loadu_si512((const void *)(p))
#define ST5(p, v) _mm512_storeu_si512((void *)(p), (v))

VAES_TARGET void cce_aes_vaes_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                                    size_t len) {
  if (len >= 256) {
    const unsigned rounds = k->rounds;
    __m512i rk[15];
    load_keys(rk, k->rk, rounds);
    // Byte-reversed counter blocks: the big-endian 32-bit counter becomes
    // the low dword of each lane and is stepped with a dword add (mod 2^32).
    const __m512i rev = _mm512_broadcast_i32x4(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    __m512i cur = _mm512_shuffle_epi8(_mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)ctr)), rev);
    cur = _mm512_add_epi32(cur, _mm512_set_epi32(0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0));
    const __m512i four = _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4);
    uint32_t c = cce_load32_be(ctr + 12);
    for (; len >= 256; len -= 256, in += 256, out += 256) {
      __m512i c1 = _mm512_add_epi32(cur, four);
      __m512i c2 = _mm512_add_epi32(c1, four);
      __m512i c3 = _mm512_add_epi32(c2, four);
      __m512i b0 = _mm512_shuffle_epi8(cur, rev), b1 = _mm512_shuffle_epi8(c1, rev);
      __m512i b2 = _mm512_shuffle_epi8(c2, rev), b3 = _mm512_shuffle_epi8(c3, rev);
      cur = _mm512_add_epi32(c3, four);
      ENC4(b0, b1, b2, b3);
      ST5(out, _mm512_xor_si512(b0, LD5(in)));
      ST5(out + 64, _mm512_xor_si512(b1, LD5(in + 64)));
      ST5(out + 128, _mm512_xor_si512(b2, LD5(in + 128)));
      ST5(out + 192, _mm512_xor_si512(b3, LD5(in + 192)));
      c += 16;
    }
    cce_store32_be(ctr + 12, c);
  }
  if (len > 0) cce_aes_ni_ctr32(k, ctr, in, out, len);
}

// Each lane times alpha^4: shift the 128-bit lane left by 4 and fold the
// four bits that leave it back in with x^128 = x^7 + x^2 + x + 1.
VAES_TARGET static inline __m512i mul_a4(__m512i t) {
  __m512i s = _mm512_srli_epi64(t, 60);
  __m512i cross = _mm512_bslli_epi128(s, 8);
  __m512i top = _mm512_bsrli_epi128(s, 8);
  __m512i red = _mm512_xor_si512(_mm512_xor_si512(top, _mm512_slli_epi64(top, 1)),
                                 _mm512_xor_si512(_mm512_slli_epi64(top, 2), _mm512_slli_epi64(top, 7)));
  return _mm512_xor_si512(_mm512_xor_si512(_mm512_slli_epi64(t, 4), cross), red);
}

VAES_TARGET void cce_aes_vaes_xts(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out,
                                  size_t nblocks, int decrypt) {
  if (nblocks >= 16) {
    const unsigned rounds = k->rounds;
    __m512i rk[15];
    load_keys(rk, decrypt ? k->drk : k->rk, rounds);
    uint8_t tb[64];
    for (int i = 0; i < 4; i++) {
      memcpy(tb + 16 * i, t, 16);
      cce_aes_xts_mul_alpha(t);
    }
    __m512i cur = LD5(tb);
    for (; nblocks >= 16; nblocks -= 16, in += 256, out += 256) {
      __m512i t0 = cur, t1 = mul_a4(t0), t2 = mul_a4(t1), t3 = mul_a4(t2);
      cur = mul_a4(t3);
      __m512i b0 = _mm512_xor_si512(LD5(in), t0), b1 = _mm512_xor_si512(LD5(in + 64), t1);
      __m512i b2 = _mm512_xor_si512(LD5(in + 128), t2), b3 = _mm512_xor_si512(LD5(in + 192), t3);
      if (decrypt)
        DEC4(b0, b1, b2, b3);
      else
        ENC4(b0, b1, b2, b3);
      ST5(out, _mm512_xor_si512(b0, t0));
      ST5(out + 64, _mm512_xor_si512(b1, t1));
      ST5(out + 128, _mm512_xor_si512(b2, t2));
      ST5(out + 192, _mm512_xor_si512(b3, t3));
    }
    _mm_storeu_si128((__m128i *)t, _mm512_castsi512_si128(cur));
    cce_wipe(tb, sizeof tb);
  }
  if (nblocks > 0) cce_aes_ni_xts(k, t, in, out, nblocks, decrypt);
}
