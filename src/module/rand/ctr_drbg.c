// CTR_DRBG (NIST SP 800-90A Rev.1, section 10.2) over AES-128/192/256, with
// and without the derivation function (Block_Cipher_df, 10.3.2), with a
// configurable counter field (ctr_len, 10.2.1), and its health test
// (cce_kat_ctr_drbg: instantiate, reseed and generate as one known answer).
//
// Speed: the generate step needs, under one key, the output blocks
// E(K, V+1) .. E(K, V+n) and then the Update blocks E(K, V+n+1) ..
// E(K, V+n+3) (10.2.1.2: Update runs with the current key). When the
// additional input has already been folded in (or is absent), these are
// consecutive counter blocks: cce_aes_ctr_masked_impl makes and encrypts
// them in one pass (8 blocks in flight on AES-NI, 16 with VAES, written
// straight to the output). Every key set here is for encryption only
// (cce_aes_setkey_enc_impl: on AES-NI just the AESKEYGENASSIST expansion),
// and nothing is derived per call beyond what 10.2.1.5.1 asks.
//
// Constant time: V and the key are secret; the counter is incremented with
// masks (no carry branch), and every branch depends only on lengths.

#include "internal.h"

// ---------------------------------------------------------------------------
// Counter field masks (10.2.1: the rightmost ctr_len bits of V are the
// counter) on V held as two big-endian 64-bit halves, high half first.

static void masks_for(unsigned ctr_len, uint64_t m[2]) {
  m[1] = ctr_len >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << ctr_len) - 1);
  m[0] = ctr_len >= 128 ? ~(uint64_t)0 : (ctr_len > 64 ? (((uint64_t)1 << (ctr_len - 64)) - 1) : 0);
}

// ---------------------------------------------------------------------------
// CTR_DRBG_Update (10.2.1.2) given the `seedlen`-byte provided data.
static void ctr_update(cce_ctr_drbg *st, const uint8_t *provided) {
  size_t seed_len = st->key_len + 16;
  size_t nb = (seed_len + 15) / 16;  // 2 or 3 blocks
  uint8_t temp[48];
  uint64_t m[2], v[2] = {cce_load64_be(st->v), cce_load64_be(st->v + 8)};
  masks_for(st->ctr_len, m);
  cce_aes_ctr_masked_impl(&st->key, v, m, temp, nb);
  for (size_t i = 0; i < seed_len; i++) temp[i] ^= provided[i];
  (void)cce_aes_setkey_enc_impl(&st->key, temp, st->key_len);
  memcpy(st->v, temp + st->key_len, 16);
  cce_wipe(temp, sizeof temp);
  cce_wipe(v, sizeof v);
}

// ---------------------------------------------------------------------------
// Block_Cipher_df (10.3.2) with BCC (10.3.3). The 2 or 3 BCC chains (one per
// IV value i) run side by side over S = L || N || input || 0x80 || 0^pad,
// one batched block encryption per 16 bytes of S.

typedef struct bcc_state {
  cce_aes_key key;
  uint8_t chain[48];
  uint8_t blk[16];
  size_t pos;
  size_t nchains;
} bcc_state;

static void bcc_block(bcc_state *b) {
  for (size_t j = 0; j < b->nchains; j++)
    for (size_t i = 0; i < 16; i++) b->chain[16 * j + i] ^= b->blk[i];
  cce_aes_encrypt_blocks_impl(&b->key, b->chain, b->chain, b->nchains);
  b->pos = 0;
}

static void bcc_feed(bcc_state *b, const uint8_t *p, size_t len) {
  while (len > 0) {
    size_t take = 16 - b->pos;
    if (take > len) take = len;
    memcpy(b->blk + b->pos, p, take);
    b->pos += take;
    p += take;
    len -= take;
    if (b->pos == 16) bcc_block(b);
  }
}

void cce_ctr_drbg_df_impl(size_t key_len, const uint8_t *const *in, const size_t *in_len, size_t n, uint8_t *out,
                          size_t out_len) {
  bcc_state b;
  uint8_t k0[32], lnbuf[8], x[16];
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++) total += in_len[i];
  for (size_t i = 0; i < 32; i++) k0[i] = (uint8_t)i;  // K = leftmost(0x00010203...1F, keylen)
  (void)cce_aes_setkey_enc_impl(&b.key, k0, key_len);
  b.nchains = (key_len + 16 + 15) / 16;
  // chain j starts from BCC's first block IV_j = j (32 bits) || 0^96, with a
  // zero chaining value: chain = E(K, IV_j)
  memset(b.chain, 0, sizeof b.chain);
  for (size_t j = 0; j < b.nchains; j++) cce_store32_be(b.chain + 16 * j, (uint32_t)j);
  cce_aes_encrypt_blocks_impl(&b.key, b.chain, b.chain, b.nchains);
  b.pos = 0;
  cce_store32_be(lnbuf, (uint32_t)total);    // L: input length in bytes
  cce_store32_be(lnbuf + 4, (uint32_t)out_len);  // N: bytes to return
  bcc_feed(&b, lnbuf, 8);
  for (size_t i = 0; i < n; i++)
    if (in_len[i] > 0) bcc_feed(&b, in[i], in_len[i]);
  static const uint8_t pad80 = 0x80;
  bcc_feed(&b, &pad80, 1);
  if (b.pos != 0) {
    memset(b.blk + b.pos, 0, 16 - b.pos);
    bcc_block(&b);
  }
  // K = leftmost(temp, keylen), X = next 128 bits; then X = E(K, X) ...
  memcpy(x, b.chain + key_len, 16);
  (void)cce_aes_setkey_enc_impl(&b.key, b.chain, key_len);
  size_t done = 0;
  while (done < out_len) {
    cce_aes_encrypt_blocks_impl(&b.key, x, x, 1);
    size_t take = out_len - done < 16 ? out_len - done : 16;
    memcpy(out + done, x, take);
    done += take;
  }
  cce_wipe(&b, sizeof b);
  cce_wipe(x, sizeof x);
}

// ---------------------------------------------------------------------------
// Instantiate / reseed / generate (10.2.1.3, 10.2.1.4, 10.2.1.5).

cce_status cce_ctr_drbg_instantiate_impl(cce_ctr_drbg *st, size_t key_len, int df, unsigned ctr_len,
                                         const uint8_t *entropy, size_t entropy_len, const uint8_t *nonce,
                                         size_t nonce_len, const uint8_t *perso, size_t perso_len) {
  if (key_len != 16 && key_len != 24 && key_len != 32) return CCE_ERR_INVALID_LENGTH;
  if (ctr_len < 4 || ctr_len > 128) return CCE_ERR_INVALID_ARG;
  size_t seed_len = key_len + 16;
  uint8_t seed[48], zero[32];
  if (df) {
    const uint8_t *in[3] = {entropy, nonce, perso};
    size_t in_len[3] = {entropy_len, nonce_len, perso_len};
    cce_ctr_drbg_df_impl(key_len, in, in_len, 3, seed, seed_len);
  } else {
    // seed_material = entropy_input XOR (personalization || 0^pad)
    if (entropy_len != seed_len || perso_len > seed_len) return CCE_ERR_INVALID_LENGTH;
    memcpy(seed, entropy, seed_len);
    for (size_t i = 0; i < perso_len; i++) seed[i] ^= perso[i];
  }
  st->key_len = (uint32_t)key_len;
  st->ctr_len = ctr_len;
  st->df = df ? 1u : 0u;
  memset(zero, 0, sizeof zero);
  // the only full clear of the key object: later keys are encryption-only
  // and overwrite the same fields, so no older key stays in the state
  memset(&st->key, 0, sizeof st->key);
  (void)cce_aes_setkey_enc_impl(&st->key, zero, key_len);
  memset(st->v, 0, 16);
  ctr_update(st, seed);
  cce_wipe(seed, sizeof seed);
  return CCE_OK;
}

cce_status cce_ctr_drbg_reseed_impl(cce_ctr_drbg *st, const uint8_t *entropy, size_t entropy_len,
                                    const uint8_t *addl, size_t addl_len) {
  size_t seed_len = st->key_len + 16;
  uint8_t seed[48];
  if (st->df) {
    const uint8_t *in[2] = {entropy, addl};
    size_t in_len[2] = {entropy_len, addl_len};
    cce_ctr_drbg_df_impl(st->key_len, in, in_len, 2, seed, seed_len);
  } else {
    if (entropy_len != seed_len || addl_len > seed_len) return CCE_ERR_INVALID_LENGTH;
    memcpy(seed, entropy, seed_len);
    for (size_t i = 0; i < addl_len; i++) seed[i] ^= addl[i];
  }
  ctr_update(st, seed);
  cce_wipe(seed, sizeof seed);
  return CCE_OK;
}

void cce_ctr_drbg_generate_impl(cce_ctr_drbg *st, uint8_t *out, size_t out_len, const uint8_t *addl,
                                size_t addl_len) {
  size_t seed_len = st->key_len + 16;
  size_t upd_blocks = (seed_len + 15) / 16;
  uint8_t provided[48];
  // Step 2: fold in the additional input (derived through the df, or padded
  // with zeros), and keep it for the final Update (step 6).
  memset(provided, 0, sizeof provided);
  if (addl_len > 0) {
    if (st->df) {
      const uint8_t *in[1] = {addl};
      size_t in_len[1] = {addl_len};
      cce_ctr_drbg_df_impl(st->key_len, in, in_len, 1, provided, seed_len);
    } else {
      memcpy(provided, addl, addl_len);  // addl_len <= seed_len (checked by the caller)
    }
    ctr_update(st, provided);
  }

  uint64_t m[2], v[2] = {cce_load64_be(st->v), cce_load64_be(st->v + 8)};
  masks_for(st->ctr_len, m);
  size_t nfull = out_len / 16, rem = out_len % 16;
  // Steps 3-5: long requests are written straight to `out`; the partial
  // block (if any) and the Update blocks of step 6 (or, for short requests,
  // every block) come from one more pass into `tail`.
  uint8_t tail[(4 + 1 + 3) * 16];
  size_t tail_out = nfull <= 4 ? nfull : 0;  // whole output blocks carried in `tail`
  if (tail_out == 0 && nfull > 0) cce_aes_ctr_masked_impl(&st->key, v, m, out, nfull);
  size_t nt = tail_out + (rem ? 1 : 0) + upd_blocks;
  cce_aes_ctr_masked_impl(&st->key, v, m, tail, nt);
  size_t tail_bytes = tail_out * 16 + rem;
  if (tail_bytes > 0) memcpy(out + (nfull - tail_out) * 16, tail, tail_bytes);
  // Step 6: Update(additional_input, Key, V) from the blocks that follow.
  uint8_t *u = tail + 16 * (tail_out + (rem ? 1 : 0));
  for (size_t i = 0; i < seed_len; i++) u[i] ^= provided[i];
  (void)cce_aes_setkey_enc_impl(&st->key, u, st->key_len);
  memcpy(st->v, u + st->key_len, 16);
  cce_wipe(tail, sizeof tail);
  if (addl_len > 0) cce_wipe(provided, sizeof provided);
  cce_wipe(v, sizeof v);
}

// ---------------------------------------------------------------------------
// Health test (SP 800-90A 11.3): one known answer through instantiate,
// reseed and generate, AES-256 with derivation function (the configuration
// of cce_random). Vector: NIST ACVP-Server v1.1.0.43, ctrDRBG-SP800-90Ar1,
// tgId 17 (derFunc, no prediction resistance, counterFieldLen 128), tcId 241.

static const uint8_t kat_entropy[48] = {
    0x1c, 0x6c, 0xbc, 0x3f, 0x88, 0x80, 0x48, 0xf0, 0x2e, 0x0b, 0xab, 0xe4, 0x57, 0x8a, 0x57, 0x49,
    0x13, 0x9b, 0x83, 0x1e, 0xb6, 0x8f, 0xe5, 0xf2, 0xfa, 0xf4, 0x84, 0x20, 0xdc, 0xba, 0x53, 0xb1,
    0xb0, 0xe6, 0xef, 0x96, 0xb6, 0x53, 0x25, 0x75, 0x85, 0x10, 0xa5, 0xc9, 0xe6, 0x7c, 0xca, 0x8a};
static const uint8_t kat_nonce[48] = {
    0x96, 0x17, 0x27, 0xb7, 0x63, 0x81, 0x85, 0xe4, 0x7c, 0x6d, 0xae, 0xe9, 0x03, 0x9e, 0x73, 0x79,
    0x35, 0xbb, 0x6c, 0x04, 0xd7, 0xec, 0x8c, 0x48, 0x06, 0xcb, 0x8f, 0x65, 0x3f, 0x6d, 0x3f, 0x89,
    0xf2, 0x66, 0x59, 0x16, 0xe3, 0xf4, 0x81, 0xd5, 0x05, 0x73, 0xcc, 0xa6, 0xed, 0x99, 0x1b, 0x17};
static const uint8_t kat_perso[48] = {
    0x48, 0x9b, 0x53, 0x09, 0x56, 0xb3, 0x17, 0xbc, 0x4d, 0xe5, 0xbb, 0x6d, 0x77, 0xf5, 0x55, 0x74,
    0x20, 0x4f, 0x68, 0x0e, 0xe0, 0x5b, 0xf1, 0xd2, 0xdb, 0x09, 0x63, 0xba, 0xa2, 0x6a, 0xbf, 0xc6,
    0x69, 0x00, 0x9b, 0xe0, 0x19, 0xa5, 0x92, 0x4f, 0x87, 0xb6, 0x2c, 0x4f, 0xff, 0xfe, 0x8d, 0xe2};
static const uint8_t kat_reseed_addl[48] = {
    0x1e, 0xed, 0x21, 0x2d, 0x46, 0xa0, 0x37, 0x7f, 0xed, 0x20, 0xcd, 0xf1, 0xbf, 0xba, 0xae, 0x26,
    0x94, 0x17, 0xb0, 0x5a, 0x9c, 0x2e, 0x72, 0x3d, 0x87, 0xf6, 0xdb, 0x76, 0x44, 0x03, 0xa7, 0xab,
    0x5d, 0x4d, 0xd3, 0x1b, 0x9f, 0xf9, 0x5b, 0x0d, 0x22, 0x57, 0xda, 0xdf, 0xbf, 0x6f, 0x48, 0x90};
static const uint8_t kat_reseed_entropy[48] = {
    0xa3, 0xe5, 0xa8, 0x56, 0xcd, 0xda, 0xe3, 0xf1, 0x09, 0xc0, 0x27, 0xa1, 0xae, 0x59, 0xd7, 0xc8,
    0x00, 0x8d, 0x61, 0x07, 0x4a, 0x51, 0x0c, 0x3d, 0x6e, 0x7d, 0x34, 0x80, 0x20, 0x7b, 0xfd, 0xae,
    0x97, 0x89, 0xd0, 0x1c, 0xcb, 0xa7, 0x39, 0xbe, 0x54, 0x1e, 0x6c, 0xab, 0x37, 0xc9, 0x8a, 0x56};
static const uint8_t kat_gen_addl1[48] = {
    0xc4, 0x41, 0xb2, 0x4b, 0x09, 0x6c, 0x05, 0x81, 0x85, 0xf0, 0x68, 0x8e, 0xdd, 0x06, 0x10, 0x84,
    0x1c, 0x5a, 0xaf, 0x3a, 0x3e, 0xc4, 0x15, 0x87, 0xdd, 0x6b, 0x8e, 0x19, 0x6c, 0x78, 0x65, 0x44,
    0x5c, 0xc7, 0xbb, 0xac, 0x6d, 0x81, 0xe7, 0x52, 0xb5, 0x2c, 0xa1, 0xa4, 0xaf, 0x21, 0x7c, 0x96};
static const uint8_t kat_gen_addl2[48] = {
    0x93, 0xa9, 0x61, 0x40, 0x4b, 0xcb, 0xfe, 0x0b, 0x03, 0x73, 0x92, 0xad, 0xf6, 0xce, 0x00, 0xd4,
    0xd4, 0x91, 0x61, 0x21, 0x14, 0xea, 0xf2, 0x74, 0xdc, 0xce, 0xea, 0xb4, 0x9b, 0xe9, 0x65, 0x8d,
    0xa2, 0x7b, 0xee, 0xdc, 0x8e, 0x27, 0x43, 0x11, 0x08, 0x04, 0x81, 0xa9, 0xc8, 0x01, 0x44, 0x6f};
static const uint8_t kat_expected[16] = {
    0xa7, 0x4c, 0x8e, 0xa8, 0x02, 0xf5, 0x91, 0xd5, 0x32, 0x91, 0xf7, 0x8b, 0x74, 0x2b, 0xb6, 0x3a};

cce_status cce_kat_ctr_drbg(void) {
  cce_ctr_drbg st;
  uint8_t out[16];
  cce_status s = cce_ctr_drbg_instantiate_impl(&st, 32, 1, 128, kat_entropy, sizeof kat_entropy, kat_nonce,
                                               sizeof kat_nonce, kat_perso, sizeof kat_perso);
  if (s == CCE_OK)
    s = cce_ctr_drbg_reseed_impl(&st, kat_reseed_entropy, sizeof kat_reseed_entropy, kat_reseed_addl,
                                 sizeof kat_reseed_addl);
  if (s == CCE_OK) {
    cce_ctr_drbg_generate_impl(&st, out, sizeof out, kat_gen_addl1, sizeof kat_gen_addl1);
    cce_ctr_drbg_generate_impl(&st, out, sizeof out, kat_gen_addl2, sizeof kat_gen_addl2);
    s = cce_kat_check(CCE_ST_CTR_DRBG, out, kat_expected, sizeof out);
  }
  cce_wipe(&st, sizeof st);
  cce_wipe(out, sizeof out);
  return s == CCE_OK ? CCE_OK : CCE_ERR_SELFTEST;
}
