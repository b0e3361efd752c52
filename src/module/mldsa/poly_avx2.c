// ML-DSA polynomial arithmetic, AVX2 back end: NTT, inverse NTT, pointwise
// products and Decompose on 8 x int32 lanes. Every function has the
// target("avx2") attribute and is reached only through
// cce_mldsa_backend_avx2 when cce_cpu_has(CCE_CPU_AVX2). Results are
// bit-identical to poly.c (same butterflies, same Montgomery reduction, same
// coefficient order), which the unit test checks.
//
// Montgomery product of 8 lanes: _mm256_mul_epi32 multiplies the even lanes
// into 64-bit products; the odd lanes are moved down with a shuffle. For each
// 64-bit product p: t = low32(p) * q^-1 mod 2^32 (the low half of
// mul_epi32(p, qinv)), and (p - t q) / 2^32 is exact; its high half is the
// result, as in mldsa_mont_reduce.
//
// Coefficient order: the NTT works in the standard (bit-reversed FIPS 204)
// order. The last three layers (butterfly distances 4, 2, 1) are done inside
// pairs of vectors after three self-inverse lane shuffles:
//   T1 (a, b) -> (a.lo|b.lo, a.hi|b.hi)             distance 4 across vectors
//   T2 (x, y) -> (unpacklo64(x,y), unpackhi64(x,y)) distance 2
//   T3 (x, y) -> (x0 y0 x2 y2.., x1 y1 x3 y3..)     distance 1
// and the same shuffles in reverse order restore the layout.
//
// Constant time: no branch, no secret-dependent address.

#include <immintrin.h>

#include "internal.h"

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i montmul(__m256i a, __m256i b) {
  const __m256i q = _mm256_set1_epi32(MLDSA_Q), qinv = _mm256_set1_epi32(MLDSA_QINV);
  __m256i ao = _mm256_shuffle_epi32(a, 0xf5), bo = _mm256_shuffle_epi32(b, 0xf5);
  __m256i pe = _mm256_mul_epi32(a, b), po = _mm256_mul_epi32(ao, bo);
  __m256i te = _mm256_mul_epi32(_mm256_mul_epi32(pe, qinv), q);
  __m256i to = _mm256_mul_epi32(_mm256_mul_epi32(po, qinv), q);
  pe = _mm256_sub_epi64(pe, te);
  po = _mm256_sub_epi64(po, to);
  return _mm256_blend_epi32(_mm256_shuffle_epi32(pe, 0xf5), po, 0xaa);
}

// Montgomery reduction of two vectors of 64-bit sums (even and odd lanes).
AVX2 static inline __m256i montred64(__m256i pe, __m256i po) {
  const __m256i q = _mm256_set1_epi32(MLDSA_Q), qinv = _mm256_set1_epi32(MLDSA_QINV);
  __m256i te = _mm256_mul_epi32(_mm256_mul_epi32(pe, qinv), q);
  __m256i to = _mm256_mul_epi32(_mm256_mul_epi32(po, qinv), q);
  pe = _mm256_sub_epi64(pe, te);
  po = _mm256_sub_epi64(po, to);
  return _mm256_blend_epi32(_mm256_shuffle_epi32(pe, 0xf5), po, 0xaa);
}

#define CT_BF(x, y, z)                 \
  do {                                 \
    __m256i t_ = montmul(z, y);        \
    y = _mm256_sub_epi32(x, t_);       \
    x = _mm256_add_epi32(x, t_);       \
  } while (0)

#define GS_BF(x, y, z)                            \
  do {                                            \
    __m256i t_ = x;                               \
    x = _mm256_add_epi32(t_, y);                  \
    y = montmul(z, _mm256_sub_epi32(t_, y));      \
  } while (0)

#define T1(a, b, x, y)                            \
  do {                                            \
    x = _mm256_permute2x128_si256(a, b, 0x20);    \
    y = _mm256_permute2x128_si256(a, b, 0x31);    \
  } while (0)
#define T2(x, y, u, v)                 \
  do {                                 \
    u = _mm256_unpacklo_epi64(x, y);   \
    v = _mm256_unpackhi_epi64(x, y);   \
  } while (0)
#define T3(x, y, u, v)                                                     \
  do {                                                                     \
    u = _mm256_blend_epi32(x, _mm256_slli_epi64(y, 32), 0xaa);             \
    v = _mm256_blend_epi32(_mm256_srli_epi64(x, 32), y, 0xaa);             \
  } while (0)

// zetas z[k], z[k+1] as [z0 x4 | z1 x4]
AVX2 static inline __m256i zeta_4(const int32_t *z) {
  return _mm256_permute2x128_si256(_mm256_set1_epi32(z[0]), _mm256_set1_epi32(z[1]), 0x20);
}
// z[k..k+3] as [z0 z0 z1 z1 | z2 z2 z3 z3]
AVX2 static inline __m256i zeta_2(const int32_t *z) {
  __m256i v = _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)z));
  return _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3));
}

AVX2 static void ntt_avx2(int32_t a[MLDSA_N]) {
  __m256i *v = (__m256i *)a;  // mldsa_poly is 32-byte aligned
  unsigned k = 1;
  for (unsigned len = 16; len >= 1; len >>= 1) {  // distance in vectors: 128..8 coefficients
    for (unsigned start = 0; start < 32; start += 2 * len) {
      __m256i z = _mm256_set1_epi32(cce_mldsa_zetas[k++]);
      for (unsigned j = start; j < start + len; j++) {
        __m256i x = _mm256_load_si256(&v[j]), y = _mm256_load_si256(&v[j + len]);
        CT_BF(x, y, z);
        _mm256_store_si256(&v[j], x);
        _mm256_store_si256(&v[j + len], y);
      }
    }
  }
  for (unsigned p = 0; p < 16; p++) {
    __m256i a0 = _mm256_load_si256(&v[2 * p]), b0 = _mm256_load_si256(&v[2 * p + 1]);
    __m256i x, y, u, w;
    T1(a0, b0, x, y);
    CT_BF(x, y, zeta_4(&cce_mldsa_zetas[32 + 2 * p]));
    T2(x, y, u, w);
    CT_BF(u, w, zeta_2(&cce_mldsa_zetas[64 + 4 * p]));
    T3(u, w, x, y);
    CT_BF(x, y, _mm256_loadu_si256((const __m256i *)&cce_mldsa_zetas[128 + 8 * p]));
    T3(x, y, u, w);
    T2(u, w, x, y);
    T1(x, y, a0, b0);
    _mm256_store_si256(&v[2 * p], a0);
    _mm256_store_si256(&v[2 * p + 1], b0);
  }
}

AVX2 static void invntt_avx2(int32_t a[MLDSA_N]) {
  __m256i *v = (__m256i *)a;
  for (unsigned p = 0; p < 16; p++) {
    __m256i a0 = _mm256_load_si256(&v[2 * p]), b0 = _mm256_load_si256(&v[2 * p + 1]);
    __m256i x, y, u, w;
    T1(a0, b0, x, y);
    T2(x, y, u, w);
    T3(u, w, x, y);
    GS_BF(x, y, _mm256_loadu_si256((const __m256i *)&cce_mldsa_izetas[8 * p]));
    T3(x, y, u, w);
    GS_BF(u, w, zeta_2(&cce_mldsa_izetas[128 + 4 * p]));
    T2(u, w, x, y);
    GS_BF(x, y, zeta_4(&cce_mldsa_izetas[192 + 2 * p]));
    T1(x, y, a0, b0);
    _mm256_store_si256(&v[2 * p], a0);
    _mm256_store_si256(&v[2 * p + 1], b0);
  }
  unsigned k = 224;
  for (unsigned len = 1; len < 32; len <<= 1) {  // distance in vectors: 8..128 coefficients
    for (unsigned start = 0; start < 32; start += 2 * len) {
      __m256i z = _mm256_set1_epi32(cce_mldsa_izetas[k++]);
      for (unsigned j = start; j < start + len; j++) {
        __m256i x = _mm256_load_si256(&v[j]), y = _mm256_load_si256(&v[j + len]);
        GS_BF(x, y, z);
        _mm256_store_si256(&v[j], x);
        _mm256_store_si256(&v[j + len], y);
      }
    }
  }
  const __m256i f = _mm256_set1_epi32(MLDSA_MONT_F);
  for (unsigned j = 0; j < 32; j++) _mm256_store_si256(&v[j], montmul(f, _mm256_load_si256(&v[j])));
}

AVX2 static void pointwise_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = _mm256_load_si256((const __m256i *)&a[i]), y = _mm256_load_si256((const __m256i *)&b[i]);
    _mm256_store_si256((__m256i *)&r[i], montmul(x, y));
  }
}

AVX2 static void pointwise_acc_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = _mm256_load_si256((const __m256i *)&a[i]), y = _mm256_load_si256((const __m256i *)&b[i]);
    __m256i s = _mm256_load_si256((const __m256i *)&r[i]);
    _mm256_store_si256((__m256i *)&r[i], _mm256_add_epi32(s, montmul(x, y)));
  }
}

AVX2 static void dot_avx2(int32_t r[MLDSA_N], const int32_t *const *a, const int32_t *const *b, unsigned n) {
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i se = _mm256_setzero_si256(), so = _mm256_setzero_si256();
    for (unsigned t = 0; t < n; t++) {
      __m256i x = _mm256_load_si256((const __m256i *)&a[t][i]), y = _mm256_load_si256((const __m256i *)&b[t][i]);
      se = _mm256_add_epi64(se, _mm256_mul_epi32(x, y));
      so = _mm256_add_epi64(so, _mm256_mul_epi32(_mm256_shuffle_epi32(x, 0xf5), _mm256_shuffle_epi32(y, 0xf5)));
    }
    _mm256_store_si256((__m256i *)&r[i], montred64(se, so));
  }
}

// Decompose as in poly.c: r1 = ((r + gamma2 - 1) * M) >> 48 with 32x32->64
// unsigned products of the even and odd lanes.
AVX2 static void decompose_avx2(int32_t r1[MLDSA_N], int32_t r0[MLDSA_N], const int32_t a[MLDSA_N],
                                int32_t gamma2) {
  const uint32_t m = gamma2 == (MLDSA_Q - 1) / 32 ? 537395713u : 1477838210u;
  const __m256i vm = _mm256_set1_epi32((int32_t)m), g = _mm256_set1_epi32(gamma2 - 1);
  const __m256i twog = _mm256_set1_epi32(2 * gamma2);
  const __m256i topm1 = _mm256_set1_epi32((MLDSA_Q - 1) / (2 * gamma2) - 1);
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = _mm256_load_si256((const __m256i *)&a[i]);
    __m256i s = _mm256_add_epi32(x, g);
    __m256i pe = _mm256_srli_epi64(_mm256_mul_epu32(s, vm), 48);
    __m256i po = _mm256_srli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(s, 32), vm), 48);
    __m256i h = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xaa);
    __m256i l = _mm256_sub_epi32(x, _mm256_mullo_epi32(h, twog));
    __m256i wrap = _mm256_cmpgt_epi32(h, topm1);  // h == top
    _mm256_store_si256((__m256i *)&r1[i], _mm256_andnot_si256(wrap, h));
    _mm256_store_si256((__m256i *)&r0[i], _mm256_add_epi32(l, wrap));
  }
}

const mldsa_backend cce_mldsa_backend_avx2 = {
    "avx2", ntt_avx2, invntt_avx2, pointwise_avx2, pointwise_acc_avx2, dot_avx2, decompose_avx2,
};
