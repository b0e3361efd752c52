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
//    then used to place the accepted values. Which half-bytes were rejected
//    says nothing about the accepted ones (independent uniform samples), so
//    it leaks nothing about s1, s2.
//  - ExpandMask has no rejection at all.
//  - SampleInBall: the rejection of a byte j > i is declassified likewise;
//    the swap c[i] = c[j], c[j] = +-1 is done by scanning every position with
//    masks, so neither j nor the signs select a memory address.

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

static unsigned rej_ntt(int32_t *a, unsigned ctr, const uint8_t *buf) {
  for (unsigned pos = 0; pos + 3 <= SHAKE128_RATE && ctr < MLDSA_N; pos += 3) {
    uint32_t z = (uint32_t)buf[pos] | ((uint32_t)buf[pos + 1] << 8) | ((uint32_t)(buf[pos + 2] & 0x7f) << 16);
    if (z < MLDSA_Q) a[ctr++] = (int32_t)z;  // rho is public
  }
  return ctr;
}

// Generates A[e], e in [first, first + n) (row-major, n <= 4), into out[].
static void expand_a_batch(const mldsa_params *P, const uint8_t rho[32], unsigned first, unsigned n,
                           int32_t *out[4]) {
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
      if (ctr[t] < MLDSA_N) ctr[t] = rej_ntt(out[t], ctr[t], (const uint8_t *)st[t]);
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
    expand_a_batch(P, rho, e, n, out);
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
    expand_a_batch(P, rho, e, n, out);
  }
}

// ---------------------------------------------------------------------------
// ExpandS.

static unsigned rej_eta(int32_t *a, unsigned ctr, const uint8_t *buf, int32_t eta) {
  int32_t vals[2 * SHAKE256_RATE];
  uint8_t okmap[2 * SHAKE256_RATE / 8];
  memset(okmap, 0, sizeof okmap);
  for (unsigned i = 0; i < 2 * SHAKE256_RATE; i++) {
    int32_t z = (buf[i >> 1] >> (4 * (i & 1))) & 15;
    int32_t ok, val;
    if (eta == 2) {  // public parameter
      ok = ((z - 15) >> 31) & 1;                     // z < 15
      val = 2 - (z - 5 * ((z * 205) >> 10));         // 2 - (z mod 5); z * 205 >> 10 = z / 5 for z < 15
    } else {
      ok = ((z - 9) >> 31) & 1;  // z < 9
      val = 4 - z;
    }
    vals[i] = val;
    okmap[i >> 3] |= (uint8_t)(ok << (i & 7));
  }
  cce_mldsa_ct_public(okmap, sizeof okmap);  // the rejection pattern (see above)
  for (unsigned i = 0; i < 2 * SHAKE256_RATE && ctr < MLDSA_N; i++) {
    if ((okmap[i >> 3] >> (i & 7)) & 1) a[ctr++] = vals[i];
  }
  cce_wipe(vals, sizeof vals);
  return ctr;
}

void cce_mldsa_expand_s(const mldsa_params *P, const uint8_t rhop[64], mldsa_poly *s1, mldsa_poly *s2) {
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
        if (ctr[t] < MLDSA_N) ctr[t] = rej_eta(out[t], ctr[t], (const uint8_t *)st[t], P->eta);
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

void cce_mldsa_expand_mask(const mldsa_params *P, const uint8_t rhopp[64], unsigned kappa, mldsa_poly *y) {
  uint64_t st[4][25];
  uint8_t seed[4][66];
  uint8_t buf[4][5 * SHAKE256_RATE];
  for (unsigned e = 0; e < P->l; e += 4) {
    unsigned n = P->l - e < 4 ? P->l - e : 4;
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
    for (unsigned t = 0; t < n; t++) cce_mldsa_unpack(y[e + t].c, buf[t], P->gamma1_bits, P->gamma1, 1);
  }
  cce_wipe(st, sizeof st);
  cce_wipe(seed, sizeof seed);
  cce_wipe(buf, sizeof buf);
  cce_keccak_scrub_stack();
}

// ---------------------------------------------------------------------------
// SampleInBall.

void cce_mldsa_sample_in_ball(const mldsa_params *P, int32_t c[MLDSA_N], const uint8_t *ctilde) {
  cce_sha3_state st;
  uint8_t buf[SHAKE256_RATE];
  uint8_t cb[MLDSA_N];  // coefficient bytes: 0, 1 or 0xff (-1)
  cce_sha3_init_impl(&st, CCE_HASH_SHAKE256);
  cce_sha3_absorb_impl(&st, ctilde, P->ctilde_bytes);
  cce_shake_squeeze_impl(&st, buf, sizeof buf);
  uint64_t signs = cce_load64_le(buf);
  unsigned pos = 8;
  memset(cb, 0, sizeof cb);
  for (unsigned i = MLDSA_N - P->tau; i < MLDSA_N; i++) {
    uint32_t j;
    for (;;) {
      if (pos == SHAKE256_RATE) {
        cce_shake_squeeze_impl(&st, buf, sizeof buf);
        pos = 0;
      }
      j = buf[pos++];
      uint8_t reject = (uint8_t)((i - j) >> 31);  // j > i
      cce_mldsa_ct_public(&reject, 1);
      if (!reject) break;
    }
    uint8_t sign = (uint8_t)(0u - (uint8_t)(signs & 1));  // 0 or 0xff
    uint8_t val = (uint8_t)(sign | 1);                    // +1 or -1 (0xff)
    signs >>= 1;
    // c[i] = c[j]; c[j] = val, scanning all 256 positions (positions >= i
    // still hold 0, so the OR picks up c[j] alone). The mask is plain
    // arithmetic, so the compiler vectorizes the loop (no branch, no cmov).
    uint8_t cj = 0;
    for (unsigned t = 0; t < MLDSA_N; t++) {
      uint8_t m = (uint8_t)(((uint32_t)(t ^ j) - 1u) >> 24);
      uint8_t v = cb[t];
      cj |= v & m;
      cb[t] = (uint8_t)((v & ~m) | (val & m));
    }
    cb[i] |= cj;  // j == i: c[i] = val (cj = 0); else c[i] was 0
  }
  for (unsigned t = 0; t < MLDSA_N; t++) c[t] = (int32_t)(int8_t)cb[t];
  cce_wipe(&st, sizeof st);
  cce_wipe(buf, sizeof buf);
  cce_wipe(cb, sizeof cb);
  cce_wipe(&signs, sizeof signs);
}
