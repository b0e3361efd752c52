// SHA-1 (FIPS 180-4, sections 4.1.1, 5, 6.1): portable compression,
// buffering, padding, dispatch and the KAT. SHA-1 is kept for legacy hashing
// only (see cce/hash.h). The SHA-NI variant lives in sha1_shani.c.
//
// The portable compression is fully unrolled straight-line C (constant-time:
// no data-dependent branch or index).

#include <stdatomic.h>

#include "internal.h"

CCE_HIDDEN void cce_sha1_blocks_portable(uint32_t h[5], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha1_blocks_shani(uint32_t h[5], const uint8_t *p, size_t num_blocks);

// ---------------------------------------------------------------------------
// Portable compression (FIPS 180-4, 6.1.2).

#define ROTL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
// f_t (FIPS 180-4, 4.1.1): Ch, Parity, Maj, Parity.
#define F_CH(x, y, z) ((((y) ^ (z)) & (x)) ^ (z))
#define F_PAR(x, y, z) ((x) ^ (y) ^ (z))
#define F_MAJ(x, y, z) (((x) & (y)) | (((x) | (y)) & (z)))
#define K0 0x5a827999u
#define K1 0x6ed9eba1u
#define K2 0x8f1bbcdcu
#define K3 0xca62c1d6u

// Message schedule on a 16-word ring: w[t & 15] holds W_t.
#define WLOAD(t) (w[t] = cce_load32_be(p + 4 * (t)))
#define WEXP(t)                                                                                  \
  (w[(t) & 15] = ROTL32(w[((t) - 3) & 15] ^ w[((t) - 8) & 15] ^ w[((t) - 14) & 15] ^ w[(t) & 15], 1))

// One round; T = ROTL5(a) + f(b,c,d) + e + K + W, with the variables
// rotating through the macro arguments (e takes T, b takes ROTL30(b)).
#define RND(a, b, c, d, e, F, K, wexpr)                   \
  do {                                                   \
    (e) += ROTL32(a, 5) + F(b, c, d) + (K) + (wexpr);    \
    (b) = ROTL32(b, 30);                                 \
  } while (0)

#define R5(t, F, K, W)                     \
  RND(a, b, c, d, e, F, K, W((t) + 0));    \
  RND(e, a, b, c, d, F, K, W((t) + 1));    \
  RND(d, e, a, b, c, F, K, W((t) + 2));    \
  RND(c, d, e, a, b, F, K, W((t) + 3));    \
  RND(b, c, d, e, a, F, K, W((t) + 4))

CCE_HIDDEN void cce_sha1_blocks_portable(uint32_t st[5], const uint8_t *p, size_t num_blocks) {
  uint32_t w[16];
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4];
  while (num_blocks--) {
    R5(0, F_CH, K0, WLOAD);
    R5(5, F_CH, K0, WLOAD);
    R5(10, F_CH, K0, WLOAD);
    RND(a, b, c, d, e, F_CH, K0, WLOAD(15));
    RND(e, a, b, c, d, F_CH, K0, WEXP(16));
    RND(d, e, a, b, c, F_CH, K0, WEXP(17));
    RND(c, d, e, a, b, F_CH, K0, WEXP(18));
    RND(b, c, d, e, a, F_CH, K0, WEXP(19));
    R5(20, F_PAR, K1, WEXP);
    R5(25, F_PAR, K1, WEXP);
    R5(30, F_PAR, K1, WEXP);
    R5(35, F_PAR, K1, WEXP);
    R5(40, F_MAJ, K2, WEXP);
    R5(45, F_MAJ, K2, WEXP);
    R5(50, F_MAJ, K2, WEXP);
    R5(55, F_MAJ, K2, WEXP);
    R5(60, F_PAR, K3, WEXP);
    R5(65, F_PAR, K3, WEXP);
    R5(70, F_PAR, K3, WEXP);
    R5(75, F_PAR, K3, WEXP);
    a = (st[0] += a); b = (st[1] += b); c = (st[2] += c); d = (st[3] += d); e = (st[4] += e);
    p += 64;
  }
  cce_wipe(w, sizeof(w));  // the schedule is derived from the (possibly secret) message
}

#undef R5
#undef RND
#undef WEXP
#undef WLOAD

// ---------------------------------------------------------------------------
// Dispatch, picked on first use from cce_cpu_caps (fixed at library load).

typedef void (*sha1_blocks_fn)(uint32_t h[5], const uint8_t *p, size_t num_blocks);
static _Atomic(sha1_blocks_fn) sha1_blocks_ptr;

static sha1_blocks_fn sha1_blocks_pick(void) {
  sha1_blocks_fn f = atomic_load_explicit(&sha1_blocks_ptr, memory_order_relaxed);
  if (CCE_UNLIKELY(f == NULL)) {
    f = cce_cpu_has(CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41) ? cce_sha1_blocks_shani
                                                                    : cce_sha1_blocks_portable;
    atomic_store_explicit(&sha1_blocks_ptr, f, memory_order_relaxed);
  }
  return f;
}

const char *cce_impl_sha1(void) {
  return sha1_blocks_pick() == cce_sha1_blocks_shani ? "shani" : "portable";
}

// ---------------------------------------------------------------------------
// Streaming interface.

// FIPS 180-4, 1: a message is shorter than 2^64 bits, i.e. at most 2^61 - 1 bytes.
#define SHA1_MAX_BYTES ((UINT64_C(1) << 61) - 1)

void cce_sha1_init_impl(cce_sha1_state *st) {
  // FIPS 180-4, 5.3.1.
  st->h[0] = 0x67452301u;
  st->h[1] = 0xefcdab89u;
  st->h[2] = 0x98badcfeu;
  st->h[3] = 0x10325476u;
  st->h[4] = 0xc3d2e1f0u;
  st->total = 0;
  st->buf_len = 0;
}

cce_status cce_sha1_update_impl(cce_sha1_state *st, const uint8_t *data, size_t len) {
  if (len == 0) return CCE_OK;
  if ((uint64_t)len > SHA1_MAX_BYTES - st->total) return CCE_ERR_LENGTH_OVERFLOW;
  st->total += (uint64_t)len;
  sha1_blocks_fn blocks = sha1_blocks_pick();
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

void cce_sha1_final_impl(cce_sha1_state *st, uint8_t out[20]) {
  sha1_blocks_fn blocks = sha1_blocks_pick();
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
  for (unsigned i = 0; i < 5; i++) cce_store32_be(out + 4 * i, st->h[i]);
}

// ---------------------------------------------------------------------------
// Known-answer self-test: FIPS 180-4 examples "abc" and the two-block
// 448-bit message.

CCE_HIDDEN cce_status cce_kat_sha1(void);
cce_status cce_kat_sha1(void) {
  static const uint8_t abc_sha1[20] = {
      0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
      0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
  };
  static const uint8_t two_block_sha1[20] = {
      0x84, 0x98, 0x3e, 0x44, 0x1c, 0x3b, 0xd2, 0x6e, 0xba, 0xae,
      0x4a, 0xa1, 0xf9, 0x51, 0x29, 0xe5, 0xe5, 0x46, 0x70, 0xf1,
  };
  static const char msg2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  cce_sha1_state st;
  uint8_t out[20];
  cce_status s;

  cce_sha1_init_impl(&st);
  (void)cce_sha1_update_impl(&st, (const uint8_t *)"abc", 3);
  cce_sha1_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA1, out, abc_sha1, 20);
  if (s != CCE_OK) goto done;

  cce_sha1_init_impl(&st);
  (void)cce_sha1_update_impl(&st, (const uint8_t *)msg2, sizeof(msg2) - 1);
  cce_sha1_final_impl(&st, out);
  s = cce_kat_check(CCE_ST_SHA1, out, two_block_sha1, 20);

done:
  cce_wipe(&st, sizeof(st));
  cce_wipe(out, sizeof(out));
  return s;
}
