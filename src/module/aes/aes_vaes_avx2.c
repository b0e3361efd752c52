// AES-CTR (32-bit counter, SP 800-38A) with VAES on 256-bit (ymm)
// registers: two blocks per register, eight registers (sixteen blocks) in
// flight. For CPUs with VAES but no AVX-512 (AMD Zen 3, Intel Alder Lake),
// or with AVX-512 switched off (CCE_CPU=-avx512f); see CCE_AES_VAES2_CPU.
// Tails (< 256 bytes) go to the AES-NI code. Constant-time: no branch or
// address depends on the key or the data.

#include <immintrin.h>

#include "aes_impl.h"

#define VAES2_TARGET __attribute__((target("vaes,avx,avx2,aes,ssse3,sse4.1")))

// cce_aes_vaes2_ctr32 (declared in aes_impl.h, dispatched from aes.c):
// out = in ^ keystream over len bytes, ctr's low 32 bits (big endian)
// advanced by ceil(len/16) mod 2^32.

#define LDY(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define STY(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

VAES2_TARGET static inline void ctr16(const cce_aes_key *k, const int nr, __m256i cur, const __m256i rev,
                                      const uint8_t *in, uint8_t *out) {
  __m256i b[8];
  const __m256i rk0 = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)k->rk));
#pragma GCC unroll 8
  for (int j = 0; j < 8; j++)
    b[j] = _mm256_xor_si256(
        _mm256_shuffle_epi8(_mm256_add_epi32(cur, _mm256_set_epi32(0, 0, 0, 2 * j, 0, 0, 0, 2 * j)), rev), rk0);
#pragma GCC unroll 13
  for (int r = 1; r < nr; r++) {
    const __m256i rk = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)(k->rk + 16 * r)));
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) b[j] = _mm256_aesenc_epi128(b[j], rk);
  }
  const __m256i rkl = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)(k->rk + 16 * nr)));
#pragma GCC unroll 8
  for (int j = 0; j < 8; j++)
    STY(out + 32 * j, _mm256_xor_si256(_mm256_aesenclast_epi128(b[j], rkl), LDY(in + 32 * j)));
}

VAES2_TARGET __attribute__((always_inline)) static inline void ctr_loop(const cce_aes_key *k, const int nr,
                                                                        __m256i *cur, const uint8_t *in,
                                                                        uint8_t *out, size_t n256) {
  const __m256i rev = _mm256_broadcastsi128_si256(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  const __m256i sixteen = _mm256_set_epi32(0, 0, 0, 16, 0, 0, 0, 16);
  for (; n256 > 0; n256--, in += 256, out += 256) {
    ctr16(k, nr, *cur, rev, in, out);
    *cur = _mm256_add_epi32(*cur, sixteen);
  }
}

VAES2_TARGET void cce_aes_vaes2_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                                      size_t len) {
  if (len >= 256) {
    // Byte-reversed counter blocks: the big-endian 32-bit counter becomes
    // the low dword of each lane and is stepped with a dword add (mod 2^32).
    const __m128i rev1 = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m256i cur =
        _mm256_broadcastsi128_si256(_mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)ctr), rev1));
    cur = _mm256_add_epi32(cur, _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
    const size_t n256 = len / 256;
    switch (k->rounds) {
      case 10: ctr_loop(k, 10, &cur, in, out, n256); break;
      case 12: ctr_loop(k, 12, &cur, in, out, n256); break;
      default: ctr_loop(k, 14, &cur, in, out, n256); break;
    }
    cce_store32_be(ctr + 12, cce_load32_be(ctr + 12) + (uint32_t)(16 * n256));
    in += 256 * n256;
    out += 256 * n256;
    len -= 256 * n256;
  }
  if (len > 0) cce_aes_ni_ctr32(k, ctr, in, out, len);
}
