// ML-DSA sampling (FIPS 204 section 7.3): RejNTTPoly (Algorithm 30) for
// ExpandA (Algorithm 32), RejBoundedPoly (Algorithm 31) for ExpandS
// (Algorithm 33), ExpandMask (Algorithm 34) and SampleInBall (Algorithm 29).
//
// ExpandA, ExpandS and ExpandMask run four SHAKE streams at once through
// cce_keccak_f1600_x4 (one stream uses the single permutation). The sponge
// here is the plain FIPS 202 one for inputs shorter than the rate: XOR the
// input and the padding (0x1F ... 0x80 for SHAKE) into a zero state, then
// permute and read `rate` bytes per block.
//
// Constant time:
//  - ExpandA works on rho, which is public (part of pk).
//  - ExpandS: the accept/reject decision of each half-byte is computed
//    without a branch for a whole block, declassified as a bitmap, and only
//    then used to place the accepted values (the back end's rej_eta: here
//    each value is written at the next free slot, which advances on accept;
//    the AVX2 form compacts chunks of 8 with a lane permutation chosen by
//    the chunk's pattern). Which half-bytes were rejected says nothing about
//    the accepted ones (independent uniform samples), so it leaks nothing
//    about s1, s2.
//  - ExpandMask has no rejection at all; with spare polynomials (signing,
//    ML-DSA-65) the number of batches depends on the candidate count only.
//  - SampleInBall: the rejection of a byte j > i is declassified likewise;
//    the swap c[i] = c[j], c[j] = +-1 is done by the back end's `ball`, which
//    scans every position with masks, so neither j nor the signs select a
//    memory address. Verification, where c~ is public, uses the direct form
//    (cce_mldsa_sample_in_ball_public).

#include "../hash/internal.h"
#include "internal.h"

#define SHAKE128_RATE 168
#define SHAKE256_RATE 136

static void x4_start(uint64_t s[4][25], unsigned n, const uint8_t in[4][66], size_t inlen, unsigned rate) {
  memset(s, 0, sizeof(uint64_t) * 4 * 25);
  for (unsigned t = 0; t < n; t++) {
    uint8_t *b = (uint8_t *)s[t];
    for (size_t i = 0; i < inlen; i++) b[i] ^= in[t][i];
    b[inlen] ^= 0x1f;
    b[rate - 1] ^= 0x80;
  }
}

static void x4_permute(uint64_t s[4][25], unsigned n) {
  if (n == 1) {
    cce_keccak_f1600(s[0]);
  } else {
    cce_keccak_f1600_x4(s);
  }
}

// ---------------------------------------------------------------------------
// ExpandA.

// see internal.h
unsigned cce_mldsa_rej_ntt(int32_t *a, unsigned ctr, const uint8_t *buf) {
  unsigned pos = 0;
  // Eight candidates (24 bytes) at a time while eight slots remain: each is
  // written at a[ctr] and ctr advances when it is below q (no branch).
  for (; pos + 24 <= SHAKE128_RATE && ctr + 8 <= MLDSA_N; pos += 24) {
    uint64_t w[3];
    for (unsigned t = 0; t < 3; t++) w[t] = cce_load64_le(buf + pos + 8 * t);
    uint32_t z[8] = {
        (uint32_t)w[0] & 0x7fffff,
        (uint32_t)(w[0] >> 24) & 0x7fffff,
        (uint32_t)((w[0] >> 48) | (w[1] << 16)) & 0x7fffff,
        (uint32_t)(w[1] >> 8) & 0x7fffff,
        (uint32_t)(w[1] >> 32) & 0x7fffff,
        (uint32_t)((w[1] >> 56) | (w[2] << 8)) & 0x7fffff,
        (uint32_t)(w[2] >> 16) & 0x7fffff,
        (uint32_t)(w[2] >> 40) & 0x7fffff,
    };
    for (unsigned t = 0; t < 8; t++) {
      a[ctr] = (int32_t)z[t];
      ctr += z[t] < MLDSA_Q;
    }
  }
  for (; pos + 3 <= SHAKE128_RATE && ctr < MLDSA_N; pos += 3) {
    uint32_t z = (uint32_t)buf[pos] | ((uint32_t)buf[pos + 1] << 8) | ((uint32_t)(buf[pos + 2] & 0x7f) << 16);
    if (z < MLDSA_Q) a[ctr++] = (int32_t)z;  // rho is public
  }
  return ctr;
}

// Generates A[e], e in [first, first + n) (row-major, n <= 4), into out[].
static void expand_a_batch(const mldsa_params *P, const mldsa_backend *be, const uint8_t rho[32], unsigned first,
                           unsigned n, int32_t *out[4]) {
  uint64_t st[4][25];
  uint8_t seed[4][66];
  unsigned ctr[4] = {0, 0, 0, 0};
  for (unsigned t = 0; t < n; t++) {
    memcpy(seed[t], rho, 32);
    seed[t][32] = (uint8_t)((first + t) % P->l);  // s (column)
    seed[t][33] = (uint8_t)((first + t) / P->l);  // r (row)
  }
  x4_start(st, n, (const uint8_t(*)[66])seed, 34, SHAKE128_RATE);
  for (;;) {
    x4_permute(st, n);
    unsigned done = 0;
    for (unsigned t = 0; t < n; t++) {
      if (ctr[t] < MLDSA_N) ctr[t] = be->rej_ntt(out[t], ctr[t], (const uint8_t *)st[t]);
      done += ctr[t] == MLDSA_N;
    }
    if (done == n) break;
  }
}

static __attribute__((noinline)) void expand_a_acc(const mldsa_params *P, const mldsa_backend *be,
                                                   const uint8_t rho[32], mldsa_poly *acc, const mldsa_poly *v) {
  mldsa_poly tmp[4];
  unsigned total = P->k * P->l;
  memset(acc, 0, sizeof(mldsa_poly) * P->k);
  for (unsigned e = 0; e < total; e += 4) {
    unsigned n = total - e < 4 ? total - e : 4;
    int32_t *out[4] = {tmp[0].c, tmp[1].c, tmp[2].c, tmp[3].c};
    expand_a_batch(P, be, rho, e, n, out);
    for (unsigned t = 0; t < n; t++) be->pointwise_acc(acc[(e + t) / P->l].c, tmp[t].c, v[(e + t) % P->l].c);
  }
}

void cce_mldsa_expand_a(const mldsa_params *P, const mldsa_backend *be, const uint8_t rho[32], mldsa_poly *A,
                        mldsa_poly *acc, const mldsa_poly *v) {
  if (A == NULL) {
    expand_a_acc(P, be, rho, acc, v);
    return;
  }
  unsigned total = P->k * P->l;
  for (unsigned e = 0; e < total; e += 4) {
    unsigned n = total - e < 4 ? total - e : 4;
    int32_t *out[4] = {A[e].c, NULL, NULL, NULL};
    for (unsigned t = 1; t < n; t++) out[t] = A[e + t].c;
    expand_a_batch(P, be, rho, e, n, out);
  }
}

// ---------------------------------------------------------------------------
// ExpandS.

unsigned cce_mldsa_rej_eta(int32_t *a, unsigned ctr, const uint8_t *buf, int32_t eta) {
  int8_t vals[2 * SHAKE256_RATE];
  uint8_t ok[2 * SHAKE256_RATE];
  // Every half-byte: value and accept bit, without a branch; byte by byte
  // so that the compiler vectorizes the loop.
  for (unsigned i = 0; i < SHAKE256_RATE; i++) {
    int32_t z0 = buf[i] & 15, z1 = buf[i] >> 4;
    if (eta == 2) {  // public parameter
      ok[2 * i] = (uint8_t)(((z0 - 15) >> 31) & 1);  // z < 15
      ok[2 * i + 1] = (uint8_t)(((z1 - 15) >> 31) & 1);
      // 2 - (z mod 5); z * 205 >> 10 = z / 5 for z < 16
      vals[2 * i] = (int8_t)(2 - (z0 - 5 * ((z0 * 205) >> 10)));
      vals[2 * i + 1] = (int8_t)(2 - (z1 - 5 * ((z1 * 205) >> 10)));
    } else {
      ok[2 * i] = (uint8_t)(((z0 - 9) >> 31) & 1);  // z < 9
      ok[2 * i + 1] = (uint8_t)(((z1 - 9) >> 31) & 1);
      vals[2 * i] = (int8_t)(4 - z0);
      vals[2 * i + 1] = (int8_t)(4 - z1);
    }
  }
  cce_mldsa_ct_public(ok, sizeof ok);  // the rejection pattern (see above)
  // Placement: every value is written at the next free slot, which advances
  // only when it was accepted (a rejected value is overwritten by the next
  // one). The slot depends on the released pattern alone.
  for (unsigned i = 0; i < 2 * SHAKE256_RATE && ctr < MLDSA_N; i++) {
    a[ctr] = vals[i];
    ctr += ok[i];
  }
  cce_wipe(vals, sizeof vals);
  return ctr;
}

void cce_mldsa_expand_s(const mldsa_params *P, const uint8_t rhop[64], mldsa_poly *s1, mldsa_poly *s2) {
  const mldsa_backend *be = cce_mldsa_backend();
  uint64_t st[4][25];
  uint8_t seed[4][66];
  unsigned total = P->k + P->l;
  for (unsigned e = 0; e < total; e += 4) {
    unsigned n = total - e < 4 ? total - e : 4;
    int32_t *out[4];
    unsigned ctr[4] = {0, 0, 0, 0};
    for (unsigned t = 0; t < n; t++) {
      unsigned r = e + t;
      memcpy(seed[t], rhop, 64);
      seed[t][64] = (uint8_t)r;
      seed[t][65] = (uint8_t)(r >> 8);
      out[t] = r < P->l ? s1[r].c : s2[r - P->l].c;
    }
    x4_start(st, n, (const uint8_t(*)[66])seed, 66, SHAKE256_RATE);
    for (;;) {
      x4_permute(st, n);
      unsigned done = 0;
      for (unsigned t = 0; t < n; t++) {
        if (ctr[t] < MLDSA_N) ctr[t] = be->rej_eta(out[t], ctr[t], (const uint8_t *)st[t], P->eta);
        done += ctr[t] == MLDSA_N;
      }
      if (done == n) break;
    }
  }
  cce_wipe(st, sizeof st);
  cce_wipe(seed, sizeof seed);
  cce_keccak_scrub_stack();
}

// ---------------------------------------------------------------------------
// ExpandMask.

void cce_mldsa_expand_mask(const mldsa_params *P, const uint8_t rhopp[64], unsigned kappa, mldsa_poly *y,
                           mldsa_poly *spare, unsigned *nspare) {
  uint64_t st[4][25];
  uint8_t seed[4][66];
  uint8_t buf[4][5 * SHAKE256_RATE];
  const mldsa_backend *be = cce_mldsa_backend();
  unsigned first = 0;
  if (spare != NULL) {  // polynomials kappa.. made by the previous call
    first = *nspare;
    for (unsigned t = 0; t < first; t++) y[t] = spare[t];
    *nspare = 0;
  }
  for (unsigned e = first; e < P->l; e += 4) {
    unsigned n = spare != NULL ? 4 : (P->l - e < 4 ? P->l - e : 4);
    for (unsigned t = 0; t < n; t++) {
      unsigned r = kappa + e + t;
      memcpy(seed[t], rhopp, 64);
      seed[t][64] = (uint8_t)r;
      seed[t][65] = (uint8_t)(r >> 8);
    }
    x4_start(st, n, (const uint8_t(*)[66])seed, 66, SHAKE256_RATE);
    unsigned need = 32 * P->gamma1_bits;  // 576 or 640 bytes: 5 blocks
    for (unsigned b = 0; b * SHAKE256_RATE < need; b++) {
      x4_permute(st, n);
      for (unsigned t = 0; t < n; t++) memcpy(buf[t] + b * SHAKE256_RATE, st[t], SHAKE256_RATE);
    }
    for (unsigned t = 0; t < n; t++) {
      mldsa_poly *out = e + t < P->l ? &y[e + t] : &spare[(*nspare)++];
      be->unpack_z(out->c, buf[t], P->gamma1_bits, P->gamma1);
    }
  }
  cce_wipe(st, sizeof st);
  cce_wipe(seed, sizeof seed);
  cce_wipe(buf, sizeof buf);
  cce_keccak_scrub_stack();
}

// ---------------------------------------------------------------------------
// SampleInBall.

// The positions j (one per nonzero coefficient, i = 256 - tau .. 255) and the
// sign bits of SampleInBall. The rejection of a byte j > i is declassified
// when `ct` (see above).
static void ball_positions(const mldsa_params *P, const uint8_t *ctilde, uint8_t js[MLDSA_N], uint64_t *signs,
                           int ct) {
  cce_sha3_state st;
  uint8_t buf[SHAKE256_RATE];
  cce_sha3_init_impl(&st, CCE_HASH_SHAKE256);
  cce_sha3_absorb_impl(&st, ctilde, P->ctilde_bytes);
  cce_shake_squeeze_impl(&st, buf, sizeof buf);
  *signs = cce_load64_le(buf);
  unsigned pos = 8;
  for (unsigned i = MLDSA_N - P->tau, t = 0; i < MLDSA_N; i++, t++) {
    uint32_t j;
    for (;;) {
      if (pos == SHAKE256_RATE) {
        cce_shake_squeeze_impl(&st, buf, sizeof buf);
        pos = 0;
      }
      j = buf[pos++];
      uint8_t reject = (uint8_t)((i - j) >> 31);  // j > i
      if (ct) cce_mldsa_ct_public(&reject, 1);
      if (!reject) break;
    }
    js[t] = (uint8_t)j;
  }
  cce_wipe(&st, sizeof st);
  cce_wipe(buf, sizeof buf);
}

void cce_mldsa_sample_in_ball(const mldsa_params *P, int32_t c[MLDSA_N], const uint8_t *ctilde) {
  uint8_t js[MLDSA_N];
  uint64_t signs;
  ball_positions(P, ctilde, js, &signs, 1);
  cce_mldsa_backend()->ball(c, js, signs, P->tau);
  cce_wipe(js, sizeof js);
  cce_wipe(&signs, sizeof signs);
}

void cce_mldsa_sample_in_ball_public(const mldsa_params *P, int32_t c[MLDSA_N], const uint8_t *ctilde) {
  uint8_t js[MLDSA_N];
  uint64_t signs;
  ball_positions(P, ctilde, js, &signs, 0);
  memset(c, 0, sizeof(int32_t) * MLDSA_N);
  for (unsigned i = MLDSA_N - P->tau, t = 0; i < MLDSA_N; i++, t++, signs >>= 1) {
    c[i] = c[js[t]];
    c[js[t]] = 1 - 2 * (int32_t)(signs & 1);
  }
}
