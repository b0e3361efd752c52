// SHA-384, SHA-512, SHA-512/224 and SHA-512/256 (FIPS 180-4, sections
// 4.1.3, 4.2.3, 5, 6.4, 6.5, 6.6, 6.7): compression function, buffering,
// padding, dispatch and the KAT. See cce/hash.h and hash/internal.h.
//
// The compression is fully unrolled straight-line C (constant-time: no
// data-dependent branch or index). It is built twice: as is, and with the
// BMI1/BMI2 target so the rotations become RORX (non-destructive, no flags)
// and ~e & g one ANDN (every CPU with BMI2 also has BMI1).
// sha512_avx2.c adds variants whose message schedule runs in AVX2 or
// AVX-512VL vector registers.

#include <stdatomic.h>

#include "internal.h"

// Constants (FIPS 180-4, 4.2.3): first 64 bits of the fractional parts of the
// cube roots of the first 80 primes. Shared with sha512_avx2.c.
CCE_HIDDEN extern const uint64_t cce_sha512_k[80];
CCE_HIDDEN _Alignas(64) const uint64_t cce_sha512_k[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

// Block functions: process `num_blocks` 128-byte blocks of `p` into `h`.
CCE_HIDDEN void cce_sha512_blocks_portable(uint64_t h[8], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha512_blocks_bmi2(uint64_t h[8], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha512_blocks_avx2(uint64_t h[8], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha512_blocks_avx512(uint64_t h[8], const uint8_t *p, size_t num_blocks);

// Initial hash values (FIPS 180-4, 5.3.4 - 5.3.6).
static const uint64_t sha384_iv[8] = {
    0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
    0x67332667ffc00b31ull, 0x8eb44a8768581511ull, 0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull,
};
static const uint64_t sha512_iv[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};
static const uint64_t sha512_224_iv[8] = {
    0x8c3d37c819544da2ull, 0x73e1996689dcd4d6ull, 0x1dfab7ae32ff9c82ull, 0x679dd514582f9fcfull,
    0x0f6d2b697bd44da8ull, 0x77e36f7304c48942ull, 0x3f9d85a86a1d36c8ull, 0x1112e6ad91d692a1ull,
};
static const uint64_t sha512_256_iv[8] = {
    0x22312194fc2bf72cull, 0x9f555fa3c84c64c2ull, 0x2393b86b6f53b151ull, 0x963877195940eabdull,
    0x96283ee2a88effe3ull, 0xbe5e1e2553863992ull, 0x2b0199fc2c85b8aaull, 0x0eb72ddc81c52ca2ull,
};

// ---------------------------------------------------------------------------
// Compression (FIPS 180-4, 6.4.2).

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define BSIG0(x) (ROTR64(x, 28) ^ ROTR64(x, 34) ^ ROTR64(x, 39))
#define BSIG1(x) (ROTR64(x, 14) ^ ROTR64(x, 18) ^ ROTR64(x, 41))
#define SSIG0(x) (ROTR64(x, 1) ^ ROTR64(x, 8) ^ ((x) >> 7))
#define SSIG1(x) (ROTR64(x, 19) ^ ROTR64(x, 61) ^ ((x) >> 6))
// One round (t = T1, the new a = T1 + T2), the working variables rotating
// through the macro arguments instead of being moved. The sums are ordered so
// that the values ready last (those derived from e and a) are added last:
// Ch(e,f,g) = (e & f) + (~e & g) (the two terms have no bit in common), and
// Maj(a,b,c) = ((a ^ b) & (b ^ c)) ^ b where b ^ c is the previous round's
// a ^ b (`xo`); this round's a ^ b goes to `xn`.
#define RND(a, b, c, d, e, f, g, h, i, wexpr, xn, xo)   \
  do {                                                 \
    uint64_t t1_ = (h) + cce_sha512_k[i] + (wexpr);   \
    t1_ += (e) & (f);                                  \
    t1_ += ~(e) & (g);                                 \
    t1_ += BSIG1(e);                                   \
    (xn) = (a) ^ (b);                                  \
    (d) += t1_;                                        \
    (h) = t1_ + (BSIG0(a) + (((xn) & (xo)) ^ (b)));    \
  } while (0)

// Message schedule on a 16-word ring: w[t & 15] holds W_t.
#define WLOAD(t) (w[t] = cce_load64_be(p + 8 * (t)))
#define WEXP(t) \
  (w[(t) & 15] += SSIG1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + SSIG0(w[((t) - 15) & 15]))

#define R8(t, W)                                            \
  RND(a, b, c, d, e, f, g, h, (t) + 0, W((t) + 0), x1, x0); \
  RND(h, a, b, c, d, e, f, g, (t) + 1, W((t) + 1), x0, x1); \
  RND(g, h, a, b, c, d, e, f, (t) + 2, W((t) + 2), x1, x0); \
  RND(f, g, h, a, b, c, d, e, (t) + 3, W((t) + 3), x0, x1); \
  RND(e, f, g, h, a, b, c, d, (t) + 4, W((t) + 4), x1, x0); \
  RND(d, e, f, g, h, a, b, c, (t) + 5, W((t) + 5), x0, x1); \
  RND(c, d, e, f, g, h, a, b, (t) + 6, W((t) + 6), x1, x0); \
  RND(b, c, d, e, f, g, h, a, (t) + 7, W((t) + 7), x0, x1)

static inline __attribute__((always_inline)) void sha512_blocks_body(uint64_t st[8], const uint8_t *p,
                                                                     size_t num_blocks) {
  uint64_t w[16];
  uint64_t a = st[0], b = st[1], c = st[2], d = st[3];
  uint64_t e = st[4], f = st[5], g = st[6], h = st[7];
  while (num_blocks--) {
    uint64_t x0 = b ^ c, x1;
    R8(0, WLOAD);
    R8(8, WLOAD);
    R8(16, WEXP);
    R8(24, WEXP);
    R8(32, WEXP);
    R8(40, WEXP);
    R8(48, WEXP);
    R8(56, WEXP);
    R8(64, WEXP);
    R8(72, WEXP);
    a = (st[0] += a); b = (st[1] += b); c = (st[2] += c); d = (st[3] += d);
    e = (st[4] += e); f = (st[5] += f); g = (st[6] += g); h = (st[7] += h);
    p += 128;
  }
  cce_wipe(w, sizeof(w));  // the schedule is derived from the (possibly secret) message
}

#undef R8
#undef WEXP
#undef WLOAD
#undef RND

CCE_HIDDEN void cce_sha512_blocks_portable(uint64_t h[8], const uint8_t *p, size_t num_blocks) {
  sha512_blocks_body(h, p, num_blocks);
}

CCE_HIDDEN __attribute__((target("bmi,bmi2"))) void cce_sha512_blocks_bmi2(uint64_t h[8], const uint8_t *p,
                                                                       size_t num_blocks) {
  sha512_blocks_body(h, p, num_blocks);
}

// ---------------------------------------------------------------------------
// Dispatch, picked on first use from cce_cpu_caps (fixed at library load).

typedef void (*sha512_blocks_fn)(uint64_t h[8], const uint8_t *p, size_t num_blocks);
static _Atomic(sha512_blocks_fn) sha512_blocks_ptr;

static sha512_blocks_fn sha512_blocks_pick(void) {
  sha512_blocks_fn f = atomic_load_explicit(&sha512_blocks_ptr, memory_order_relaxed);
  if (CCE_UNLIKELY(f == NULL)) {
    if (cce_cpu_has(CCE_CPU_AVX512F | CCE_CPU_AVX512VL | CCE_CPU_AVX2 | CCE_CPU_BMI2))
      f = cce_sha512_blocks_avx512;
    else if (cce_cpu_has(CCE_CPU_AVX2 | CCE_CPU_BMI2))
      f = cce_sha512_blocks_avx2;
    else if (cce_cpu_has(CCE_CPU_BMI2))
      f = cce_sha512_blocks_bmi2;
    else
      f = cce_sha512_blocks_portable;
    atomic_store_explicit(&sha512_blocks_ptr, f, memory_order_relaxed);
  }
  return f;
}

const char *cce_impl_sha512(void) {
  sha512_blocks_fn f = sha512_blocks_pick();
  if (f == cce_sha512_blocks_avx512) return "avx512";
  if (f == cce_sha512_blocks_avx2) return "avx2";
  return f == cce_sha512_blocks_bmi2 ? "bmi2" : "portable";
}

// ---------------------------------------------------------------------------
// Streaming interface.

// FIPS 180-4, 1: a message is shorter than 2^128 bits, i.e. at most
// 2^125 - 1 bytes: the high half of the byte counter stays below 2^61.
#define SHA512_MAX_BYTES_HI ((UINT64_C(1) << 61) - 1)

void cce_sha512_init_impl(cce_sha512_state *st, cce_hash_alg alg) {
  const uint64_t *iv;
  uint32_t out_len;
  switch (alg) {
    case CCE_HASH_SHA384: iv = sha384_iv; out_len = 48; break;
    case CCE_HASH_SHA512_224: iv = sha512_224_iv; out_len = 28; break;
    case CCE_HASH_SHA512_256: iv = sha512_256_iv; out_len = 32; break;
    default: iv = sha512_iv; out_len = 64; break;
  }
  memcpy(st->h, iv, sizeof(st->h));
  st->total_lo = 0;
  st->total_hi = 0;
  st->buf_len = 0;
  st->out_len = out_len;
}

cce_status cce_sha512_update_impl(cce_sha512_state *st, const uint8_t *data, size_t len) {
  if (len == 0) return CCE_OK;
  uint64_t lo = st->total_lo + (uint64_t)len;
  uint64_t hi = st->total_hi + (lo < st->total_lo);
  if (hi > SHA512_MAX_BYTES_HI) return CCE_ERR_LENGTH_OVERFLOW;
  st->total_lo = lo;
  st->total_hi = hi;
  sha512_blocks_fn blocks = sha512_blocks_pick();
  if (st->buf_len != 0) {
    size_t n = 128 - st->buf_len;
    if (n > len) n = len;
    memcpy(st->buf + st->buf_len, data, n);
    st->buf_len += (uint32_t)n;
    data += n;
    len -= n;
    if (st->buf_len < 128) return CCE_OK;
    blocks(st->h, st->buf, 1);
    st->buf_len = 0;
  }
  if (len >= 128) {
    size_t nb = len / 128;
    blocks(st->h, data, nb);
    data += nb * 128;
    len -= nb * 128;
  }
  if (len != 0) {
    memcpy(st->buf, data, len);
    st->buf_len = (uint32_t)len;
  }
  return CCE_OK;
}

void cce_sha512_final_impl(cce_sha512_state *st, uint8_t *out) {
  sha512_blocks_fn blocks = sha512_blocks_pick();
  // Message length in bits, 128-bit big-endian.
  uint64_t bits_hi = (st->total_hi << 3) | (st->total_lo >> 61);
  uint64_t bits_lo = st->total_lo << 3;
  uint32_t n = st->buf_len;
  // FIPS 180-4, 5.1.2: a 1 bit, zeros, then the 128-bit length.
  st->buf[n++] = 0x80;
  if (n > 112) {
    memset(st->buf + n, 0, 128 - n);
    blocks(st->h, st->buf, 1);
    n = 0;
  }
  memset(st->buf + n, 0, 112 - n);
  cce_store64_be(st->buf + 112, bits_hi);
  cce_store64_be(st->buf + 120, bits_lo);
  blocks(st->h, st->buf, 1);
  st->buf_len = 0;
  // Leftmost out_len bytes (SHA-512/224 ends within a word).
  for (unsigned i = 0; i < st->out_len; i++) out[i] = (uint8_t)(st->h[i / 8] >> (56 - 8 * (i % 8)));
}

// ---------------------------------------------------------------------------
// Known-answer self-test: FIPS 180-4 examples, "abc" for SHA-512 and
// SHA-384, and the two-block 896-bit message for SHA-512.

CCE_HIDDEN cce_status cce_kat_sha512(void);
cce_status cce_kat_sha512(void) {
  static const uint8_t abc_512[64] = {
      0xdd, 0xaf, 0x35, 0xa1, 0x93, 0x61, 0x7a, 0xba, 0xcc, 0x41, 0x73, 0x49, 0xae, 0x20, 0x41, 0x31,
      0x12, 0xe6, 0xfa, 0x4e, 0x89, 0xa9, 0x7e, 0xa2, 0x0a, 0x9e, 0xee, 0xe6, 0x4b, 0x55, 0xd3, 0x9a,
      0x21, 0x92, 0x99, 0x2a, 0x27, 0x4f, 0xc1, 0xa8, 0x36, 0xba, 0x3c, 0x23, 0xa3, 0xfe, 0xeb, 0xbd,
      0x45, 0x4d, 0x44, 0x23, 0x64, 0x3c, 0xe8, 0x0e, 0x2a, 0x9a, 0xc9, 0x4f, 0xa5, 0x4c, 0xa4, 0x9f,
  };
  static const uint8_t abc_384[48] = {
      0xcb, 0x00, 0x75, 0x3f, 0x45, 0xa3, 0x5e, 0x8b, 0xb5, 0xa0, 0x3d, 0x69, 0x9a, 0xc6, 0x50, 0x07,
      0x27, 0x2c, 0x32, 0xab, 0x0e, 0xde, 0xd1, 0x63, 0x1a, 0x8b, 0x60, 0x5a, 0x43, 0xff, 0x5b, 0xed,
      0x80, 0x86, 0x07, 0x2b, 0xa1, 0xe7, 0xcc, 0x23, 0x58, 0xba, 0xec, 0xa1, 0x34, 0xc8, 0x25, 0xa7,
  };
  static const uint8_t two_block_512[64] = {
      0x8e, 0x95, 0x9b, 0x75, 0xda, 0xe3, 0x13, 0xda, 0x8c, 0xf4, 0xf7, 0x28, 0x14, 0xfc, 0x14, 0x3f,
      0x8f, 0x77, 0x79, 0xc6, 0xeb, 0x9f, 0x7f, 0xa1, 0x72, 0x99, 0xae, 0xad, 0xb6, 0x88, 0x90, 0x18,
      0x50, 0x1d, 0x28, 0x9e, 0x49, 0x00, 0xf7, 0xe4, 0x33, 0x1b, 0x99, 0xde, 0xc4, 0xb5, 0x43, 0x3a,
      0xc7, 0xd3, 0x29, 0xee, 0xb6, 0xdd, 0x26, 0x54, 0x5e, 0x96, 0xe5, 0x5b, 0x87, 0x4b, 0xe9, 0x09,
  };
  static const char msg2[] =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  cce_sha512_state st;
  uint8_t out[64];
  cce_status s;

  cce_sha512_init_impl(&st, CCE_HASH_SHA512);
  (void)cce_sha512_update_impl(&st, (const uint8_t *)"abc", 3);
  cce_sha512_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA512, out, abc_512, 64);
  if (s != CCE_OK) goto done;

  cce_sha512_init_impl(&st, CCE_HASH_SHA384);
  (void)cce_sha512_update_impl(&st, (const uint8_t *)"abc", 3);
  cce_sha512_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA512, out, abc_384, 48);
  if (s != CCE_OK) goto done;

  cce_sha512_init_impl(&st, CCE_HASH_SHA512);
  (void)cce_sha512_update_impl(&st, (const uint8_t *)msg2, sizeof(msg2) - 1);
  cce_sha512_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA512, out, two_block_512, 64);

done:
  cce_wipe(&st, sizeof(st));
  cce_wipe(out, sizeof(out));
  return s;
}
