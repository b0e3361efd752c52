// Template: one short-Weierstrass curve y^2 = x^3 - 3x + b over GF(p) of
// prime order n (P-256, P-384, P-521), included by p256.c, p384.c, p521.c
// after the field template has been instantiated twice (FP = mod p, FN =
// mod n). Needs:
//   EC_N          limbs per element
//   EC(x)         name prefix for this curve
//   FP(x), FN(x)  the two field instances
//   EC_NBYTES     bytes of an encoded element or scalar (32, 48, 66)
//   EC_NBITS      bit length of n (256, 384, 521)
//   P_M, N_M, P_B_MONT, P_GX_MONT, P_GY_MONT, P_SQRT_EXP, P_ONE, N_ONE
//
// Coordinates (all in the field's internal form, Montgomery for fe_tmpl.h):
// - Jacobian (X:Y:Z), x = X/Z^2, y = Y/Z^3, for doublings everywhere (the
//   a = -3 formula, exception-free) and for the additions of the scalar
//   multiplications; the incomplete Jacobian additions are used only where
//   the operands provably differ (see mul_ct and mul_base_ct) or, on the
//   public verification path, with branches for the special cases.
// - Homogeneous projective (X:Y:Z), x = X/Z, y = Y/Z, infinity (0:1:0), for
//   the complete formulas of Renes, Costello and Batina, "Complete addition
//   formulas for prime order elliptic curves" (EUROCRYPT 2016), Algorithms 4,
//   5 and 6 (a = -3): the last window(s) of the constant-time scalar
//   multiplications, where the partial sum may equal the addend, and the
//   construction of the fixed-base table.
//
// Secret-scalar paths (mul_ct, mul_base_ct) use signed (Booth) fixed windows
// and read every table entry with masks; the point at infinity and the zero
// digit are handled with masks too. The variable-time paths (_vt) are for
// public data only (signature verification, tables built from a public
// point).
//
// A curve may instantiate this template twice (two field implementations,
// e.g. portable C and MULX/ADX); the second defines EC_GT_EXTERN and EC_GT(x)
// to share the first one's fixed-base table.

#include <pthread.h>

#ifndef EC_TMPL_HELPERS
#define EC_TMPL_HELPERS
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Wipes a small stack object (len a multiple of 8) with volatile stores
// inlined at the call site: the point formulas below run hundreds of times
// per scalar multiplication, where a call to cce_wipe per temporary costs
// several percent.
static inline void ec_wipe_small(void *p, size_t len) {
  volatile uint64_t *q = (volatile uint64_t *)p;
  for (size_t i = 0; i < len / 8; i++) q[i] = 0;
}

// out = the entry j of tab (n entries of `words` 64-bit words each) with
// j == want, or all zero if none matches. Every entry is read and combined
// with a mask (AND/OR): no branch and no address depends on `want`. SSE2
// (part of every x86-64) when available, else 64-bit words.
static inline void ec_ct_select(uint64_t *out, const uint64_t *tab, size_t words, uint32_t n, uint32_t want) {
#if defined(__SSE2__)
  __m128i acc[14];  // words <= 28 (a Jacobian P-521 point is 27)
  size_t pairs = words / 2;
  uint64_t tail = 0;
  for (size_t k = 0; k < pairs; k++) acc[k] = _mm_setzero_si128();
  for (uint32_t j = 0; j < n; j++) {
    uint64_t m64 = (uint64_t)0 - (uint64_t)(cce_ct_eq_mask32(j, want) & 1u);
    __m128i m = _mm_set1_epi64x((long long)m64);
    const uint64_t *e = tab + (size_t)j * words;
#pragma GCC unroll 14
    for (size_t k = 0; k < pairs; k++)
      acc[k] = _mm_or_si128(acc[k], _mm_and_si128(m, _mm_loadu_si128((const __m128i *)(const void *)(e + 2 * k))));
    if (words & 1) tail |= m64 & e[words - 1];
  }
  for (size_t k = 0; k < pairs; k++) _mm_storeu_si128((__m128i *)(void *)(out + 2 * k), acc[k]);
  if (words & 1) out[words - 1] = tail;
#else
  for (size_t w = 0; w < words; w++) out[w] = 0;
  for (uint32_t j = 0; j < n; j++) {
    uint64_t m = (uint64_t)0 - (uint64_t)(cce_ct_eq_mask32(j, want) & 1u);
    for (size_t w = 0; w < words; w++) out[w] |= m & tab[(size_t)j * words + w];
  }
#endif
}
#endif  // EC_TMPL_HELPERS

typedef struct {
  uint64_t x[EC_N], y[EC_N], z[EC_N];
} EC(pt);

typedef struct {
  uint64_t x[EC_N], y[EC_N];
} EC(aff);

// ---------------------------------------------------------------------------
// Point formulas (RCB 2016).

// Algorithm 4: r = a + b, complete.
static void EC(add)(EC(pt) *r, const EC(pt) *a, const EC(pt) *b) {
  uint64_t t0[EC_N], t1[EC_N], t2[EC_N], t3[EC_N], t4[EC_N], x3[EC_N], y3[EC_N], z3[EC_N];
  FP(mul)(t0, a->x, b->x);
  FP(mul)(t1, a->y, b->y);
  FP(mul)(t2, a->z, b->z);
  FP(add)(t3, a->x, a->y);
  FP(add)(t4, b->x, b->y);
  FP(mul)(t3, t3, t4);
  FP(add)(t4, t0, t1);
  FP(sub)(t3, t3, t4);
  FP(add)(t4, a->y, a->z);
  FP(add)(x3, b->y, b->z);
  FP(mul)(t4, t4, x3);
  FP(add)(x3, t1, t2);
  FP(sub)(t4, t4, x3);
  FP(add)(x3, a->x, a->z);
  FP(add)(y3, b->x, b->z);
  FP(mul)(x3, x3, y3);
  FP(add)(y3, t0, t2);
  FP(sub)(y3, x3, y3);
  FP(mul)(z3, P_B_MONT, t2);
  FP(sub)(x3, y3, z3);
  FP(add)(z3, x3, x3);
  FP(add)(x3, x3, z3);
  FP(sub)(z3, t1, x3);
  FP(add)(x3, t1, x3);
  FP(mul)(y3, P_B_MONT, y3);
  FP(add)(t1, t2, t2);
  FP(add)(t2, t1, t2);
  FP(sub)(y3, y3, t2);
  FP(sub)(y3, y3, t0);
  FP(add)(t1, y3, y3);
  FP(add)(y3, t1, y3);
  FP(add)(t1, t0, t0);
  FP(add)(t0, t1, t0);
  FP(sub)(t0, t0, t2);
  FP(mul)(t1, t4, y3);
  FP(mul)(t2, t0, y3);
  FP(mul)(y3, x3, z3);
  FP(add)(y3, y3, t2);
  FP(mul)(x3, t3, x3);
  FP(sub)(x3, x3, t1);
  FP(mul)(z3, t4, z3);
  FP(mul)(t1, t3, t0);
  FP(add)(z3, z3, t1);
  FP(copy)(r->x, x3);
  FP(copy)(r->y, y3);
  FP(copy)(r->z, z3);
}

// Algorithm 5: r = a + b with b affine (b must not be the point at
// infinity; a may be).
static void EC(add_mixed)(EC(pt) *r, const EC(pt) *a, const EC(aff) *b) {
  uint64_t t0[EC_N], t1[EC_N], t2[EC_N], t3[EC_N], t4[EC_N], x3[EC_N], y3[EC_N], z3[EC_N];
  FP(mul)(t0, a->x, b->x);
  FP(mul)(t1, a->y, b->y);
  FP(add)(t3, b->x, b->y);
  FP(add)(t4, a->x, a->y);
  FP(mul)(t3, t3, t4);
  FP(add)(t4, t0, t1);
  FP(sub)(t3, t3, t4);
  FP(mul)(t4, b->y, a->z);
  FP(add)(t4, t4, a->y);
  FP(mul)(y3, b->x, a->z);
  FP(add)(y3, y3, a->x);
  FP(mul)(z3, P_B_MONT, a->z);
  FP(sub)(x3, y3, z3);
  FP(add)(z3, x3, x3);
  FP(add)(x3, x3, z3);
  FP(sub)(z3, t1, x3);
  FP(add)(x3, t1, x3);
  FP(mul)(y3, P_B_MONT, y3);
  FP(add)(t1, a->z, a->z);
  FP(add)(t2, t1, a->z);
  FP(sub)(y3, y3, t2);
  FP(sub)(y3, y3, t0);
  FP(add)(t1, y3, y3);
  FP(add)(y3, t1, y3);
  FP(add)(t1, t0, t0);
  FP(add)(t0, t1, t0);
  FP(sub)(t0, t0, t2);
  FP(mul)(t1, t4, y3);
  FP(mul)(t2, t0, y3);
  FP(mul)(y3, x3, z3);
  FP(add)(y3, y3, t2);
  FP(mul)(x3, t3, x3);
  FP(sub)(x3, x3, t1);
  FP(mul)(z3, t4, z3);
  FP(mul)(t1, t3, t0);
  FP(add)(z3, z3, t1);
  FP(copy)(r->x, x3);
  FP(copy)(r->y, y3);
  FP(copy)(r->z, z3);
}

// Algorithm 6: r = 2a, complete (used to build the fixed-base table).
#ifndef EC_GT_EXTERN
static void EC(dbl)(EC(pt) *r, const EC(pt) *a) {
  uint64_t t0[EC_N], t1[EC_N], t2[EC_N], t3[EC_N], x3[EC_N], y3[EC_N], z3[EC_N];
  FP(sqr)(t0, a->x);
  FP(sqr)(t1, a->y);
  FP(sqr)(t2, a->z);
  FP(mul)(t3, a->x, a->y);
  FP(add)(t3, t3, t3);
  FP(mul)(z3, a->x, a->z);
  FP(add)(z3, z3, z3);
  FP(mul)(y3, P_B_MONT, t2);
  FP(sub)(y3, y3, z3);
  FP(add)(x3, y3, y3);
  FP(add)(y3, x3, y3);
  FP(sub)(x3, t1, y3);
  FP(add)(y3, t1, y3);
  FP(mul)(y3, x3, y3);
  FP(mul)(x3, x3, t3);
  FP(add)(t3, t2, t2);
  FP(add)(t2, t2, t3);
  FP(mul)(z3, P_B_MONT, z3);
  FP(sub)(z3, z3, t2);
  FP(sub)(z3, z3, t0);
  FP(add)(t3, z3, z3);
  FP(add)(z3, z3, t3);
  FP(add)(t3, t0, t0);
  FP(add)(t0, t3, t0);
  FP(sub)(t0, t0, t2);
  FP(mul)(t0, t0, z3);
  FP(add)(y3, y3, t0);
  FP(mul)(t0, a->y, a->z);
  FP(add)(t0, t0, t0);
  FP(mul)(z3, t0, z3);
  FP(sub)(x3, x3, z3);
  FP(mul)(z3, t0, t1);
  FP(add)(z3, z3, z3);
  FP(add)(z3, z3, z3);
  FP(copy)(r->x, x3);
  FP(copy)(r->y, y3);
  FP(copy)(r->z, z3);
}
#endif  // EC_GT_EXTERN

static inline void EC(set_inf)(EC(pt) *r) {
  memset(r, 0, sizeof *r);
  FP(copy)(r->y, P_ONE);
}

static inline void EC(from_aff)(EC(pt) *r, const EC(aff) *a) {
  FP(copy)(r->x, a->x);
  FP(copy)(r->y, a->y);
  FP(copy)(r->z, P_ONE);
}

// ---------------------------------------------------------------------------
// Jacobian coordinates (X:Y:Z), x = X/Z^2, y = Y/Z^3, used for doublings
// (the a = -3 formula "dbl-2001-b" of Bernstein and Lange's Explicit-Formulas
// Database: 3M + 5S) and, on the public verification path, for additions.
// Doubling is exception-free here: Z = 0 stays Z = 0 and the curves have no
// point of order 2. The additions below (_vt) branch on their (public)
// operands to handle the point at infinity and P + P, P + (-P).

typedef struct {
  uint64_t x[EC_N], y[EC_N], z[EC_N];
} EC(jac);

#ifdef EC_FP_HALF
// With FP(half) (r = a/2) and FP(tpl) (r = 3a): Y' = 2Y, Z3 = Y' Z, 4 gamma = Y'^2, 4 beta =
// X (4 gamma), 8 gamma^2 = (4 gamma)^2 / 2: 4M + 4S and 9 additions.
static void EC(jdbl)(EC(jac) *r, const EC(jac) *a) {
  uint64_t delta[EC_N], g4[EC_N], b4[EC_N], alpha[EC_N], t[EC_N], u[EC_N];
  FP(sqr)(delta, a->z);
  FP(add)(t, a->y, a->y);    // 2Y
  FP(mul)(r->z, t, a->z);    // Z3 = 2 Y Z
  FP(sqr)(g4, t);            // 4 gamma
  FP(sub)(t, a->x, delta);
  FP(add)(u, a->x, delta);
  FP(mul)(alpha, t, u);
  FP(tpl)(alpha, alpha);     // alpha = 3 (X - delta)(X + delta)
  FP(mul)(b4, a->x, g4);     // 4 beta
  FP(sqr)(t, alpha);
  FP(add)(u, b4, b4);
  FP(sub)(r->x, t, u);       // X3 = alpha^2 - 8 beta
  FP(sub)(t, b4, r->x);
  FP(mul)(t, alpha, t);
  FP(sqr)(g4, g4);
  FP(half)(g4, g4);          // 8 gamma^2
  FP(sub)(r->y, t, g4);      // Y3 = alpha (4 beta - X3) - 8 gamma^2
}
#else
static void EC(jdbl)(EC(jac) *r, const EC(jac) *a) {
  uint64_t delta[EC_N], gamma[EC_N], beta[EC_N], alpha[EC_N], t[EC_N], u[EC_N];
  FP(sqr)(delta, a->z);
  FP(sqr)(gamma, a->y);
  FP(sub)(t, a->x, delta);
  FP(add)(u, a->x, delta);
  FP(mul)(alpha, t, u);
  FP(add)(t, alpha, alpha);
  FP(add)(alpha, t, alpha);  // alpha = 3 (X - delta)(X + delta)
  FP(mul)(t, a->y, a->z);
  FP(add)(r->z, t, t);  // Z3 = 2 Y Z (= (Y + Z)^2 - gamma - delta)
  FP(add)(gamma, gamma, gamma);  // 2 gamma
  FP(add)(u, gamma, gamma);      // 4 gamma
  FP(mul)(beta, a->x, u);        // 4 beta = 4 X gamma
  FP(sqr)(t, alpha);
  FP(add)(u, beta, beta);
  FP(sub)(r->x, t, u);  // X3 = alpha^2 - 8 beta
  FP(sub)(t, beta, r->x);
  FP(mul)(t, alpha, t);
  FP(sqr)(gamma, gamma);
  FP(add)(gamma, gamma, gamma);  // 8 gamma^2 = 2 (2 gamma)^2
  FP(sub)(r->y, t, gamma);  // Y3 = alpha (4 beta - X3) - 8 gamma^2
}
#endif

static inline int EC(jis_inf_vt)(const EC(jac) *a) { return FP(is_zero)(a->z) != 0; }

static inline void EC(jset_inf)(EC(jac) *r) {
  FP(copy)(r->x, P_ONE);
  FP(copy)(r->y, P_ONE);
  memset(r->z, 0, sizeof r->z);
}

// r = a + b, full Jacobian addition ("add-2007-bl"), public operands.
static void EC(jadd_vt)(EC(jac) *r, const EC(jac) *a, const EC(jac) *b) {
  uint64_t z1z1[EC_N], z2z2[EC_N], u1[EC_N], u2[EC_N], s1[EC_N], s2[EC_N], h[EC_N], i_[EC_N], j[EC_N], rr[EC_N],
      v[EC_N], t[EC_N];
  if (EC(jis_inf_vt)(a)) {
    *r = *b;
    return;
  }
  if (EC(jis_inf_vt)(b)) {
    *r = *a;
    return;
  }
  FP(sqr)(z1z1, a->z);
  FP(sqr)(z2z2, b->z);
  FP(mul)(u1, a->x, z2z2);
  FP(mul)(u2, b->x, z1z1);
  FP(mul)(s1, a->y, b->z);
  FP(mul)(s1, s1, z2z2);
  FP(mul)(s2, b->y, a->z);
  FP(mul)(s2, s2, z1z1);
  FP(sub)(h, u2, u1);
  FP(sub)(rr, s2, s1);
  if (FP(is_zero)(h)) {
    if (FP(is_zero)(rr))
      EC(jdbl)(r, a);
    else
      EC(jset_inf)(r);
    return;
  }
  FP(add)(rr, rr, rr);
  FP(add)(i_, h, h);
  FP(sqr)(i_, i_);
  FP(mul)(j, h, i_);
  FP(mul)(v, u1, i_);
  FP(add)(t, a->z, b->z);
  FP(sqr)(t, t);
  FP(sub)(t, t, z1z1);
  FP(sub)(t, t, z2z2);
  FP(mul)(r->z, t, h);
  FP(sqr)(t, rr);
  FP(sub)(t, t, j);
  FP(sub)(t, t, v);
  FP(sub)(r->x, t, v);
  FP(sub)(t, v, r->x);
  FP(mul)(t, rr, t);
  FP(mul)(s1, s1, j);
  FP(add)(s1, s1, s1);
  FP(sub)(r->y, t, s1);
}

// r = a + b with b affine ("madd-2007-bl"), public operands.
static void EC(jmadd_vt)(EC(jac) *r, const EC(jac) *a, const EC(aff) *b) {
  uint64_t z1z1[EC_N], u2[EC_N], s2[EC_N], h[EC_N], hh[EC_N], i_[EC_N], j[EC_N], rr[EC_N], v[EC_N], t[EC_N];
  if (EC(jis_inf_vt)(a)) {
    FP(copy)(r->x, b->x);
    FP(copy)(r->y, b->y);
    FP(copy)(r->z, P_ONE);
    return;
  }
  FP(sqr)(z1z1, a->z);
  FP(mul)(u2, b->x, z1z1);
  FP(mul)(s2, b->y, a->z);
  FP(mul)(s2, s2, z1z1);
  FP(sub)(h, u2, a->x);
  FP(sub)(rr, s2, a->y);
  if (FP(is_zero)(h)) {
    if (FP(is_zero)(rr))
      EC(jdbl)(r, a);
    else
      EC(jset_inf)(r);
    return;
  }
  FP(add)(rr, rr, rr);
  FP(sqr)(hh, h);
  FP(add)(i_, hh, hh);
  FP(add)(i_, i_, i_);
  FP(mul)(j, h, i_);
  FP(mul)(v, a->x, i_);
  FP(add)(t, a->z, h);
  FP(sqr)(t, t);
  FP(sub)(t, t, z1z1);
  FP(sub)(r->z, t, hh);
  FP(sqr)(t, rr);
  FP(sub)(t, t, j);
  FP(sub)(t, t, v);
  FP(sub)(r->x, t, v);
  FP(sub)(t, v, r->x);
  FP(mul)(t, rr, t);
  FP(mul)(j, a->y, j);
  FP(add)(j, j, j);
  FP(sub)(r->y, t, j);
}

// r = a + b (Jacobian, "add-1998-cmo-2"), constant time, for operands that
// are never equal nor opposite (the callers below prove it from the sizes
// of the partial scalars); either may be the point at infinity (Z = 0),
// handled with masks.
static void EC(jadd_ct)(EC(jac) *r, const EC(jac) *a, const EC(jac) *b) {
  // "add-1998-cmo-2": 12M + 4S but 7 additions (add-2007-bl: 11M + 5S and
  // 13), cheaper where an addition costs about half a multiplication.
  uint64_t z1z1[EC_N], z2z2[EC_N], u1[EC_N], u2[EC_N], s1[EC_N], s2[EC_N], h[EC_N], hh[EC_N], rr[EC_N], v[EC_N],
      t[EC_N];
  EC(jac) o;
  uint64_t ainf = FP(is_zero)(a->z), binf = FP(is_zero)(b->z);
  FP(sqr)(z1z1, a->z);
  FP(sqr)(z2z2, b->z);
  FP(mul)(u1, a->x, z2z2);
  FP(mul)(u2, b->x, z1z1);
  FP(mul)(s1, a->y, b->z);
  FP(mul)(s1, s1, z2z2);
  FP(mul)(s2, b->y, a->z);
  FP(mul)(s2, s2, z1z1);
  FP(sub)(h, u2, u1);
  FP(sub)(rr, s2, s1);
  FP(mul)(t, a->z, b->z);
  FP(mul)(o.z, t, h);    // Z3 = Z1 Z2 H
  FP(sqr)(hh, h);
  FP(mul)(h, h, hh);     // H^3
  FP(mul)(v, u1, hh);    // V = U1 H^2
  FP(sqr)(t, rr);
  FP(sub)(t, t, h);
  FP(sub)(t, t, v);
  FP(sub)(o.x, t, v);    // X3 = R^2 - H^3 - 2V
  FP(sub)(t, v, o.x);
  FP(mul)(t, rr, t);
  FP(mul)(s1, s1, h);
  FP(sub)(o.y, t, s1);   // Y3 = R (V - X3) - S1 H^3
  FP(cmov)(o.x, b->x, ainf);
  FP(cmov)(o.y, b->y, ainf);
  FP(cmov)(o.z, b->z, ainf);
  FP(cmov)(o.x, a->x, binf);
  FP(cmov)(o.y, a->y, binf);
  FP(cmov)(o.z, a->z, binf);
  *r = o;
  ec_wipe_small(u1, sizeof u1);
  ec_wipe_small(u2, sizeof u2);
  ec_wipe_small(s1, sizeof s1);
  ec_wipe_small(s2, sizeof s2);
  ec_wipe_small(t, sizeof t);
  ec_wipe_small(&o, sizeof o);
}

// r = a + b with b affine ("madd-2007-bl"), constant time, for operands
// that are never equal nor opposite. `a` may be the point at infinity;
// `bzero` all-ones means b stands for the point at infinity (r = a).
static void EC(jmadd_ct)(EC(jac) *r, const EC(jac) *a, const EC(aff) *b, uint64_t bzero) {
  uint64_t z1z1[EC_N], u2[EC_N], s2[EC_N], h[EC_N], hh[EC_N], i_[EC_N], j[EC_N], rr[EC_N], v[EC_N], t[EC_N];
  EC(jac) o;
  uint64_t ainf = FP(is_zero)(a->z);
  FP(sqr)(z1z1, a->z);
  FP(mul)(u2, b->x, z1z1);
  FP(mul)(s2, b->y, a->z);
  FP(mul)(s2, s2, z1z1);
  FP(sub)(h, u2, a->x);
  FP(sub)(rr, s2, a->y);
  FP(add)(rr, rr, rr);
  FP(sqr)(hh, h);
  FP(add)(i_, hh, hh);
  FP(add)(i_, i_, i_);
  FP(mul)(j, h, i_);
  FP(mul)(v, a->x, i_);
  FP(add)(t, a->z, h);
  FP(sqr)(t, t);
  FP(sub)(t, t, z1z1);
  FP(sub)(o.z, t, hh);
  FP(sqr)(t, rr);
  FP(sub)(t, t, j);
  FP(sub)(t, t, v);
  FP(sub)(o.x, t, v);
  FP(sub)(t, v, o.x);
  FP(mul)(t, rr, t);
  FP(mul)(j, a->y, j);
  FP(add)(j, j, j);
  FP(sub)(o.y, t, j);
  FP(cmov)(o.x, b->x, ainf);
  FP(cmov)(o.y, b->y, ainf);
  FP(cmov)(o.z, P_ONE, ainf);
  FP(cmov)(o.x, a->x, bzero);
  FP(cmov)(o.y, a->y, bzero);
  FP(cmov)(o.z, a->z, bzero);
  *r = o;
  ec_wipe_small(u2, sizeof u2);
  ec_wipe_small(s2, sizeof s2);
  ec_wipe_small(h, sizeof h);
  ec_wipe_small(t, sizeof t);
  ec_wipe_small(&o, sizeof o);
}

// Jacobian to homogeneous projective: (X Z : Y : Z^3). The point at
// infinity (Z = 0, Y != 0) maps to (0 : Y : 0).
static inline void EC(jac_to_pt)(EC(pt) *r, const EC(jac) *a) {
  uint64_t z2[EC_N];
  FP(sqr)(z2, a->z);
  FP(mul)(r->x, a->x, a->z);
  FP(copy)(r->y, a->y);
  FP(mul)(r->z, z2, a->z);
  ec_wipe_small(z2, sizeof z2);
}

// Homogeneous projective to Jacobian: (X Z : Y Z^2 : Z), and the point at
// infinity to (1 : 1 : 0) (selected with masks: constant time).
static inline void EC(pt_to_jac)(EC(jac) *r, const EC(pt) *a) {
  uint64_t z2[EC_N];
  uint64_t inf = FP(is_zero)(a->z);
  FP(sqr)(z2, a->z);
  FP(mul)(r->x, a->x, a->z);
  FP(mul)(r->y, a->y, z2);
  FP(copy)(r->z, a->z);
  FP(cmov)(r->x, P_ONE, inf);
  FP(cmov)(r->y, P_ONE, inf);
  ec_wipe_small(z2, sizeof z2);
}

// (x, y) affine, Montgomery form, from r; returns all-ones if r is the point
// at infinity (x, y then zero). Constant time (Fermat inversion).
static uint64_t EC(to_aff)(EC(aff) *out, const EC(pt) *r) {
  uint64_t zi[EC_N];
  uint64_t inf = FP(is_zero)(r->z);
  FP(inv)(zi, r->z);
  FP(mul)(out->x, r->x, zi);
  FP(mul)(out->y, r->y, zi);
  ec_wipe_small(zi, sizeof zi);
  return inf;
}

// Bits [pos, pos + w) of the scalar k (EC_N limbs), pos may be -1 (bit -1
// reads as 0) and may run past the top (zeros). `pos` and `w` are public.
static inline uint32_t EC(bits)(const uint64_t *k, int pos, int w) {
  uint32_t v = 0;
  for (int i = 0; i < w; i++) {
    int b = pos + i;
    if (b < 0 || b >= EC_N * 64) continue;  // public positions only
    v |= (uint32_t)((k[b / 64] >> (b % 64)) & 1u) << i;
  }
  return v;
}

// Signed (Booth) digit of a (w+1)-bit window value v (bits pos-1..pos+w-1):
// d = ((v + 1) >> 1) - 2^w * (v >> w), |d| <= 2^(w-1). Returns |d| and sets
// *neg to 1 if d < 0. Branch-free.
static inline uint32_t EC(booth)(uint32_t v, int w, uint32_t *neg) {
  uint32_t s = v >> w;
  uint32_t t = (v + 1) >> 1;
  uint32_t m = 0u - s;
  *neg = s;
  return (t & ~m) | (((1u << w) - t) & m);
}

// ---------------------------------------------------------------------------
// Variable-base scalar multiplication, constant time: r = k*P for
// 1 <= k < n. Booth windows of 5 bits from the top, table 0..16 * P
// (Jacobian, built from the public P), Jacobian doublings and additions.
//
// Why the incomplete addition is safe: before window i (i >= 1) is added,
// acc = m*P with m = 32*S, S the Booth value of the windows above i, so
// |m| <= 32*(k/2^(5(i+1)) + 1) < n/16 + 32, and the digit d has |d| <= 16.
// m = +-d (mod n) would then need m = +-d as integers, i.e. m = d = 0: the
// point at infinity on one side, which jadd_ct handles with masks. The last
// window (i = 0), where m can be close to n, uses the complete projective
// formula instead.

#define EC_VW 5
#define EC_VWIN ((EC_NBITS + 1 + EC_VW - 1) / EC_VW)

static void EC(mul_ct)(EC(pt) *r, const EC(aff) *p, const uint64_t *k) {
  EC(jac) tab[17], acc, sel;
  EC(pt) pacc, psel;
  uint64_t ny[EC_N];
  EC(jset_inf)(&tab[0]);
  FP(copy)(tab[1].x, p->x);
  FP(copy)(tab[1].y, p->y);
  FP(copy)(tab[1].z, P_ONE);
  // Public data (P only): the variable-time formulas are fine here.
  for (int j = 2; j <= 16; j++) {
    if (j % 2 == 0)
      EC(jdbl)(&tab[j], &tab[j / 2]);
    else
      EC(jmadd_vt)(&tab[j], &tab[j - 1], p);  // + P (affine: mixed addition)
  }
  EC(jset_inf)(&acc);
  for (int i = EC_VWIN - 1; i >= 0; i--) {
    if (i != EC_VWIN - 1)
      for (int d = 0; d < EC_VW; d++) EC(jdbl)(&acc, &acc);
    uint32_t neg;
    uint32_t idx = EC(booth)(EC(bits)(k, i * EC_VW - 1, EC_VW + 1), EC_VW, &neg);
    // Read every entry; keep the one whose index matches (mask).
    ec_ct_select((uint64_t *)(void *)&sel, (const uint64_t *)(const void *)tab, sizeof sel / 8, 17, idx);
    FP(neg)(ny, sel.y);
    FP(cmov)(sel.y, ny, (uint64_t)0 - (uint64_t)neg);
    if (i > 0) {
      EC(jadd_ct)(&acc, &acc, &sel);
    } else {
      EC(jac_to_pt)(&pacc, &acc);
      EC(jac_to_pt)(&psel, &sel);
      EC(add)(r, &pacc, &psel);
    }
  }
  ec_wipe_small(tab, sizeof tab);
  ec_wipe_small(&acc, sizeof acc);
  ec_wipe_small(&sel, sizeof sel);
  ec_wipe_small(&pacc, sizeof pacc);
  ec_wipe_small(&psel, sizeof psel);
  ec_wipe_small(ny, sizeof ny);
}

// ---------------------------------------------------------------------------
// Fixed-base: gtab[i][j-1] = j * 2^(6i) * G (affine, Montgomery), j = 1..32,
// computed once at first use (pthread_once) into static storage. Then
// k*G = sum_i d_i * 2^(6i) * G with Booth digits d_i of 6 bits: one mixed
// addition per window and no doubling.

#ifndef EC_GW
#define EC_GW 6  // a curve may choose another width (P-256: 7)
#endif
#define EC_GWIN ((EC_NBITS + 1 + EC_GW - 1) / EC_GW)
#define EC_GTAB (1 << (EC_GW - 1))

// A second instantiation of this template for the same curve (another
// field implementation, same representation) may share the first one's
// table: it defines EC_GT_EXTERN and EC_GT(x) as the first one's EC(x).
#ifndef EC_GT_EXTERN
#define EC_GT(x) EC(x)
static EC(aff) EC(gtab)[EC_GWIN][EC_GTAB];
static pthread_once_t EC(gtab_once) = PTHREAD_ONCE_INIT;

static void EC(gtab_init)(void) {
  EC(pt) row[EC_GTAB], base;
  uint64_t prefix[EC_GTAB][EC_N], inv[EC_N], t[EC_N];
  FP(copy)(base.x, P_GX_MONT);
  FP(copy)(base.y, P_GY_MONT);
  FP(copy)(base.z, P_ONE);
  for (int i = 0; i < EC_GWIN; i++) {
    row[0] = base;
    for (int j = 1; j < EC_GTAB; j++) {
      if ((j + 1) % 2 == 0)
        EC(dbl)(&row[j], &row[(j + 1) / 2 - 1]);
      else
        EC(add)(&row[j], &row[j - 1], &base);
    }
    // Batch inversion of the Z coordinates (Montgomery's trick; the table
    // is public data).
    FP(copy)(prefix[0], row[0].z);
    for (int j = 1; j < EC_GTAB; j++) FP(mul)(prefix[j], prefix[j - 1], row[j].z);
    FP(inv)(inv, prefix[EC_GTAB - 1]);
    for (int j = EC_GTAB - 1; j >= 0; j--) {
      uint64_t zi[EC_N];
      if (j > 0) {
        FP(mul)(zi, inv, prefix[j - 1]);
        FP(mul)(inv, inv, row[j].z);
      } else {
        FP(copy)(zi, inv);
      }
      FP(mul)(EC(gtab)[i][j].x, row[j].x, zi);
      FP(mul)(EC(gtab)[i][j].y, row[j].y, zi);
    }
    // Next base: 2^EC_GW * base = 2 * (EC_GTAB * base).
    EC(dbl)(&base, &row[EC_GTAB - 1]);
  }
  (void)t;
}

static inline void EC(gtab_ready)(void) { pthread_once(&EC(gtab_once), EC(gtab_init)); }
#endif  // EC_GT_EXTERN

// Windows below EC_GSAFE add with the incomplete Jacobian formula: before
// window i, acc = A*G with |A| < 0.51 * 2^(6i) (Booth digits, |d| <= 32),
// and the addend is d*2^(6i)*G; while |A| + 32*2^(6i) < n (6i + 6 <=
// nbits - 1), A = +-d*2^(6i) (mod n) would need equality as integers, which
// the sizes exclude unless A = 0 (infinity, handled with masks). The top
// windows use the complete projective formula.
#define EC_GSAFE ((EC_NBITS - 1 - EC_GW) / EC_GW + 1)  // with EC_GW = 6: (nbits - 7) / 6 + 1

#ifdef EC_CUSTOM_MUL_BASE
// The curve defines EC(mul_base_ct) itself, after this template (P-256:
// p256_mulbase.h), over the same table and formulas.
static void EC(mul_base_ct)(EC(pt) *r, const uint64_t *k);
#else
// r = k*G, constant time (k < 2^(EC_NBITS+1)).
static void EC(mul_base_ct)(EC(pt) *r, const uint64_t *k) {
  EC(jac) jacc;
  EC(pt) acc, tmp;
  EC(aff) sel;
  uint64_t ny[EC_N];
  EC_GT(gtab_ready)();
  EC(jset_inf)(&jacc);
  for (int i = 0; i < EC_GWIN; i++) {
    uint32_t neg;
    uint32_t idx = EC(booth)(EC(bits)(k, i * EC_GW - 1, EC_GW + 1), EC_GW, &neg);
    // Entry j holds (j + 1) * 2^(6i) * G; idx = 0 selects nothing (zero).
    ec_ct_select((uint64_t *)(void *)&sel, (const uint64_t *)(const void *)EC_GT(gtab)[i], sizeof sel / 8, EC_GTAB,
                 idx - 1);
    FP(neg)(ny, sel.y);
    FP(cmov)(sel.y, ny, (uint64_t)0 - (uint64_t)neg);
    // digit 0: keep acc (the mixed formulas need a finite second operand).
    uint64_t keep = (uint64_t)0 - (uint64_t)(cce_ct_eq_mask32(idx, 0) & 1u);
    if (i < EC_GSAFE) {
      EC(jmadd_ct)(&jacc, &jacc, &sel, keep);
      if (i == EC_GSAFE - 1) EC(jac_to_pt)(&acc, &jacc);
    } else {
      EC(add_mixed)(&tmp, &acc, &sel);
      FP(cmov)(tmp.x, acc.x, keep);
      FP(cmov)(tmp.y, acc.y, keep);
      FP(cmov)(tmp.z, acc.z, keep);
      acc = tmp;
    }
  }
  *r = acc;
  ec_wipe_small(&jacc, sizeof jacc);
  ec_wipe_small(&acc, sizeof acc);
  ec_wipe_small(&tmp, sizeof tmp);
  ec_wipe_small(&sel, sizeof sel);
  ec_wipe_small(ny, sizeof ny);
}
#endif  // EC_CUSTOM_MUL_BASE

// Width-w NAF of a public scalar k (EC_N limbs, k < 2^(64*EC_N - 1)):
// naf[i] odd in (-2^(w-1), 2^(w-1)) or 0, k = sum naf[i] 2^i. Returns the
// number of digits. Variable time.
#define EC_NAFW 5
static int EC(wnaf_vt)(int8_t *naf, int max, const uint64_t *k_in) {
  uint64_t k[EC_N + 1];
  for (int i = 0; i < EC_N; i++) k[i] = k_in[i];
  k[EC_N] = 0;
  int len = 0;
  for (;;) {
    uint64_t nz = 0;
    for (int i = 0; i <= EC_N; i++) nz |= k[i];
    if (nz == 0 || len >= max) break;
    int d = 0;
    if (k[0] & 1) {
      d = (int)(k[0] & ((1u << EC_NAFW) - 1));
      if (d >= (1 << (EC_NAFW - 1))) d -= 1 << EC_NAFW;
      // k -= d
      if (d > 0) {
        uint64_t br = (uint64_t)d;
        for (int i = 0; i <= EC_N && br; i++) {
          uint64_t o = k[i];
          k[i] = o - br;
          br = o < br;
        }
      } else {
        uint64_t c = (uint64_t)(-d);
        for (int i = 0; i <= EC_N && c; i++) {
          k[i] += c;
          c = k[i] < c;
        }
      }
    }
    naf[len++] = (int8_t)d;
    for (int i = 0; i < EC_N; i++) k[i] = (k[i] >> 1) | (k[i + 1] << 63);
    k[EC_N] >>= 1;
  }
  return len;
}

// r = u1*G + u2*P (Jacobian), variable time (public scalars only): u2*P by
// a width-5 NAF over the odd multiples P, 3P, ..., 15P with Jacobian
// doublings and additions, then u1*G from the fixed-base table (Booth
// digits of 6 bits, one mixed addition per window, no doubling).
static void EC(mul2_vt)(EC(jac) *r, const uint64_t *u1, const EC(aff) *p, const uint64_t *u2) {
  EC(jac) tab[1 << (EC_NAFW - 2)], acc, p2, t;
  EC(aff) a;
  int8_t naf[EC_N * 64 + 1];
  FP(copy)(tab[0].x, p->x);
  FP(copy)(tab[0].y, p->y);
  FP(copy)(tab[0].z, P_ONE);
  EC(jdbl)(&p2, &tab[0]);
  for (int j = 1; j < (1 << (EC_NAFW - 2)); j++) EC(jadd_vt)(&tab[j], &tab[j - 1], &p2);
  int len = EC(wnaf_vt)(naf, EC_N * 64 + 1, u2);
  EC(jset_inf)(&acc);
  for (int i = len - 1; i >= 0; i--) {
    if (!EC(jis_inf_vt)(&acc)) EC(jdbl)(&acc, &acc);
    int d = naf[i];
    if (d > 0) {
      EC(jadd_vt)(&acc, &acc, &tab[(d - 1) / 2]);
    } else if (d < 0) {
      t = tab[(-d - 1) / 2];
      FP(neg)(t.y, t.y);
      EC(jadd_vt)(&acc, &acc, &t);
    }
  }
  EC_GT(gtab_ready)();
  for (int i = 0; i < EC_GWIN; i++) {
    uint32_t neg;
    uint32_t idx = EC(booth)(EC(bits)(u1, i * EC_GW - 1, EC_GW + 1), EC_GW, &neg);
    if (idx == 0) continue;
    FP(copy)(a.x, EC_GT(gtab)[i][idx - 1].x);
    FP(copy)(a.y, EC_GT(gtab)[i][idx - 1].y);
    if (neg) FP(neg)(a.y, a.y);
    EC(jmadd_vt)(&acc, &acc, &a);
  }
  *r = acc;
}

// ---------------------------------------------------------------------------
// Encodings and checks.

// Decode (x, y) (EC_NBYTES each, big-endian) into an affine point in
// Montgomery form; returns 0 if both are < p and the point is on the curve,
// -1 otherwise. Public data: may branch.
static int EC(decode)(EC(aff) *out, const uint8_t *x, const uint8_t *y) {
  uint64_t xl[EC_N], yl[EC_N], lhs[EC_N], rhs[EC_N], t[EC_N];
  FP(from_be)(xl, x, EC_NBYTES);
  FP(from_be)(yl, y, EC_NBYTES);
  if (!FP(lt_m)(xl) || !FP(lt_m)(yl)) return -1;
  FP(to_mont)(out->x, xl);
  FP(to_mont)(out->y, yl);
  FP(sqr)(lhs, out->y);
  FP(sqr)(rhs, out->x);
  FP(mul)(rhs, rhs, out->x);
  FP(add)(t, out->x, out->x);
  FP(add)(t, t, out->x);
  FP(sub)(rhs, rhs, t);
  FP(add)(rhs, rhs, P_B_MONT);
  return FP(eq)(lhs, rhs) ? 0 : -1;
}

static void EC(encode)(uint8_t *x, uint8_t *y, const EC(aff) *a) {
  uint64_t t[EC_N];
  FP(from_mont)(t, a->x);
  FP(to_be)(x, t, EC_NBYTES);
  if (y != NULL) {
    FP(from_mont)(t, a->y);
    FP(to_be)(y, t, EC_NBYTES);
  }
  ec_wipe_small(t, sizeof t);
}

static cce_status EC(op_check)(const uint8_t *x, const uint8_t *y) {
  EC(aff) a;
  return EC(decode)(&a, x, y) == 0 ? CCE_OK : CCE_ERR_POINT_INVALID;
}

// y from x and the parity of y: y = sqrt(x^3 - 3x + b) = rhs^((p+1)/4)
// (p = 3 mod 4 for all three primes). Public data.
static cce_status EC(op_decompress)(uint8_t *y_out, const uint8_t *x, int y_odd) {
  uint64_t xl[EC_N], xm[EC_N], rhs[EC_N], t[EC_N], y[EC_N], chk[EC_N];
  FP(from_be)(xl, x, EC_NBYTES);
  if (!FP(lt_m)(xl)) return CCE_ERR_POINT_INVALID;
  FP(to_mont)(xm, xl);
  FP(sqr)(rhs, xm);
  FP(mul)(rhs, rhs, xm);
  FP(add)(t, xm, xm);
  FP(add)(t, t, xm);
  FP(sub)(rhs, rhs, t);
  FP(add)(rhs, rhs, P_B_MONT);
  FP(pow)(y, rhs, P_SQRT_EXP);
  FP(sqr)(chk, y);
  if (!FP(eq)(chk, rhs)) return CCE_ERR_POINT_INVALID;  // not a square: no point
  FP(from_mont)(t, y);
  if ((int)(t[0] & 1) != (y_odd ? 1 : 0)) {
    FP(neg)(y, y);  // y = 0 cannot happen (no point of order 2)
    FP(from_mont)(t, y);
  }
  FP(to_be)(y_out, t, EC_NBYTES);
  return CCE_OK;
}

// (x, y) = k*G for a scalar k in [1, n-1] (checked by the caller).
static cce_status EC(op_base_mul)(uint8_t *x, uint8_t *y, const uint8_t *k) {
  uint64_t kl[EC_N];
  EC(pt) r;
  EC(aff) a;
  FN(from_be)(kl, k, EC_NBYTES);
  EC(mul_base_ct)(&r, kl);
  uint64_t inf = EC(to_aff)(&a, &r);
  EC(encode)(x, y, &a);
  ec_wipe_small(kl, sizeof kl);
  ec_wipe_small(&r, sizeof r);
  ec_wipe_small(&a, sizeof a);
  cce_ec_ct_public(&inf, sizeof inf);  // never set for a valid scalar and point
  return cce_ct_barrier64(inf) ? CCE_ERR_INTERNAL : CCE_OK;
}

// z = x-coordinate of d*Q, Q = (qx, qy) already validated by the caller.
static cce_status EC(op_ecdh)(uint8_t *z, const uint8_t *d, const uint8_t *qx, const uint8_t *qy) {
  EC(aff) q, a;
  EC(pt) r;
  uint64_t dl[EC_N];
  if (EC(decode)(&q, qx, qy) != 0) return CCE_ERR_POINT_INVALID;
  FN(from_be)(dl, d, EC_NBYTES);
  EC(mul_ct)(&r, &q, dl);
  uint64_t inf = EC(to_aff)(&a, &r);
  EC(encode)(z, NULL, &a);
  ec_wipe_small(dl, sizeof dl);
  ec_wipe_small(&r, sizeof r);
  ec_wipe_small(&a, sizeof a);
  cce_ec_ct_public(&inf, sizeof inf);  // never set for a valid scalar and point
  return cce_ct_barrier64(inf) ? CCE_ERR_INTERNAL : CCE_OK;
}

// ECDSA signature core (FIPS 186-5 6.4.1 steps 4..): k and d in [1, n-1]
// (checked by the caller), e = bits2int(H) as EC_NBYTES bytes (< 2^EC_NBITS).
// r = x(kG) mod n, s = k^-1 (e + r d) mod n. Returns CCE_ERR_INTERNAL when
// r or s is 0 (the caller then picks another k).
static cce_status EC(op_sign)(uint8_t *r_out, uint8_t *s_out, const uint8_t *d, const uint8_t *k,
                              const uint8_t *e) {
  uint64_t kl[EC_N], km[EC_N], ki[EC_N], dm[EC_N], em[EC_N], rm[EC_N], x[EC_N], s[EC_N], rl[EC_N];
  EC(pt) R;
  EC(aff) a;
  FN(from_be)(kl, k, EC_NBYTES);
  EC(mul_base_ct)(&R, kl);
  (void)EC(to_aff)(&a, &R);
  FP(from_mont)(x, a.x);
  // Montgomery conversion accepts any input below 2^(64*EC_N) and reduces it
  // modulo n: r_m = (x mod n) * R, e_m = (e mod n) * R.
  FN(to_mont)(rm, x);
  FN(from_be)(em, e, EC_NBYTES);
  FN(to_mont)(em, em);
  FN(from_be)(dm, d, EC_NBYTES);
  FN(to_mont)(dm, dm);
#ifdef EC_SCALAR_INV
  // Plain in, plain out (constant time), then to Montgomery form.
  EC_SCALAR_INV(km, kl);
  FN(to_mont)(ki, km);
#else
  FN(to_mont)(km, kl);
  FN(inv)(ki, km);
#endif
  FN(mul)(s, rm, dm);
  FN(add)(s, s, em);
  FN(mul)(s, s, ki);
  FN(from_mont)(s, s);
  FN(from_mont)(rl, rm);
  uint64_t bad = FN(is_zero)(rl) | FN(is_zero)(s);
  FN(to_be)(r_out, rl, EC_NBYTES);
  FN(to_be)(s_out, s, EC_NBYTES);
  ec_wipe_small(kl, sizeof kl);
  ec_wipe_small(km, sizeof km);
  ec_wipe_small(ki, sizeof ki);
  ec_wipe_small(dm, sizeof dm);
  ec_wipe_small(em, sizeof em);
  ec_wipe_small(x, sizeof x);
  ec_wipe_small(&R, sizeof R);
  ec_wipe_small(&a, sizeof a);
  cce_ec_ct_public(&bad, sizeof bad);  // r = 0 or s = 0 is revealed (a new k is taken)
  return cce_ct_barrier64(bad) ? CCE_ERR_INTERNAL : CCE_OK;
}

// ECDSA verification core (FIPS 186-5 6.4.2): Q = (qx, qy) validated by the
// caller, e as for signing, r and s EC_NBYTES bytes. Public data only.
static cce_status EC(op_verify)(const uint8_t *qx, const uint8_t *qy, const uint8_t *e, const uint8_t *r,
                                const uint8_t *s) {
  uint64_t rl[EC_N], sl[EC_N], w[EC_N], u1[EC_N], u2[EC_N], t[EC_N], x[EC_N];
  EC(aff) q;
  EC(jac) R;
  FN(from_be)(rl, r, EC_NBYTES);
  FN(from_be)(sl, s, EC_NBYTES);
  if (FN(is_zero)(rl) || FN(is_zero)(sl) || !FN(lt_m)(rl) || !FN(lt_m)(sl)) return CCE_ERR_SIGNATURE;
  if (EC(decode)(&q, qx, qy) != 0) return CCE_ERR_POINT_INVALID;
#ifdef EC_SCALAR_INV
  EC_SCALAR_INV(t, sl);
  FN(to_mont)(w, t);
#else
  FN(to_mont)(w, sl);
  FN(inv)(w, w);
#endif
  FN(from_be)(t, e, EC_NBYTES);
  FN(to_mont)(t, t);
  FN(mul)(u1, t, w);
  FN(from_mont)(u1, u1);
  FN(to_mont)(t, rl);
  FN(mul)(u2, t, w);
  FN(from_mont)(u2, u2);
  EC(mul2_vt)(&R, u1, &q, u2);
  if (FP(is_zero)(R.z)) return CCE_ERR_SIGNATURE;
  // x(R) mod n == r  <=>  X == r*Z^2, or X == (r+n)*Z^2 when r + n < p
  // (x < p < 2n, so x mod n is x or x - n).
  uint64_t z2[EC_N];
  FP(sqr)(z2, R.z);
  FP(to_mont)(t, rl);
  FP(mul)(x, t, z2);
  if (FP(eq)(x, R.x)) return CCE_OK;
  {
    uint64_t rn[EC_N];
    unsigned __int128 c = 0;
    for (int i = 0; i < EC_N; i++) {
      c += (unsigned __int128)rl[i] + N_M[i];
      rn[i] = (uint64_t)c;
      c >>= 64;
    }
    if (c == 0 && FP(lt_m)(rn)) {
      FP(to_mont)(t, rn);
      FP(mul)(x, t, z2);
      if (FP(eq)(x, R.x)) return CCE_OK;
    }
  }
  return CCE_ERR_SIGNATURE;
}

#ifndef EC_GT_EXTERN
#undef EC_GT
#endif
