// Internal interface of the ML-KEM family (FIPS 203): parameter sets, the
// polynomial arithmetic back ends (portable C in poly.c, AVX2 in
// poly_avx2.c), sampling and encodings (poly.c), and the `_impl` functions of
// K-PKE / ML-KEM (mlkem.c), which do no state check and leave the service
// indicator alone.
//
// Representation: a polynomial is 256 int16_t coefficients, aligned to 32
// bytes. In the NTT domain the coefficients are in the order of FIPS 203
// (128 pairs (f[2i], f[2i+1]), pair i reduced modulo X^2 - zeta^(2brv7(i)+1)),
// the same order ByteEncode12 writes, so both back ends share every encoding.
// Multiplications use signed Montgomery arithmetic with R = 2^16.

#ifndef CCE_SRC_MLKEM_INTERNAL_H
#define CCE_SRC_MLKEM_INTERNAL_H

#include "../core/internal.h"
#include "cce/mlkem.h"

#define MLKEM_N 256
#define MLKEM_Q 3329
#define MLKEM_QINV (-3327)    // q^-1 mod 2^16, as int16
#define MLKEM_BARRETT_V 20159 // round(2^26 / q)
#define MLKEM_R2 1353         // 2^32 mod q (Montgomery form of R)
#define MLKEM_INVNTT_F 1441   // 2^32 / 128 mod q (128^-1 with the R^-1 of basemul undone)
#define MLKEM_KMAX 4

typedef struct mlkem_poly {
  _Alignas(32) int16_t c[MLKEM_N];
} mlkem_poly;

typedef struct mlkem_params {
  unsigned k, eta1, du, dv;
  size_t ek_bytes, dk_bytes, ct_bytes;
} mlkem_params;

// NULL for an unknown parameter set.
CCE_HIDDEN const mlkem_params *cce_mlkem_params_get(cce_mlkem_param p);

// ---- Arithmetic back ends -------------------------------------------------
// Bounds (both back ends honour them; the unit test compares them):
//   ntt:         input |x| <= q; output in standard NTT order, |x| < q.
//   invntt:      input |x| <= 8q; output = NTT^-1(x) * R (undoes the R^-1 of
//                basemul), |x| < q.
//   basemul_acc: r = sum_{j<k} a[j*as] o b[j] * R^-1 (o: MultiplyNTTs), inputs
//                |x| < q, output |x| < q. r must not alias a or b.
//   reduce:      |x| < q, congruent (any int16 input).
//   tomont:      x * R mod q, |x| < q (any int16 input).
//   compress:    ByteEncode_d(Compress_d(a)), a canonical, d in {4, 5, 10, 11}.
//   decompress:  Decompress_d(ByteDecode_d(in)), d in {4, 5, 10, 11}.
//   tobytes, frombytes, cbd, rej: as cce_mlkem_poly_tobytes, _frombytes,
//                _cbd, cce_mlkem_rej_uniform.
typedef struct mlkem_arith {
  const char *name;
  void (*ntt)(int16_t r[MLKEM_N]);
  void (*invntt)(int16_t r[MLKEM_N]);
  void (*basemul_acc)(int16_t r[MLKEM_N], const mlkem_poly *a, size_t as, const mlkem_poly *b, unsigned k);
  void (*reduce)(int16_t r[MLKEM_N]);
  void (*tomont)(int16_t r[MLKEM_N]);
  void (*compress)(uint8_t *out, const struct mlkem_poly *a, unsigned d);
  void (*decompress)(struct mlkem_poly *r, const uint8_t *in, unsigned d);
  void (*tobytes)(uint8_t out[384], const struct mlkem_poly *a);
  void (*frombytes)(struct mlkem_poly *r, const uint8_t in[384]);
  void (*cbd)(struct mlkem_poly *r, const uint8_t *buf, unsigned eta);
  unsigned (*rej)(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len);
} mlkem_arith;

CCE_HIDDEN extern const mlkem_arith cce_mlkem_arith_portable;
#if defined(__x86_64__)
CCE_HIDDEN extern const mlkem_arith cce_mlkem_arith_avx2;  // needs CCE_CPU_AVX2
#endif
// The back end for this CPU (AVX2 when cce_cpu_has(CCE_CPU_AVX2)).
CCE_HIDDEN const mlkem_arith *cce_mlkem_arith(void);

// Scalar helpers (poly.c), exposed for the unit test.
CCE_HIDDEN int16_t cce_mlkem_montgomery_reduce(int32_t a);
CCE_HIDDEN int16_t cce_mlkem_barrett_reduce(int16_t a);

// ---- Sampling and encodings (poly.c) ----------------------------------------
// Compress_d / Decompress_d of FIPS 203 (4.7): x in [0, q); constant time
// (multiply and shift, no division).
static inline uint16_t cce_mlkem_compress(uint16_t x, unsigned d) {
  // round(2^d x / q) = floor((2^d x + (q-1)/2) / q); floor(n / q) computed as
  // (n * ceil(2^40 / q)) >> 40, exact for n < 2^24 (checked for every x and
  // d in the unit test).
  uint64_t n = ((uint64_t)x << d) + (MLKEM_Q - 1) / 2;
  return (uint16_t)(((n * 330282857u) >> 40) & ((1u << d) - 1));
}
static inline uint16_t cce_mlkem_decompress(uint16_t y, unsigned d) {
  return (uint16_t)(((uint32_t)y * MLKEM_Q + (1u << (d - 1))) >> d);
}

// Map every coefficient to [0, q) (after reduce: |x| < q).
CCE_HIDDEN void cce_mlkem_poly_canonical(mlkem_poly *r);
// ByteEncode12 of a canonical polynomial (384 bytes) / ByteDecode12.
CCE_HIDDEN void cce_mlkem_poly_tobytes(uint8_t out[384], const mlkem_poly *a);
CCE_HIDDEN void cce_mlkem_poly_frombytes(mlkem_poly *r, const uint8_t in[384]);
// Nonzero if some 12-bit value of `in` (384 * k bytes) is >= q (the
// modulus check of FIPS 203 7.2). Public data.
CCE_HIDDEN int cce_mlkem_ek_overflow(const uint8_t *in, unsigned k);
// ByteEncode_d(Compress_d(a)) of a canonical polynomial (32 * d bytes) and
// Decompress_d(ByteDecode_d(in)).
CCE_HIDDEN void cce_mlkem_poly_compress(uint8_t *out, const mlkem_poly *a, unsigned d);
CCE_HIDDEN void cce_mlkem_poly_decompress(mlkem_poly *r, const uint8_t *in, unsigned d);
// Message: Decompress_1(ByteDecode_1(m)) and ByteEncode_1(Compress_1(a)).
CCE_HIDDEN void cce_mlkem_poly_frommsg(mlkem_poly *r, const uint8_t msg[32]);
CCE_HIDDEN void cce_mlkem_poly_tomsg(uint8_t msg[32], const mlkem_poly *a);
// Rejection sampling of SampleNTT (Algorithm 7): appends to r[ctr..256)
// the 12-bit values of buf[0..len) below q (len a multiple of 3); returns the
// new count. Public data only.
CCE_HIDDEN unsigned cce_mlkem_rej_uniform(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len);
// SamplePolyCBD_eta from 64 * eta bytes (eta 2 or 3).
CCE_HIDDEN void cce_mlkem_poly_cbd(mlkem_poly *r, const uint8_t *buf, unsigned eta);
// Row i of A-hat (transposed = 0: A[i][j] = SampleNTT(rho || j || i)) or of
// its transpose (A[j][i]), j < k, with four SHAKE128 streams at once.
// Public data (rho is part of the encapsulation key).
CCE_HIDDEN void cce_mlkem_gen_row(mlkem_poly *row, const uint8_t rho[32], unsigned i, unsigned k,
                                  int transposed);
// Key generation's sampling in one pass: mat[k i + j] = A-hat[i][j] (as
// cce_mlkem_gen_row, not transposed) and se[N] = SamplePolyCBD_eta(
// PRF_eta(sigma, N)) for N < 2k, with a lane of the 4-way permutation taking
// the next polynomial as soon as its previous one is done. Wipes its buffers
// and the Keccak stack.
CCE_HIDDEN void cce_mlkem_gen_matrix_noise(mlkem_poly *mat, const uint8_t rho[32], unsigned k, mlkem_poly *se,
                                           const uint8_t sigma[32], unsigned eta);
// `count` (1..4) polynomials r[t] = SamplePolyCBD_eta(PRF_eta(sigma, n0 + t))
// with four SHAKE256 streams at once. Wipes its buffers and the Keccak stack.
CCE_HIDDEN void cce_mlkem_sample_noise(mlkem_poly *r, const uint8_t sigma[32], uint8_t n0, unsigned count,
                                       unsigned eta);

// ---- ML-KEM (mlkem.c) ----------------------------------------------------------
// Sizes are those of `p` (checked by the caller).
CCE_HIDDEN void cce_mlkem_keygen_impl(const mlkem_params *p, uint8_t *ek, uint8_t *dk, const uint8_t d[32],
                                      const uint8_t z[32]);
// ek must have passed the modulus check.
CCE_HIDDEN void cce_mlkem_encaps_impl(const mlkem_params *p, uint8_t *ct, uint8_t ss[32], const uint8_t *ek,
                                      const uint8_t m[32]);
// dk must have passed the hash check. Implicit rejection in constant time.
CCE_HIDDEN void cce_mlkem_decaps_impl(const mlkem_params *p, uint8_t ss[32], const uint8_t *ct, const uint8_t *dk);
// Nonzero if H(ek) in dk does not match its embedded ek.
CCE_HIDDEN int cce_mlkem_dk_hash_bad(const mlkem_params *p, const uint8_t *dk);

// Test hook: values that are public by design (rho, the PCT verdict) are
// passed to this function, a no-op in the module. The constant-time test
// program (tests/ct/ct_mlkem.c) overrides this weak symbol to tell valgrind
// the value is public.
CCE_HIDDEN void cce_mlkem_ct_public(const void *p, size_t len);

#ifdef CCE_TEST_HOOKS
// Test builds only: nonzero makes the next pairwise consistency tests fail.
extern CCE_HIDDEN int cce_mlkem_test_break_pct;
#endif

// Self-test (selftest_list.h).
CCE_HIDDEN cce_status cce_kat_mlkem(void);

#endif  // CCE_SRC_MLKEM_INTERNAL_H
