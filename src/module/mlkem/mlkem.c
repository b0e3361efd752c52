// ML-KEM (FIPS 203): K-PKE (Algorithms 13-15), ML-KEM internal functions
// (Algorithms 16-18) and the public services (Algorithms 19-21 with the
// input checks of section 7), the pairwise consistency test and the
// known-answer self-test.
//
// Constant time: the secret values (d, z, sigma, s, e, m, r, y, K, the
// decrypted m') never select a branch or an address. The re-encryption check
// of decapsulation compares c and c' with an OR of XORs and selects K' or
// K-bar = J(z || c) with a mask. The matrix A-hat is expanded from rho, which
// is public (part of ek), by rejection sampling (poly.c).

#include "internal.h"

#include "../hash/internal.h"
#include "../rand/internal.h"

static const mlkem_params mlkem_param_sets[3] = {
    {2, 3, 10, 4, CCE_MLKEM512_EK_BYTES, CCE_MLKEM512_DK_BYTES, CCE_MLKEM512_CT_BYTES},
    {3, 2, 10, 4, CCE_MLKEM768_EK_BYTES, CCE_MLKEM768_DK_BYTES, CCE_MLKEM768_CT_BYTES},
    {4, 2, 11, 5, CCE_MLKEM1024_EK_BYTES, CCE_MLKEM1024_DK_BYTES, CCE_MLKEM1024_CT_BYTES},
};

// see internal.h
const mlkem_params *cce_mlkem_params_get(cce_mlkem_param p) {
  switch (p) {
    case CCE_MLKEM_512: return &mlkem_param_sets[0];
    case CCE_MLKEM_768: return &mlkem_param_sets[1];
    case CCE_MLKEM_1024: return &mlkem_param_sets[2];
    default: return NULL;
  }
}

// see internal.h: a no-op in the module (weak: the constant-time test
// replaces it; hidden, so nothing outside a static link can).
__attribute__((weak, noinline)) void cce_mlkem_ct_public(const void *p, size_t len) {
  __asm__ __volatile__("" : : "r"(p), "r"(len) : "memory");
}

#ifdef CCE_TEST_HOOKS
int cce_mlkem_test_break_pct;
#endif

// ---------------------------------------------------------------------------
// Hash functions of FIPS 203 4.1.

// H = SHA3-256
static void hash_h(uint8_t out[32], const uint8_t *in, size_t len) {
  cce_sha3_state st;
  cce_sha3_init_impl(&st, CCE_HASH_SHA3_256);
  cce_sha3_absorb_impl(&st, in, len);
  cce_sha3_final_impl(&st, out);  // wipes st
}

// G = SHA3-512 of a || b (b is 32 bytes, or 1 byte in K-PKE.KeyGen)
static void hash_g(uint8_t out[64], const uint8_t a[32], const uint8_t *b, size_t blen) {
  cce_sha3_state st;
  cce_sha3_init_impl(&st, CCE_HASH_SHA3_512);
  cce_sha3_absorb_impl(&st, a, 32);
  cce_sha3_absorb_impl(&st, b, blen);
  cce_sha3_final_impl(&st, out);
}

// J(z || c) = SHAKE256(z || c, 32 bytes)
static void hash_j(uint8_t out[32], const uint8_t z[32], const uint8_t *c, size_t clen) {
  cce_sha3_state st;
  cce_sha3_init_impl(&st, CCE_HASH_SHAKE256);
  cce_sha3_absorb_impl(&st, z, 32);
  cce_sha3_absorb_impl(&st, c, clen);
  cce_shake_squeeze_impl(&st, out, 32);
  cce_wipe(&st, sizeof st);
}

// H(ek) and J(z || c) together on two lanes of the 4-way permutation (both
// have rate 136 bytes; SHA3-256 pads with 0x06, SHAKE256 with 0x1f; each
// output is the first 32 bytes of the state after the lane's last block).
// Used by decapsulation, whose hash check and K-bar are independent.
#define RATE136 136
static void hash_h_j(uint8_t h[32], const uint8_t *ek, size_t ek_len, uint8_t kbar[32], const uint8_t z[32],
                     const uint8_t *c, size_t c_len) {
  _Alignas(32) uint64_t s[4][25];
  uint8_t zc[32 + CCE_MLKEM_MAX_CT_BYTES], last[2][RATE136];
  const uint8_t *msg[2] = {ek, zc};
  const size_t len[2] = {ek_len, 32 + c_len};
  const uint8_t ds[2] = {0x06, 0x1f};
  size_t nblocks[2];
  uint8_t *out[2] = {h, kbar};
  memcpy(zc, z, 32);
  memcpy(zc + 32, c, c_len);
  memset(s, 0, sizeof s);
  for (unsigned l = 0; l < 2; l++) {
    nblocks[l] = len[l] / RATE136 + 1;  // the last block holds the padding
    size_t rem = len[l] % RATE136;
    memset(last[l], 0, RATE136);
    memcpy(last[l], msg[l] + len[l] - rem, rem);
    last[l][rem] = ds[l];
    last[l][RATE136 - 1] |= 0x80;
  }
  size_t nmax = nblocks[0] > nblocks[1] ? nblocks[0] : nblocks[1];
  for (size_t b = 0; b < nmax; b++) {
    for (unsigned l = 0; l < 2; l++) {
      if (b >= nblocks[l]) continue;
      const uint8_t *blk = b + 1 == nblocks[l] ? last[l] : msg[l] + b * RATE136;
      for (unsigned i = 0; i < RATE136 / 8; i++) s[l][i] ^= cce_load64_le(blk + 8 * i);
    }
    cce_keccak_f1600_x4(s);
    for (unsigned l = 0; l < 2; l++)
      if (b + 1 == nblocks[l])
        for (unsigned i = 0; i < 4; i++) cce_store64_le(out[l] + 8 * i, s[l][i]);
  }
  cce_wipe(s, sizeof s);
  cce_wipe(zc, 32);
  cce_wipe(last[1], sizeof last[1]);
  cce_keccak_scrub_stack();
}

// `count` noise polynomials with consecutive nonces n0.., four at a time.
static void sample_noise_n(mlkem_poly *r, const uint8_t sigma[32], unsigned n0, unsigned count, unsigned eta) {
  for (unsigned i = 0; i < count; i += 4) {
    unsigned c = count - i < 4 ? count - i : 4;
    cce_mlkem_sample_noise(r + i, sigma, (uint8_t)(n0 + i), c, eta);
  }
}

// 64-bit OR-of-XOR comparison: all-ones if equal. Time depends on len only.
static uint32_t ct_eq_mask(const uint8_t *a, const uint8_t *b, size_t len) {
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) acc |= cce_load64_le(a + i) ^ cce_load64_le(b + i);
  for (; i < len; i++) acc |= (uint64_t)(a[i] ^ b[i]);
  return (uint32_t)cce_ct_eq_mask64(acc, 0);
}

// ---------------------------------------------------------------------------
// K-PKE and ML-KEM internal functions.

// K-PKE.KeyGen(d) (Algorithm 13) inside ML-KEM.KeyGen_internal(d, z)
// (Algorithm 16). If `mat` is not NULL, A-hat is left there (k rows of k
// polynomials) for the pairwise consistency test.
static void keygen_core(const mlkem_params *p, uint8_t *ek, uint8_t *dk, const uint8_t d[32], const uint8_t z[32],
                        mlkem_poly *mat) {
  const mlkem_arith *ar = cce_mlkem_arith();
  const unsigned k = p->k;
  uint8_t rs[64];  // rho || sigma
  mlkem_poly se[2 * MLKEM_KMAX], row[MLKEM_KMAX], t;
  uint8_t kb = (uint8_t)k;

  hash_g(rs, d, &kb, 1);
  cce_mlkem_ct_public(rs, 32);  // rho is published in ek
  if (mat != NULL) {
    cce_mlkem_gen_matrix_noise(mat, rs, k, se, rs + 32, p->eta1);  // all of A-hat, s and e
  } else {
    sample_noise_n(se, rs + 32, 0, 2 * k, p->eta1);
  }
  for (unsigned i = 0; i < 2 * k; i++) ar->ntt(se[i].c);
  for (unsigned i = 0; i < k; i++) {
    mlkem_poly *ri = mat != NULL ? mat + k * i : row;
    if (mat == NULL) cce_mlkem_gen_row(ri, rs, i, k, 0);
    ar->basemul_acc(t.c, ri, 1, se, k);
    ar->tomont(t.c);
    for (unsigned j = 0; j < MLKEM_N; j++) t.c[j] = (int16_t)(t.c[j] + se[k + i].c[j]);
    ar->reduce(t.c);
    cce_mlkem_poly_canonical(&t);
    ar->tobytes(ek + 384 * i, &t);
  }
  memcpy(ek + 384 * k, rs, 32);
  for (unsigned i = 0; i < k; i++) {
    cce_mlkem_poly_canonical(&se[i]);
    ar->tobytes(dk + 384 * i, &se[i]);
  }
  uint8_t *dk_ek = dk + 384 * k;
  memcpy(dk_ek, ek, p->ek_bytes);
  hash_h(dk_ek + p->ek_bytes, ek, p->ek_bytes);
  memcpy(dk_ek + p->ek_bytes + 32, z, 32);
  cce_wipe(rs, sizeof rs);
  cce_wipe(se, sizeof se);
  cce_wipe(&t, sizeof t);
}

// see internal.h
void cce_mlkem_keygen_impl(const mlkem_params *p, uint8_t *ek, uint8_t *dk, const uint8_t d[32],
                           const uint8_t z[32]) {
  keygen_core(p, ek, dk, d, z, NULL);
}

// K-PKE.Encrypt(ek, m, r) (Algorithm 14). ek passed the modulus check.
// `mat`: A-hat of ek from keygen_core, or NULL to expand it from rho.
static void pke_encrypt(const mlkem_params *p, const mlkem_arith *ar, uint8_t *ct, const uint8_t *ek,
                        const uint8_t m[32], const uint8_t r[32], const mlkem_poly *mat) {
  const unsigned k = p->k;
  const uint8_t *rho = ek + 384 * k;
  mlkem_poly ye[2 * MLKEM_KMAX + 1], row[MLKEM_KMAX], u, mu;
  mlkem_poly *y = ye, *e1 = ye + k, *e2 = ye + 2 * k;

  if (p->eta1 == 2) {
    sample_noise_n(ye, r, 0, 2 * k + 1, 2);
  } else {
    sample_noise_n(y, r, 0, k, p->eta1);
    sample_noise_n(e1, r, k, k + 1, 2);
  }
  for (unsigned i = 0; i < k; i++) ar->ntt(y[i].c);
  for (unsigned i = 0; i < k; i++) {
    if (mat != NULL) {
      ar->basemul_acc(u.c, mat + i, k, y, k);  // row i of the transpose: column i of A
    } else {
      cce_mlkem_gen_row(row, rho, i, k, 1);
      ar->basemul_acc(u.c, row, 1, y, k);
    }
    ar->invntt(u.c);
    for (unsigned j = 0; j < MLKEM_N; j++) u.c[j] = (int16_t)(u.c[j] + e1[i].c[j]);
    ar->reduce(u.c);
    cce_mlkem_poly_canonical(&u);
    ar->compress(ct + 32 * p->du * i, &u, p->du);
  }
  for (unsigned i = 0; i < k; i++) ar->frombytes(&row[i], ek + 384 * i);
  ar->basemul_acc(u.c, row, 1, y, k);
  ar->invntt(u.c);
  cce_mlkem_poly_frommsg(&mu, m);
  for (unsigned j = 0; j < MLKEM_N; j++) u.c[j] = (int16_t)(u.c[j] + e2->c[j] + mu.c[j]);
  ar->reduce(u.c);
  cce_mlkem_poly_canonical(&u);
  ar->compress(ct + 32 * p->du * k, &u, p->dv);
  cce_wipe(ye, sizeof ye);
  cce_wipe(&u, sizeof u);
  cce_wipe(&mu, sizeof mu);
}

// K-PKE.Decrypt(dk_PKE, c) (Algorithm 15).
static void pke_decrypt(const mlkem_params *p, const mlkem_arith *ar, uint8_t m[32], const uint8_t *ct,
                        const uint8_t *dk_pke) {
  const unsigned k = p->k;
  mlkem_poly u[MLKEM_KMAX], s[MLKEM_KMAX], w, v;
  for (unsigned i = 0; i < k; i++) {
    ar->decompress(&u[i], ct + 32 * p->du * i, p->du);
    ar->ntt(u[i].c);
    ar->frombytes(&s[i], dk_pke + 384 * i);
  }
  ar->basemul_acc(w.c, s, 1, u, k);
  ar->invntt(w.c);
  ar->decompress(&v, ct + 32 * p->du * k, p->dv);
  for (unsigned j = 0; j < MLKEM_N; j++) w.c[j] = (int16_t)(v.c[j] - w.c[j]);
  ar->reduce(w.c);
  cce_mlkem_poly_canonical(&w);
  cce_mlkem_poly_tomsg(m, &w);
  cce_wipe(s, sizeof s);
  cce_wipe(&w, sizeof w);
}

// ML-KEM.Encaps_internal(ek, m) (Algorithm 17) with H(ek) given.
static void encaps_core(const mlkem_params *p, uint8_t *ct, uint8_t ss[32], const uint8_t *ek, const uint8_t h[32],
                        const uint8_t m[32], const mlkem_poly *mat) {
  uint8_t kr[64];
  hash_g(kr, m, h, 32);
  pke_encrypt(p, cce_mlkem_arith(), ct, ek, m, kr + 32, mat);
  memcpy(ss, kr, 32);
  cce_wipe(kr, sizeof kr);
}

// see internal.h. ML-KEM.Encaps_internal(ek, m) (Algorithm 17).
void cce_mlkem_encaps_impl(const mlkem_params *p, uint8_t *ct, uint8_t ss[32], const uint8_t *ek,
                           const uint8_t m[32]) {
  uint8_t h[32];
  hash_h(h, ek, p->ek_bytes);
  encaps_core(p, ct, ss, ek, h, m, NULL);
}

// Marker for decaps_core's `kbar_given`: K-bar computed only if c != c'
// (the pairwise consistency test, where that comparison is public).
static const uint8_t pct_lazy_kbar[1];

// ML-KEM.Decaps_internal(dk, c) (Algorithm 18); `mat` as for pke_encrypt;
// `kbar_given`: J(z || c) if already computed, pct_lazy_kbar (see above), or
// NULL.
static void decaps_core(const mlkem_params *p, uint8_t ss[32], const uint8_t *ct, const uint8_t *dk,
                        const mlkem_poly *mat, const uint8_t *kbar_given) {
  const mlkem_arith *ar = cce_mlkem_arith();
  const uint8_t *ek = dk + 384 * p->k;
  const uint8_t *h = ek + p->ek_bytes;
  const uint8_t *z = h + 32;
  uint8_t m[32], kr[64], kbar[32], ct2[CCE_MLKEM_MAX_CT_BYTES];

  pke_decrypt(p, ar, m, ct, dk);
  hash_g(kr, m, h, 32);
  pke_encrypt(p, ar, ct2, ek, m, kr + 32, mat);
  // K' if c == c', else K-bar: a mask from the comparison, no branch.
  uint32_t eq = ct_eq_mask(ct, ct2, p->ct_bytes);
  if (kbar_given == pct_lazy_kbar) {
    // Pairwise consistency test: c was made here from ek, so c == c' is the
    // (public) outcome of the test, and K-bar = J(z || c) is only computed
    // when it is used. The output is the same as below.
    uint32_t eq_pub = eq;
    cce_mlkem_ct_public(&eq_pub, sizeof eq_pub);
    if (!eq_pub) hash_j(kbar, z, ct, p->ct_bytes);
    else memset(kbar, 0, sizeof kbar);
  } else if (kbar_given != NULL) {
    memcpy(kbar, kbar_given, 32);
  } else {
    hash_j(kbar, z, ct, p->ct_bytes);
  }
  cce_ct_cmov(kr, kbar, 32, ~eq);
  memcpy(ss, kr, 32);
  cce_wipe(m, sizeof m);
  cce_wipe(kr, sizeof kr);
  cce_wipe(kbar, sizeof kbar);
  cce_wipe(ct2, sizeof ct2);
}

// see internal.h
void cce_mlkem_decaps_impl(const mlkem_params *p, uint8_t ss[32], const uint8_t *ct, const uint8_t *dk) {
  decaps_core(p, ss, ct, dk, NULL, NULL);
}

// see internal.h. Hash check (FIPS 203 7.3): H(ek) == h, on public values.
int cce_mlkem_dk_hash_bad(const mlkem_params *p, const uint8_t *dk) {
  uint8_t h[32];
  const uint8_t *ek = dk + 384 * p->k;
  hash_h(h, ek, p->ek_bytes);
  return ct_eq_mask(h, ek + p->ek_bytes, 32) == 0;
}

// ---------------------------------------------------------------------------
// Public services.

static cce_status mlkem_gate(void) {
  cce_status st = cce_svc_check2(CCE_ST_SHA3, CCE_ST_SHAKE);
  return st != CCE_OK ? st : cce_svc_check(CCE_ST_MLKEM);
}

// see mlkem.h
cce_status cce_mlkem_sizes(cce_mlkem_param param, size_t *ek_len, size_t *dk_len, size_t *ct_len) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  if (p == NULL) return CCE_ERR_INVALID_ARG;
  if (ek_len != NULL) *ek_len = p->ek_bytes;
  if (dk_len != NULL) *dk_len = p->dk_bytes;
  if (ct_len != NULL) *ct_len = p->ct_bytes;
  return CCE_OK;
}

// Common checks of the key-generation services.
static cce_status keygen_args(const mlkem_params *p, const uint8_t *ek, size_t ek_len, const uint8_t *dk,
                              size_t dk_len) {
  if (ek == NULL || dk == NULL) return CCE_ERR_NULL_POINTER;
  if (p == NULL) return CCE_ERR_INVALID_ARG;
  if (ek_len < p->ek_bytes || dk_len < p->dk_bytes) return CCE_ERR_BUFFER_TOO_SMALL;
  return CCE_OK;
}

// Pairwise consistency test (FIPS 140-3 IG 10.3.A): encapsulate to ek,
// decapsulate with dk, compare the shared secrets. H(ek) is taken from dk
// and A-hat from key generation (`mat`), which the key pair was made from;
// A-hat, s and e were sampled together (cce_mlkem_gen_matrix_noise), and
// the implicit-rejection key J(z || c) is computed only if the re-encryption
// differs (pct_lazy_kbar).
static cce_status mlkem_pct(const mlkem_params *p, const uint8_t *ek, const uint8_t *dk, const mlkem_poly *mat) {
  uint8_t m[32], ss1[32], ss2[32], ct[CCE_MLKEM_MAX_CT_BYTES];
  cce_status st = cce_random_impl(m, sizeof m);
  if (st != CCE_OK) return st;
  encaps_core(p, ct, ss1, ek, dk + 384 * p->k + p->ek_bytes, m, mat);
#ifdef CCE_TEST_HOOKS
  if (cce_mlkem_test_break_pct) ct[7] ^= 1;
#endif
  decaps_core(p, ss2, ct, dk, mat, pct_lazy_kbar);
  uint32_t ok = ct_eq_mask(ss1, ss2, 32);
  cce_mlkem_ct_public(&ok, sizeof ok);  // the verdict is public
  cce_wipe(m, sizeof m);
  cce_wipe(ss1, sizeof ss1);
  cce_wipe(ss2, sizeof ss2);
  if (ok == 0) {
    cce_module_fail("ML-KEM PCT");
    return CCE_ERR_SELFTEST;
  }
  return CCE_OK;
}

// see mlkem.h
cce_status cce_mlkem_keygen(cce_mlkem_param param, uint8_t *out_ek, size_t ek_len, uint8_t *out_dk, size_t dk_len,
                            uint8_t out_seed[CCE_MLKEM_SEED_BYTES]) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  uint8_t seed[64];
  mlkem_poly mat[MLKEM_KMAX * MLKEM_KMAX];  // public (expanded from rho)
  cce_status st = mlkem_gate();
  if (st != CCE_OK) goto fail;
  st = keygen_args(p, out_ek, ek_len, out_dk, dk_len);
  if (st != CCE_OK) goto fail;
  st = cce_random_impl(seed, sizeof seed);
  if (st != CCE_OK) goto fail;
  keygen_core(p, out_ek, out_dk, seed, seed + 32, mat);
  st = mlkem_pct(p, out_ek, out_dk, mat);
  if (st != CCE_OK) goto fail;
  if (out_seed != NULL) memcpy(out_seed, seed, sizeof seed);
  cce_wipe(seed, sizeof seed);
  return cce_indicate(CCE_OK, 1);
fail:
  cce_wipe(seed, sizeof seed);
  if (p != NULL && out_ek != NULL) cce_wipe(out_ek, ek_len < p->ek_bytes ? ek_len : p->ek_bytes);
  if (p != NULL && out_dk != NULL) cce_wipe(out_dk, dk_len < p->dk_bytes ? dk_len : p->dk_bytes);
  if (out_seed != NULL) cce_wipe(out_seed, CCE_MLKEM_SEED_BYTES);
  return cce_indicate(st, 0);
}

// see mlkem.h
cce_status cce_mlkem_keygen_seed(cce_mlkem_param param, uint8_t *out_ek, size_t ek_len, uint8_t *out_dk,
                                 size_t dk_len, const uint8_t seed[CCE_MLKEM_SEED_BYTES]) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  cce_status st = mlkem_gate();
  if (st != CCE_OK) goto fail;
  st = keygen_args(p, out_ek, ek_len, out_dk, dk_len);
  if (st != CCE_OK) goto fail;
  if (seed == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  cce_mlkem_keygen_impl(p, out_ek, out_dk, seed, seed + 32);
  return cce_indicate(CCE_OK, 1);
fail:
  if (p != NULL && out_ek != NULL) cce_wipe(out_ek, ek_len < p->ek_bytes ? ek_len : p->ek_bytes);
  if (p != NULL && out_dk != NULL) cce_wipe(out_dk, dk_len < p->dk_bytes ? dk_len : p->dk_bytes);
  return cce_indicate(st, 0);
}

// Common checks of encapsulation: arguments, ek length and modulus check.
static cce_status encaps_args(const mlkem_params *p, const uint8_t *ct, size_t ct_len, const uint8_t *ss,
                              const uint8_t *ek, size_t ek_len) {
  if (ct == NULL || ss == NULL || ek == NULL) return CCE_ERR_NULL_POINTER;
  if (p == NULL) return CCE_ERR_INVALID_ARG;
  if (ek_len != p->ek_bytes) return CCE_ERR_INVALID_LENGTH;
  if (ct_len < p->ct_bytes) return CCE_ERR_BUFFER_TOO_SMALL;
  if (cce_mlkem_ek_overflow(ek, p->k)) return CCE_ERR_KEY_INVALID;
  return CCE_OK;
}

static cce_status encaps_common(cce_mlkem_param param, uint8_t *ct, size_t ct_len, uint8_t *ss, const uint8_t *ek,
                                size_t ek_len, int derand, const uint8_t *m_given) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  uint8_t m[32];
  cce_status st = mlkem_gate();
  if (st != CCE_OK) goto fail;
  if (derand && m_given == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  st = encaps_args(p, ct, ct_len, ss, ek, ek_len);
  if (st != CCE_OK) goto fail;
  if (derand) {
    memcpy(m, m_given, 32);
  } else {
    st = cce_random_impl(m, sizeof m);
    if (st != CCE_OK) goto fail;
  }
  cce_mlkem_encaps_impl(p, ct, ss, ek, m);
  cce_wipe(m, sizeof m);
  return CCE_OK;
fail:
  cce_wipe(m, sizeof m);
  if (p != NULL && ct != NULL) cce_wipe(ct, ct_len < p->ct_bytes ? ct_len : p->ct_bytes);
  if (ss != NULL) cce_wipe(ss, 32);
  return st;
}

// see mlkem.h
cce_status cce_mlkem_encaps(cce_mlkem_param param, uint8_t *out_ct, size_t ct_len,
                            uint8_t out_ss[CCE_MLKEM_SS_BYTES], const uint8_t *ek, size_t ek_len) {
  return cce_indicate(encaps_common(param, out_ct, ct_len, out_ss, ek, ek_len, 0, NULL), 1);
}

// see mlkem.h. ML-KEM.Encaps_internal: for testing only, not approved.
cce_status cce_mlkem_encaps_derand(cce_mlkem_param param, uint8_t *out_ct, size_t ct_len,
                                   uint8_t out_ss[CCE_MLKEM_SS_BYTES], const uint8_t *ek, size_t ek_len,
                                   const uint8_t m[CCE_MLKEM_M_BYTES]) {
  return cce_indicate(encaps_common(param, out_ct, ct_len, out_ss, ek, ek_len, 1, m), 0);
}

// see mlkem.h
cce_status cce_mlkem_decaps(cce_mlkem_param param, uint8_t out_ss[CCE_MLKEM_SS_BYTES], const uint8_t *ct,
                            size_t ct_len, const uint8_t *dk, size_t dk_len) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  cce_status st = mlkem_gate();
  if (st != CCE_OK) goto fail;
  if (out_ss == NULL || ct == NULL || dk == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  if (p == NULL) {
    st = CCE_ERR_INVALID_ARG;
    goto fail;
  }
  if (ct_len != p->ct_bytes || dk_len != p->dk_bytes) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  {
    // Hash check (FIPS 203 7.3) and K-bar = J(z || c) at once.
    const uint8_t *ek = dk + 384 * p->k;
    uint8_t h[32], kbar[32];
    hash_h_j(h, ek, p->ek_bytes, kbar, ek + p->ek_bytes + 32, ct, p->ct_bytes);
    if (ct_eq_mask(h, ek + p->ek_bytes, 32) == 0) {
      cce_wipe(kbar, sizeof kbar);
      st = CCE_ERR_KEY_INVALID;
      goto fail;
    }
    decaps_core(p, out_ss, ct, dk, NULL, kbar);
    cce_wipe(kbar, sizeof kbar);
  }
  return cce_indicate(CCE_OK, 1);
fail:
  if (out_ss != NULL) cce_wipe(out_ss, 32);
  return cce_indicate(st, 0);
}

// see mlkem.h
cce_status cce_mlkem_decaps_seed(cce_mlkem_param param, uint8_t out_ss[CCE_MLKEM_SS_BYTES], const uint8_t *ct,
                                 size_t ct_len, const uint8_t seed[CCE_MLKEM_SEED_BYTES]) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  uint8_t ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
  cce_status st = mlkem_gate();
  if (st != CCE_OK) goto fail;
  if (out_ss == NULL || ct == NULL || seed == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  if (p == NULL) {
    st = CCE_ERR_INVALID_ARG;
    goto fail;
  }
  if (ct_len != p->ct_bytes) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  // A key expanded here is consistent by construction: no hash check needed.
  cce_mlkem_keygen_impl(p, ek, dk, seed, seed + 32);
  cce_mlkem_decaps_impl(p, out_ss, ct, dk);
  cce_wipe(dk, sizeof dk);
  return cce_indicate(CCE_OK, 1);
fail:
  cce_wipe(dk, sizeof dk);
  if (out_ss != NULL) cce_wipe(out_ss, 32);
  return cce_indicate(st, 0);
}

// see mlkem.h
cce_status cce_mlkem_check_ek(cce_mlkem_param param, const uint8_t *ek, size_t ek_len) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  cce_status st = mlkem_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ek == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (p == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  if (ek_len != p->ek_bytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (cce_mlkem_ek_overflow(ek, p->k)) return cce_indicate(CCE_ERR_KEY_INVALID, 0);
  return cce_indicate(CCE_OK, 1);
}

// see mlkem.h
cce_status cce_mlkem_check_dk(cce_mlkem_param param, const uint8_t *dk, size_t dk_len) {
  const mlkem_params *p = cce_mlkem_params_get(param);
  cce_status st = mlkem_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (dk == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (p == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  if (dk_len != p->dk_bytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (cce_mlkem_dk_hash_bad(p, dk)) return cce_indicate(CCE_ERR_KEY_INVALID, 0);
  return cce_indicate(CCE_OK, 1);
}

// ---------------------------------------------------------------------------
// Self-test (selftest_list.h): ML-KEM-768 key generation from the seed d || z,
// encapsulation with a given m, decapsulation of that ciphertext, and
// decapsulation of the ciphertext with its first bit flipped (implicit
// rejection). Inputs and answers from Wycheproof (C2SP/wycheproof
// testvectors_v1: mlkem_768_keygen_seed_test.json tcId 1,
// mlkem_768_encaps_test.json tcId 14, mlkem_768_test.json tcId 2, "official
// round 3 seeds 0"); ek, dk and c are compared through their SHA3-256
// digests; K-bar = SHAKE256(z || c', 32) for the modified ciphertext c'.
CCE_HIDDEN cce_status cce_kat_mlkem(void) {
  static const uint8_t seed[64] = {
      0x7c, 0x99, 0x35, 0xa0, 0xb0, 0x76, 0x94, 0xaa, 0x0c, 0x6d, 0x10, 0xe4, 0xdb, 0x6b, 0x1a, 0xdd,
      0x2f, 0xd8, 0x1a, 0x25, 0xcc, 0xb1, 0x48, 0x03, 0x2d, 0xcd, 0x73, 0x99, 0x36, 0x73, 0x7f, 0x2d,
      0x86, 0x26, 0xed, 0x79, 0xd4, 0x51, 0x14, 0x08, 0x00, 0xe0, 0x3b, 0x59, 0xb9, 0x56, 0xf8, 0x21,
      0x0e, 0x55, 0x60, 0x67, 0x40, 0x7d, 0x13, 0xdc, 0x90, 0xfa, 0x9e, 0x8b, 0x87, 0x2b, 0xfb, 0x8f};
  static const uint8_t m[32] = {
      0x14, 0x7c, 0x03, 0xf7, 0xa5, 0xbe, 0xbb, 0xa4, 0x06, 0xc8, 0xfa, 0xe1, 0x87, 0x4d, 0x7f, 0x13,
      0xc8, 0x0e, 0xfe, 0x79, 0xa3, 0xa9, 0xa8, 0x74, 0xcc, 0x09, 0xfe, 0x76, 0xf6, 0x99, 0x76, 0x15};
  static const uint8_t ek_sha3[32] = {
      0xf5, 0x72, 0x62, 0x66, 0x13, 0x58, 0xcd, 0xe8, 0xd3, 0xeb, 0xf9, 0x90, 0xe5, 0xfd, 0x1d, 0x5b,
      0x89, 0x6c, 0x99, 0x2c, 0xcf, 0xaa, 0xdb, 0x52, 0x56, 0xb6, 0x8b, 0xbf, 0x59, 0x43, 0xb1, 0x32};
  static const uint8_t dk_sha3[32] = {
      0x7d, 0xee, 0xf4, 0x49, 0x65, 0xb0, 0x3d, 0x76, 0xde, 0x54, 0x3a, 0xd6, 0xef, 0x9e, 0x74, 0xa2,
      0x77, 0x2f, 0xa5, 0xa9, 0xfa, 0x0e, 0x76, 0x11, 0x20, 0xda, 0xc7, 0x67, 0xcf, 0x01, 0x52, 0xef};
  static const uint8_t ct_sha3[32] = {
      0x6e, 0x77, 0x7e, 0x2c, 0xf8, 0x05, 0x46, 0x59, 0x13, 0x6a, 0x97, 0x1d, 0x9e, 0x70, 0x25, 0x2f,
      0x30, 0x12, 0x26, 0x93, 0x0c, 0x19, 0xc4, 0x70, 0xee, 0x06, 0x88, 0x16, 0x3a, 0x63, 0xc1, 0x5b};
  static const uint8_t k_want[32] = {
      0xe7, 0x18, 0x4a, 0x09, 0x75, 0xee, 0x34, 0x70, 0x87, 0x8d, 0x2d, 0x15, 0x9e, 0xc8, 0x31, 0x29,
      0xc8, 0xae, 0xc2, 0x53, 0xd4, 0xee, 0x17, 0xb4, 0x81, 0x03, 0x11, 0xd1, 0x98, 0xcd, 0x03, 0x68};
  static const uint8_t kbar_want[32] = {
      0xd8, 0xf2, 0x4f, 0xa3, 0x84, 0x30, 0xa1, 0x71, 0xf9, 0x3f, 0x27, 0xd4, 0x6c, 0x52, 0xe0, 0xbc,
      0x63, 0x6d, 0x0a, 0x1f, 0xd5, 0xb9, 0x57, 0x19, 0x51, 0xaf, 0xbf, 0x1a, 0xd0, 0xb8, 0x95, 0xa5};
  const mlkem_params *p = &mlkem_param_sets[1];
  uint8_t ek[CCE_MLKEM768_EK_BYTES], dk[CCE_MLKEM768_DK_BYTES], ct[CCE_MLKEM768_CT_BYTES];
  uint8_t got[6 * 32], want[6 * 32];
  memcpy(want, ek_sha3, 32);
  memcpy(want + 32, dk_sha3, 32);
  memcpy(want + 64, ct_sha3, 32);
  memcpy(want + 96, k_want, 32);
  memcpy(want + 128, k_want, 32);
  memcpy(want + 160, kbar_want, 32);
  cce_mlkem_keygen_impl(p, ek, dk, seed, seed + 32);
  hash_h(got, ek, sizeof ek);
  hash_h(got + 32, dk, sizeof dk);
  cce_mlkem_encaps_impl(p, ct, got + 96, ek, m);
  hash_h(got + 64, ct, sizeof ct);
  cce_mlkem_decaps_impl(p, got + 128, ct, dk);
  ct[0] ^= 1;
  cce_mlkem_decaps_impl(p, got + 160, ct, dk);
  cce_status st = cce_kat_check(CCE_ST_MLKEM, got, want, sizeof want);
  cce_wipe(dk, sizeof dk);
  cce_wipe(got, sizeof got);
  return st;
}
