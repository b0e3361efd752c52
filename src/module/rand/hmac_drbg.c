// HMAC_DRBG (NIST SP 800-90A Rev.1, section 10.1.2) over any fixed-length
// hash of the descriptor table, and its health test (cce_kat_hmac_drbg).

#include "../mac/internal.h"
#include "internal.h"

// HMAC_DRBG_Update (10.1.2.2) with provided_data = in[0] || in[1] || ...
static void hmac_update(cce_hmac_drbg *st, const uint8_t *const *in, const size_t *in_len, size_t n) {
  const cce_hash_desc *d = st->d;
  size_t ol = d->digest_len;
  size_t provided = 0;
  for (size_t i = 0; i < n; i++) provided += in_len[i];
  cce_hmac_ctx hc;
  uint8_t tmp[CCE_HASH_MAX_DIGEST_BYTES];
  for (uint8_t round = 0; round < 2; round++) {
    // K = HMAC(K, V || round || provided_data); V = HMAC(K, V)
    cce_hmac_init_impl(&hc, d, st->k, ol);
    (void)cce_hmac_update_impl(&hc, st->v, ol);
    (void)cce_hmac_update_impl(&hc, &round, 1);
    for (size_t i = 0; i < n; i++)
      if (in_len[i] > 0) (void)cce_hmac_update_impl(&hc, in[i], in_len[i]);
    cce_hmac_final_impl(&hc, tmp);
    memcpy(st->k, tmp, ol);
    cce_hmac_impl(d, st->k, ol, st->v, ol, tmp);
    memcpy(st->v, tmp, ol);
    if (provided == 0) break;  // step 3: with no provided data, one round only
  }
  cce_wipe(&hc, sizeof hc);
  cce_wipe(tmp, sizeof tmp);
}

void cce_hmac_drbg_instantiate_impl(cce_hmac_drbg *st, const cce_hash_desc *d, const uint8_t *entropy,
                                    size_t entropy_len, const uint8_t *nonce, size_t nonce_len,
                                    const uint8_t *perso, size_t perso_len) {
  memset(st, 0, sizeof *st);
  st->d = d;
  memset(st->k, 0x00, d->digest_len);
  memset(st->v, 0x01, d->digest_len);
  const uint8_t *in[3] = {entropy, nonce, perso};
  size_t in_len[3] = {entropy_len, nonce_len, perso_len};
  hmac_update(st, in, in_len, 3);
}

void cce_hmac_drbg_reseed_impl(cce_hmac_drbg *st, const uint8_t *entropy, size_t entropy_len,
                               const uint8_t *addl, size_t addl_len) {
  const uint8_t *in[2] = {entropy, addl};
  size_t in_len[2] = {entropy_len, addl_len};
  hmac_update(st, in, in_len, 2);
}

void cce_hmac_drbg_generate_impl(cce_hmac_drbg *st, uint8_t *out, size_t out_len, const uint8_t *addl,
                                 size_t addl_len) {
  const cce_hash_desc *d = st->d;
  size_t ol = d->digest_len;
  const uint8_t *in[1] = {addl};
  size_t in_len[1] = {addl_len};
  if (addl_len > 0) hmac_update(st, in, in_len, 1);
  uint8_t tmp[CCE_HASH_MAX_DIGEST_BYTES];
  size_t done = 0;
  while (done < out_len) {
    cce_hmac_impl(d, st->k, ol, st->v, ol, tmp);  // V = HMAC(K, V)
    memcpy(st->v, tmp, ol);
    size_t take = out_len - done < ol ? out_len - done : ol;
    memcpy(out + done, tmp, take);
    done += take;
  }
  hmac_update(st, in, in_len, 1);
  cce_wipe(tmp, sizeof tmp);
}

// ---------------------------------------------------------------------------
// Health test (SP 800-90A 11.3): instantiate, reseed, generate twice,
// HMAC-SHA2-256. Vector: NIST CAVP drbgtestvectors, HMAC_DRBG.rsp
// (prediction resistance off), [SHA-256] EntropyInputLen 256, NonceLen 128,
// no personalization or additional input: ReturnedBits of the second
// generate (1024 bits).
static const uint8_t kat_entropy[32] = {
    0x06, 0x03, 0x2c, 0xd5, 0xee, 0xd3, 0x3f, 0x39, 0x26, 0x5f, 0x49, 0xec, 0xb1, 0x42, 0xc5, 0x11,
    0xda, 0x9a, 0xff, 0x2a, 0xf7, 0x12, 0x03, 0xbf, 0xfa, 0xf3, 0x4a, 0x9c, 0xa5, 0xbd, 0x9c, 0x0d};
static const uint8_t kat_nonce[16] = {0x0e, 0x66, 0xf7, 0x1e, 0xdc, 0x43, 0xe4, 0x2a,
                                      0x45, 0xad, 0x3c, 0x6f, 0xc6, 0xcd, 0xc4, 0xdf};
static const uint8_t kat_reseed_entropy[32] = {
    0x01, 0x92, 0x0a, 0x4e, 0x66, 0x9e, 0xd3, 0xa8, 0x5a, 0xe8, 0xa3, 0x3b, 0x35, 0xa7, 0x4a, 0xd7,
    0xfb, 0x2a, 0x6b, 0xb4, 0xcf, 0x39, 0x5c, 0xe0, 0x03, 0x34, 0xa9, 0xc9, 0xa5, 0xa5, 0xd5, 0x52};
static const uint8_t kat_expected[128] = {
    0x76, 0xfc, 0x79, 0xfe, 0x9b, 0x50, 0xbe, 0xcc, 0xc9, 0x91, 0xa1, 0x1b, 0x56, 0x35, 0x78, 0x3a,
    0x83, 0x53, 0x6a, 0xdd, 0x03, 0xc1, 0x57, 0xfb, 0x30, 0x64, 0x5e, 0x61, 0x1c, 0x28, 0x98, 0xbb,
    0x2b, 0x1b, 0xc2, 0x15, 0x00, 0x02, 0x09, 0x20, 0x8c, 0xd5, 0x06, 0xcb, 0x28, 0xda, 0x2a, 0x51,
    0xbd, 0xb0, 0x38, 0x26, 0xaa, 0xf2, 0xbd, 0x23, 0x35, 0xd5, 0x76, 0xd5, 0x19, 0x16, 0x08, 0x42,
    0xe7, 0x15, 0x8a, 0xd0, 0x94, 0x9d, 0x1a, 0x9e, 0xc3, 0xe6, 0x6e, 0xa1, 0xb1, 0xa0, 0x64, 0xb0,
    0x05, 0xde, 0x91, 0x4e, 0xac, 0x2e, 0x9d, 0x4f, 0x2d, 0x72, 0xa8, 0x61, 0x6a, 0x80, 0x22, 0x54,
    0x22, 0x91, 0x82, 0x50, 0xff, 0x66, 0xa4, 0x1b, 0xd2, 0xf8, 0x64, 0xa6, 0xa3, 0x8c, 0xc5, 0xb6,
    0x49, 0x9d, 0xc4, 0x3f, 0x7f, 0x2b, 0xd0, 0x9e, 0x1e, 0x0f, 0x8f, 0x58, 0x85, 0x93, 0x51, 0x24};

cce_status cce_kat_hmac_drbg(void) {
  cce_hmac_drbg st;
  uint8_t out[128];
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_SELFTEST;
  cce_hmac_drbg_instantiate_impl(&st, d, kat_entropy, sizeof kat_entropy, kat_nonce, sizeof kat_nonce, NULL, 0);
  cce_hmac_drbg_reseed_impl(&st, kat_reseed_entropy, sizeof kat_reseed_entropy, NULL, 0);
  cce_hmac_drbg_generate_impl(&st, out, sizeof out, NULL, 0);
  cce_hmac_drbg_generate_impl(&st, out, sizeof out, NULL, 0);
  cce_status s = cce_kat_check(CCE_ST_HMAC_DRBG, out, kat_expected, sizeof out);
  cce_wipe(&st, sizeof st);
  cce_wipe(out, sizeof out);
  return s;
}
