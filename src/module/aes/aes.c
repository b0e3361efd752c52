// AES key setup (FIPS 197 5.2) and dispatch between the portable bitsliced
// core (aes_ct.c), AES-NI (aes_ni.c) and VAES (aes_vaes.c); the ECB, CBC and
// CTR known-answer self-tests (SP 800-38A appendix F).

#include "aes_impl.h"

_Static_assert(sizeof(((cce_aes_key *)0)->sk) >= 15 * 8 * sizeof(uint64_t), "sk size");

// Multiply by x in GF(2^8) without a branch.
static inline uint8_t xt(uint8_t b) { return (uint8_t)((b << 1) ^ (0x1b & (0u - (unsigned)(b >> 7)))); }

// InvMixColumns on one 16-byte round key, for the AESDEC key schedule.
static void inv_mix_columns_bytes(uint8_t *s) {
  for (int c = 0; c < 4; c++) {
    uint8_t a[4], a2[4], a4[4], a8[4];
    for (int r = 0; r < 4; r++) {
      a[r] = s[4 * c + r];
      a2[r] = xt(a[r]);
      a4[r] = xt(a2[r]);
      a8[r] = xt(a4[r]);
    }
    for (int r = 0; r < 4; r++) {
      int r1 = (r + 1) & 3, r2 = (r + 2) & 3, r3 = (r + 3) & 3;
      s[4 * c + r] = (uint8_t)((a8[r] ^ a4[r] ^ a2[r]) ^ (a8[r1] ^ a2[r1] ^ a[r1]) ^ (a8[r2] ^ a4[r2] ^ a[r2]) ^
                               (a8[r3] ^ a[r3]));
    }
  }
}

// FIPS 197 KeyExpansion with the portable constant-time SubWord.
static void expand_portable(uint8_t *rk, const uint8_t *key, size_t key_len) {
  const unsigned nk = (unsigned)key_len / 4, nr = nk + 6, total = 4 * (nr + 1);
  uint32_t w[60];
  uint8_t rcon = 1;
  for (unsigned i = 0; i < nk; i++) w[i] = cce_load32_le(key + 4 * i);
  for (unsigned i = nk; i < total; i++) {
    uint32_t t = w[i - 1];
    if (i % nk == 0) {
      // words hold bytes little-endian: RotWord is a right rotation by 8
      t = cce_aes_ct_subword((t >> 8) | (t << 24)) ^ rcon;
      rcon = xt(rcon);
    } else if (nk > 6 && i % nk == 4) {
      t = cce_aes_ct_subword(t);
    }
    w[i] = w[i - nk] ^ t;
  }
  for (unsigned i = 0; i < total; i++) cce_store32_le(rk + 4 * i, w[i]);
  cce_wipe(w, sizeof w);
}

cce_status cce_aes_setkey_impl(cce_aes_key *k, const uint8_t *key, size_t key_len) {
  if (key_len != 16 && key_len != 24 && key_len != 32) return CCE_ERR_INVALID_LENGTH;
  const unsigned nr = (unsigned)key_len / 4 + 6;
  const int ni = cce_cpu_has(CCE_CPU_AESNI);
  memset(k, 0, sizeof *k);
  k->rounds = nr;
  if (ni) {
    cce_aes_ni_expand_enc(k->rk, key, key_len);
    cce_aes_ni_expand_dec(k->drk, k->rk, nr);
  } else {
    expand_portable(k->rk, key, key_len);
    // Equivalent inverse cipher keys: reversed, InvMixColumns on the inner ones.
    for (unsigned r = 0; r <= nr; r++) {
      memcpy(k->drk + 16 * r, k->rk + 16 * (nr - r), 16);
      if (r != 0 && r != nr) inv_mix_columns_bytes(k->drk + 16 * r);
    }
  }
  cce_aes_ct_schedule(k);
  k->impl = ni ? CCE_AES_IMPL_AESNI : CCE_AES_IMPL_CT;
  return CCE_OK;
}

cce_status cce_aes_setkey_enc_impl(cce_aes_key *k, const uint8_t *key, size_t key_len) {
  if (key_len != 16 && key_len != 24 && key_len != 32) return CCE_ERR_INVALID_LENGTH;
  k->rounds = (unsigned)key_len / 4 + 6;
  if (cce_cpu_has(CCE_CPU_AESNI)) {
    cce_aes_ni_expand_enc(k->rk, key, key_len);
    k->impl = CCE_AES_IMPL_AESNI;
  } else {
    expand_portable(k->rk, key, key_len);
    cce_aes_ct_schedule(k);
    k->impl = CCE_AES_IMPL_CT;
  }
  return CCE_OK;
}

void cce_aes_ctr_masked_impl(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                             size_t nblocks) {
  if (k->impl == CCE_AES_IMPL_AESNI) {
    if (nblocks >= 16 && cce_cpu_has(CCE_AES_VAES_CPU))
      cce_aes_vaes_ctr_masked(k, v, m, out, nblocks);
    else
      cce_aes_ni_ctr_masked(k, v, m, out, nblocks);
    return;
  }
  cce_aes_ct_ctr_masked(k, v, m, out, nblocks);
}

const char *cce_impl_aes(void) { return cce_cpu_has(CCE_CPU_AESNI) ? "aesni" : "ct64"; }

void cce_aes_encrypt_blocks_impl(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks) {
  if (k->impl == CCE_AES_IMPL_AESNI)
    cce_aes_ni_encrypt_blocks(k, in, out, nblocks);
  else
    cce_aes_ct_encrypt_blocks(k, in, out, nblocks);
}

void cce_aes_decrypt_blocks_impl(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks) {
  if (k->impl == CCE_AES_IMPL_AESNI)
    cce_aes_ni_decrypt_blocks(k, in, out, nblocks);
  else
    cce_aes_ct_decrypt_blocks(k, in, out, nblocks);
}

void cce_aes_ctr32_impl(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len) {
  if (k->impl == CCE_AES_IMPL_AESNI) {
    if (len >= 256 && cce_cpu_has(CCE_AES_VAES_CPU))
      cce_aes_vaes_ctr32(k, ctr, in, out, len);
    else if (len >= 256 && cce_cpu_has(CCE_AES_VAES2_CPU))
      cce_aes_vaes2_ctr32(k, ctr, in, out, len);
    else
      cce_aes_ni_ctr32(k, ctr, in, out, len);
  } else {
    cce_aes_ct_ctr32(k, ctr, in, out, len);
  }
}

void cce_aes_ctr128_impl(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len) {
  while (len > 0) {
    // blocks before the low 32-bit word wraps
    uint64_t room = (uint64_t)1 << 32;
    room -= cce_load32_be(ctr + 12);
    size_t n = len;
    if ((uint64_t)(n / 16) >= room) n = (size_t)(room * 16);
    cce_aes_ctr32_impl(k, ctr, in, out, n);
    if (cce_load32_be(ctr + 12) == 0 && (uint64_t)((n + 15) / 16) == room) {
      // carry into the upper 96 bits (public data: the counter)
      for (int i = 11; i >= 0; i--)
        if (++ctr[i] != 0) break;
    }
    in += n; out += n; len -= n;
  }
}

void cce_aes_cbc_encrypt_impl(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                              size_t nblocks) {
  if (k->impl == CCE_AES_IMPL_AESNI) {
    cce_aes_ni_cbc_encrypt(k, iv, in, out, nblocks);
    return;
  }
  uint8_t x[16];
  memcpy(x, iv, 16);
  for (size_t b = 0; b < nblocks; b++) {
    for (int i = 0; i < 16; i++) x[i] ^= in[16 * b + i];
    cce_aes_ct_encrypt_blocks(k, x, x, 1);
    memcpy(out + 16 * b, x, 16);
  }
  memcpy(iv, x, 16);
  cce_wipe(x, sizeof x);
}

void cce_aes_cbc_decrypt_impl(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                              size_t nblocks) {
  if (k->impl == CCE_AES_IMPL_AESNI)
    cce_aes_ni_cbc_decrypt(k, iv, in, out, nblocks);
  else
    cce_aes_ct_cbc_decrypt(k, iv, in, out, nblocks);
}

void cce_aes_xts_blocks_impl(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out, size_t nblocks,
                             int decrypt) {
  if (k->impl == CCE_AES_IMPL_AESNI) {
    if (nblocks >= 16 && cce_cpu_has(CCE_AES_VAES_CPU))
      cce_aes_vaes_xts(k, t, in, out, nblocks, decrypt);
    else
      cce_aes_ni_xts(k, t, in, out, nblocks, decrypt);
  } else {
    cce_aes_ct_xts(k, t, in, out, nblocks, decrypt);
  }
}

void cce_aes_cbcmac_blocks_impl(const cce_aes_key *k, uint8_t x[16], const uint8_t *in, size_t nblocks) {
  if (k->impl == CCE_AES_IMPL_AESNI) {
    cce_aes_ni_cmac_blocks(k, x, in, nblocks);
    return;
  }
  for (size_t b = 0; b < nblocks; b++) {
    for (int i = 0; i < 16; i++) x[i] ^= in[16 * b + i];
    cce_aes_ct_encrypt_blocks(k, x, x, 1);
  }
}

// ---------------------------------------------------------------------------
// Known-answer tests: SP 800-38A appendix F (F.1.1, F.1.6, F.2.1, F.2.2, F.5.1).

static const uint8_t kat_key128[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                       0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t kat_key256[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
                                       0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
                                       0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
static const uint8_t kat_pt[32] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e,
                                   0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03,
                                   0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51};
static const uint8_t kat_ecb128_ct[32] = {0x3a, 0xd7, 0x7b, 0xb4, 0x0d, 0x7a, 0x36, 0x60, 0xa8, 0x9e, 0xca,
                                          0xf3, 0x24, 0x66, 0xef, 0x97, 0xf5, 0xd3, 0xd5, 0x85, 0x03, 0xb9,
                                          0x69, 0x9d, 0xe7, 0x85, 0x89, 0x5a, 0x96, 0xfd, 0xba, 0xaf};
static const uint8_t kat_ecb256_ct[32] = {0xf3, 0xee, 0xd1, 0xbd, 0xb5, 0xd2, 0xa0, 0x3c, 0x06, 0x4b, 0x5a,
                                          0x7e, 0x3d, 0xb1, 0x81, 0xf8, 0x59, 0x1c, 0xcb, 0x10, 0xd4, 0x10,
                                          0xed, 0x26, 0xdc, 0x5b, 0xa7, 0x4a, 0x31, 0x36, 0x28, 0x70};
static const uint8_t kat_iv[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t kat_cbc128_ct[32] = {0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e,
                                          0x9b, 0x12, 0xe9, 0x19, 0x7d, 0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72,
                                          0x19, 0xee, 0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2};
static const uint8_t kat_ctr_iv[16] = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
                                       0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
static const uint8_t kat_ctr128_ct[32] = {0x87, 0x4d, 0x61, 0x91, 0xb6, 0x20, 0xe3, 0x26, 0x1b, 0xef, 0x68,
                                          0x64, 0x99, 0x0d, 0xb6, 0xce, 0x98, 0x06, 0xf6, 0x6b, 0x79, 0x70,
                                          0xfd, 0xff, 0x86, 0x17, 0x18, 0x7b, 0xb9, 0xff, 0xfd, 0xff};

static cce_status kat_run(unsigned id, const uint8_t *key, size_t key_len, int op, const uint8_t *in,
                          const uint8_t *expected) {
  cce_aes_key k;
  uint8_t out[32], iv[16];
  cce_status st = cce_aes_setkey_impl(&k, key, key_len);
  if (st != CCE_OK) return st;
  switch (op) {
    case 0: cce_aes_encrypt_blocks_impl(&k, in, out, 2); break;
    case 1: cce_aes_decrypt_blocks_impl(&k, in, out, 2); break;
    case 2: memcpy(iv, kat_iv, 16); cce_aes_cbc_encrypt_impl(&k, iv, in, out, 2); break;
    case 3: memcpy(iv, kat_iv, 16); cce_aes_cbc_decrypt_impl(&k, iv, in, out, 2); break;
    default: memcpy(iv, kat_ctr_iv, 16); cce_aes_ctr128_impl(&k, iv, in, out, 32); break;
  }
  st = cce_kat_check(id, out, expected, 32);
  cce_wipe(&k, sizeof k);
  return st;
}

CCE_HIDDEN cce_status cce_kat_aes_ecb_enc(void);
CCE_HIDDEN cce_status cce_kat_aes_ecb_dec(void);
CCE_HIDDEN cce_status cce_kat_aes_cbc_enc(void);
CCE_HIDDEN cce_status cce_kat_aes_cbc_dec(void);
CCE_HIDDEN cce_status cce_kat_aes_ctr(void);

cce_status cce_kat_aes_ecb_enc(void) {
  return kat_run(CCE_ST_AES_ECB_ENC, kat_key128, 16, 0, kat_pt, kat_ecb128_ct);
}
cce_status cce_kat_aes_ecb_dec(void) {
  return kat_run(CCE_ST_AES_ECB_DEC, kat_key256, 32, 1, kat_ecb256_ct, kat_pt);
}
cce_status cce_kat_aes_cbc_enc(void) {
  return kat_run(CCE_ST_AES_CBC_ENC, kat_key128, 16, 2, kat_pt, kat_cbc128_ct);
}
cce_status cce_kat_aes_cbc_dec(void) {
  return kat_run(CCE_ST_AES_CBC_DEC, kat_key128, 16, 3, kat_cbc128_ct, kat_pt);
}
cce_status cce_kat_aes_ctr(void) { return kat_run(CCE_ST_AES_CTR, kat_key128, 16, 4, kat_pt, kat_ctr128_ct); }
