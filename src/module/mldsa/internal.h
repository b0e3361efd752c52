// Internal interface of the ML-DSA family (FIPS 204): parameter sets, the
// polynomial arithmetic back ends (portable C in poly.c, AVX2 in
// poly_avx2.c), sampling (sample.c), encodings (encode.c) and the
// algorithms (mldsa.c).
//
// Representation. A polynomial is 256 int32_t coefficients. In the NTT
// domain coefficients are in the bit-reversed order of FIPS 204 Algorithm 41
// (the same in both back ends, so they can be mixed and compared).
// Multiplication uses Montgomery reduction with R = 2^32: pointwise products
// carry a factor R^-1, which the inverse NTT ("tomont") multiplies back, so
// invntt(ntt(a) o ntt(b)) = a * b.

#ifndef CCE_SRC_MLDSA_INTERNAL_H
#define CCE_SRC_MLDSA_INTERNAL_H

#include "../core/internal.h"
#include "cce/hash.h"
#include "cce/mldsa.h"

#define MLDSA_N 256
#define MLDSA_Q 8380417
#define MLDSA_QINV 58728449  // q^-1 mod 2^32
#define MLDSA_D 13
#define MLDSA_MONT_F 41978   // R^2 / 256 mod q (last step of the inverse NTT)
#define MLDSA_MONT_FZ 3975713  // MONT_F * izetas[254] / R mod q (last layer of the inverse NTT)

typedef struct mldsa_poly {
  int32_t c[MLDSA_N];
} __attribute__((aligned(32))) mldsa_poly;

typedef struct mldsa_params {
  cce_mldsa_param id;
  unsigned k, l;
  int32_t eta;
  unsigned tau;
  int32_t beta;
  unsigned omega;
  int32_t gamma1, gamma2;
  unsigned ctilde_bytes;  // lambda / 4
  unsigned gamma1_bits;   // 1 + bitlen(gamma1 - 1): 18 or 20
  unsigned w1_bits;       // bitlen((q-1)/(2 gamma2) - 1): 6 or 4
  unsigned eta_bits;      // bitlen(2 eta): 3 or 4
  size_t pk_bytes, sk_bytes, sig_bytes;
} mldsa_params;

#define MLDSA_MAX_K 8
#define MLDSA_MAX_L 7

// NULL for an unknown parameter set.
CCE_HIDDEN const mldsa_params *cce_mldsa_params_get(cce_mldsa_param p);

// ---- Arithmetic back ends (poly.c, poly_avx2.c) ----------------------------
typedef struct mldsa_backend {
  const char *name;
  // Forward NTT in place: input |a| < q, output |a| < 9q.
  void (*ntt)(int32_t a[MLDSA_N]);
  // Inverse NTT times R (undoes one Montgomery factor): input |a| < q,
  // output |a| < q.
  void (*invntt)(int32_t a[MLDSA_N]);
  // r = a o b R^-1 (|a|,|b| < 9q; output |r| < q). r may alias a or b.
  void (*pointwise)(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
  // r += a o b R^-1.
  void (*pointwise_acc)(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
  // r = (sum_{t<n} a[t] o b[t]) R^-1 with one reduction (n <= 8; |r| < q).
  void (*dot)(int32_t r[MLDSA_N], const int32_t *const *a, const int32_t *const *b, unsigned n);
  // Decompose (FIPS 204 Algorithm 36) of a[] in [0, q): r1 and r0.
  void (*decompose)(int32_t r1[MLDSA_N], int32_t r0[MLDSA_N], const int32_t a[MLDSA_N], int32_t gamma2);
  // SampleInBall placement (FIPS 204 Algorithm 29, lines 4-10) for
  // i = 256 - tau .. 255: c[i] = c[j], c[j] = (-1)^(sign bit), with
  // j = js[i - (256 - tau)] <= i and the sign bits in `signs` (lowest
  // first); c starts at 0. Constant time in js and signs.
  void (*ball)(int32_t c[MLDSA_N], const uint8_t *js, uint64_t signs, unsigned tau);
  // Coefficient-wise helpers of the signing loop (same results as the
  // scalar helpers below), all constant time:
  //   freeze:      a = mldsa_freeze(a) (any input)
  //   center_norm: a = mldsa_center(mldsa_freeze(a)); all-ones if some
  //                |a| >= bound, else 0
  //   norm_ge:     cce_mldsa_poly_norm_ge
  //   sub_freeze:  r = mldsa_freeze(a - b); add_freeze: r = mldsa_freeze(a + b)
  //                (r may alias a or b; |a|, |b| < 2^30)
  //   hint:        h[n] = (a[n] != b[n]); returns the number of ones
  void (*freeze)(int32_t a[MLDSA_N]);
  uint32_t (*center_norm)(int32_t a[MLDSA_N], int32_t bound);
  uint32_t (*norm_ge)(const int32_t a[MLDSA_N], int32_t bound);
  void (*sub_freeze)(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
  void (*add_freeze)(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
  unsigned (*hint)(uint8_t h[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
  // Encodings of the signing loop, as cce_mldsa_unpack(a, in, bits, gamma1,
  // 1) with bits 18 or 20 (z, y) and cce_mldsa_pack(out, a, bits, 0, 0) with
  // bits 4 or 6 (w1, coefficients in [0, 2^bits)).
  void (*unpack_z)(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t gamma1);
  void (*pack_w1)(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits);
  // RejBoundedPoly (FIPS 204 Algorithm 31) on one 136-byte SHAKE256 block:
  // appends the accepted values to a[ctr..256); returns the new count. The
  // accept pattern is released through cce_mldsa_ct_public (sample.c).
  unsigned (*rej_eta)(int32_t *a, unsigned ctr, const uint8_t *buf, int32_t eta);
  // Separates a product of packed polynomials (signing computes c (s2 + k s1)
  // with one inverse NTT for both products): in[n] (|in[n]| < q) is
  // congruent to a + k b for integers |a|, |b| <= (k - 1) / 2, with k odd and
  // (k + 1) (k - 1) / 2 < (q - 1) / 2. Sets lo[n] = a and adds b to acc[n].
  // Constant time (k is a public parameter).
  void (*split)(int32_t lo[MLDSA_N], int32_t acc[MLDSA_N], const int32_t in[MLDSA_N], int32_t k);
  // One row of the signing checks (Algorithm 7, lines 23-28) in one pass,
  // given w (in [0, q)), c s2 and c t0 (|cs2|, |ct0| < 2^30, any
  // representatives):
  //   v = mldsa_freeze(w - cs2); (r1, r0) = Decompose(v)
  //   u = mldsa_center(mldsa_freeze(ct0))
  //   h[n] = (HighBits(mldsa_freeze(v + u)) != r1), i.e. MakeHint(-ct0, w - cs2 + ct0)
  // Adds the number of ones in h to *hints; returns all-ones if some
  // |r0| >= gamma2 - beta or |u| >= gamma2, else 0. Constant time.
  uint32_t (*row)(uint8_t h[MLDSA_N], unsigned *hints, const int32_t w[MLDSA_N], const int32_t cs2[MLDSA_N],
                  const int32_t ct0[MLDSA_N], int32_t gamma2, int32_t beta);
  // RejNTTPoly (FIPS 204 Algorithm 30) on one SHAKE128 block: appends the
  // candidates below q to a[ctr..256); returns the new count. buf is a
  // whole Keccak state (200 bytes readable; the block is its first 168).
  // For ExpandA only: rho, hence everything here, is public.
  unsigned (*rej_ntt)(int32_t *a, unsigned ctr, const uint8_t *buf);
  // w1Encode of one row, in one pass over a: a = mldsa_freeze(a) in place
  // (|a| < 2^30); r1 = HighBits(a) (Decompose, Algorithm 36), or, when h is
  // not NULL (verification), r1 = UseHint(h[n], a) (Algorithm 40); then
  // out[0 .. 32 bits) = the packing of r1 with `bits` bits (4 or 6), as
  // pack_w1. Constant time in a (h is public).
  void (*high_w1)(uint8_t *out, int32_t a[MLDSA_N], const uint8_t *h, int32_t gamma2, unsigned bits);
  // dot then invntt in one call: r = NTT^-1((sum_{t<n} a[t] o b[t]) R^-1) R,
  // 1 <= n <= 8, the same values as dot followed by invntt. r may alias
  // a[t] or b[t].
  void (*dot_invntt)(int32_t r[MLDSA_N], const int32_t *const *a, const int32_t *const *b, unsigned n);
} mldsa_backend;

CCE_HIDDEN extern const mldsa_backend cce_mldsa_backend_portable;
CCE_HIDDEN extern const mldsa_backend cce_mldsa_backend_avx2;  // needs CCE_CPU_AVX2
// The back end for this CPU (AVX2 when available and not overridden).
CCE_HIDDEN const mldsa_backend *cce_mldsa_backend(void);

// Zeta tables (poly.c): zetas[k] = R * 1753^brv8(k) mod q (centered);
// izetas[k] = -zetas[255 - k], in the order the inverse NTT uses them.
CCE_HIDDEN extern const int32_t cce_mldsa_zetas[256];
CCE_HIDDEN extern const int32_t cce_mldsa_izetas[256];

// Scalar helpers shared by the back ends and the algorithms.
static inline int32_t mldsa_mont_reduce(int64_t a) {
  int32_t t = (int32_t)((uint32_t)a * (uint32_t)MLDSA_QINV);
  return (int32_t)((a - (int64_t)t * MLDSA_Q) >> 32);
}
// Representative of a in [-6283008, 6283008] (any int32 a).
static inline int32_t mldsa_reduce32(int32_t a) {
  int32_t t = (a + (1 << 22)) >> 23;
  return a - t * MLDSA_Q;
}
// Representative in [0, q).
static inline int32_t mldsa_freeze(int32_t a) {
  a = mldsa_reduce32(a);
  return a + ((a >> 31) & MLDSA_Q);
}
// Representative in (-(q-1)/2, (q-1)/2] of a value in [0, q).
static inline int32_t mldsa_center(int32_t a) {
  return a - ((((MLDSA_Q - 1) / 2) - a) >> 31 & MLDSA_Q);
}

// Portable polynomial helpers (poly.c).
CCE_HIDDEN void cce_mldsa_poly_freeze(int32_t a[MLDSA_N]);
CCE_HIDDEN void cce_mldsa_poly_center(int32_t a[MLDSA_N]);  // any input -> exact centered
CCE_HIDDEN void cce_mldsa_poly_reduce(int32_t a[MLDSA_N]);
// All-ones if some |a[i]| >= bound (a centered), else 0. Constant time.
CCE_HIDDEN uint32_t cce_mldsa_poly_norm_ge(const int32_t a[MLDSA_N], int32_t bound);

// ---- Sampling (sample.c), FIPS 204 section 7.3 ------------------------------
// ExpandA: either store every entry A[i][j] (A != NULL, k*l polys,
// row-major), or accumulate acc[i] += A[i][j] o v[j] R^-1 (A == NULL) without
// keeping A. Four SHAKE128 streams at once. rho is public.
CCE_HIDDEN void cce_mldsa_expand_a(const mldsa_params *P, const mldsa_backend *be, const uint8_t rho[32],
                                   mldsa_poly *A, mldsa_poly *acc, const mldsa_poly *v);
// RejBoundedPoly on one SHAKE256 block, portable (the back end's rej_eta).
CCE_HIDDEN unsigned cce_mldsa_rej_eta(int32_t *a, unsigned ctr, const uint8_t *buf, int32_t eta);
// RejNTTPoly on one SHAKE128 block, portable (the back end's rej_ntt).
CCE_HIDDEN unsigned cce_mldsa_rej_ntt(int32_t *a, unsigned ctr, const uint8_t *buf);
// ExpandS: s1 (l polys) and s2 (k polys) from rho' (64 bytes). Constant time
// up to the rejection pattern (see sample.c).
CCE_HIDDEN void cce_mldsa_expand_s(const mldsa_params *P, const uint8_t rhop[64], mldsa_poly *s1, mldsa_poly *s2);
// ExpandMask: y (l polys) for counter kappa. With spare == NULL, exactly
// the l polynomials. Else every batch uses all four SHAKE256 lanes: the
// polynomials past kappa + l - 1 (at most 3, those of the next counter
// kappa + l) are left in spare[0..*nspare), and the next call (with counter
// kappa + l) takes them from there instead of recomputing them (signing may
// append more, up to l in all, for counters kappa + l + *nspare, ...).
// *nspare must be 0 on the first call.
CCE_HIDDEN void cce_mldsa_expand_mask(const mldsa_params *P, const uint8_t rhopp[64], unsigned kappa,
                                      mldsa_poly *y, mldsa_poly *spare, unsigned *nspare);
// SampleInBall(c~) into c (coefficients -1, 0, 1). Constant time.
CCE_HIDDEN void cce_mldsa_sample_in_ball(const mldsa_params *P, int32_t c[MLDSA_N], const uint8_t *ctilde);
// The same for a public c~ (verification): direct indexing.
CCE_HIDDEN void cce_mldsa_sample_in_ball_public(const mldsa_params *P, int32_t c[MLDSA_N], const uint8_t *ctilde);

// Test hook: values that are public by design (rho, rejection decisions,
// the released hint and signature) are passed to this function, a no-op in
// the module. tests/ct/ct_mldsa.c overrides this weak symbol to tell
// valgrind the value is public.
CCE_HIDDEN void cce_mldsa_ct_public(const void *p, size_t len);

// ---- Encodings (encode.c), FIPS 204 section 7.1/7.2 --------------------------
// out += bits*32 bytes: BitPack of (offset - a[i]) when neg, else a[i].
CCE_HIDDEN void cce_mldsa_pack(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg);
// Inverse of cce_mldsa_pack: a[i] = offset - v (neg) or v.
CCE_HIDDEN void cce_mldsa_unpack(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg);
// The same without dispatch (every width), and the AVX2 forms (widths 3, 4,
// 10, 13; others go to the scalar form; CPU with AVX2 only, encode_avx2.c).
// cce_mldsa_pack/unpack use the AVX2 forms when the AVX2 back end is in use.
CCE_HIDDEN void cce_mldsa_pack_scalar(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg);
CCE_HIDDEN void cce_mldsa_unpack_scalar(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset,
                                        int neg);
CCE_HIDDEN void cce_mldsa_pack_avx2(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg);
CCE_HIDDEN void cce_mldsa_unpack_avx2(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg);
// HintBitPack of h (k polys of 0/1 bytes) into omega + k bytes.
CCE_HIDDEN void cce_mldsa_hint_pack(const mldsa_params *P, uint8_t *out, const uint8_t h[][MLDSA_N]);
// HintBitUnpack with every check of FIPS 204 Algorithm 21; 0 if malformed.
CCE_HIDDEN int cce_mldsa_hint_unpack(const mldsa_params *P, uint8_t h[][MLDSA_N], const uint8_t *in);

// ---- Algorithms (mldsa.c) ----------------------------------------------------
// ML-DSA.KeyGen_internal (Algorithm 6).
CCE_HIDDEN void cce_mldsa_keygen_impl(const mldsa_params *P, uint8_t *pk, uint8_t *sk, const uint8_t xi[32]);
// ML-DSA.Sign_internal from mu (Algorithm 7 with mu given). Returns CCE_OK,
// CCE_ERR_KEY_INVALID (s1/s2 out of range) or CCE_ERR_INTERNAL (iteration
// bound reached, probability < 2^-100).
CCE_HIDDEN cce_status cce_mldsa_sign_mu_impl(const mldsa_params *P, uint8_t *sig, const uint8_t *sk,
                                             const uint8_t mu[64], const uint8_t rnd[32]);
// ML-DSA.Verify_internal from mu (Algorithm 8): 1 valid, 0 not.
CCE_HIDDEN int cce_mldsa_verify_mu_impl(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk,
                                        const uint8_t mu[64]);
// mu = H(tr || M', 64) where M' = pre (pre_len bytes) || msg.
CCE_HIDDEN void cce_mldsa_mu_impl(uint8_t mu[64], const uint8_t tr[64], const uint8_t *pre, size_t pre_len,
                                  const uint8_t *msg, size_t msg_len);
// tr = H(pk, 64).
CCE_HIDDEN void cce_mldsa_tr_impl(const mldsa_params *P, uint8_t tr[64], const uint8_t *pk);

// Forces the back end (tests): NULL restores the CPU's choice.
CCE_HIDDEN void cce_mldsa_force_backend(const mldsa_backend *be);

#ifdef CCE_TEST_HOOKS
// Test builds only: nonzero makes the pairwise consistency test fail.
extern CCE_HIDDEN int cce_mldsa_test_break_pct;
#endif

// Self-test (selftest_list.h).
CCE_HIDDEN cce_status cce_kat_mldsa(void);

#endif  // CCE_SRC_MLDSA_INTERNAL_H
