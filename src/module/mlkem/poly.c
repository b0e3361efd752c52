// ML-KEM polynomials (FIPS 203 sections 4.2-4.3): the portable arithmetic
// back end (NTT, inverse NTT, MultiplyNTTs with Montgomery and Barrett
// reductions), sampling (SampleNTT, SamplePolyCBD) and the byte encodings
// with compression.
//
// Montgomery form: R = 2^16. montgomery_reduce(a) returns a * R^-1 mod q for
// |a| < q * 2^15, in (-q, q). The zeta tables hold zeta * R mod q (centred),
// so montgomery_reduce(zeta_R * x) = zeta * x mod q.
//
// Tables (printed by a short script from the definitions of FIPS 203 4.3):
//   mlkem_zetas[i]  = 17^brv7(i) * R mod q                 (Algorithms 9, 10)
//   mlkem_gammas[i] = 17^(2 brv7(i) + 1) * R mod q         (Algorithm 11)
// each as the representative in [-(q-1)/2, (q-1)/2].
//
// Constant time: arithmetic and encodings have no data-dependent branch or
// index. The only data-dependent control flow is the rejection sampling of
// SampleNTT, which runs on public data (rho comes from the encapsulation key).

#include "internal.h"

#include "../hash/internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "poly.c assumes a little-endian target"
#endif

static const int16_t mlkem_zetas[128] = {
    -1044, -758, -359, -1517, 1493, 1422, 287, 202, -171, 622, 1577, 182, 962, -1202, -1474, 1468,
    573, -1325, 264, 383, -829, 1458, -1602, -130, -681, 1017, 732, 608, -1542, 411, -205, -1571,
    1223, 652, -552, 1015, -1293, 1491, -282, -1544, 516, -8, -320, -666, -1618, -1162, 126, 1469,
    -853, -90, -271, 830, 107, -1421, -247, -951, -398, 961, -1508, -725, 448, -1065, 677, -1275,
    -1103, 430, 555, 843, -1251, 871, 1550, 105, 422, 587, 177, -235, -291, -460, 1574, 1653,
    -246, 778, 1159, -147, -777, 1483, -602, 1119, -1590, 644, -872, 349, 418, 329, -156, -75,
    817, 1097, 603, 610, 1322, -1285, -1465, 384, -1215, -136, 1218, -1335, -874, 220, -1187, -1659,
    -1185, -1530, -1278, 794, -1510, -854, -870, 478, -108, -308, 996, 991, 958, -1460, 1522, 1628,
};

static const int16_t mlkem_gammas[128] = {
    -1103, 1103, 430, -430, 555, -555, 843, -843, -1251, 1251, 871, -871, 1550, -1550, 105, -105,
    422, -422, 587, -587, 177, -177, -235, 235, -291, 291, -460, 460, 1574, -1574, 1653, -1653,
    -246, 246, 778, -778, 1159, -1159, -147, 147, -777, 777, 1483, -1483, -602, 602, 1119, -1119,
    -1590, 1590, 644, -644, -872, 872, 349, -349, 418, -418, 329, -329, -156, 156, -75, 75,
    817, -817, 1097, -1097, 603, -603, 610, -610, 1322, -1322, -1285, 1285, -1465, 1465, 384, -384,
    -1215, 1215, -136, 136, 1218, -1218, -1335, 1335, -874, 874, 220, -220, -1187, 1187, -1659, 1659,
    -1185, 1185, -1530, 1530, -1278, 1278, 794, -794, -1510, 1510, -854, 854, -870, 870, 478, -478,
    -108, 108, -308, 308, 996, -996, 991, -991, 958, -958, -1460, 1460, 1522, -1522, 1628, -1628,
};

// ---------------------------------------------------------------------------
// Reductions.

// see internal.h. t = a * q^-1 mod 2^16 (signed), then (a - t q) / 2^16 is
// exact and congruent to a * R^-1.
int16_t cce_mlkem_montgomery_reduce(int32_t a) {
  int16_t t = (int16_t)(uint16_t)((uint32_t)a * (uint32_t)(uint16_t)MLKEM_QINV);
  return (int16_t)((a - (int32_t)t * MLKEM_Q) >> 16);
}

// see internal.h. t = round(a / q) through round(2^26 / q); the result is
// the representative of a in about [-q/2, q/2].
int16_t cce_mlkem_barrett_reduce(int16_t a) {
  int16_t t = (int16_t)(((int32_t)MLKEM_BARRETT_V * a + (1 << 25)) >> 26);
  return (int16_t)(a - t * MLKEM_Q);
}

static inline int16_t fqmul(int16_t a, int16_t b) { return cce_mlkem_montgomery_reduce((int32_t)a * b); }

// ---------------------------------------------------------------------------
// Portable back end.

// NTT (Algorithm 9). Each layer adds less than q to the bound (|t| < q), so
// 7 layers from |x| <= q stay under 8q < 2^15; one Barrett pass at the end.
static void ntt_portable(int16_t r[MLKEM_N]) {
  unsigned i = 1;
  for (unsigned len = 128; len >= 2; len >>= 1) {
    for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
      const int16_t zeta = mlkem_zetas[i++];
      for (unsigned j = start; j < start + len; j++) {
        int16_t t = fqmul(zeta, r[j + len]);
        r[j + len] = (int16_t)(r[j] - t);
        r[j] = (int16_t)(r[j] + t);
      }
    }
  }
  for (unsigned j = 0; j < MLKEM_N; j++) r[j] = cce_mlkem_barrett_reduce(r[j]);
}

// Inverse NTT (Algorithm 10), the sums Barrett-reduced at every layer, the
// final multiplication by 128^-1 folded with R^2 (undoing basemul's R^-1).
static void invntt_portable(int16_t r[MLKEM_N]) {
  for (unsigned j = 0; j < MLKEM_N; j++) r[j] = cce_mlkem_barrett_reduce(r[j]);
  unsigned i = 127;
  for (unsigned len = 2; len <= 128; len <<= 1) {
    for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
      const int16_t zeta = mlkem_zetas[i--];
      for (unsigned j = start; j < start + len; j++) {
        int16_t t = r[j];
        r[j] = cce_mlkem_barrett_reduce((int16_t)(t + r[j + len]));
        r[j + len] = fqmul(zeta, (int16_t)(r[j + len] - t));
      }
    }
  }
  for (unsigned j = 0; j < MLKEM_N; j++) r[j] = fqmul(r[j], MLKEM_INVNTT_F);
}

// MultiplyNTTs (Algorithms 11, 12) summed over k, Montgomery (factor R^-1).
// Each term is below 2q, the sum of four below 8q; Barrett at the end.
static void basemul_acc_portable(int16_t r[MLKEM_N], const mlkem_poly *a, size_t as, const mlkem_poly *b,
                                 unsigned k) {
  for (unsigned i = 0; i < MLKEM_N / 2; i++) {
    int16_t c0 = 0, c1 = 0;
    for (unsigned j = 0; j < k; j++) {
      const int16_t a0 = a[j * as].c[2 * i], a1 = a[j * as].c[2 * i + 1];
      const int16_t b0 = b[j].c[2 * i], b1 = b[j].c[2 * i + 1];
      c0 = (int16_t)(c0 + fqmul(fqmul(a1, b1), mlkem_gammas[i]) + fqmul(a0, b0));
      c1 = (int16_t)(c1 + fqmul(a0, b1) + fqmul(a1, b0));
    }
    r[2 * i] = cce_mlkem_barrett_reduce(c0);
    r[2 * i + 1] = cce_mlkem_barrett_reduce(c1);
  }
}

static void reduce_portable(int16_t r[MLKEM_N]) {
  for (unsigned j = 0; j < MLKEM_N; j++) r[j] = cce_mlkem_barrett_reduce(r[j]);
}

static void tomont_portable(int16_t r[MLKEM_N]) {
  for (unsigned j = 0; j < MLKEM_N; j++) r[j] = fqmul(r[j], MLKEM_R2);
}

const mlkem_arith cce_mlkem_arith_portable = {
    "portable",      ntt_portable,         invntt_portable, basemul_acc_portable, reduce_portable, tomont_portable,
    cce_mlkem_poly_compress, cce_mlkem_poly_decompress, cce_mlkem_poly_tobytes, cce_mlkem_poly_frombytes,
    cce_mlkem_poly_cbd,      cce_mlkem_rej_uniform,
};

// see internal.h
const mlkem_arith *cce_mlkem_arith(void) {
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_AVX2)) return &cce_mlkem_arith_avx2;
#endif
  return &cce_mlkem_arith_portable;
}

// ---------------------------------------------------------------------------
// Encodings (Algorithms 5, 6) and compression (4.7).

// see internal.h. |x| < q -> [0, q): add q where the sign bit is set.
void cce_mlkem_poly_canonical(mlkem_poly *r) {
  for (unsigned j = 0; j < MLKEM_N; j++) {
    int16_t x = r->c[j];
    r->c[j] = (int16_t)(x + ((x >> 15) & MLKEM_Q));
  }
}

// see internal.h
void cce_mlkem_poly_tobytes(uint8_t out[384], const mlkem_poly *a) {
  for (unsigned i = 0; i < MLKEM_N / 2; i++) {
    uint16_t a0 = (uint16_t)a->c[2 * i], a1 = (uint16_t)a->c[2 * i + 1];
    out[3 * i] = (uint8_t)a0;
    out[3 * i + 1] = (uint8_t)((a0 >> 8) | (a1 << 4));
    out[3 * i + 2] = (uint8_t)(a1 >> 4);
  }
}

// see internal.h
void cce_mlkem_poly_frombytes(mlkem_poly *r, const uint8_t in[384]) {
  for (unsigned i = 0; i < MLKEM_N / 2; i++) {
    const uint8_t *b = in + 3 * i;
    r->c[2 * i] = (int16_t)(b[0] | ((uint16_t)(b[1] & 0x0f) << 8));
    r->c[2 * i + 1] = (int16_t)((b[1] >> 4) | ((uint16_t)b[2] << 4));
  }
}

// see internal.h
int cce_mlkem_ek_overflow(const uint8_t *in, unsigned k) {
  uint32_t bad = 0;
  for (unsigned i = 0; i < 128 * k; i++) {
    const uint8_t *b = in + 3 * i;
    uint32_t a0 = b[0] | ((uint32_t)(b[1] & 0x0f) << 8);
    uint32_t a1 = (b[1] >> 4) | ((uint32_t)b[2] << 4);
    bad |= ((MLKEM_Q - 1 - a0) | (MLKEM_Q - 1 - a1)) >> 31;
  }
  return (int)bad;
}

// Bit packing of FIPS 203 ByteEncode_d: bit b of value i is bit i*d + b of
// the output (little-endian); eight values make d bytes, assembled in a
// 128-bit integer. Shifts by public amounts only.
__extension__ typedef unsigned __int128 mlkem_u128;

// D is a constant in every call (inlined per case), so the copies and
// shifts are specialised.
static inline __attribute__((always_inline)) void compress_d(uint8_t *out, const mlkem_poly *a, unsigned D) {
  for (unsigned j = 0; j < MLKEM_N; j += 8) {
    mlkem_u128 acc = 0;
    for (unsigned t = 0; t < 8; t++) acc |= (mlkem_u128)cce_mlkem_compress((uint16_t)a->c[j + t], D) << (D * t);
    uint8_t b[16];
    memcpy(b, &acc, sizeof b);  // little-endian target
    memcpy(out, b, D);
    out += D;
  }
}

static inline __attribute__((always_inline)) void decompress_d(mlkem_poly *r, const uint8_t *in, unsigned D) {
  const uint32_t mask = (1u << D) - 1;
  for (unsigned j = 0; j < MLKEM_N; j += 8) {
    uint8_t b[16] = {0};
    mlkem_u128 acc;
    memcpy(b, in, D);
    memcpy(&acc, b, sizeof acc);
    for (unsigned t = 0; t < 8; t++)
      r->c[j + t] = (int16_t)cce_mlkem_decompress((uint16_t)((uint32_t)(acc >> (D * t)) & mask), D);
    in += D;
  }
}

// see internal.h (d: 4, 5, 10 or 11, a public parameter)
void cce_mlkem_poly_compress(uint8_t *out, const mlkem_poly *a, unsigned d) {
  switch (d) {
    case 4: compress_d(out, a, 4); break;
    case 5: compress_d(out, a, 5); break;
    case 10: compress_d(out, a, 10); break;
    default: compress_d(out, a, 11); break;
  }
}

// see internal.h
void cce_mlkem_poly_decompress(mlkem_poly *r, const uint8_t *in, unsigned d) {
  switch (d) {
    case 4: decompress_d(r, in, 4); break;
    case 5: decompress_d(r, in, 5); break;
    case 10: decompress_d(r, in, 10); break;
    default: decompress_d(r, in, 11); break;
  }
}

// see internal.h. Decompress_1(b) = b * (q+1)/2, by mask.
void cce_mlkem_poly_frommsg(mlkem_poly *r, const uint8_t msg[32]) {
  for (unsigned i = 0; i < 32; i++) {
    for (unsigned b = 0; b < 8; b++) {
      uint16_t bit = (uint16_t)((msg[i] >> b) & 1);
      r->c[8 * i + b] = (int16_t)((0u - bit) & ((MLKEM_Q + 1) / 2));
    }
  }
}

// see internal.h. Compress_1(x) for x in [0, q) is 1 exactly when
// 833 <= x <= 2496: t = x - 833 must be >= 0 and t - 1664 < 0, read from
// the sign bits (no comparison instruction on the secret).
void cce_mlkem_poly_tomsg(uint8_t msg[32], const mlkem_poly *a) {
  for (unsigned i = 0; i < 32; i++) {
    uint32_t byte = 0;
    for (unsigned b = 0; b < 8; b++) {
      int32_t t = (int32_t)a->c[8 * i + b] - 833;
      uint32_t bit = ((uint32_t)(~t & (t - 1664)) >> 31) & 1;
      byte |= bit << b;
    }
    msg[i] = (uint8_t)byte;
  }
}

// ---------------------------------------------------------------------------
// Sampling.

// SamplePolyCBD_eta (Algorithm 8): coefficient i is the number of ones among
// bits 2*eta*i .. 2*eta*i+eta-1 minus that among the next eta bits; the bit
// counts are made for all coefficients of a word at once.
void cce_mlkem_poly_cbd(mlkem_poly *r, const uint8_t *buf, unsigned eta) {
  if (eta == 2) {
    for (unsigned i = 0; i < MLKEM_N / 8; i++) {
      uint32_t t = cce_load32_le(buf + 4 * i);
      uint32_t d = (t & 0x55555555u) + ((t >> 1) & 0x55555555u);
      for (unsigned j = 0; j < 8; j++) {
        int16_t x = (int16_t)((d >> (4 * j)) & 3), y = (int16_t)((d >> (4 * j + 2)) & 3);
        r->c[8 * i + j] = (int16_t)(x - y);
      }
    }
  } else {  // eta == 3
    for (unsigned i = 0; i < MLKEM_N / 4; i++) {
      const uint8_t *b = buf + 3 * i;
      uint32_t t = b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16);
      uint32_t d = (t & 0x249249u) + ((t >> 1) & 0x249249u) + ((t >> 2) & 0x249249u);
      for (unsigned j = 0; j < 4; j++) {
        int16_t x = (int16_t)((d >> (6 * j)) & 7), y = (int16_t)((d >> (6 * j + 3)) & 7);
        r->c[4 * i + j] = (int16_t)(x - y);
      }
    }
  }
}

#define SHAKE128_RATE 168
#define SHAKE256_RATE 136
#define GEN_BLOCKS 3  // 504 bytes: enough for 256 coefficients almost always

static void squeeze_lanes(uint8_t *out, const uint64_t s[25], unsigned lanes) {
  for (unsigned l = 0; l < lanes; l++) cce_store64_le(out + 8 * l, s[l]);
}

// Rejection sampling of SampleNTT (Algorithm 7) over `len` bytes (a multiple
// of 3); returns the new count. Public data. The main loop reads 12 bytes
// (8 candidates) at a time and appends without a branch (every candidate is
// written at r[ctr], ctr advances when it is below q), while at least 8
// slots remain; the tail takes one candidate at a time.
unsigned cce_mlkem_rej_uniform(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len) {
  size_t pos = 0;
  while (pos + 16 <= len && ctr <= MLKEM_N - 8) {
    uint64_t v0 = cce_load64_le(buf + pos), v1 = cce_load64_le(buf + pos + 6);
    for (unsigned t = 0; t < 4; t++) {
      uint16_t d = (uint16_t)((v0 >> (12 * t)) & 0xfff);
      r[ctr] = (int16_t)d;
      ctr += d < MLKEM_Q;
    }
    for (unsigned t = 0; t < 4; t++) {
      uint16_t d = (uint16_t)((v1 >> (12 * t)) & 0xfff);
      r[ctr] = (int16_t)d;
      ctr += d < MLKEM_Q;
    }
    pos += 12;
  }
  for (; pos + 3 <= len && ctr < MLKEM_N; pos += 3) {
    uint16_t d1 = (uint16_t)(buf[pos] | ((uint16_t)(buf[pos + 1] & 0x0f) << 8));
    uint16_t d2 = (uint16_t)((buf[pos + 1] >> 4) | ((uint16_t)buf[pos + 2] << 4));
    if (d1 < MLKEM_Q) r[ctr++] = (int16_t)d1;
    if (d2 < MLKEM_Q && ctr < MLKEM_N) r[ctr++] = (int16_t)d2;
  }
  return ctr;
}

// see internal.h. One SHAKE128 instance per lane of the 4-way permutation:
// absorb rho || b32 || b33 (34 bytes) with the SHAKE padding in one block,
// squeeze GEN_BLOCKS blocks, then more blocks while a lane lacks
// coefficients (all four are permuted together; unused lanes are ignored).
void cce_mlkem_gen_row(mlkem_poly *row, const uint8_t rho[32], unsigned i, unsigned k, int transposed) {
  _Alignas(32) uint64_t s[4][25];
  uint8_t buf[4][GEN_BLOCKS * SHAKE128_RATE];
  unsigned ctr[4] = {0, 0, 0, 0};
  const mlkem_arith *ar = cce_mlkem_arith();
  memset(s, 0, sizeof s);
  for (unsigned j = 0; j < 4; j++) {
    unsigned jj = j < k ? j : 0;
    // A[i][j] = SampleNTT(rho || j || i); the transpose swaps the bytes.
    uint64_t b32 = transposed ? i : jj, b33 = transposed ? jj : i;
    for (unsigned l = 0; l < 4; l++) s[j][l] = cce_load64_le(rho + 8 * l);
    s[j][4] = b32 | (b33 << 8) | (0x1full << 16);
    s[j][SHAKE128_RATE / 8 - 1] ^= 0x80ull << 56;
  }
  for (unsigned b = 0; b < GEN_BLOCKS; b++) {
    cce_keccak_f1600_x4(s);
    for (unsigned j = 0; j < k; j++) squeeze_lanes(buf[j] + b * SHAKE128_RATE, s[j], SHAKE128_RATE / 8);
  }
  unsigned done = 1;
  for (unsigned j = 0; j < k; j++) {
    ctr[j] = ar->rej(row[j].c, 0, buf[j], sizeof buf[j]);
    done &= ctr[j] == MLKEM_N;
  }
  while (!done) {
    cce_keccak_f1600_x4(s);
    done = 1;
    for (unsigned j = 0; j < k; j++) {
      squeeze_lanes(buf[j], s[j], SHAKE128_RATE / 8);
      ctr[j] = ar->rej(row[j].c, ctr[j], buf[j], SHAKE128_RATE);
      done &= ctr[j] == MLKEM_N;
    }
  }
}

// see internal.h. A pool of k*k + 2k jobs on the four lanes of the 4-way
// permutation: the matrix entries first (SHAKE128, GEN_BLOCKS blocks, then
// one more at a time while coefficients are missing), then the noise
// polynomials (SHAKE256, one or two blocks). A lane whose job is done takes
// the next one at once (its state is reset to the new absorbed seed), so no
// lane idles while jobs remain. Only the rejection counts (public) decide
// when a matrix job is done; noise jobs take a fixed number of blocks.
// The absorbed state of job J: matrix entry J = k i + j (SHAKE128 of
// rho || j || i) for J < k*k, else noise nonce N = J - k*k (SHAKE256 of
// sigma || N).
static void pool_start(uint64_t s[25], unsigned J, unsigned k, const uint8_t rho[32], const uint8_t sigma[32]) {
  memset(s, 0, 25 * sizeof(uint64_t));
  if (J < k * k) {
    for (unsigned t = 0; t < 4; t++) s[t] = cce_load64_le(rho + 8 * t);
    s[4] = (uint64_t)(J % k) | ((uint64_t)(J / k) << 8) | (0x1full << 16);
    s[SHAKE128_RATE / 8 - 1] ^= 0x80ull << 56;
  } else {
    for (unsigned t = 0; t < 4; t++) s[t] = cce_load64_le(sigma + 8 * t);
    s[4] = (uint64_t)(J - k * k) | (0x1full << 8);
    s[SHAKE256_RATE / 8 - 1] ^= 0x80ull << 56;
  }
}

void cce_mlkem_gen_matrix_noise(mlkem_poly *mat, const uint8_t rho[32], unsigned k, mlkem_poly *se,
                                const uint8_t sigma[32], unsigned eta) {
  _Alignas(32) uint64_t s[4][25];
  uint8_t buf[4][GEN_BLOCKS * SHAKE128_RATE];  // noise: at most 2 * 136 bytes
  unsigned job[4], nb[4] = {0, 0, 0, 0}, ctr[4] = {0, 0, 0, 0};
  const unsigned na = k * k, total = k * k + 2 * k, noise_blocks = eta == 2 ? 1 : 2;
  const mlkem_arith *ar = cce_mlkem_arith();
  unsigned next = 0, active = 0;
  memset(s, 0, sizeof s);
  for (unsigned l = 0; l < 4; l++) {
    job[l] = total;  // idle
    if (next < total) {
      job[l] = next++;
      active++;
      pool_start(s[l], job[l], k, rho, sigma);
    }
  }
  while (active) {
    cce_keccak_f1600_x4(s);
    for (unsigned l = 0; l < 4; l++) {
      unsigned J = job[l], done;
      if (J >= total) continue;
      if (J < na) {
        unsigned b = nb[l]++;
        if (b < GEN_BLOCKS) {
          squeeze_lanes(buf[l] + b * SHAKE128_RATE, s[l], SHAKE128_RATE / 8);
          if (b + 1 == GEN_BLOCKS) ctr[l] = ar->rej(mat[J].c, 0, buf[l], GEN_BLOCKS * SHAKE128_RATE);
        } else {
          squeeze_lanes(buf[l], s[l], SHAKE128_RATE / 8);
          ctr[l] = ar->rej(mat[J].c, ctr[l], buf[l], SHAKE128_RATE);
        }
        done = nb[l] >= GEN_BLOCKS && ctr[l] == MLKEM_N;  // public counts
      } else {
        squeeze_lanes(buf[l] + nb[l] * SHAKE256_RATE, s[l], SHAKE256_RATE / 8);
        done = ++nb[l] == noise_blocks;
        if (done) ar->cbd(&se[J - na], buf[l], eta);
      }
      if (!done) continue;
      nb[l] = 0;
      ctr[l] = 0;
      if (next == total) {
        job[l] = total;
        active--;
        continue;
      }
      job[l] = next++;
      pool_start(s[l], job[l], k, rho, sigma);
    }
  }
  cce_wipe(s, sizeof s);
  cce_wipe(buf, sizeof buf);
  cce_keccak_scrub_stack();
}

// see internal.h. PRF_eta(s, N) = SHAKE256(s || N, 64 eta): 128 or 192
// bytes, one or two blocks of rate 136.
void cce_mlkem_sample_noise(mlkem_poly *r, const uint8_t sigma[32], uint8_t n0, unsigned count, unsigned eta) {
  _Alignas(32) uint64_t s[4][25];
  uint8_t buf[4][2 * SHAKE256_RATE];
  const unsigned blocks = eta == 2 ? 1 : 2;
  memset(s, 0, sizeof s);
  for (unsigned j = 0; j < 4; j++) {
    for (unsigned l = 0; l < 4; l++) s[j][l] = cce_load64_le(sigma + 8 * l);
    s[j][4] = (uint64_t)(uint8_t)(n0 + j) | (0x1full << 8);
    s[j][SHAKE256_RATE / 8 - 1] ^= 0x80ull << 56;
  }
  for (unsigned b = 0; b < blocks; b++) {
    cce_keccak_f1600_x4(s);
    for (unsigned j = 0; j < count; j++) squeeze_lanes(buf[j] + b * SHAKE256_RATE, s[j], SHAKE256_RATE / 8);
  }
  const mlkem_arith *ar = cce_mlkem_arith();
  for (unsigned j = 0; j < count; j++) ar->cbd(&r[j], buf[j], eta);
  cce_wipe(s, sizeof s);
  cce_wipe(buf, sizeof buf);
  cce_keccak_scrub_stack();
}
