// AES with the AES-NI instructions (x86-64), eight blocks in flight where the
// mode allows. Round keys: k->rk (encryption) and k->drk (equivalent inverse
// cipher, FIPS 197 5.3.5), both built portably by aes.c. Constant-time: the
// AES instructions have data-independent timing.

#include <immintrin.h>

#include "aes_impl.h"

#define NI_TARGET __attribute__((target("aes,sse4.1")))

#define LOADK(p, i) _mm_load_si128((const __m128i *)((p) + 16 * (i)))

NI_TARGET static inline __m128i enc1(const uint8_t *rk, unsigned rounds, __m128i b) {
  b = _mm_xor_si128(b, LOADK(rk, 0));
  for (unsigned r = 1; r < rounds; r++) b = _mm_aesenc_si128(b, LOADK(rk, r));
  return _mm_aesenclast_si128(b, LOADK(rk, rounds));
}
NI_TARGET static inline __m128i dec1(const uint8_t *drk, unsigned rounds, __m128i b) {
  b = _mm_xor_si128(b, LOADK(drk, 0));
  for (unsigned r = 1; r < rounds; r++) b = _mm_aesdec_si128(b, LOADK(drk, r));
  return _mm_aesdeclast_si128(b, LOADK(drk, rounds));
}
// Eight blocks b[0..7] through the cipher.
NI_TARGET static inline void enc8(const uint8_t *rk, unsigned rounds, __m128i b[8]) {
  __m128i k0 = LOADK(rk, 0);
  for (int i = 0; i < 8; i++) b[i] = _mm_xor_si128(b[i], k0);
  for (unsigned r = 1; r < rounds; r++) {
    __m128i kr = LOADK(rk, r);
    for (int i = 0; i < 8; i++) b[i] = _mm_aesenc_si128(b[i], kr);
  }
  __m128i kl = LOADK(rk, rounds);
  for (int i = 0; i < 8; i++) b[i] = _mm_aesenclast_si128(b[i], kl);
}
NI_TARGET static inline void dec8(const uint8_t *drk, unsigned rounds, __m128i b[8]) {
  __m128i k0 = LOADK(drk, 0);
  for (int i = 0; i < 8; i++) b[i] = _mm_xor_si128(b[i], k0);
  for (unsigned r = 1; r < rounds; r++) {
    __m128i kr = LOADK(drk, r);
    for (int i = 0; i < 8; i++) b[i] = _mm_aesdec_si128(b[i], kr);
  }
  __m128i kl = LOADK(drk, rounds);
  for (int i = 0; i < 8; i++) b[i] = _mm_aesdeclast_si128(b[i], kl);
}

#define LD(p) _mm_loadu_si128((const __m128i *)(p))
#define ST(p, v) _mm_storeu_si128((__m128i *)(p), (v))

NI_TARGET void cce_aes_ni_encrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks) {
  __m128i b[8];
  for (; nblocks >= 8; nblocks -= 8, in += 128, out += 128) {
    for (int i = 0; i < 8; i++) b[i] = LD(in + 16 * i);
    enc8(k->rk, k->rounds, b);
    for (int i = 0; i < 8; i++) ST(out + 16 * i, b[i]);
  }
  for (; nblocks > 0; nblocks--, in += 16, out += 16) ST(out, enc1(k->rk, k->rounds, LD(in)));
}

NI_TARGET void cce_aes_ni_decrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks) {
  __m128i b[8];
  for (; nblocks >= 8; nblocks -= 8, in += 128, out += 128) {
    for (int i = 0; i < 8; i++) b[i] = LD(in + 16 * i);
    dec8(k->drk, k->rounds, b);
    for (int i = 0; i < 8; i++) ST(out + 16 * i, b[i]);
  }
  for (; nblocks > 0; nblocks--, in += 16, out += 16) ST(out, dec1(k->drk, k->rounds, LD(in)));
}

NI_TARGET void cce_aes_ni_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                                size_t len) {
  __m128i base = LD(ctr);
  uint32_t c = cce_load32_be(ctr + 12);
  __m128i b[8];
  for (; len >= 128; len -= 128, in += 128, out += 128) {
    for (int i = 0; i < 8; i++) b[i] = _mm_insert_epi32(base, (int)__builtin_bswap32(c + (uint32_t)i), 3);
    c += 8;
    enc8(k->rk, k->rounds, b);
    for (int i = 0; i < 8; i++) ST(out + 16 * i, _mm_xor_si128(b[i], LD(in + 16 * i)));
  }
  for (; len >= 16; len -= 16, in += 16, out += 16) {
    __m128i ks = enc1(k->rk, k->rounds, _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3));
    c++;
    ST(out, _mm_xor_si128(ks, LD(in)));
  }
  if (len > 0) {
    uint8_t buf[16];
    ST(buf, enc1(k->rk, k->rounds, _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3)));
    c++;
    for (size_t i = 0; i < len; i++) out[i] = in[i] ^ buf[i];
    cce_wipe(buf, sizeof buf);
  }
  cce_store32_be(ctr + 12, c);
}

NI_TARGET void cce_aes_ni_cbc_encrypt(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                      size_t nblocks) {
  __m128i x = LD(iv);
  for (; nblocks > 0; nblocks--, in += 16, out += 16) {
    x = enc1(k->rk, k->rounds, _mm_xor_si128(x, LD(in)));
    ST(out, x);
  }
  ST(iv, x);
}

NI_TARGET void cce_aes_ni_cbc_decrypt(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                                      size_t nblocks) {
  __m128i prev = LD(iv), b[8], c[8];
  for (; nblocks >= 8; nblocks -= 8, in += 128, out += 128) {
    for (int i = 0; i < 8; i++) b[i] = c[i] = LD(in + 16 * i);
    dec8(k->drk, k->rounds, b);
    ST(out, _mm_xor_si128(b[0], prev));
    for (int i = 1; i < 8; i++) ST(out + 16 * i, _mm_xor_si128(b[i], c[i - 1]));
    prev = c[7];
  }
  for (; nblocks > 0; nblocks--, in += 16, out += 16) {
    __m128i ci = LD(in);
    ST(out, _mm_xor_si128(dec1(k->drk, k->rounds, ci), prev));
    prev = ci;
  }
  ST(iv, prev);
}

// tweak * alpha in GF(2^128), little-endian bit order of IEEE 1619.
NI_TARGET static inline __m128i xts_next(__m128i t) {
  __m128i m = _mm_srai_epi32(_mm_shuffle_epi32(t, _MM_SHUFFLE(0, 1, 0, 3)), 31);
  m = _mm_and_si128(m, _mm_set_epi32(0, 1, 0, 0x87));
  return _mm_xor_si128(_mm_slli_epi64(t, 1), m);
}

NI_TARGET void cce_aes_ni_xts(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out,
                              size_t nblocks, int decrypt) {
  __m128i tw = LD(t), b[8], ts[8];
  const uint8_t *keys = decrypt ? k->drk : k->rk;
  for (; nblocks >= 8; nblocks -= 8, in += 128, out += 128) {
    for (int i = 0; i < 8; i++) {
      ts[i] = tw;
      tw = xts_next(tw);
      b[i] = _mm_xor_si128(LD(in + 16 * i), ts[i]);
    }
    if (decrypt)
      dec8(keys, k->rounds, b);
    else
      enc8(keys, k->rounds, b);
    for (int i = 0; i < 8; i++) ST(out + 16 * i, _mm_xor_si128(b[i], ts[i]));
  }
  for (; nblocks > 0; nblocks--, in += 16, out += 16) {
    __m128i x = _mm_xor_si128(LD(in), tw);
    x = decrypt ? dec1(keys, k->rounds, x) : enc1(keys, k->rounds, x);
    ST(out, _mm_xor_si128(x, tw));
    tw = xts_next(tw);
  }
  ST(t, tw);
}

NI_TARGET void cce_aes_ni_cmac_blocks(const cce_aes_key *k, uint8_t x[16], const uint8_t *in, size_t nblocks) {
  __m128i v = LD(x);
  for (; nblocks > 0; nblocks--, in += 16) v = enc1(k->rk, k->rounds, _mm_xor_si128(v, LD(in)));
  ST(x, v);
}
