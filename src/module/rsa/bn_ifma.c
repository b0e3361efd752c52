// Two modular exponentiations at once with AVX-512 IFMA (vpmadd52luq /
// vpmadd52huq), for the two halves of an RSA private operation by the CRT.
//
// Numbers are held in radix 2^52 (n digits of 52 bits, each in a 64-bit
// lane, K = ceil(n/8) zmm registers). Multiplication is word-by-word
// Montgomery ("almost Montgomery": R = 2^(52n), inputs and outputs below 2m,
// which holds since 4m < R) with lazy carries: every lane accumulates the low
// and high 52-bit halves of its products in 64 bits, only the lowest lane is
// carried at each step, and the result is normalised to 52-bit digits at the
// end of each product (a scalar carry pass, no branch). The two moduli are
// processed in the same loop so that the latency of one reduction chain hides
// the other's.
//
// Constant time: no branch and no memory index depends on the operands or
// exponents; the window table is read whole with masked moves. Chosen at run
// time by rsa.c when cce_cpu_has(AVX512F | AVX512IFMA).

#include "internal.h"

#if defined(__x86_64__)

#include <immintrin.h>

#define TGT __attribute__((target("avx512f,avx512ifma")))
#define MASK52 ((UINT64_C(1) << 52) - 1)
#define MAXK 5    // registers per number, two moduli
#define MAXK1 10  // one modulus (4096 bits: 79 digits)
#define MAXD1 (8 * MAXK1)
#define MAXD (8 * MAXK)
#define WIN 5
#define TBL (1u << WIN)
// Full unrolling of the loops over registers (K <= 10), so that the
// accumulators stay in registers.
#if defined(__clang__)
#define UNROLL _Pragma("clang loop unroll(full)")
#else
#define UNROLL _Pragma("GCC unroll 16")
#endif

typedef uint64_t pair_t[2][MAXD];  // one number for each modulus

typedef struct amm_ctx {
  unsigned K, n;                          // registers and digits
  uint64_t k0[2];                         // -m^-1 mod 2^52
  uint64_t m[2][MAXD] __attribute__((aligned(64)));
} amm_ctx;

// 64-bit limbs (nl) to n digits of 52 bits, lanes above n cleared.
static void to_digits(uint64_t *d, const uint64_t *x, size_t nl, unsigned n) {
  memset(d, 0, MAXD * 8);
  for (unsigned j = 0; j < n; j++) {
    size_t bit = (size_t)j * 52, li = bit / 64, sh = bit % 64;
    uint64_t v = li < nl ? x[li] >> sh : 0;
    if (sh > 12 && li + 1 < nl) v |= x[li + 1] << (64 - sh);
    d[j] = v & MASK52;
  }
}

// Same into a buffer of MAXD1 digits.
static void to_digits1(uint64_t *d, const uint64_t *x, size_t nl, unsigned n) {
  memset(d, 0, MAXD1 * 8);
  for (unsigned j = 0; j < n; j++) {
    size_t bit = (size_t)j * 52, li = bit / 64, sh = bit % 64;
    uint64_t v = li < nl ? x[li] >> sh : 0;
    if (sh > 12 && li + 1 < nl) v |= x[li + 1] << (64 - sh);
    d[j] = v & MASK52;
  }
}

// n digits (normalised) to nl limbs; the value must fit.
static void from_digits(uint64_t *x, size_t nl, const uint64_t *d, unsigned n) {
  memset(x, 0, nl * 8);
  for (unsigned j = 0; j < n; j++) {
    size_t bit = (size_t)j * 52, li = bit / 64, sh = bit % 64;
    if (li < nl) x[li] |= d[j] << sh;
    if (sh > 12 && li + 1 < nl) x[li + 1] |= d[j] >> (64 - sh);
  }
}

#define LD(p, k) _mm512_load_si512((const void *)((p) + 8 * (k)))
#define LANE0(x) ((uint64_t)_mm_cvtsi128_si64(_mm512_castsi512_si128(x)))

// Normalises X (lanes below 2^62, K <= 16) to 52-bit digits: one vector pass moves
// each lane's carry one lane up, then the remaining 0/1 carries ripple
// through the lanes equal to 2^52 - 1 by an integer addition on the
// lane masks (generate/propagate), without a branch.
static inline __attribute__((always_inline)) TGT void norm_k(__m512i *X, const unsigned K) {
  const __m512i mask = _mm512_set1_epi64((long long)MASK52), zero = _mm512_setzero_si512();
  const __m512i one = _mm512_set1_epi64(1);
  __m512i Cr[MAXK1];
  UNROLL
  for (unsigned k = 0; k < K; k++) {
    Cr[k] = _mm512_srli_epi64(X[k], 52);
    X[k] = _mm512_and_si512(X[k], mask);
  }
  UNROLL
  for (unsigned k = 0; k < K; k++) X[k] = _mm512_add_epi64(X[k], _mm512_alignr_epi64(Cr[k], k ? Cr[k - 1] : zero, 7));
  unsigned __int128 g = 0, p = 0;  // one bit per lane, up to 80 lanes
  UNROLL
  for (unsigned k = 0; k < K; k++) {
    g |= (unsigned __int128)_mm512_cmpgt_epu64_mask(X[k], mask) << (8 * k);
    p |= (unsigned __int128)_mm512_cmpeq_epu64_mask(X[k], mask) << (8 * k);
  }
  unsigned __int128 cin = ((g << 1) + p) ^ p;
  UNROLL
  for (unsigned k = 0; k < K; k++)
    X[k] = _mm512_and_si512(_mm512_mask_add_epi64(X[k], (__mmask8)(cin >> (8 * k)), X[k], one), mask);
}

// r = a*b/R mod m (< 2m) for both moduli; a, b < 2m with normalised digits.
// Step i adds lo(a*b_i) and computes q_i from the lowest lane (plus the
// carry c kept in a scalar), adds q_i*m and divides by 2^52 (a lane shift).
// The terms that do not depend on q_i (hi(a*b_i) + lo(a*b_(i+1))) are
// summed aside in H, so that the chain from q_i to q_(i+1) is one multiply,
// a shift, an addition and the scalar computation of q.
static inline __attribute__((always_inline)) TGT void amm2_k(const amm_ctx *C, pair_t r, const pair_t a,
                                                             const pair_t b, const unsigned K) {
  __m512i X0[MAXK], X1[MAXK], H0[MAXK], H1[MAXK];
  const __m512i zero = _mm512_setzero_si512();
  const unsigned n = C->n;
  const uint64_t *a0 = a[0], *a1 = a[1], *m0 = C->m[0], *m1 = C->m[1];
  const uint64_t k00 = C->k0[0], k01 = C->k0[1], m00 = m0[0], m10 = m1[0];
  __m512i B0 = _mm512_set1_epi64((long long)b[0][0]), B1 = _mm512_set1_epi64((long long)b[1][0]);
  UNROLL
  for (unsigned k = 0; k < K; k++) {
    X0[k] = _mm512_madd52lo_epu64(zero, LD(a0, k), B0);
    X1[k] = _mm512_madd52lo_epu64(zero, LD(a1, k), B1);
  }
  uint64_t c0 = 0, c1 = 0;
  for (unsigned i = 0; i < n; i++) {
    UNROLL
    for (unsigned k = 0; k < K; k++) {
      H0[k] = _mm512_madd52hi_epu64(zero, LD(a0, k), B0);
      H1[k] = _mm512_madd52hi_epu64(zero, LD(a1, k), B1);
    }
    if (i + 1 < n) {  // public loop position
      B0 = _mm512_set1_epi64((long long)b[0][i + 1]);
      B1 = _mm512_set1_epi64((long long)b[1][i + 1]);
      UNROLL
      for (unsigned k = 0; k < K; k++) {
        H0[k] = _mm512_madd52lo_epu64(H0[k], LD(a0, k), B0);
        H1[k] = _mm512_madd52lo_epu64(H1[k], LD(a1, k), B1);
      }
    }
    uint64_t x0 = LANE0(X0[0]) + c0, x1 = LANE0(X1[0]) + c1;
    uint64_t q0 = (x0 * k00) & MASK52, q1 = (x1 * k01) & MASK52;
    // x + lo(m0*q) is 0 mod 2^52: its carry goes to the next digit
    c0 = (x0 + ((m00 * q0) & MASK52)) >> 52;
    c1 = (x1 + ((m10 * q1) & MASK52)) >> 52;
    const __m512i Q0 = _mm512_set1_epi64((long long)q0), Q1 = _mm512_set1_epi64((long long)q1);
    UNROLL
    for (unsigned k = 0; k < K; k++) {
      X0[k] = _mm512_madd52lo_epu64(X0[k], LD(m0, k), Q0);
      X1[k] = _mm512_madd52lo_epu64(X1[k], LD(m1, k), Q1);
      H0[k] = _mm512_madd52hi_epu64(H0[k], LD(m0, k), Q0);
      H1[k] = _mm512_madd52hi_epu64(H1[k], LD(m1, k), Q1);
    }
    // divide by 2^52 (the lowest lane leaves, its carry is c) and add H
    UNROLL
    for (unsigned k = 0; k < K; k++) {
      X0[k] = _mm512_add_epi64(_mm512_alignr_epi64(k + 1 < K ? X0[k + 1] : zero, X0[k], 1), H0[k]);
      X1[k] = _mm512_add_epi64(_mm512_alignr_epi64(k + 1 < K ? X1[k + 1] : zero, X1[k], 1), H1[k]);
    }
  }
  X0[0] = _mm512_mask_add_epi64(X0[0], 1, X0[0], _mm512_set1_epi64((long long)c0));
  X1[0] = _mm512_mask_add_epi64(X1[0], 1, X1[0], _mm512_set1_epi64((long long)c1));
  // every lane < 2^61 here (at most 4n + 1 terms below 2^52)
  norm_k(X0, K);
  norm_k(X1, K);
  UNROLL
  for (unsigned k = 0; k < K; k++) {
    _mm512_store_si512((void *)(r[0] + 8 * k), X0[k]);
    _mm512_store_si512((void *)(r[1] + 8 * k), X1[k]);
  }
}

static TGT void amm2_3(const amm_ctx *C, pair_t r, const pair_t a, const pair_t b) { amm2_k(C, r, a, b, 3); }
static TGT void amm2_4(const amm_ctx *C, pair_t r, const pair_t a, const pair_t b) { amm2_k(C, r, a, b, 4); }
static TGT void amm2_5(const amm_ctx *C, pair_t r, const pair_t a, const pair_t b) { amm2_k(C, r, a, b, 5); }

static inline void amm2(const amm_ctx *C, pair_t r, const pair_t a, const pair_t b) {
  switch (C->K) {
    case 3: amm2_3(C, r, a, b); break;
    case 4: amm2_4(C, r, a, b); break;
    default: amm2_5(C, r, a, b); break;
  }
}

// out = tbl[i0] (first modulus), tbl[i1] (second), reading every entry.
static TGT void select2(const amm_ctx *C, pair_t out, const pair_t *tbl, uint32_t i0, uint32_t i1) {
  __m512i S0[MAXK], S1[MAXK];
  const __m512i I0 = _mm512_set1_epi64(i0), I1 = _mm512_set1_epi64(i1);
  const unsigned K = C->K;
  for (unsigned k = 0; k < K; k++) S0[k] = S1[k] = _mm512_setzero_si512();
  for (uint32_t e = 0; e < TBL; e++) {
    const __m512i E = _mm512_set1_epi64(e);
    __mmask8 k0 = _mm512_cmpeq_epi64_mask(E, I0), k1 = _mm512_cmpeq_epi64_mask(E, I1);
    for (unsigned k = 0; k < K; k++) {
      S0[k] = _mm512_mask_mov_epi64(S0[k], k0, _mm512_load_si512((const void *)(tbl[e][0] + 8 * k)));
      S1[k] = _mm512_mask_mov_epi64(S1[k], k1, _mm512_load_si512((const void *)(tbl[e][1] + 8 * k)));
    }
  }
  for (unsigned k = 0; k < K; k++) {
    _mm512_store_si512((void *)(out[0] + 8 * k), S0[k]);
    _mm512_store_si512((void *)(out[1] + 8 * k), S1[k]);
  }
}

static inline uint32_t window(const uint64_t *e, size_t pos, unsigned w) {
  size_t li = pos / 64, sh = pos % 64;  // public position
  uint64_t v = e[li] >> sh;
  if (sh + w > 64) v |= e[li + 1] << (64 - sh);
  return (uint32_t)(v & ((1u << w) - 1));
}

int cce_mont_exp2_ifma_ok(const cce_rsa_mont *P, const cce_rsa_mont *Q) {
  if (!cce_cpu_has(CCE_CPU_AVX512F | CCE_CPU_AVX512IFMA)) return 0;
  return P->nl == Q->nl && (P->nl == 16 || P->nl == 24 || P->nl == 32);
}

// Workspace, kept off the stack frame of the caller's caller.
typedef struct exp2_ws {
  pair_t tbl[TBL];
  pair_t acc, sel, t;
  amm_ctx C;
} __attribute__((aligned(64))) exp2_ws;

void cce_mont_exp2_ct_ifma(const cce_rsa_mont *P, uint64_t *rp, const uint64_t *ap, const uint64_t *ep,
                           const cce_rsa_mont *Q, uint64_t *rq, const uint64_t *aq, const uint64_t *eq,
                           size_t ebits) {
  exp2_ws W;
  const cce_rsa_mont *Ms[2] = {P, Q};
  const uint64_t *as[2] = {ap, aq};
  uint64_t *rs[2] = {rp, rq};
  size_t nl = P->nl;
  unsigned n = (unsigned)((64 * nl + 51) / 52);
  if (52 * n < 64 * nl + 2) n++;  // 4m < R
  unsigned d = (unsigned)(52 * n - 64 * nl);  // 0 < d < 64 for nl = 16, 24, 32
  memset(&W.C, 0, sizeof W.C);
  W.C.n = n;
  W.C.K = (n + 7) / 8;
  uint64_t x[CCE_RSA_MAX_HALF_LIMBS], y[CCE_RSA_MAX_HALF_LIMBS], two[CCE_RSA_MAX_HALF_LIMBS];
  for (unsigned s = 0; s < 2; s++) {
    const cce_rsa_mont *M = Ms[s];
    to_digits(W.C.m[s], M->m, nl, n);
    W.C.k0[s] = M->m0inv & MASK52;
    memset(two, 0, sizeof two);
    two[0] = (uint64_t)1 << d;
    cce_mont_mul(M, x, M->rr, two);  // 2^d * R64 = R mod m: one, in Montgomery form
    to_digits(W.tbl[0][s], x, nl, n);
    cce_mont_mul(M, y, x, x);  // R^2 / R64 mod m
    to_digits(W.t[s], y, nl, n);
    to_digits(W.acc[s], as[s], nl, n);  // a*R64
  }
  amm2(&W.C, W.tbl[1], W.acc, W.t);  // a*R64 * R^2/R64 / R = a*R
  for (unsigned i = 2; i < TBL; i++) amm2(&W.C, W.tbl[i], W.tbl[i - 1], W.tbl[1]);
  memcpy(W.acc, W.tbl[0], sizeof W.acc);
  size_t pos = ebits;
  unsigned w = (unsigned)(ebits % WIN);
  if (w == 0) w = WIN;
  while (pos > 0) {
    pos -= w;
    for (unsigned i = 0; i < w; i++) amm2(&W.C, W.acc, W.acc, W.acc);
    select2(&W.C, W.sel, (const pair_t *)W.tbl, window(ep, pos, w), window(eq, pos, w));
    amm2(&W.C, W.acc, W.acc, W.sel);
    w = WIN;
  }
  // out of Montgomery form: acc*1/R <= m; then a masked subtraction of m
  memset(W.t, 0, sizeof W.t);
  W.t[0][0] = W.t[1][0] = 1;
  amm2(&W.C, W.acc, W.acc, W.t);
  for (unsigned s = 0; s < 2; s++) {
    from_digits(x, nl, W.acc[s], n);
    uint64_t br = cce_bn_sub(y, x, Ms[s]->m, nl);
    uint64_t keep = cce_ct_barrier64(0 - br);  // x < m
    for (size_t j = 0; j < nl; j++) rs[s][j] = (x[j] & keep) | (y[j] & ~keep);
  }
  cce_wipe(&W, sizeof W);
  cce_wipe(x, sizeof x);
  cce_wipe(y, sizeof y);
}

// ---------------------------------------------------------------------------
// One modulus of 16, 24, 32, 48 or 64 limbs (RSA public operations, the
// fault check, the Miller-Rabin tests of key generation, private operations
// without the CRT): the same product with a single reduction chain.

typedef struct amm1_ctx {
  unsigned K, n, d;  // registers, digits, 52n - 64nl
  uint64_t k0;
  uint64_t m[MAXD1] __attribute__((aligned(64)));
} amm1_ctx;

typedef uint64_t num1_t[MAXD1] __attribute__((aligned(64)));

static inline __attribute__((always_inline)) TGT void amm1_k(const amm1_ctx *C, uint64_t *r, const uint64_t *a,
                                                             const uint64_t *b, const unsigned K) {
  __m512i X[MAXK1], H[MAXK1];
  const __m512i zero = _mm512_setzero_si512();
  const unsigned n = C->n;
  const uint64_t *m = C->m, k0 = C->k0, m0 = m[0];
  __m512i B = _mm512_set1_epi64((long long)b[0]);
  UNROLL
  for (unsigned k = 0; k < K; k++) X[k] = _mm512_madd52lo_epu64(zero, LD(a, k), B);
  uint64_t c = 0;
  for (unsigned i = 0; i < n; i++) {
    UNROLL
    for (unsigned k = 0; k < K; k++) H[k] = _mm512_madd52hi_epu64(zero, LD(a, k), B);
    if (i + 1 < n) {  // public loop position
      B = _mm512_set1_epi64((long long)b[i + 1]);
      UNROLL
      for (unsigned k = 0; k < K; k++) H[k] = _mm512_madd52lo_epu64(H[k], LD(a, k), B);
    }
    uint64_t x = LANE0(X[0]) + c;
    uint64_t q = (x * k0) & MASK52;
    c = (x + ((m0 * q) & MASK52)) >> 52;
    const __m512i Q = _mm512_set1_epi64((long long)q);
    UNROLL
    for (unsigned k = 0; k < K; k++) {
      X[k] = _mm512_madd52lo_epu64(X[k], LD(m, k), Q);
      H[k] = _mm512_madd52hi_epu64(H[k], LD(m, k), Q);
    }
    UNROLL
    for (unsigned k = 0; k < K; k++)
      X[k] = _mm512_add_epi64(_mm512_alignr_epi64(k + 1 < K ? X[k + 1] : zero, X[k], 1), H[k]);
  }
  X[0] = _mm512_mask_add_epi64(X[0], 1, X[0], _mm512_set1_epi64((long long)c));
  norm_k(X, K);
  UNROLL
  for (unsigned k = 0; k < K; k++) _mm512_store_si512((void *)(r + 8 * k), X[k]);
}

static TGT void amm1_3(const amm1_ctx *C, uint64_t *r, const uint64_t *a, const uint64_t *b) { amm1_k(C, r, a, b, 3); }
static TGT void amm1_4(const amm1_ctx *C, uint64_t *r, const uint64_t *a, const uint64_t *b) { amm1_k(C, r, a, b, 4); }
static TGT void amm1_5(const amm1_ctx *C, uint64_t *r, const uint64_t *a, const uint64_t *b) { amm1_k(C, r, a, b, 5); }
static TGT void amm1_8(const amm1_ctx *C, uint64_t *r, const uint64_t *a, const uint64_t *b) { amm1_k(C, r, a, b, 8); }
static TGT void amm1_10(const amm1_ctx *C, uint64_t *r, const uint64_t *a, const uint64_t *b) {
  amm1_k(C, r, a, b, 10);
}

static inline void amm1(const amm1_ctx *C, uint64_t *r, const uint64_t *a, const uint64_t *b) {
  switch (C->K) {
    case 3: amm1_3(C, r, a, b); break;
    case 4: amm1_4(C, r, a, b); break;
    case 5: amm1_5(C, r, a, b); break;
    case 8: amm1_8(C, r, a, b); break;
    default: amm1_10(C, r, a, b); break;
  }
}

int cce_mont_ifma_ok(const cce_rsa_mont *M) {
  if (!cce_cpu_has(CCE_CPU_AVX512F | CCE_CPU_AVX512IFMA)) return 0;
  return M->nl == 16 || M->nl == 24 || M->nl == 32 || M->nl == 48 || M->nl == 64;
}

// digits of 2^k (k < 208)
static void pow2_digits(uint64_t *d, unsigned k) {
  memset(d, 0, MAXD1 * 8);
  d[k / 52] = (uint64_t)1 << (k % 52);
}

typedef struct exp1_ws {
  num1_t tbl[TBL];
  num1_t acc, sel, rr, y, t;
  amm1_ctx C;
} __attribute__((aligned(64))) exp1_ws;

// Context and the conversion constants. With R' = 2^(52n) = R*2^d:
// y = R'^2/R = AMM(rr, 2^3d), z = R = AMM(rr, 2^d), one = R' = AMM(rr, 2^2d).
static void exp1_setup(exp1_ws *W, const cce_rsa_mont *M) {
  size_t nl = M->nl;
  unsigned n = (unsigned)((64 * nl + 51) / 52);
  if (52 * n < 64 * nl + 2) n++;  // 4m < R'
  memset(&W->C, 0, sizeof W->C);
  W->C.n = n;
  W->C.K = (n + 7) / 8;
  W->C.d = (unsigned)(52 * n - 64 * nl);
  W->C.k0 = M->m0inv & MASK52;
  memset(W->C.m, 0, sizeof W->C.m);
  to_digits1(W->C.m, M->m, nl, n);
  to_digits1(W->rr, M->rr, nl, n);
}

// a*R (< m) to (a*R')
static void exp1_in(exp1_ws *W, uint64_t *out, const uint64_t *a, size_t nl) {
  pow2_digits(W->t, 3 * W->C.d);
  amm1(&W->C, W->y, W->rr, W->t);
  to_digits1(W->t, a, nl, W->C.n);
  amm1(&W->C, out, W->t, W->y);
}

// acc (a*R', < 2m) to r = a*R mod m (< m)
static void exp1_out(exp1_ws *W, const cce_rsa_mont *M, uint64_t *r) {
  size_t nl = M->nl;
  uint64_t x[CCE_RSA_MAX_LIMBS + 1], s[CCE_RSA_MAX_LIMBS];
  pow2_digits(W->t, W->C.d);
  amm1(&W->C, W->y, W->rr, W->t);
  amm1(&W->C, W->t, W->acc, W->y);  // < 2m
  from_digits(x, nl + 1, W->t, W->C.n);
  uint64_t br = cce_bn_sub(s, x, M->m, nl);
  br = (br - x[nl]) & 1;  // x < m: borrow and no top limb
  uint64_t keep = cce_ct_barrier64(0 - br);
  for (size_t j = 0; j < nl; j++) r[j] = (x[j] & keep) | (s[j] & ~keep);
  cce_wipe(x, sizeof x);
  cce_wipe(s, sizeof s);
}

// out = tbl[i], reading every entry.
static TGT void select1(const amm1_ctx *C, uint64_t *out, const num1_t *tbl, uint32_t idx) {
  __m512i S[MAXK1];
  const __m512i I = _mm512_set1_epi64(idx);
  const unsigned K = C->K;
  for (unsigned k = 0; k < K; k++) S[k] = _mm512_setzero_si512();
  for (uint32_t e = 0; e < TBL; e++) {
    __mmask8 km = _mm512_cmpeq_epi64_mask(_mm512_set1_epi64(e), I);
    for (unsigned k = 0; k < K; k++) S[k] = _mm512_mask_mov_epi64(S[k], km, LD(tbl[e], k));
  }
  for (unsigned k = 0; k < K; k++) _mm512_store_si512((void *)(out + 8 * k), S[k]);
}

void cce_mont_exp_ct_ifma(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e, size_t ebits) {
  exp1_ws W;
  exp1_setup(&W, M);
  pow2_digits(W.t, 2 * W.C.d);
  amm1(&W.C, W.tbl[0], W.rr, W.t);  // one
  exp1_in(&W, W.tbl[1], a, M->nl);
  for (unsigned i = 2; i < TBL; i++) amm1(&W.C, W.tbl[i], W.tbl[i - 1], W.tbl[1]);
  memcpy(W.acc, W.tbl[0], sizeof W.acc);
  size_t pos = ebits;
  unsigned w = (unsigned)(ebits % WIN);
  if (w == 0) w = WIN;
  while (pos > 0) {
    pos -= w;
    for (unsigned i = 0; i < w; i++) amm1(&W.C, W.acc, W.acc, W.acc);
    select1(&W.C, W.sel, (const num1_t *)W.tbl, window(e, pos, w));
    amm1(&W.C, W.acc, W.acc, W.sel);
    w = WIN;
  }
  exp1_out(&W, M, r);
  cce_wipe(&W, sizeof W);
}

void cce_mont_exp_vartime_ifma(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e,
                               size_t ebits) {
  exp1_ws W;
  exp1_setup(&W, M);
  size_t top = ebits;
  while (top > 0 && !((e[(top - 1) / 64] >> ((top - 1) % 64)) & 1)) top--;
  if (top == 0) {
    pow2_digits(W.t, 2 * W.C.d);
    amm1(&W.C, W.acc, W.rr, W.t);  // one
  } else {
    exp1_in(&W, W.sel, a, M->nl);
    memcpy(W.acc, W.sel, sizeof W.acc);
    for (size_t i = top - 1; i-- > 0;) {
      amm1(&W.C, W.acc, W.acc, W.acc);
      if ((e[i / 64] >> (i % 64)) & 1) amm1(&W.C, W.acc, W.acc, W.sel);  // public exponent
    }
  }
  exp1_out(&W, M, r);
  cce_wipe(&W, sizeof W);
}

#endif
