// ML-DSA (FIPS 204): ML-DSA.KeyGen_internal (Algorithm 6),
// ML-DSA.Sign_internal (Algorithm 7), ML-DSA.Verify_internal (Algorithm 8),
// the external interfaces (Algorithms 1-5: pure ML-DSA, HashML-DSA, and
// signing/verifying a message representative mu computed elsewhere), the
// pairwise consistency test and the known-answer self-test.
//
// Signing loop (Algorithm 7, lines 10-32), per candidate:
//   y = ExpandMask(rho'', kappa); w = NTT^-1(A o NTT(y)); w1 = HighBits(w)
//   c~ = H(mu || w1Encode(w1)); c = SampleInBall(c~)
//   z = y + c s1
//   r0 = LowBits(w - c s2)
//   h = MakeHint(-c t0, w - c s2 + c t0)  = [HighBits(w - cs2 + ct0) != HighBits(w - cs2)]
//   accept iff ||z|| < gamma1 - beta, ||r0|| < gamma2 - beta, ||c t0|| < gamma2, #h <= omega
// All four conditions are computed for every candidate, without branches,
// and combined into one bit, which is the only thing declassified before
// acceptance (see mldsa.h for why the iteration count may be public). The
// last three are one pass per row (be->row).
//
// Packed products (ML-DSA-44/65): ||c s||oo <= tau eta = beta for s = s1 or
// s2, so with K = 2 beta + 1 the product c (s2[j] + K s1[j]) = c s2[j] +
// K (c s1[j]) has a unique split into two parts in [-beta, beta], and it
// stays below q/2 (at most 77224 for ML-DSA-65). One inverse NTT per j < l
// then gives both c s1[j] and c s2[j] (be->split): 5 inverse NTTs fewer
// per candidate for ML-DSA-65 (18 instead of 23).
//
// Stack: signing keeps A (k*l polynomials) and NTT(s2 + K s1) (NTT(s1) for
// ML-DSA-87); for ML-DSA-44/65 also NTT(s2[i]) for l <= i < k, NTT(t0) and
// l scratch polynomials (NTT(y), then c s2). ML-DSA-87 unpacks and
// transforms s2 and t0 row by row when needed (2k NTTs per candidate, a few
// percent of the time) and does not pack, to stay below 100 KiB. ML-DSA-65
// also keeps up to 5 mask polynomials of the next candidate: ExpandMask
// fills all four SHAKE lanes, and the lanes that c~ = H(mu || w1) leaves
// free on the 4-way permutation expand the next candidate's first ones
// (shake256_side).
//
// Key generation from the DRBG (cce_mldsa_keygen) runs its pairwise
// consistency test in the same frame: A is expanded once, used for t, then
// for the test's signature (with the encoded sk, decoded and range-checked
// again) and verification (with the encoded pk's t1); see keygen_pct. tr =
// H(pk) is hashed in a second lane of the test's c~ hashes (shake256_side)
// and written to sk after the test.

#include "../hash/internal.h"
#include "../rand/internal.h"
#include "internal.h"

// see internal.h: a no-op in the module (weak: the constant-time test
// replaces it; hidden, so nothing outside a static link can).
__attribute__((weak, noinline)) void cce_mldsa_ct_public(const void *p, size_t len) {
  __asm__ __volatile__("" : : "r"(p), "r"(len) : "memory");
}

#ifdef CCE_TEST_HOOKS
int cce_mldsa_test_break_pct;
#endif

static const mldsa_backend *mldsa_forced;

void cce_mldsa_force_backend(const mldsa_backend *be) { mldsa_forced = be; }

const mldsa_backend *cce_mldsa_backend(void) {
  if (mldsa_forced != NULL) return mldsa_forced;
  return cce_cpu_has(CCE_CPU_AVX2) ? &cce_mldsa_backend_avx2 : &cce_mldsa_backend_portable;
}

#define MLDSA_MAX_SIGN_ITERATIONS 1000  // bounded loop; failure probability < 2^-100

// Offsets in sk: rho | K | tr | s1 | s2 | t0.
static size_t eta_poly_bytes(const mldsa_params *P) { return 32 * P->eta_bits; }
static size_t sk_s1_off(void) { return 128; }
static size_t sk_s2_off(const mldsa_params *P) { return 128 + P->l * eta_poly_bytes(P); }
static size_t sk_t0_off(const mldsa_params *P) { return 128 + (P->l + P->k) * eta_poly_bytes(P); }

static void shake256(uint8_t *out, size_t out_len, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                     const uint8_t *c, size_t c_len) {
  cce_sha3_state st;
  cce_sha3_init_impl(&st, CCE_HASH_SHAKE256);
  cce_sha3_absorb_impl(&st, a, a_len);
  if (b_len) cce_sha3_absorb_impl(&st, b, b_len);
  if (c_len) cce_sha3_absorb_impl(&st, c, c_len);
  cce_shake_squeeze_impl(&st, out, out_len);
  cce_wipe(&st, sizeof st);
}

void cce_mldsa_tr_impl(const mldsa_params *P, uint8_t tr[64], const uint8_t *pk) {
  shake256(tr, 64, pk, P->pk_bytes, NULL, 0, NULL, 0);
}

void cce_mldsa_mu_impl(uint8_t mu[64], const uint8_t tr[64], const uint8_t *pre, size_t pre_len,
                       const uint8_t *msg, size_t msg_len) {
  shake256(mu, 64, tr, 64, pre, pre_len, msg, msg_len);
}

// ---------------------------------------------------------------------------
// Two SHAKE256 sponges on the 4-way permutation. Key generation with its
// pairwise test hashes tr = H(pk, 64) in a second lane while the test's
// signature and verification hash c~ = H(mu || w1Encode(w1)) in the first:
// the 4-way permutation costs about one single permutation here, so the
// 15 permutations of tr (ML-DSA-65) come almost free. Neither hash reads
// the other's data; tr and pk are public.

#define SHAKE256_RATE 136

typedef struct side_hash {
  uint64_t st[25];
  const uint8_t *in;  // the message (pk)
  size_t len, pos;    // pos: bytes absorbed so far
  int done;           // the last block was permuted; out is valid
  uint8_t out[64];
} side_hash;

// XORs block `blk` (136 bytes, already padded) into a state.
static void xor_block(uint64_t st[25], const uint8_t blk[SHAKE256_RATE]) {
  for (unsigned i = 0; i < SHAKE256_RATE / 8; i++) st[i] ^= cce_load64_le(blk + 8 * i);
}

// The next padded block of a message given as a || b (SHAKE256 padding:
// 0x1F after the message, 0x80 in the last byte of the final block). *pos
// advances; returns 1 for the final block. The lengths are public.
static int next_block(uint8_t blk[SHAKE256_RATE], const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
                      size_t *pos) {
  size_t total = alen + blen, n = total - *pos < SHAKE256_RATE ? total - *pos : SHAKE256_RATE;
  size_t na = *pos < alen ? (alen - *pos < n ? alen - *pos : n) : 0;  // bytes from a
  if (na) memcpy(blk, a + *pos, na);
  if (n > na) memcpy(blk + na, b + (*pos + na - alen), n - na);
  *pos += n;
  if (n == SHAKE256_RATE) return 0;
  memset(blk + n, 0, SHAKE256_RATE - n);
  blk[n] ^= 0x1f;
  blk[SHAKE256_RATE - 1] ^= 0x80;
  *pos += 1;  // past the end: the final block is taken
  return 1;
}

// Squeezes out_len <= 136 bytes from a state after its final block.
static void squeeze1(uint8_t *out, size_t out_len, const uint64_t st[25]) {
  uint8_t tmp[SHAKE256_RATE];
  for (unsigned i = 0; i < SHAKE256_RATE / 8; i++) cce_store64_le(tmp + 8 * i, st[i]);
  memcpy(out, tmp, out_len);
  cce_wipe(tmp, sizeof tmp);
}

// One block of the side hash (if any is left), in state st.
static void side_feed(side_hash *h, uint64_t st[25], int *final) {
  uint8_t blk[SHAKE256_RATE];
  *final = next_block(blk, h->in, h->len, NULL, 0, &h->pos);
  xor_block(st, blk);
}

// Mask polynomials of the next signing candidate made in lanes that c~
// leaves free (see shake256_side): y for counters next + *nspare, ... are
// appended to spare (the ExpandMask spares, cce_mldsa_expand_mask) while
// *nspare < l.
typedef struct mask_jobs {
  const mldsa_params *P;
  const mldsa_backend *be;
  const uint8_t *rhopp;
  unsigned next;  // first counter of the next candidate
  mldsa_poly *spare;
  unsigned *nspare;
} mask_jobs;

// out = SHAKE256(a || b, out_len) (out_len <= 136) in lane 0 of the 4-way
// permutation; lane 1 advances the side hash by one block per permutation
// (when given and not done); the other free lanes, when mj is given and
// the hash takes at least 5 permutations, expand mask polynomials (one
// absorbed block, then 5 squeezed blocks of SHAKE256(rho'' || counter)).
// Without side work, the plain single-lane sponge.
static void shake256_side(uint8_t *out, size_t out_len, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
                          side_hash *side, const mask_jobs *mj) {
  const size_t nblocks = (alen + blen) / SHAKE256_RATE + 1;
  const int side_on = side != NULL && !side->done;
  unsigned nmask = 0, lane0 = side_on ? 2 : 1;  // mask lanes lane0 .. lane0 + nmask - 1
  if (mj != NULL && nblocks >= 5 && *mj->nspare < mj->P->l) {
    nmask = 4 - lane0;
    if (nmask > mj->P->l - *mj->nspare) nmask = mj->P->l - *mj->nspare;
  }
  if (!side_on && nmask == 0) {
    shake256(out, out_len, a, alen, b, blen, NULL, 0);
    return;
  }
  uint64_t st[4][25];
  uint8_t blk[SHAKE256_RATE], buf[3][5 * SHAKE256_RATE];
  memset(st, 0, sizeof st);
  if (side_on) memcpy(st[1], side->st, sizeof side->st);
  for (unsigned t = 0; t < nmask; t++) {  // absorb rho'' || counter (public length)
    uint8_t seed[66];
    unsigned r = mj->next + *mj->nspare + t;
    size_t sp = 0;
    memcpy(seed, mj->rhopp, 64);
    seed[64] = (uint8_t)r;
    seed[65] = (uint8_t)(r >> 8);
    (void)next_block(blk, seed, sizeof seed, NULL, 0, &sp);
    xor_block(st[lane0 + t], blk);
    cce_wipe(seed, sizeof seed);
  }
  size_t pos = 0;
  for (unsigned p = 0; p < nblocks; p++) {
    (void)next_block(blk, a, alen, b, blen, &pos);
    xor_block(st[0], blk);
    int side_final = 0;
    if (side_on && !side->done) side_feed(side, st[1], &side_final);
    cce_keccak_f1600_x4(st);
    if (side_final) {
      squeeze1(side->out, sizeof side->out, st[1]);
      side->done = 1;
    }
    if (p < 5)
      for (unsigned t = 0; t < nmask; t++) memcpy(buf[t] + p * SHAKE256_RATE, st[lane0 + t], SHAKE256_RATE);
  }
  squeeze1(out, out_len, st[0]);
  if (side_on) memcpy(side->st, st[1], sizeof side->st);
  for (unsigned t = 0; t < nmask; t++) {
    mldsa_poly *y = &mj->spare[(*mj->nspare)++];
    mj->be->unpack_z(y->c, buf[t], mj->P->gamma1_bits, mj->P->gamma1);
  }
  cce_wipe(st, sizeof st);
  cce_wipe(blk, sizeof blk);
  cce_wipe(buf, sizeof buf);
}

// Completes the side hash with single permutations.
static void side_finish(side_hash *h) {
  while (!h->done) {
    int final = 0;
    side_feed(h, h->st, &final);
    cce_keccak_f1600(h->st);
    if (final) {
      squeeze1(h->out, sizeof h->out, h->st);
      h->done = 1;
    }
  }
}

// Unpacks an eta-bounded polynomial; returns all-ones if a coefficient is
// outside [-eta, eta] (computed without a branch).
static uint32_t unpack_eta(const mldsa_params *P, int32_t a[MLDSA_N], const uint8_t *in) {
  cce_mldsa_unpack(a, in, P->eta_bits, P->eta, 1);
  int32_t bad = 0;
  for (unsigned i = 0; i < MLDSA_N; i++) bad |= (a[i] + P->eta) >> 31;  // a < -eta, i.e. encoded value > 2 eta
  return (uint32_t)bad;
}

// ---------------------------------------------------------------------------
// Key generation (Algorithm 6).

typedef struct keygen_ws {
  uint8_t seed[128];  // rho | rho' | K
  mldsa_poly s1[MLDSA_MAX_L], s2[MLDSA_MAX_K], t[MLDSA_MAX_K];
} keygen_ws;

// Algorithm 6 in ws. A == NULL: A is streamed (t^ accumulated entry by
// entry); else A (k*l polynomials, NTT domain) is expanded there and kept
// for the caller (the pairwise consistency test). Wipes ws.
// tr is left to the caller when defer_tr (the pairwise test hashes it next
// to its own hashes); else written to sk.
static void keygen_core(const mldsa_params *P, uint8_t *pk, uint8_t *sk, const uint8_t xi[32], mldsa_poly *A,
                        keygen_ws *ws, int defer_tr) {
  const mldsa_backend *be = cce_mldsa_backend();
  uint8_t dom[2] = {(uint8_t)P->k, (uint8_t)P->l};
  shake256(ws->seed, 128, xi, 32, dom, 2, NULL, 0);
  const uint8_t *rho = ws->seed, *rhop = ws->seed + 32, *key = ws->seed + 96;
  cce_mldsa_ct_public(ws->seed, 32);  // rho is part of pk

  cce_mldsa_expand_s(P, rhop, ws->s1, ws->s2);
  memcpy(sk, rho, 32);
  memcpy(sk + 32, key, 32);
  uint8_t *p = sk + sk_s1_off();
  for (unsigned j = 0; j < P->l; j++, p += eta_poly_bytes(P)) cce_mldsa_pack(p, ws->s1[j].c, P->eta_bits, P->eta, 1);
  for (unsigned i = 0; i < P->k; i++, p += eta_poly_bytes(P)) cce_mldsa_pack(p, ws->s2[i].c, P->eta_bits, P->eta, 1);

  for (unsigned j = 0; j < P->l; j++) be->ntt(ws->s1[j].c);
  if (A == NULL) {
    cce_mldsa_expand_a(P, be, rho, NULL, ws->t, ws->s1);  // t^ = A o NTT(s1)
  } else {
    cce_mldsa_expand_a(P, be, rho, A, NULL, NULL);
  }
  memcpy(pk, rho, 32);
  for (unsigned i = 0; i < P->k; i++) {
    int32_t *t = ws->t[i].c;
    if (A == NULL) {
      cce_mldsa_poly_reduce(t);
      be->invntt(t);
    } else {  // t = NTT^-1(sum_j A[i][j] o s1^[j])
      const int32_t *ap[MLDSA_MAX_L], *bp[MLDSA_MAX_L];
      for (unsigned j = 0; j < P->l; j++) {
        ap[j] = A[i * P->l + j].c;
        bp[j] = ws->s1[j].c;
      }
      be->dot_invntt(t, ap, bp, P->l);
    }
    for (unsigned n = 0; n < MLDSA_N; n++) {
      int32_t v = mldsa_freeze(t[n] + ws->s2[i].c[n]);
      int32_t t1 = (v + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;  // Power2Round (Algorithm 35)
      ws->s2[i].c[n] = v - (t1 << MLDSA_D);                      // t0 (s2 is no longer needed)
      t[n] = t1;
    }
    cce_mldsa_pack(pk + 32 + 320 * i, t, 10, 0, 0);
    cce_mldsa_pack(sk + sk_t0_off(P) + 416 * i, ws->s2[i].c, 13, 1 << (MLDSA_D - 1), 1);
  }
  if (!defer_tr) cce_mldsa_tr_impl(P, sk + 64, pk);
  cce_wipe(ws, sizeof *ws);
}

void cce_mldsa_keygen_impl(const mldsa_params *P, uint8_t *pk, uint8_t *sk, const uint8_t xi[32]) {
  keygen_ws ws;
  keygen_core(P, pk, sk, xi, NULL, &ws, 0);
}

// ---------------------------------------------------------------------------
// Signing (Algorithm 7 from line 6 on; mu given).

typedef struct sign_ws {
  uint8_t rho[32], rhopp[64], ctilde[64];
  uint8_t h[MLDSA_MAX_K][MLDSA_N];
  uint8_t w1buf[MLDSA_MAX_K * 192];
  mldsa_poly s1h[MLDSA_MAX_L], yz[MLDSA_MAX_L], w[MLDSA_MAX_K];
  mldsa_poly ch, ones, t1, t2;
} sign_ws;

static cce_status sign_core(const mldsa_params *P, uint8_t *sig, const uint8_t *sk, const uint8_t mu[64],
                            const uint8_t rnd[32], sign_ws *ws, mldsa_poly *A, mldsa_poly *pre, mldsa_poly *spare,
                            int have_a, side_hash *side) {
  const mldsa_backend *be = cce_mldsa_backend();
  const int32_t g2 = P->gamma2;
  const int32_t K = 2 * P->beta + 1;  // packing factor (see below)
  const unsigned l = P->l;
  cce_status st = CCE_ERR_INTERNAL;

  // Decode sk; s1 and s2 must be in range.
  memcpy(ws->rho, sk, 32);
  cce_mldsa_ct_public(ws->rho, 32);
  uint32_t bad = 0;
  for (unsigned j = 0; j < l; j++) bad |= unpack_eta(P, ws->s1h[j].c, sk + sk_s1_off() + j * eta_poly_bytes(P));
  for (unsigned i = 0; i < P->k; i++) {
    bad |= unpack_eta(P, ws->t1.c, sk + sk_s2_off(P) + i * eta_poly_bytes(P));
    // With pre: s1h[j] = s2[j] + K s1[j] (j < l). ||c s||oo <= tau eta =
    // beta for s = s1, s2, so c (s2 + K s1) = c s2 + K (c s1) with both
    // parts in [-beta, beta], below q/2 in total: one inverse NTT gives
    // both products (be->split).
    if (pre != NULL && i < l)
      for (unsigned n = 0; n < MLDSA_N; n++) ws->s1h[i].c[n] = ws->t1.c[n] + K * ws->s1h[i].c[n];
  }
  cce_mldsa_ct_public(&bad, sizeof bad);  // the validity of the key is not secret
  if (bad) return CCE_ERR_KEY_INVALID;

  shake256(ws->rhopp, 64, sk + 32, 32, rnd, 32, mu, 64);  // rho'' = H(K || rnd || mu)
  for (unsigned j = 0; j < l; j++) be->ntt(ws->s1h[j].c);
  if (pre != NULL) {  // NTT(s2[i]) in pre[i] for l <= i < k, NTT(t0) in pre[k..2k); pre[0..l) is scratch
    for (unsigned i = 0; i < P->k; i++) {
      if (i >= l) {
        cce_mldsa_unpack(pre[i].c, sk + sk_s2_off(P) + i * eta_poly_bytes(P), P->eta_bits, P->eta, 1);
        be->ntt(pre[i].c);
      }
      cce_mldsa_unpack(pre[P->k + i].c, sk + sk_t0_off(P) + 416 * i, 13, 1 << (MLDSA_D - 1), 1);
      be->ntt(pre[P->k + i].c);
    }
  }
  if (!have_a) cce_mldsa_expand_a(P, be, ws->rho, A, NULL, NULL);
  for (unsigned n = 0; n < MLDSA_N; n++) ws->ones.c[n] = 1;

  const size_t w1_poly_bytes = 32 * P->w1_bits;
  unsigned nspare = 0;
  for (unsigned iter = 0, kappa = 0; iter < MLDSA_MAX_SIGN_ITERATIONS; iter++, kappa += l) {
    // y, w = A y, w1, c~, c. With pre, y stays in yz and NTT(y) goes to
    // pre[0..l); else NTT(y) replaces y.
    cce_mldsa_expand_mask(P, ws->rhopp, kappa, ws->yz, spare, &nspare);
    mldsa_poly *yh = pre != NULL ? pre : ws->yz;
    for (unsigned j = 0; j < l; j++) {
      if (pre != NULL) memcpy(yh[j].c, ws->yz[j].c, sizeof yh[j].c);
      be->ntt(yh[j].c);
    }
    const int32_t *ap[MLDSA_MAX_L + 1], *bp[MLDSA_MAX_L + 1];
    for (unsigned i = 0; i < P->k; i++) {
      for (unsigned j = 0; j < l; j++) {
        ap[j] = A[i * l + j].c;
        bp[j] = yh[j].c;
      }
      int32_t *w = ws->w[i].c;
      be->dot_invntt(w, ap, bp, l);
      be->high_w1(ws->w1buf + i * w1_poly_bytes, w, NULL, g2, P->w1_bits);  // w in [0, q) from here
    }
    // c~; the free Keccak lanes expand the next candidate's first mask
    // polynomials (with spares only, i.e. ML-DSA-65).
    const mask_jobs mj = {P, be, ws->rhopp, kappa + l, spare, &nspare};
    shake256_side(ws->ctilde, P->ctilde_bytes, mu, 64, ws->w1buf, P->k * w1_poly_bytes, side,
                  spare != NULL && cce_cpu_has(CCE_CPU_AVX2) ? &mj : NULL);
    cce_mldsa_sample_in_ball(P, ws->ch.c, ws->ctilde);
    be->ntt(ws->ch.c);

    // z = y + c s1 (with pre: c s2[j] for j < l kept in pre[j]).
    uint32_t reject = 0;
    for (unsigned j = 0; j < l; j++) {
      if (pre != NULL) {
        const int32_t *a1[1] = {ws->s1h[j].c}, *b1[1] = {ws->ch.c};
        be->dot_invntt(pre[j].c, a1, b1, 1);
        be->split(pre[j].c, ws->yz[j].c, pre[j].c, K);  // z = y + c s1, exact: |y| <= gamma1, |c s1| <= beta
        reject |= be->norm_ge(ws->yz[j].c, P->gamma1 - P->beta);
      } else {
        const int32_t *a2[2] = {ws->yz[j].c, ws->ch.c}, *b2[2] = {ws->ones.c, ws->s1h[j].c};
        be->dot_invntt(ws->yz[j].c, a2, b2, 2);
        reject |= be->center_norm(ws->yz[j].c, P->gamma1 - P->beta);
      }
    }

    // Per row: r0 check, c t0 check, hint.
    unsigned hints = 0;
    for (unsigned i = 0; i < P->k; i++) {
      int32_t *t1 = ws->t1.c, *t2 = ws->t2.c;
      // c s2, c t0 (products with c^ and the inverse NTT in one call)
      const int32_t *cs2 = t1, *cp[1] = {ws->ch.c}, *xp[1];
      if (pre != NULL && i < l) {
        cs2 = pre[i].c;
      } else {
        if (pre != NULL) {
          xp[0] = pre[i].c;
        } else {
          cce_mldsa_unpack(t1, sk + sk_s2_off(P) + i * eta_poly_bytes(P), P->eta_bits, P->eta, 1);
          be->ntt(t1);
          xp[0] = t1;
        }
        be->dot_invntt(t1, xp, cp, 1);
      }
      if (pre != NULL) {
        xp[0] = pre[P->k + i].c;
      } else {
        cce_mldsa_unpack(t2, sk + sk_t0_off(P) + 416 * i, 13, 1 << (MLDSA_D - 1), 1);
        be->ntt(t2);
        xp[0] = t2;
      }
      be->dot_invntt(t2, xp, cp, 1);
      reject |= be->row(ws->h[i], &hints, ws->w[i].c, cs2, t2, g2, P->beta);
    }
    reject |= (uint32_t)(((int32_t)P->omega - (int32_t)hints) >> 31);  // more than omega hints

    cce_mldsa_ct_public(&reject, sizeof reject);  // the one decision released per candidate
    if (reject) continue;

    // Accepted: the signature is released.
    cce_mldsa_ct_public(ws->ctilde, P->ctilde_bytes);
    cce_mldsa_ct_public(ws->h, sizeof ws->h);
    for (unsigned j = 0; j < l; j++) cce_mldsa_ct_public(ws->yz[j].c, sizeof ws->yz[j].c);
    memcpy(sig, ws->ctilde, P->ctilde_bytes);
    uint8_t *p = sig + P->ctilde_bytes;
    for (unsigned j = 0; j < l; j++, p += 32 * P->gamma1_bits)
      cce_mldsa_pack(p, ws->yz[j].c, P->gamma1_bits, P->gamma1, 1);
    cce_mldsa_hint_pack(P, p, (const uint8_t(*)[MLDSA_N])ws->h);
    st = CCE_OK;
    break;
  }
  return st;
}

// One frame per parameter set, so each uses only the stack it needs. With
// k*l <= 30 the NTTs of s2 and t0 are kept too (2k more polynomials); for
// ML-DSA-87 they are recomputed per candidate to stay below 100 KiB.
// ML-DSA-65 (l = 5) also keeps up to 5 spare mask polynomials (SP), so that
// ExpandMask always fills the four SHAKE256 lanes (cce_mldsa_expand_mask)
// and the c~ hash can expand more in its free lanes.
// The frames, as (k*l, PRE, SP): ML-DSA-44, -65, -87. Signing and key
// generation with its pairwise test use the same list, so their layouts of
// A, NTT(s2)/NTT(t0) and the mask spares cannot drift apart.
#define MLDSA_FRAMES(X) X(16, 8, 0) X(30, 12, 5) X(56, 0, 0)

#define SIGN_WITH_A(N, PRE, SP)                                                                      \
  static __attribute__((noinline)) cce_status sign_a##N(const mldsa_params *P, uint8_t *sig,        \
                                                         const uint8_t *sk, const uint8_t mu[64],   \
                                                         const uint8_t rnd[32]) {                   \
    mldsa_poly A[N + PRE + SP];                                                                      \
    sign_ws ws;                                                                                      \
    cce_status st = sign_core(P, sig, sk, mu, rnd, &ws, A, PRE ? A + N : NULL, SP ? A + N + PRE : NULL, 0, NULL); \
    cce_wipe(&ws, sizeof ws);                                                                        \
    if (PRE + SP) cce_wipe(A + N, sizeof(mldsa_poly) * (PRE + SP + 0));                              \
    return st;                                                                                       \
  }
MLDSA_FRAMES(SIGN_WITH_A)

cce_status cce_mldsa_sign_mu_impl(const mldsa_params *P, uint8_t *sig, const uint8_t *sk, const uint8_t mu[64],
                                  const uint8_t rnd[32]) {
  cce_status st;
  switch (P->k * P->l) {
    case 16: st = sign_a16(P, sig, sk, mu, rnd); break;
    case 30: st = sign_a30(P, sig, sk, mu, rnd); break;
    default: st = sign_a56(P, sig, sk, mu, rnd); break;
  }
  cce_keccak_scrub_stack();
  return st;
}

// ---------------------------------------------------------------------------
// Verification (Algorithm 8 from line 5 on; mu given). Public data only.

typedef struct verify_ws {
  uint8_t h[MLDSA_MAX_K][MLDSA_N];
  uint8_t w1buf[MLDSA_MAX_K * 192];
  uint8_t ctilde[64];
  mldsa_poly z[MLDSA_MAX_L], acc[MLDSA_MAX_K], c, t;
} verify_ws;

// Verify_internal in *wsp; A: the expanded matrix of pk's rho, or NULL to
// stream it from pk.
static int verify_core(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk, const uint8_t mu[64],
                       const mldsa_poly *A, verify_ws *wsp, side_hash *side) {
  const mldsa_backend *be = cce_mldsa_backend();
  int ok = 0;
  if (!cce_mldsa_hint_unpack(P, wsp->h, sig + P->ctilde_bytes + P->l * 32 * P->gamma1_bits)) goto out;
  const uint8_t *p = sig + P->ctilde_bytes;
  uint32_t big = 0;
  for (unsigned j = 0; j < P->l; j++, p += 32 * P->gamma1_bits) {
    be->unpack_z(wsp->z[j].c, p, P->gamma1_bits, P->gamma1);
    big |= be->norm_ge(wsp->z[j].c, P->gamma1 - P->beta);
  }
  if (big) goto out;
  cce_mldsa_sample_in_ball_public(P, wsp->c.c, sig);  // c~ is public
  be->ntt(wsp->c.c);
  for (unsigned j = 0; j < P->l; j++) be->ntt(wsp->z[j].c);
  if (A == NULL) {
    cce_mldsa_expand_a(P, be, pk, NULL, wsp->acc, wsp->z);  // sum_j A[i][j] o z^[j]
  } else {
    for (unsigned n = 0; n < MLDSA_N; n++) wsp->c.c[n] = -wsp->c.c[n];  // -c^: one more term of each row's dot
  }
  const size_t w1_poly_bytes = 32 * P->w1_bits;
  for (unsigned i = 0; i < P->k; i++) {
    int32_t *t = wsp->t.c, *a = wsp->acc[i].c;
    cce_mldsa_unpack(t, pk + 32 + 320 * i, 10, 0, 0);
    for (unsigned n = 0; n < MLDSA_N; n++) t[n] <<= MLDSA_D;
    be->ntt(t);
    if (A != NULL) {  // w' = NTT^-1(sum_j A[i][j] o z^[j] + (-c^) o NTT(t1 2^d)) in one call
      const int32_t *ap[MLDSA_MAX_L + 1], *bp[MLDSA_MAX_L + 1];
      for (unsigned j = 0; j < P->l; j++) {
        ap[j] = A[i * P->l + j].c;
        bp[j] = wsp->z[j].c;
      }
      ap[P->l] = wsp->c.c;
      bp[P->l] = t;
      be->dot_invntt(a, ap, bp, P->l + 1);
    } else {
      be->pointwise(t, t, wsp->c.c);
      for (unsigned n = 0; n < MLDSA_N; n++) a[n] = mldsa_reduce32(a[n] - t[n]);
      be->invntt(a);
    }
    be->high_w1(wsp->w1buf + i * w1_poly_bytes, a, wsp->h[i], P->gamma2, P->w1_bits);  // UseHint
  }
  shake256_side(wsp->ctilde, P->ctilde_bytes, mu, 64, wsp->w1buf, P->k * w1_poly_bytes, side, NULL);
  ok = memcmp(wsp->ctilde, sig, P->ctilde_bytes) == 0;
out:
  if (A == NULL) cce_wipe(wsp, sizeof *wsp);  // with A (the pairwise test) the caller wipes the shared area
  return ok;
}

int cce_mldsa_verify_mu_impl(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk, const uint8_t mu[64]) {
  verify_ws ws;
  return verify_core(P, sig, pk, mu, NULL, &ws, NULL);
}

// ---------------------------------------------------------------------------
// M' prefixes (Algorithms 2-5) and the public services.

typedef struct ph_info {
  cce_hash_alg alg;
  uint8_t oid_last;  // 2.16.840.1.101.3.4.2.x
  uint8_t out_len;
} ph_info;

static const ph_info ph_table[] = {
    {CCE_HASH_SHA256, 0x01, 32},     {CCE_HASH_SHA384, 0x02, 48},     {CCE_HASH_SHA512, 0x03, 64},
    {CCE_HASH_SHA224, 0x04, 28},     {CCE_HASH_SHA512_224, 0x05, 28}, {CCE_HASH_SHA512_256, 0x06, 32},
    {CCE_HASH_SHA3_224, 0x07, 28},   {CCE_HASH_SHA3_256, 0x08, 32},   {CCE_HASH_SHA3_384, 0x09, 48},
    {CCE_HASH_SHA3_512, 0x0a, 64},   {CCE_HASH_SHAKE128, 0x0b, 32},   {CCE_HASH_SHAKE256, 0x0c, 64},
};

static const ph_info *ph_get(cce_hash_alg alg) {
  for (size_t i = 0; i < sizeof ph_table / sizeof ph_table[0]; i++)
    if (ph_table[i].alg == alg) return &ph_table[i];
  return NULL;
}

#define MLDSA_PREFIX_MAX (2 + 255 + 11)

// Writes the prefix of M'; returns its length.
static size_t build_prefix(uint8_t out[MLDSA_PREFIX_MAX], const ph_info *ph, const uint8_t *ctx, size_t ctx_len) {
  static const uint8_t oid_head[10] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};
  out[0] = ph != NULL;
  out[1] = (uint8_t)ctx_len;
  if (ctx_len) memcpy(out + 2, ctx, ctx_len);
  size_t n = 2 + ctx_len;
  if (ph != NULL) {
    memcpy(out + n, oid_head, 10);
    out[n + 10] = ph->oid_last;
    n += 11;
  }
  return n;
}

static cce_status mldsa_gate(void) {
  cce_status st = cce_svc_check2(CCE_ST_SHA3, CCE_ST_SHAKE);
  return st != CCE_OK ? st : cce_svc_check(CCE_ST_MLDSA);
}

static cce_status ph_gate(const ph_info *ph) {
  const cce_hash_desc *d = cce_hash_desc_get(ph->alg);
  if (d == NULL) return CCE_ERR_UNSUPPORTED;
  return cce_svc_check(d->selftest);
}

// see mldsa.h
cce_status cce_mldsa_sizes(cce_mldsa_param param, size_t *pk_len, size_t *sk_len, size_t *sig_len) {
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return CCE_ERR_INVALID_ARG;
  if (pk_len) *pk_len = P->pk_bytes;
  if (sk_len) *sk_len = P->sk_bytes;
  if (sig_len) *sig_len = P->sig_bytes;
  return CCE_OK;
}

// see mldsa.h
cce_status cce_mldsa_message_prefix(uint8_t *out, size_t out_cap, size_t *out_len, cce_hash_alg ph,
                                    const uint8_t *ctx, size_t ctx_len) {
  if (out == NULL || out_len == NULL || (ctx == NULL && ctx_len)) return CCE_ERR_NULL_POINTER;
  if (ctx_len > CCE_MLDSA_MAX_CONTEXT_BYTES) return CCE_ERR_INVALID_LENGTH;
  const ph_info *phi = NULL;
  if (ph != CCE_HASH_NONE && (phi = ph_get(ph)) == NULL) return CCE_ERR_UNSUPPORTED;
  uint8_t tmp[MLDSA_PREFIX_MAX];
  size_t n = build_prefix(tmp, phi, ctx, ctx_len);
  if (out_cap < n) return CCE_ERR_BUFFER_TOO_SMALL;
  memcpy(out, tmp, n);
  *out_len = n;
  return CCE_OK;
}

// Key generation from the DRBG with its pairwise consistency test (FIPS
// 140-3 IG 10.3.A): a real signature of a fixed mu with the encoded sk
// (decoded again, s1/s2 range-checked) and a real verification of the
// encoded signature against the encoded pk (t1 decoded from pk). Both reuse
// the matrix A that key generation expanded from rho (instead of expanding
// it twice more), so the test also checks that sk and pk carry that rho.
// One frame per parameter set, as for signing: A (+ NTT(s2), NTT(t0) for
// ML-DSA-44/65), the signature, and one work area for the three steps.
static int pct_core(const mldsa_params *P, const uint8_t *pk, uint8_t *sk, mldsa_poly *A, mldsa_poly *pre,
                    mldsa_poly *spare, void *ws) {
  static const uint8_t pct_mu[64] = "OpenCCE ML-DSA pairwise consistency test";
  static const uint8_t zero[32] = {0};
  uint8_t sig[CCE_MLDSA_MAX_SIGNATURE_BYTES];
  // tr = H(pk) is hashed beside the test's c~ hashes (4-way Keccak) and
  // written to sk afterwards; the test signs mu directly, so it does not
  // read tr.
  side_hash side, *sp = cce_cpu_has(CCE_CPU_AVX2) ? &side : NULL;
  memset(&side, 0, sizeof side);
  side.in = pk;
  side.len = P->pk_bytes;
  int ok = 0;
  if (memcmp(sk, pk, 32) == 0) {  // rho (public)
    // The work area (signing secrets included) is wiped once, by the
    // caller, after the verification that reuses it.
    cce_status st = sign_core(P, sig, sk, pct_mu, zero, (sign_ws *)ws, A, pre, spare, 1, sp);
    if (st == CCE_OK) {
#ifdef CCE_TEST_HOOKS
      if (cce_mldsa_test_break_pct) sig[P->ctilde_bytes + 5] ^= 1;
#endif
      ok = verify_core(P, sig, pk, pct_mu, A, (verify_ws *)ws, sp);
    }
  }
  side_finish(&side);
  memcpy(sk + 64, side.out, 64);
  cce_wipe(&side, sizeof side);  // public data; keeps the frame clean
  if (cce_fault_active(CCE_ST_MLDSA)) ok = 0;
  return ok;
}

#define KEYGEN_PCT(N, PRE, SP)                                                                       \
  static __attribute__((noinline)) int keygen_pct_a##N(const mldsa_params *P, uint8_t *pk, uint8_t *sk, \
                                                        const uint8_t xi[32]) {                      \
    mldsa_poly A[N + PRE + SP];                                                                      \
    union {                                                                                          \
      keygen_ws kg;                                                                                  \
      sign_ws sg;                                                                                    \
      verify_ws vf;                                                                                  \
    } ws;                                                                                            \
    keygen_core(P, pk, sk, xi, A, &ws.kg, 1);                                                           \
    int ok = pct_core(P, pk, sk, A, PRE ? A + N : NULL, SP ? A + N + PRE : NULL, &ws);               \
    cce_wipe(&ws, sizeof ws);                                                                        \
    if (PRE + SP) cce_wipe(A + N, sizeof(mldsa_poly) * (PRE + SP + 0));                              \
    return ok;                                                                                       \
  }
MLDSA_FRAMES(KEYGEN_PCT)

static int keygen_pct(const mldsa_params *P, uint8_t *pk, uint8_t *sk, const uint8_t xi[32]) {
  int ok;
  switch (P->k * P->l) {
    case 16: ok = keygen_pct_a16(P, pk, sk, xi); break;
    case 30: ok = keygen_pct_a30(P, pk, sk, xi); break;
    default: ok = keygen_pct_a56(P, pk, sk, xi); break;
  }
  cce_keccak_scrub_stack();
  return ok;
}

// see mldsa.h
cce_status cce_mldsa_keygen(cce_mldsa_param param, uint8_t *out_pk, size_t pk_len, uint8_t *out_sk, size_t sk_len,
                            uint8_t out_seed[CCE_MLDSA_SEED_BYTES]) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 1);
  if (out_pk == NULL || out_sk == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pk_len < P->pk_bytes || sk_len < P->sk_bytes) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 1);
  uint8_t xi[32];
  st = cce_random_impl(xi, sizeof xi);
  if (st == CCE_OK) {
    if (!keygen_pct(P, out_pk, out_sk, xi)) {
      cce_module_fail("ML-DSA PCT");
      st = CCE_ERR_SELFTEST;
    }
  }
  if (st == CCE_OK && out_seed != NULL) memcpy(out_seed, xi, 32);
  if (st != CCE_OK) {
    cce_wipe(out_pk, P->pk_bytes);
    cce_wipe(out_sk, P->sk_bytes);
    if (out_seed != NULL) cce_wipe(out_seed, 32);
  }
  cce_wipe(xi, sizeof xi);
  return cce_indicate(st, 1);
}

// see mldsa.h
cce_status cce_mldsa_keygen_seed(cce_mldsa_param param, uint8_t *out_pk, size_t pk_len, uint8_t *out_sk,
                                 size_t sk_len, const uint8_t seed[CCE_MLDSA_SEED_BYTES]) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 1);
  if (out_sk == NULL || seed == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if ((out_pk != NULL && pk_len < P->pk_bytes) || sk_len < P->sk_bytes)
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 1);
  uint8_t pk_tmp[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES];
  cce_mldsa_keygen_impl(P, out_pk != NULL ? out_pk : pk_tmp, out_sk, seed);
  return cce_indicate(CCE_OK, 1);
}

// Common checks of the signing services; *P set on success.
static cce_status sign_checks(cce_mldsa_param param, const mldsa_params **P, const uint8_t *out_sig,
                              size_t sig_len, const uint8_t *sk, size_t sk_len) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return st;
  *P = cce_mldsa_params_get(param);
  if (*P == NULL) return CCE_ERR_INVALID_ARG;
  if (out_sig == NULL || sk == NULL) return CCE_ERR_NULL_POINTER;
  if (sk_len != (*P)->sk_bytes) return CCE_ERR_INVALID_LENGTH;
  if (sig_len < (*P)->sig_bytes) return CCE_ERR_BUFFER_TOO_SMALL;
  return CCE_OK;
}

// Signs mu with rnd chosen by `flags` (rnd_given NULL) or given.
static cce_status sign_mu_flags(const mldsa_params *P, uint8_t *sig, const uint8_t *sk, const uint8_t mu[64],
                                unsigned flags, const uint8_t *rnd_given) {
  uint8_t rnd[32];
  cce_status st = CCE_OK;
  if (rnd_given != NULL) {
    memcpy(rnd, rnd_given, 32);
  } else if (flags & CCE_MLDSA_DETERMINISTIC) {
    memset(rnd, 0, 32);
  } else {
    st = cce_random_impl(rnd, 32);
  }
  if (st == CCE_OK) st = cce_mldsa_sign_mu_impl(P, sig, sk, mu, rnd);
  if (st != CCE_OK) cce_wipe(sig, P->sig_bytes);
  cce_wipe(rnd, sizeof rnd);
  return st;
}

// The external interface: M' = prefix || (msg or PH(msg) or digest).
static cce_status sign_external(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk,
                                size_t sk_len, cce_hash_alg ph, int hash_here, const uint8_t *msg, size_t msg_len,
                                const uint8_t *ctx, size_t ctx_len, unsigned flags) {
  const mldsa_params *P = NULL;
  cce_status st = sign_checks(param, &P, out_sig, sig_len, sk, sk_len);
  if (st != CCE_OK) goto done;
  if ((msg == NULL && msg_len) || (ctx == NULL && ctx_len)) {
    st = CCE_ERR_NULL_POINTER;
    goto done;
  }
  if (ctx_len > CCE_MLDSA_MAX_CONTEXT_BYTES || (flags & ~CCE_MLDSA_DETERMINISTIC)) {
    st = ctx_len > CCE_MLDSA_MAX_CONTEXT_BYTES ? CCE_ERR_INVALID_LENGTH : CCE_ERR_INVALID_ARG;
    goto done;
  }
  const ph_info *phi = NULL;
  uint8_t digest[64];
  if (ph != CCE_HASH_NONE) {
    if ((phi = ph_get(ph)) == NULL) {
      st = CCE_ERR_UNSUPPORTED;
      goto done;
    }
    if ((st = ph_gate(phi)) != CCE_OK) goto done;
    if (hash_here) {
      cce_hash_impl(cce_hash_desc_get(ph), digest, phi->out_len, msg, msg_len);
      msg = digest;
      msg_len = phi->out_len;
    } else if (msg_len != phi->out_len) {
      st = CCE_ERR_INVALID_LENGTH;
      goto done;
    }
  }
  uint8_t pre[MLDSA_PREFIX_MAX], mu[64];
  size_t pre_len = build_prefix(pre, phi, ctx, ctx_len);
  cce_mldsa_mu_impl(mu, sk + 64, pre, pre_len, msg, msg_len);
  st = sign_mu_flags(P, out_sig, sk, mu, flags, NULL);
  cce_wipe(mu, sizeof mu);
done:
  if (st != CCE_OK && out_sig != NULL && P != NULL && sig_len >= P->sig_bytes) cce_wipe(out_sig, P->sig_bytes);
  return cce_indicate(st, 1);
}

static cce_status verify_external(cce_mldsa_param param, const uint8_t *sig, size_t sig_len, const uint8_t *pk,
                                  size_t pk_len, cce_hash_alg ph, int hash_here, const uint8_t *msg,
                                  size_t msg_len, const uint8_t *ctx, size_t ctx_len) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 1);
  if (sig == NULL || pk == NULL || (msg == NULL && msg_len) || (ctx == NULL && ctx_len))
    return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pk_len != P->pk_bytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 1);
  const ph_info *phi = NULL;
  uint8_t digest[64];
  if (ph != CCE_HASH_NONE) {
    if ((phi = ph_get(ph)) == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
    if ((st = ph_gate(phi)) != CCE_OK) return cce_indicate(st, 1);
    if (hash_here) {
      cce_hash_impl(cce_hash_desc_get(ph), digest, phi->out_len, msg, msg_len);
      msg = digest;
      msg_len = phi->out_len;
    } else if (msg_len != phi->out_len) {
      return cce_indicate(CCE_ERR_INVALID_LENGTH, 1);
    }
  }
  if (sig_len != P->sig_bytes || ctx_len > CCE_MLDSA_MAX_CONTEXT_BYTES) return cce_indicate(CCE_ERR_SIGNATURE, 1);
  uint8_t pre[MLDSA_PREFIX_MAX], tr[64], mu[64];
  size_t pre_len = build_prefix(pre, phi, ctx, ctx_len);
  cce_mldsa_tr_impl(P, tr, pk);
  cce_mldsa_mu_impl(mu, tr, pre, pre_len, msg, msg_len);
  int ok = cce_mldsa_verify_mu_impl(P, sig, pk, mu);
  return cce_indicate(ok ? CCE_OK : CCE_ERR_SIGNATURE, 1);
}

// see mldsa.h
cce_status cce_mldsa_sign(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk, size_t sk_len,
                          const uint8_t *msg, size_t msg_len, const uint8_t *ctx, size_t ctx_len, unsigned flags) {
  return sign_external(param, out_sig, sig_len, sk, sk_len, CCE_HASH_NONE, 0, msg, msg_len, ctx, ctx_len, flags);
}

// see mldsa.h
cce_status cce_mldsa_verify(cce_mldsa_param param, const uint8_t *sig, size_t sig_len, const uint8_t *pk,
                            size_t pk_len, const uint8_t *msg, size_t msg_len, const uint8_t *ctx, size_t ctx_len) {
  return verify_external(param, sig, sig_len, pk, pk_len, CCE_HASH_NONE, 0, msg, msg_len, ctx, ctx_len);
}

static int ph_ok(cce_hash_alg ph) { return ph != CCE_HASH_NONE; }

// see mldsa.h
cce_status cce_mldsa_hash_sign(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk,
                               size_t sk_len, cce_hash_alg ph, const uint8_t *msg, size_t msg_len, const uint8_t *ctx,
                               size_t ctx_len, unsigned flags) {
  if (!ph_ok(ph)) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
  return sign_external(param, out_sig, sig_len, sk, sk_len, ph, 1, msg, msg_len, ctx, ctx_len, flags);
}

// see mldsa.h
cce_status cce_mldsa_hash_verify(cce_mldsa_param param, const uint8_t *sig, size_t sig_len, const uint8_t *pk,
                                 size_t pk_len, cce_hash_alg ph, const uint8_t *msg, size_t msg_len,
                                 const uint8_t *ctx, size_t ctx_len) {
  if (!ph_ok(ph)) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
  return verify_external(param, sig, sig_len, pk, pk_len, ph, 1, msg, msg_len, ctx, ctx_len);
}

// see mldsa.h
cce_status cce_mldsa_hash_sign_digest(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk,
                                      size_t sk_len, cce_hash_alg ph, const uint8_t *digest, size_t digest_len,
                                      const uint8_t *ctx, size_t ctx_len, unsigned flags) {
  if (!ph_ok(ph)) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
  if (digest == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  return sign_external(param, out_sig, sig_len, sk, sk_len, ph, 0, digest, digest_len, ctx, ctx_len, flags);
}

// see mldsa.h
cce_status cce_mldsa_hash_verify_digest(cce_mldsa_param param, const uint8_t *sig, size_t sig_len, const uint8_t *pk,
                                        size_t pk_len, cce_hash_alg ph, const uint8_t *digest, size_t digest_len,
                                        const uint8_t *ctx, size_t ctx_len) {
  if (!ph_ok(ph)) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
  if (digest == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  return verify_external(param, sig, sig_len, pk, pk_len, ph, 0, digest, digest_len, ctx, ctx_len);
}

// see mldsa.h
cce_status cce_mldsa_compute_mu(cce_mldsa_param param, uint8_t out_mu[CCE_MLDSA_MU_BYTES], const uint8_t *pk,
                                size_t pk_len, cce_hash_alg ph, const uint8_t *msg, size_t msg_len,
                                const uint8_t *ctx, size_t ctx_len) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 1);
  if (out_mu == NULL || pk == NULL || (msg == NULL && msg_len) || (ctx == NULL && ctx_len))
    return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pk_len != P->pk_bytes || ctx_len > CCE_MLDSA_MAX_CONTEXT_BYTES) return cce_indicate(CCE_ERR_INVALID_LENGTH, 1);
  const ph_info *phi = NULL;
  uint8_t digest[64];
  if (ph != CCE_HASH_NONE) {
    if ((phi = ph_get(ph)) == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
    if ((st = ph_gate(phi)) != CCE_OK) return cce_indicate(st, 1);
    cce_hash_impl(cce_hash_desc_get(ph), digest, phi->out_len, msg, msg_len);
    msg = digest;
    msg_len = phi->out_len;
  }
  uint8_t pre[MLDSA_PREFIX_MAX], tr[64];
  size_t pre_len = build_prefix(pre, phi, ctx, ctx_len);
  cce_mldsa_tr_impl(P, tr, pk);
  cce_mldsa_mu_impl(out_mu, tr, pre, pre_len, msg, msg_len);
  return cce_indicate(CCE_OK, 1);
}

// see mldsa.h
cce_status cce_mldsa_sign_mu(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk,
                             size_t sk_len, const uint8_t mu[CCE_MLDSA_MU_BYTES], unsigned flags) {
  const mldsa_params *P = NULL;
  cce_status st = sign_checks(param, &P, out_sig, sig_len, sk, sk_len);
  if (st == CCE_OK && mu == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK && (flags & ~CCE_MLDSA_DETERMINISTIC)) st = CCE_ERR_INVALID_ARG;
  if (st == CCE_OK) st = sign_mu_flags(P, out_sig, sk, mu, flags, NULL);
  else if (out_sig != NULL && P != NULL && sig_len >= P->sig_bytes) cce_wipe(out_sig, P->sig_bytes);
  return cce_indicate(st, 1);
}

// see mldsa.h
cce_status cce_mldsa_verify_mu(cce_mldsa_param param, const uint8_t *sig, size_t sig_len, const uint8_t *pk,
                               size_t pk_len, const uint8_t mu[CCE_MLDSA_MU_BYTES]) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 1);
  if (sig == NULL || pk == NULL || mu == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pk_len != P->pk_bytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 1);
  if (sig_len != P->sig_bytes) return cce_indicate(CCE_ERR_SIGNATURE, 1);
  return cce_indicate(cce_mldsa_verify_mu_impl(P, sig, pk, mu) ? CCE_OK : CCE_ERR_SIGNATURE, 1);
}

// see mldsa.h
cce_status cce_mldsa_sign_internal(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk,
                                   size_t sk_len, const uint8_t *mprime, size_t mprime_len,
                                   const uint8_t rnd[CCE_MLDSA_RND_BYTES]) {
  const mldsa_params *P = NULL;
  cce_status st = sign_checks(param, &P, out_sig, sig_len, sk, sk_len);
  if (st == CCE_OK && ((mprime == NULL && mprime_len) || rnd == NULL)) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) {
    uint8_t mu[64];
    cce_mldsa_mu_impl(mu, sk + 64, NULL, 0, mprime, mprime_len);
    st = sign_mu_flags(P, out_sig, sk, mu, 0, rnd);
    cce_wipe(mu, sizeof mu);
  } else if (out_sig != NULL && P != NULL && sig_len >= P->sig_bytes) {
    cce_wipe(out_sig, P->sig_bytes);
  }
  return cce_indicate(st, 0);
}

// see mldsa.h
cce_status cce_mldsa_sign_mu_rnd(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len, const uint8_t *sk,
                                 size_t sk_len, const uint8_t mu[CCE_MLDSA_MU_BYTES],
                                 const uint8_t rnd[CCE_MLDSA_RND_BYTES]) {
  const mldsa_params *P = NULL;
  cce_status st = sign_checks(param, &P, out_sig, sig_len, sk, sk_len);
  if (st == CCE_OK && (mu == NULL || rnd == NULL)) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) st = sign_mu_flags(P, out_sig, sk, mu, 0, rnd);
  else if (out_sig != NULL && P != NULL && sig_len >= P->sig_bytes) cce_wipe(out_sig, P->sig_bytes);
  return cce_indicate(st, 0);
}

// see mldsa.h
cce_status cce_mldsa_verify_internal(cce_mldsa_param param, const uint8_t *sig, size_t sig_len, const uint8_t *pk,
                                     size_t pk_len, const uint8_t *mprime, size_t mprime_len) {
  cce_status st = mldsa_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  const mldsa_params *P = cce_mldsa_params_get(param);
  if (P == NULL) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  if (sig == NULL || pk == NULL || (mprime == NULL && mprime_len)) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (pk_len != P->pk_bytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (sig_len != P->sig_bytes) return cce_indicate(CCE_ERR_SIGNATURE, 0);
  uint8_t tr[64], mu[64];
  cce_mldsa_tr_impl(P, tr, pk);
  cce_mldsa_mu_impl(mu, tr, NULL, 0, mprime, mprime_len);
  return cce_indicate(cce_mldsa_verify_mu_impl(P, sig, pk, mu) ? CCE_OK : CCE_ERR_SIGNATURE, 0);
}

// ---------------------------------------------------------------------------
// Known-answer self-test: ML-DSA-65 key generation from a seed, deterministic
// signing of a given mu, verification. The seed, mu and expected signature
// are NIST ACVP ML-DSA-sigGen-FIPS204-tr1 tcId 241 (tgId 17: ML-DSA-65, seed
// key format, deterministic, internal interface, external mu); the
// signature is compared through its SHA3-256 hash to keep this file small.

cce_status cce_kat_mldsa(void) {
  static const uint8_t seed[32] = {0xab, 0x45, 0x68, 0x45, 0x86, 0x89, 0xcd, 0xef, 0x81, 0xd3, 0xcf,
                                   0x7e, 0x60, 0xf9, 0xb8, 0x45, 0x7b, 0xdf, 0xaa, 0x5f, 0x55, 0x22,
                                   0xd4, 0xff, 0x98, 0x7c, 0xf5, 0x6f, 0x00, 0x05, 0x0b, 0x14};
  static const uint8_t mu[64] = {
      0xa6, 0x0e, 0x57, 0x11, 0xd1, 0x6a, 0x8d, 0x05, 0x5c, 0xab, 0xc5, 0xe6, 0x0d, 0xc2, 0x7a, 0x74,
      0x18, 0x9d, 0x44, 0x6f, 0xf9, 0x04, 0xe4, 0x01, 0x62, 0xa8, 0x89, 0xfe, 0xe8, 0x68, 0xc4, 0x8a,
      0xd3, 0x08, 0x9f, 0x44, 0x7e, 0xa6, 0x30, 0x82, 0x07, 0x03, 0xc0, 0x89, 0x2f, 0xe6, 0x5b, 0x17,
      0x4c, 0x92, 0x11, 0x15, 0xba, 0xb9, 0x45, 0x46, 0x52, 0xd6, 0xb7, 0x02, 0xec, 0x94, 0x09, 0x1c};
  static const uint8_t want[33] = {0xbf, 0x77, 0x5a, 0x19, 0xef, 0x10, 0x3d, 0x84, 0x4d, 0x65, 0x39,
                                   0xfa, 0x42, 0xf8, 0xfc, 0xe5, 0x0b, 0xa9, 0xc6, 0xb9, 0x54, 0x45,
                                   0x07, 0x7c, 0xf2, 0x70, 0x2d, 0xd7, 0xe5, 0xe6, 0x7a, 0x1d, 0x01};
  static const uint8_t zero[32] = {0};
  const mldsa_params *P = cce_mldsa_params_get(CCE_MLDSA_65);
  uint8_t pk[CCE_MLDSA65_PUBLIC_KEY_BYTES], sk[CCE_MLDSA65_SECRET_KEY_BYTES], sig[CCE_MLDSA65_SIGNATURE_BYTES];
  uint8_t got[33];
  cce_sha3_state st;
  cce_mldsa_keygen_impl(P, pk, sk, seed);
  memset(sig, 0, sizeof sig);
  (void)cce_mldsa_sign_mu_impl(P, sig, sk, mu, zero);
  cce_sha3_init_impl(&st, CCE_HASH_SHA3_256);
  cce_sha3_absorb_impl(&st, sig, sizeof sig);
  cce_sha3_final_impl(&st, got);
  got[32] = (uint8_t)cce_mldsa_verify_mu_impl(P, sig, pk, mu);
  cce_status s = cce_kat_check(CCE_ST_MLDSA, got, want, sizeof want);
  cce_wipe(sk, sizeof sk);
  return s;
}
