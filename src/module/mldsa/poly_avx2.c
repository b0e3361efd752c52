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

// montmul(a, b) for a broadcast constant b, with bq = b q^-1 mod 2^32: the
// Montgomery factor t = a bq mod 2^32 does not wait for the product a b
// (shorter dependency chain), and b needs no odd-lane shuffle. Same result
// as montmul (same t).
AVX2 static inline __m256i montmul_b(__m256i a, __m256i b, __m256i bq) {
  const __m256i q = _mm256_set1_epi32(MLDSA_Q);
  __m256i ao = _mm256_shuffle_epi32(a, 0xf5);
  __m256i pe = _mm256_mul_epi32(a, b), po = _mm256_mul_epi32(ao, b);
  __m256i te = _mm256_mul_epi32(_mm256_mul_epi32(a, bq), q), to = _mm256_mul_epi32(_mm256_mul_epi32(ao, bq), q);
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

// Butterflies with a broadcast zeta (see montmul_b).
AVX2 static inline void ct_b(__m256i *x, __m256i *y, int32_t zs) {
  __m256i t = montmul_b(*y, _mm256_set1_epi32(zs), _mm256_set1_epi32((int32_t)((uint32_t)zs * MLDSA_QINV)));
  *y = _mm256_sub_epi32(*x, t);
  *x = _mm256_add_epi32(*x, t);
}
AVX2 static inline void gs_b(__m256i *x, __m256i *y, int32_t zs) {
  __m256i t = *x;
  *x = _mm256_add_epi32(t, *y);
  *y = montmul_b(_mm256_sub_epi32(t, *y), _mm256_set1_epi32(zs),
                 _mm256_set1_epi32((int32_t)((uint32_t)zs * MLDSA_QINV)));
}

// The last three forward layers (distances 4, 2, 1) on the pair of vectors
// v[2p], v[2p+1], and the first three inverse layers.
AVX2 static inline void ntt_last3(__m256i *a0, __m256i *b0, unsigned p) {
  __m256i x, y, u, w;
  T1(*a0, *b0, x, y);
  CT_BF(x, y, zeta_4(&cce_mldsa_zetas[32 + 2 * p]));
  T2(x, y, u, w);
  CT_BF(u, w, zeta_2(&cce_mldsa_zetas[64 + 4 * p]));
  T3(u, w, x, y);
  CT_BF(x, y, _mm256_loadu_si256((const __m256i *)&cce_mldsa_zetas[128 + 8 * p]));
  T3(x, y, u, w);
  T2(u, w, x, y);
  T1(x, y, *a0, *b0);
}
AVX2 static inline void invntt_first3(__m256i *a0, __m256i *b0, unsigned p) {
  __m256i x, y, u, w;
  T1(*a0, *b0, x, y);
  T2(x, y, u, w);
  T3(u, w, x, y);
  GS_BF(x, y, _mm256_loadu_si256((const __m256i *)&cce_mldsa_izetas[8 * p]));
  T3(x, y, u, w);
  GS_BF(u, w, zeta_2(&cce_mldsa_izetas[128 + 4 * p]));
  T2(u, w, x, y);
  GS_BF(x, y, zeta_4(&cce_mldsa_izetas[192 + 2 * p]));
  T1(x, y, *a0, *b0);
}

// Layers are merged in registers (two passes over the polynomial instead of
// six); every butterfly is the one of poly.c, with the same zeta.
//  Pass 1, for r < 4: the vectors v[r + 4m], m < 8, through the layers of
//   distance 16, 8 and 4 vectors (128, 64, 32 coefficients).
//  Pass 2, for g < 8: the vectors v[4g..4g+3] through the layers of distance
//   2 and 1 vectors, then the three in-vector layers.
AVX2 static void ntt_avx2(int32_t a[MLDSA_N]) {
  __m256i *v = (__m256i *)a;  // mldsa_poly is 32-byte aligned
  const int32_t *zt = cce_mldsa_zetas;
  for (unsigned r = 0; r < 4; r++) {
    __m256i x[8];
    for (unsigned m = 0; m < 8; m++) x[m] = _mm256_load_si256(&v[r + 4 * m]);
    for (unsigned m = 0; m < 4; m++) ct_b(&x[m], &x[m + 4], zt[1]);
    ct_b(&x[0], &x[2], zt[2]);
    ct_b(&x[1], &x[3], zt[2]);
    ct_b(&x[4], &x[6], zt[3]);
    ct_b(&x[5], &x[7], zt[3]);
    for (unsigned m = 0; m < 8; m += 2) ct_b(&x[m], &x[m + 1], zt[4 + m / 2]);
    for (unsigned m = 0; m < 8; m++) _mm256_store_si256(&v[r + 4 * m], x[m]);
  }
  for (unsigned g = 0; g < 8; g++) {
    __m256i x0 = _mm256_load_si256(&v[4 * g]), x1 = _mm256_load_si256(&v[4 * g + 1]);
    __m256i x2 = _mm256_load_si256(&v[4 * g + 2]), x3 = _mm256_load_si256(&v[4 * g + 3]);
    ct_b(&x0, &x2, zt[8 + g]);
    ct_b(&x1, &x3, zt[8 + g]);
    ct_b(&x0, &x1, zt[16 + 2 * g]);
    ct_b(&x2, &x3, zt[17 + 2 * g]);
    ntt_last3(&x0, &x1, 2 * g);
    ntt_last3(&x2, &x3, 2 * g + 1);
    _mm256_store_si256(&v[4 * g], x0);
    _mm256_store_si256(&v[4 * g + 1], x1);
    _mm256_store_si256(&v[4 * g + 2], x2);
    _mm256_store_si256(&v[4 * g + 3], x3);
  }
}

// The mirror image of ntt_avx2; the last layer (distance 128) also
// multiplies by the final factor, as in poly.c.
AVX2 static void invntt_avx2(int32_t a[MLDSA_N]) {
  __m256i *v = (__m256i *)a;
  const int32_t *iz = cce_mldsa_izetas;
  for (unsigned g = 0; g < 8; g++) {
    __m256i x0 = _mm256_load_si256(&v[4 * g]), x1 = _mm256_load_si256(&v[4 * g + 1]);
    __m256i x2 = _mm256_load_si256(&v[4 * g + 2]), x3 = _mm256_load_si256(&v[4 * g + 3]);
    invntt_first3(&x0, &x1, 2 * g);
    invntt_first3(&x2, &x3, 2 * g + 1);
    gs_b(&x0, &x1, iz[224 + 2 * g]);
    gs_b(&x2, &x3, iz[225 + 2 * g]);
    gs_b(&x0, &x2, iz[240 + g]);
    gs_b(&x1, &x3, iz[240 + g]);
    _mm256_store_si256(&v[4 * g], x0);
    _mm256_store_si256(&v[4 * g + 1], x1);
    _mm256_store_si256(&v[4 * g + 2], x2);
    _mm256_store_si256(&v[4 * g + 3], x3);
  }
  const __m256i f = _mm256_set1_epi32(MLDSA_MONT_F);
  const __m256i fq = _mm256_set1_epi32((int32_t)((uint32_t)MLDSA_MONT_F * MLDSA_QINV));
  const __m256i fz = _mm256_set1_epi32(MLDSA_MONT_FZ);
  const __m256i fzq = _mm256_set1_epi32((int32_t)((uint32_t)MLDSA_MONT_FZ * MLDSA_QINV));
  for (unsigned r = 0; r < 4; r++) {
    __m256i x[8];
    for (unsigned m = 0; m < 8; m++) x[m] = _mm256_load_si256(&v[r + 4 * m]);
    for (unsigned m = 0; m < 8; m += 2) gs_b(&x[m], &x[m + 1], iz[248 + m / 2]);
    gs_b(&x[0], &x[2], iz[252]);
    gs_b(&x[1], &x[3], iz[252]);
    gs_b(&x[4], &x[6], iz[253]);
    gs_b(&x[5], &x[7], iz[253]);
    for (unsigned m = 0; m < 4; m++) {
      __m256i t = x[m], u = x[m + 4];
      x[m] = montmul_b(_mm256_add_epi32(t, u), f, fq);
      x[m + 4] = montmul_b(_mm256_sub_epi32(t, u), fz, fzq);
    }
    for (unsigned m = 0; m < 8; m++) _mm256_store_si256(&v[r + 4 * m], x[m]);
  }
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

// SampleInBall placement as in poly.c, with the 256 coefficient bytes held
// in eight registers: per nonzero, compare every position with j (and with
// i), pick up c[j] with the mask, write val there, then OR c[j] into
// position i. No branch and no memory index depends on js or signs.
AVX2 static void ball_avx2(int32_t c[MLDSA_N], const uint8_t *js, uint64_t signs, unsigned tau) {
  __m256i cb[8], pos[8];
  const __m256i base = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                        21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
  for (unsigned r = 0; r < 8; r++) {
    cb[r] = _mm256_setzero_si256();
    pos[r] = _mm256_add_epi8(base, _mm256_set1_epi8((char)(32 * r)));
  }
  const __m256i one = _mm256_set1_epi8(1);
  for (unsigned i = MLDSA_N - tau, n = 0; i < MLDSA_N; i++, n++) {
    __m256i jv = _mm256_set1_epi8((char)js[n]), iv = _mm256_set1_epi8((char)i);
    __m256i val = _mm256_or_si256(_mm256_set1_epi8((char)(0u - (unsigned)((signs >> n) & 1))), one);
    __m256i cj = _mm256_setzero_si256();
    for (unsigned r = 0; r < 8; r++) {
      __m256i m = _mm256_cmpeq_epi8(pos[r], jv);
      cj = _mm256_or_si256(cj, _mm256_and_si256(cb[r], m));
      cb[r] = _mm256_blendv_epi8(cb[r], val, m);
    }
    // At most one byte of cj is nonzero: fold it into every byte.
    cj = _mm256_or_si256(cj, _mm256_permute2x128_si256(cj, cj, 0x01));
    cj = _mm256_or_si256(cj, _mm256_shuffle_epi32(cj, 0x4e));
    cj = _mm256_or_si256(cj, _mm256_shuffle_epi32(cj, 0xb1));
    cj = _mm256_or_si256(cj, _mm256_srli_epi32(cj, 16));
    cj = _mm256_or_si256(cj, _mm256_srli_epi32(cj, 8));
    cj = _mm256_shuffle_epi8(cj, _mm256_setzero_si256());  // byte 0 of each lane to all bytes
    for (unsigned r = 0; r < 8; r++) cb[r] = _mm256_or_si256(cb[r], _mm256_and_si256(cj, _mm256_cmpeq_epi8(pos[r], iv)));
  }
  for (unsigned r = 0; r < 8; r++) {
    for (unsigned h = 0; h < 4; h++) {
      __m128i b8 = h < 2 ? _mm256_castsi256_si128(cb[r]) : _mm256_extracti128_si256(cb[r], 1);
      if (h & 1) b8 = _mm_srli_si128(b8, 8);
      _mm256_storeu_si256((__m256i *)&c[32 * r + 8 * h], _mm256_cvtepi8_epi32(b8));
    }
    cb[r] = _mm256_setzero_si256();
  }
}

// mldsa_freeze of 8 lanes: reduce32, then + q if negative.
AVX2 static inline __m256i freeze8(__m256i a) {
  const __m256i q = _mm256_set1_epi32(MLDSA_Q);
  __m256i t = _mm256_srai_epi32(_mm256_add_epi32(a, _mm256_set1_epi32(1 << 22)), 23);
  a = _mm256_sub_epi32(a, _mm256_mullo_epi32(t, q));
  return _mm256_add_epi32(a, _mm256_and_si256(_mm256_srai_epi32(a, 31), q));
}

AVX2 static void freeze_avx2(int32_t a[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i += 8)
    _mm256_store_si256((__m256i *)&a[i], freeze8(_mm256_load_si256((const __m256i *)&a[i])));
}

AVX2 static inline uint32_t mask_any(__m256i acc) {
  return 0u - (uint32_t)(1 - _mm256_testz_si256(acc, acc));  // no branch
}

AVX2 static uint32_t norm_ge_avx2(const int32_t a[MLDSA_N], int32_t bound) {
  const __m256i b = _mm256_set1_epi32(bound - 1);
  __m256i acc = _mm256_setzero_si256();
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = _mm256_abs_epi32(_mm256_load_si256((const __m256i *)&a[i]));
    acc = _mm256_or_si256(acc, _mm256_cmpgt_epi32(x, b));
  }
  return mask_any(acc);
}

AVX2 static uint32_t center_norm_avx2(int32_t a[MLDSA_N], int32_t bound) {
  const __m256i b = _mm256_set1_epi32(bound - 1), q = _mm256_set1_epi32(MLDSA_Q);
  const __m256i h = _mm256_set1_epi32((MLDSA_Q - 1) / 2);
  __m256i acc = _mm256_setzero_si256();
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = freeze8(_mm256_load_si256((const __m256i *)&a[i]));
    x = _mm256_sub_epi32(x, _mm256_and_si256(_mm256_cmpgt_epi32(x, h), q));  // mldsa_center
    _mm256_store_si256((__m256i *)&a[i], x);
    acc = _mm256_or_si256(acc, _mm256_cmpgt_epi32(_mm256_abs_epi32(x), b));
  }
  return mask_any(acc);
}

AVX2 static void sub_freeze_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = _mm256_load_si256((const __m256i *)&a[i]), y = _mm256_load_si256((const __m256i *)&b[i]);
    _mm256_store_si256((__m256i *)&r[i], freeze8(_mm256_sub_epi32(x, y)));
  }
}

AVX2 static void add_freeze_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i += 8) {
    __m256i x = _mm256_load_si256((const __m256i *)&a[i]), y = _mm256_load_si256((const __m256i *)&b[i]);
    _mm256_store_si256((__m256i *)&r[i], freeze8(_mm256_add_epi32(x, y)));
  }
}

// 32 coefficients at a time: the four lane masks are packed to bytes (the
// packs interleave 128-bit halves; a dword permutation restores the order).
AVX2 static unsigned hint_avx2(uint8_t h[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  const __m256i fix = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7), one = _mm256_set1_epi8(1);
  __m256i cnt = _mm256_setzero_si256();
  for (unsigned i = 0; i < MLDSA_N; i += 32) {
    __m256i e[4];
    for (unsigned t = 0; t < 4; t++)
      e[t] = _mm256_cmpeq_epi32(_mm256_load_si256((const __m256i *)&a[i + 8 * t]),
                                _mm256_load_si256((const __m256i *)&b[i + 8 * t]));
    __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(e[0], e[1]), _mm256_packs_epi32(e[2], e[3]));
    p = _mm256_andnot_si256(_mm256_permutevar8x32_epi32(p, fix), one);  // 1 where they differ
    _mm256_storeu_si256((__m256i *)&h[i], p);
    cnt = _mm256_add_epi64(cnt, _mm256_sad_epu8(p, _mm256_setzero_si256()));
  }
  // Each 64-bit sum is below 2^16: add the low dwords.
  return (unsigned)(_mm256_extract_epi32(cnt, 0) + _mm256_extract_epi32(cnt, 2) + _mm256_extract_epi32(cnt, 4) +
                    _mm256_extract_epi32(cnt, 6));
}

// z/y decoding: eight coefficients take `bits` bytes (18 or 20); each
// 128-bit half gathers the three bytes of each of its four coefficients into
// a 32-bit lane (vpshufb), then a per-lane shift and mask, and
// gamma1 - v. The last group goes through a zero-padded copy so that no
// load passes the 32 * bits input bytes.
AVX2 static void unpack_z_avx2(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t gamma1) {
  __m256i shuf, shift, mask;
  const unsigned half = bits / 2;  // bytes per four coefficients
  if (bits == 20) {
    shuf = _mm256_setr_epi8(0, 1, 2, -1, 2, 3, 4, -1, 5, 6, 7, -1, 7, 8, 9, -1, 0, 1, 2, -1, 2, 3, 4, -1, 5, 6, 7,
                            -1, 7, 8, 9, -1);
    shift = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4);
  } else {
    shuf = _mm256_setr_epi8(0, 1, 2, -1, 2, 3, 4, -1, 4, 5, 6, -1, 6, 7, 8, -1, 0, 1, 2, -1, 2, 3, 4, -1, 4, 5, 6,
                            -1, 6, 7, 8, -1);
    shift = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  }
  mask = _mm256_set1_epi32((int32_t)((1u << bits) - 1));
  const __m256i g = _mm256_set1_epi32(gamma1);
  uint8_t last[32] = {0};
  for (unsigned i = 0; i < MLDSA_N / 8; i++) {
    const uint8_t *p = in + i * bits;
    if (i == MLDSA_N / 8 - 1) {  // public position
      memcpy(last, p, bits);
      p = last;
    }
    __m256i x = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)p)),
                                        _mm_loadu_si128((const __m128i *)(p + half)), 1);
    x = _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(x, shuf), shift), mask);
    _mm256_storeu_si256((__m256i *)&a[8 * i], _mm256_sub_epi32(g, x));
  }
  cce_wipe(last, sizeof last);
}

// w1 encoding with 4 bits: 32 coefficients (values < 16) to 16 bytes:
// pairs joined as x0 + 16 x1 (vpmaddubsw), then packed to bytes.
AVX2 static void pack_w1_avx2(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits) {
  if (bits != 4) {
    cce_mldsa_pack(out, a, bits, 0, 0);
    return;
  }
  const __m256i fix = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7), m = _mm256_set1_epi16(0x1001);
  for (unsigned i = 0; i < MLDSA_N; i += 64) {
    __m256i b[2];
    for (unsigned h = 0; h < 2; h++) {
      const __m256i *v = (const __m256i *)&a[i + 32 * h];
      __m256i p = _mm256_packus_epi16(_mm256_packs_epi32(_mm256_loadu_si256(v), _mm256_loadu_si256(v + 1)),
                                      _mm256_packs_epi32(_mm256_loadu_si256(v + 2), _mm256_loadu_si256(v + 3)));
      b[h] = _mm256_maddubs_epi16(_mm256_permutevar8x32_epi32(p, fix), m);  // 16 words x0 + 16 x1
    }
    __m256i r = _mm256_permute4x64_epi64(_mm256_packus_epi16(b[0], b[1]), 0xd8);
    _mm256_storeu_si256((__m256i *)(out + i / 2), r);
  }
}

// rej_eta: for each 8-bit accept pattern m, the positions of its set bits
// (lowest first), one per byte: the lane permutation that moves the
// accepted values of an 8-value chunk to the front. Indexed by the released
// pattern only.
static const uint64_t rej_idx[256] = {
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000001ull, 0x0000000000000100ull,
    0x0000000000000002ull, 0x0000000000000200ull, 0x0000000000000201ull, 0x0000000000020100ull,
    0x0000000000000003ull, 0x0000000000000300ull, 0x0000000000000301ull, 0x0000000000030100ull,
    0x0000000000000302ull, 0x0000000000030200ull, 0x0000000000030201ull, 0x0000000003020100ull,
    0x0000000000000004ull, 0x0000000000000400ull, 0x0000000000000401ull, 0x0000000000040100ull,
    0x0000000000000402ull, 0x0000000000040200ull, 0x0000000000040201ull, 0x0000000004020100ull,
    0x0000000000000403ull, 0x0000000000040300ull, 0x0000000000040301ull, 0x0000000004030100ull,
    0x0000000000040302ull, 0x0000000004030200ull, 0x0000000004030201ull, 0x0000000403020100ull,
    0x0000000000000005ull, 0x0000000000000500ull, 0x0000000000000501ull, 0x0000000000050100ull,
    0x0000000000000502ull, 0x0000000000050200ull, 0x0000000000050201ull, 0x0000000005020100ull,
    0x0000000000000503ull, 0x0000000000050300ull, 0x0000000000050301ull, 0x0000000005030100ull,
    0x0000000000050302ull, 0x0000000005030200ull, 0x0000000005030201ull, 0x0000000503020100ull,
    0x0000000000000504ull, 0x0000000000050400ull, 0x0000000000050401ull, 0x0000000005040100ull,
    0x0000000000050402ull, 0x0000000005040200ull, 0x0000000005040201ull, 0x0000000504020100ull,
    0x0000000000050403ull, 0x0000000005040300ull, 0x0000000005040301ull, 0x0000000504030100ull,
    0x0000000005040302ull, 0x0000000504030200ull, 0x0000000504030201ull, 0x0000050403020100ull,
    0x0000000000000006ull, 0x0000000000000600ull, 0x0000000000000601ull, 0x0000000000060100ull,
    0x0000000000000602ull, 0x0000000000060200ull, 0x0000000000060201ull, 0x0000000006020100ull,
    0x0000000000000603ull, 0x0000000000060300ull, 0x0000000000060301ull, 0x0000000006030100ull,
    0x0000000000060302ull, 0x0000000006030200ull, 0x0000000006030201ull, 0x0000000603020100ull,
    0x0000000000000604ull, 0x0000000000060400ull, 0x0000000000060401ull, 0x0000000006040100ull,
    0x0000000000060402ull, 0x0000000006040200ull, 0x0000000006040201ull, 0x0000000604020100ull,
    0x0000000000060403ull, 0x0000000006040300ull, 0x0000000006040301ull, 0x0000000604030100ull,
    0x0000000006040302ull, 0x0000000604030200ull, 0x0000000604030201ull, 0x0000060403020100ull,
    0x0000000000000605ull, 0x0000000000060500ull, 0x0000000000060501ull, 0x0000000006050100ull,
    0x0000000000060502ull, 0x0000000006050200ull, 0x0000000006050201ull, 0x0000000605020100ull,
    0x0000000000060503ull, 0x0000000006050300ull, 0x0000000006050301ull, 0x0000000605030100ull,
    0x0000000006050302ull, 0x0000000605030200ull, 0x0000000605030201ull, 0x0000060503020100ull,
    0x0000000000060504ull, 0x0000000006050400ull, 0x0000000006050401ull, 0x0000000605040100ull,
    0x0000000006050402ull, 0x0000000605040200ull, 0x0000000605040201ull, 0x0000060504020100ull,
    0x0000000006050403ull, 0x0000000605040300ull, 0x0000000605040301ull, 0x0000060504030100ull,
    0x0000000605040302ull, 0x0000060504030200ull, 0x0000060504030201ull, 0x0006050403020100ull,
    0x0000000000000007ull, 0x0000000000000700ull, 0x0000000000000701ull, 0x0000000000070100ull,
    0x0000000000000702ull, 0x0000000000070200ull, 0x0000000000070201ull, 0x0000000007020100ull,
    0x0000000000000703ull, 0x0000000000070300ull, 0x0000000000070301ull, 0x0000000007030100ull,
    0x0000000000070302ull, 0x0000000007030200ull, 0x0000000007030201ull, 0x0000000703020100ull,
    0x0000000000000704ull, 0x0000000000070400ull, 0x0000000000070401ull, 0x0000000007040100ull,
    0x0000000000070402ull, 0x0000000007040200ull, 0x0000000007040201ull, 0x0000000704020100ull,
    0x0000000000070403ull, 0x0000000007040300ull, 0x0000000007040301ull, 0x0000000704030100ull,
    0x0000000007040302ull, 0x0000000704030200ull, 0x0000000704030201ull, 0x0000070403020100ull,
    0x0000000000000705ull, 0x0000000000070500ull, 0x0000000000070501ull, 0x0000000007050100ull,
    0x0000000000070502ull, 0x0000000007050200ull, 0x0000000007050201ull, 0x0000000705020100ull,
    0x0000000000070503ull, 0x0000000007050300ull, 0x0000000007050301ull, 0x0000000705030100ull,
    0x0000000007050302ull, 0x0000000705030200ull, 0x0000000705030201ull, 0x0000070503020100ull,
    0x0000000000070504ull, 0x0000000007050400ull, 0x0000000007050401ull, 0x0000000705040100ull,
    0x0000000007050402ull, 0x0000000705040200ull, 0x0000000705040201ull, 0x0000070504020100ull,
    0x0000000007050403ull, 0x0000000705040300ull, 0x0000000705040301ull, 0x0000070504030100ull,
    0x0000000705040302ull, 0x0000070504030200ull, 0x0000070504030201ull, 0x0007050403020100ull,
    0x0000000000000706ull, 0x0000000000070600ull, 0x0000000000070601ull, 0x0000000007060100ull,
    0x0000000000070602ull, 0x0000000007060200ull, 0x0000000007060201ull, 0x0000000706020100ull,
    0x0000000000070603ull, 0x0000000007060300ull, 0x0000000007060301ull, 0x0000000706030100ull,
    0x0000000007060302ull, 0x0000000706030200ull, 0x0000000706030201ull, 0x0000070603020100ull,
    0x0000000000070604ull, 0x0000000007060400ull, 0x0000000007060401ull, 0x0000000706040100ull,
    0x0000000007060402ull, 0x0000000706040200ull, 0x0000000706040201ull, 0x0000070604020100ull,
    0x0000000007060403ull, 0x0000000706040300ull, 0x0000000706040301ull, 0x0000070604030100ull,
    0x0000000706040302ull, 0x0000070604030200ull, 0x0000070604030201ull, 0x0007060403020100ull,
    0x0000000000070605ull, 0x0000000007060500ull, 0x0000000007060501ull, 0x0000000706050100ull,
    0x0000000007060502ull, 0x0000000706050200ull, 0x0000000706050201ull, 0x0000070605020100ull,
    0x0000000007060503ull, 0x0000000706050300ull, 0x0000000706050301ull, 0x0000070605030100ull,
    0x0000000706050302ull, 0x0000070605030200ull, 0x0000070605030201ull, 0x0007060503020100ull,
    0x0000000007060504ull, 0x0000000706050400ull, 0x0000000706050401ull, 0x0000070605040100ull,
    0x0000000706050402ull, 0x0000070605040200ull, 0x0000070605040201ull, 0x0007060504020100ull,
    0x0000000706050403ull, 0x0000070605040300ull, 0x0000070605040301ull, 0x0007060504030100ull,
    0x0000070605040302ull, 0x0007060504030200ull, 0x0007060504030201ull, 0x0706050403020100ull,
};

// RejBoundedPoly on one SHAKE256 block (see rej_eta in sample.c; same
// output): the 272 half-bytes are split and mapped to values with a byte
// table lookup (vpshufb on the half-byte, not on memory) and accept bits
// with a compare, 32 at a time; the accept bitmap is declassified, then each
// chunk of 8 is compacted with a lane permutation chosen by its pattern.
AVX2 static unsigned rej_eta_avx2(int32_t *a, unsigned ctr, const uint8_t *buf, int32_t eta) {
  uint8_t vals[9 * 32];
  uint32_t masks[9];
  const __m256i tbl = eta == 2 ? _mm256_setr_epi8(2, 1, 0, -1, -2, 2, 1, 0, -1, -2, 2, 1, 0, -1, -2, 0, 2, 1, 0,
                                                 -1, -2, 2, 1, 0, -1, -2, 2, 1, 0, -1, -2, 0)
                               : _mm256_setr_epi8(4, 3, 2, 1, 0, -1, -2, -3, -4, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2,
                                                 1, 0, -1, -2, -3, -4, 0, 0, 0, 0, 0, 0, 0);
  const __m256i bound = _mm256_set1_epi8((char)(eta == 2 ? 15 : 9)), lo4 = _mm256_set1_epi8(15);
  for (unsigned s = 0; s < 9; s++) {
    __m128i x = s < 8 ? _mm_loadu_si128((const __m128i *)(buf + 16 * s))
                      : _mm_loadl_epi64((const __m128i *)(buf + 128));  // last 8 bytes
    __m128i l = _mm_and_si128(x, _mm256_castsi256_si128(lo4));
    __m128i h = _mm_and_si128(_mm_srli_epi16(x, 4), _mm256_castsi256_si128(lo4));
    __m256i z = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_unpacklo_epi8(l, h)), _mm_unpackhi_epi8(l, h), 1);
    _mm256_storeu_si256((__m256i *)(vals + 32 * s), _mm256_shuffle_epi8(tbl, z));
    masks[s] = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(bound, z));
  }
  masks[8] &= 0xffff;  // 16 half-bytes in the last step
  cce_mldsa_ct_public(masks, sizeof masks);  // the rejection pattern (see sample.c)
  for (unsigned c = 0; c < 2 * 136 / 8 && ctr < MLDSA_N; c++) {
    unsigned m = (masks[c / 4] >> (8 * (c % 4))) & 0xff;
    if (ctr + 8 <= MLDSA_N) {
      __m256i v = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(vals + 8 * c)));
      __m256i p = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)&rej_idx[m]));
      _mm256_storeu_si256((__m256i *)&a[ctr], _mm256_permutevar8x32_epi32(v, p));
      ctr += (unsigned)__builtin_popcount(m);
    } else {
      for (unsigned t = 0; t < 8 && ctr < MLDSA_N; t++)
        if ((m >> t) & 1) a[ctr++] = (int8_t)vals[8 * c + t];
    }
  }
  cce_wipe(vals, sizeof vals);
  return ctr;
}

const mldsa_backend cce_mldsa_backend_avx2 = {
    "avx2",          ntt_avx2,         invntt_avx2,     pointwise_avx2,  pointwise_acc_avx2,
    dot_avx2,        decompose_avx2,   ball_avx2,       freeze_avx2,     center_norm_avx2,
    norm_ge_avx2,    sub_freeze_avx2,  add_freeze_avx2, hint_avx2,       unpack_z_avx2,
    pack_w1_avx2,    rej_eta_avx2,
};
