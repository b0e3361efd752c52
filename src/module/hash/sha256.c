// SHA-224 and SHA-256 (FIPS 180-4, sections 4.1.2, 4.2.2, 5, 6.2, 6.3):
// portable compression function, buffering, padding, dispatch and the KAT.
// See cce/hash.h and hash/internal.h.
//
// The portable compression is fully unrolled straight-line C: every index is
// a compile-time constant and nothing depends on the data but the arithmetic,
// so it is constant-time. The SHA-NI variant lives in sha256_shani.c.

#include <stdatomic.h>

#include "internal.h"

// ---------------------------------------------------------------------------
// Constants (FIPS 180-4, 4.2.2): first 32 bits of the fractional parts of
// the cube roots of the first 64 primes. Shared with sha256_shani.c.
CCE_HIDDEN extern const uint32_t cce_sha256_k[64];
CCE_HIDDEN _Alignas(64) const uint32_t cce_sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

// Block functions: process `num_blocks` 64-byte blocks of `p` into `h`.
CCE_HIDDEN void cce_sha256_blocks_portable(uint32_t h[8], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t num_blocks);

// Initial hash values (FIPS 180-4, 5.3.2 and 5.3.3).
static const uint32_t sha224_iv[8] = {
    0xc1059ed8u, 0x367cd507u, 0x3070dd17u, 0xf70e5939u,
    0xffc00b31u, 0x68581511u, 0x64f98fa7u, 0xbefa4fa4u,
};
static const uint32_t sha256_iv[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};

// ---------------------------------------------------------------------------
// Portable compression (FIPS 180-4, 6.2.2).

#define ROTR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x) (ROTR32(x, 2) ^ ROTR32(x, 13) ^ ROTR32(x, 22))
#define BSIG1(x) (ROTR32(x, 6) ^ ROTR32(x, 11) ^ ROTR32(x, 25))
#define SSIG0(x) (ROTR32(x, 7) ^ ROTR32(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR32(x, 17) ^ ROTR32(x, 19) ^ ((x) >> 10))
// One round (t = T1, the new a = T1 + T2), the working variables rotating
// through the macro arguments instead of being moved. The sums are ordered so
// that the values ready last (those derived from e and a) are added last:
// Ch(e,f,g) = (e & f) + (~e & g) (the two terms have no bit in common), and
// Maj(a,b,c) = ((a ^ b) & (b ^ c)) ^ b where b ^ c is the previous round's
// a ^ b (`xo`); this round's a ^ b goes to `xn`.
#define RND(a, b, c, d, e, f, g, h, i, wexpr, xn, xo)   \
  do {                                                 \
    uint32_t t1_ = (h) + cce_sha256_k[i] + (wexpr);   \
    t1_ += (e) & (f);                                  \
    t1_ += ~(e) & (g);                                 \
    t1_ += BSIG1(e);                                   \
    (xn) = (a) ^ (b);                                  \
    (d) += t1_;                                        \
    (h) = t1_ + (BSIG0(a) + (((xn) & (xo)) ^ (b)));    \
  } while (0)

// Message schedule on a 16-word ring: w[t & 15] holds W_t.
#define WLOAD(t) (w[t] = cce_load32_be(p + 4 * (t)))
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

CCE_HIDDEN void cce_sha256_blocks_portable(uint32_t st[8], const uint8_t *p, size_t num_blocks) {
  uint32_t w[16];
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
  uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
  while (num_blocks--) {
    uint32_t x0 = b ^ c, x1;
    R8(0, WLOAD);
    R8(8, WLOAD);
    R8(16, WEXP);
    R8(24, WEXP);
    R8(32, WEXP);
    R8(40, WEXP);
    R8(48, WEXP);
    R8(56, WEXP);
    a = (st[0] += a); b = (st[1] += b); c = (st[2] += c); d = (st[3] += d);
    e = (st[4] += e); f = (st[5] += f); g = (st[6] += g); h = (st[7] += h);
    p += 64;
  }
  cce_wipe(w, sizeof(w));  // the schedule is derived from the (possibly secret) message
}

#undef R8
#undef WEXP
#undef WLOAD
#undef RND

// ---------------------------------------------------------------------------
// Dispatch: the block function is picked on first use from cce_cpu_caps
// (fixed at library load), then reused.

typedef void (*sha256_blocks_fn)(uint32_t h[8], const uint8_t *p, size_t num_blocks);
static _Atomic(sha256_blocks_fn) sha256_blocks_ptr;

static sha256_blocks_fn sha256_blocks_pick(void) {
  sha256_blocks_fn f = atomic_load_explicit(&sha256_blocks_ptr, memory_order_relaxed);
  if (CCE_UNLIKELY(f == NULL)) {
    f = cce_cpu_has(CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41) ? cce_sha256_blocks_shani
                                                                    : cce_sha256_blocks_portable;
    atomic_store_explicit(&sha256_blocks_ptr, f, memory_order_relaxed);
  }
  return f;
}

const char *cce_impl_sha256(void) {
  return sha256_blocks_pick() == cce_sha256_blocks_shani ? "shani" : "portable";
}

// ---------------------------------------------------------------------------
// Streaming interface.

// FIPS 180-4, 1: a message is shorter than 2^64 bits, i.e. at most 2^61 - 1 bytes.
#define SHA256_MAX_BYTES ((UINT64_C(1) << 61) - 1)

void cce_sha256_init_impl(cce_sha256_state *st, unsigned out_len) {
  memcpy(st->h, out_len == 28 ? sha224_iv : sha256_iv, sizeof(st->h));
  st->total = 0;
  st->buf_len = 0;
  st->out_len = out_len == 28 ? 28 : 32;
}

cce_status cce_sha256_update_impl(cce_sha256_state *st, const uint8_t *data, size_t len) {
  if (len == 0) return CCE_OK;
  if ((uint64_t)len > SHA256_MAX_BYTES - st->total) return CCE_ERR_LENGTH_OVERFLOW;
  st->total += (uint64_t)len;
  sha256_blocks_fn blocks = sha256_blocks_pick();
  if (st->buf_len != 0) {
    size_t n = 64 - st->buf_len;
    if (n > len) n = len;
    memcpy(st->buf + st->buf_len, data, n);
    st->buf_len += (uint32_t)n;
    data += n;
    len -= n;
    if (st->buf_len < 64) return CCE_OK;
    blocks(st->h, st->buf, 1);
    st->buf_len = 0;
  }
  if (len >= 64) {
    size_t nb = len / 64;
    blocks(st->h, data, nb);
    data += nb * 64;
    len -= nb * 64;
  }
  if (len != 0) {
    memcpy(st->buf, data, len);
    st->buf_len = (uint32_t)len;
  }
  return CCE_OK;
}

void cce_sha256_final_impl(cce_sha256_state *st, uint8_t *out) {
  sha256_blocks_fn blocks = sha256_blocks_pick();
  uint64_t bits = st->total << 3;
  uint32_t n = st->buf_len;
  // FIPS 180-4, 5.1.1: a 1 bit, zeros, then the 64-bit length.
  st->buf[n++] = 0x80;
  if (n > 56) {
    memset(st->buf + n, 0, 64 - n);
    blocks(st->h, st->buf, 1);
    n = 0;
  }
  memset(st->buf + n, 0, 56 - n);
  cce_store64_be(st->buf + 56, bits);
  blocks(st->h, st->buf, 1);
  st->buf_len = 0;
  for (unsigned i = 0; i < st->out_len / 4; i++) cce_store32_be(out + 4 * i, st->h[i]);
}

// ---------------------------------------------------------------------------
// Known-answer self-test (FIPS 180-4 examples: "abc" for SHA-256 and SHA-224,
// and the two-block 448-bit message for SHA-256, whose padding needs a second
// block).

CCE_HIDDEN cce_status cce_kat_sha256(void);
cce_status cce_kat_sha256(void) {
  static const uint8_t abc_256[32] = {
      0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
      0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
  };
  static const uint8_t abc_224[28] = {
      0x23, 0x09, 0x7d, 0x22, 0x34, 0x05, 0xd8, 0x22, 0x86, 0x42, 0xa4, 0x77, 0xbd, 0xa2,
      0x55, 0xb3, 0x2a, 0xad, 0xbc, 0xe4, 0xbd, 0xa0, 0xb3, 0xf7, 0xe3, 0x6c, 0x9d, 0xa7,
  };
  static const uint8_t two_block_256[32] = {
      0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
      0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
  };
  static const char msg2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  cce_sha256_state st;
  uint8_t out[32];
  cce_status s;

  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, (const uint8_t *)"abc", 3);
  cce_sha256_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA256, out, abc_256, 32);
  if (s != CCE_OK) goto done;

  cce_sha256_init_impl(&st, 28);
  (void)cce_sha256_update_impl(&st, (const uint8_t *)"abc", 3);
  cce_sha256_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA256, out, abc_224, 28);
  if (s != CCE_OK) goto done;

  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, (const uint8_t *)msg2, sizeof(msg2) - 1);
  cce_sha256_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA256, out, two_block_256, 32);

done:
  cce_wipe(&st, sizeof(st));
  cce_wipe(out, sizeof(out));
  return s;
}
