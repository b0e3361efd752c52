// Constant-time selection from the P-256 fixed-base table (one window: 64
// affine points of 8 64-bit words, 64 bytes each) with AVX2 or AVX-512F:
// every entry is loaded and kept or dropped by a mask from a vector
// comparison of its index with the wanted one, so no branch and no address
// depends on the (secret) index. One 64-byte entry is one zmm register (two
// ymm), against four xmm registers for the SSE2 ec_ct_select of ec_tmpl.h.
// Per-function target attributes; p256.c calls these only when
// cce_cpu_has(CCE_CPU_AVX512F) / cce_cpu_has(CCE_CPU_AVX2).

#include "internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

CCE_HIDDEN void cce_p256_gsel_avx512(uint64_t out[8], const uint64_t *tab, uint32_t n, uint32_t want);
CCE_HIDDEN void cce_p256_gsel_avx2(uint64_t out[8], const uint64_t *tab, uint32_t n, uint32_t want);

// out = tab[want] (n entries of 8 words, n a multiple of 4), or zero if
// want >= n. n is public.
__attribute__((target("avx512f"))) void cce_p256_gsel_avx512(uint64_t out[8], const uint64_t *tab, uint32_t n,
                                                              uint32_t want) {
  const __m512i w = _mm512_set1_epi64((long long)want);
  const __m512i four = _mm512_set1_epi64(4);
  __m512i j = _mm512_setzero_si512(), a0 = j, a1 = j, a2 = j, a3 = j;
  for (uint32_t i = 0; i < n; i += 4) {
    const __m512i j1 = _mm512_add_epi64(j, _mm512_set1_epi64(1));
    const __m512i j2 = _mm512_add_epi64(j, _mm512_set1_epi64(2));
    const __m512i j3 = _mm512_add_epi64(j, _mm512_set1_epi64(3));
    a0 = _mm512_mask_mov_epi64(a0, _mm512_cmpeq_epi64_mask(j, w), _mm512_loadu_si512(tab + 8 * i));
    a1 = _mm512_mask_mov_epi64(a1, _mm512_cmpeq_epi64_mask(j1, w), _mm512_loadu_si512(tab + 8 * i + 8));
    a2 = _mm512_mask_mov_epi64(a2, _mm512_cmpeq_epi64_mask(j2, w), _mm512_loadu_si512(tab + 8 * i + 16));
    a3 = _mm512_mask_mov_epi64(a3, _mm512_cmpeq_epi64_mask(j3, w), _mm512_loadu_si512(tab + 8 * i + 24));
    j = _mm512_add_epi64(j, four);
  }
  // At most one accumulator holds a value, the others are zero.
  _mm512_storeu_si512(out, _mm512_or_si512(_mm512_or_si512(a0, a1), _mm512_or_si512(a2, a3)));
}

__attribute__((target("avx2"))) void cce_p256_gsel_avx2(uint64_t out[8], const uint64_t *tab, uint32_t n,
                                                         uint32_t want) {
  const __m256i w = _mm256_set1_epi64x((long long)want);
  const __m256i one = _mm256_set1_epi64x(1);
  __m256i j = _mm256_setzero_si256(), a0 = j, a1 = j, b0 = j, b1 = j;
  for (uint32_t i = 0; i < n; i += 2) {
    const __m256i j1 = _mm256_add_epi64(j, one);
    const __m256i m0 = _mm256_cmpeq_epi64(j, w), m1 = _mm256_cmpeq_epi64(j1, w);
    const __m256i *e0 = (const __m256i *)(const void *)(tab + 8 * i);
    const __m256i *e1 = (const __m256i *)(const void *)(tab + 8 * i + 8);
    a0 = _mm256_or_si256(a0, _mm256_and_si256(m0, _mm256_loadu_si256(e0)));
    a1 = _mm256_or_si256(a1, _mm256_and_si256(m0, _mm256_loadu_si256(e0 + 1)));
    b0 = _mm256_or_si256(b0, _mm256_and_si256(m1, _mm256_loadu_si256(e1)));
    b1 = _mm256_or_si256(b1, _mm256_and_si256(m1, _mm256_loadu_si256(e1 + 1)));
    j = _mm256_add_epi64(j1, one);
  }
  _mm256_storeu_si256((__m256i *)(void *)out, _mm256_or_si256(a0, b0));
  _mm256_storeu_si256((__m256i *)(void *)(out + 4), _mm256_or_si256(a1, b1));
}
#endif
