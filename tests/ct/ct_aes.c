// Constant-time cases of the AES family: the AES core (portable bitsliced
// under CCE_CPU=portable, AES-NI otherwise) through every mode with the key
// and data secret, GHASH and GCM tag comparison, CCM, key unwrap, CMAC
// verification, and the CTR_DRBG with secret entropy.

#include <string.h>

#include "cce/aes.h"
#include "cce/drbg.h"
#include "cce/gcm.h"
#include "ct.h"

// Verdicts and released lengths are public by design (see core/internal.h).
void cce_ct_public(const void *p, size_t len);
void cce_ct_public(const void *p, size_t len) { CCE_CT_DECLASSIFY(p, len); }

CT_CASE(aes_ecb_cbc_ctr, "AES-128/192/256 ECB, CBC, CTR (key, CBC IV, data secret; CTR counter public)") {
  static const size_t klens[] = {16, 24, 32};
  for (size_t k = 0; k < 3; k++) {
    uint8_t key[32], iv[16], ctr[16], pt[96], ct[96], back[96];
    ct_fill(key, sizeof key, (uint8_t)(k + 1));
    ct_fill(pt, sizeof pt, 7);
    ct_fill(iv, sizeof iv, 9);
    CCE_CT_SECRET(key, sizeof key);
    CCE_CT_SECRET(pt, sizeof pt);
    CCE_CT_SECRET(iv, sizeof iv);
    cce_aes_ctx c;
    CT_CHECK(cce_aes_init(&c, key, klens[k]));
    CT_CHECK(cce_aes_ecb_encrypt(&c, ct, pt, sizeof pt));
    CT_CHECK(cce_aes_ecb_decrypt(&c, back, ct, sizeof ct));
    uint8_t iv2[16];
    memcpy(iv2, iv, 16);
    CT_CHECK(cce_aes_cbc_encrypt(&c, iv2, ct, pt, sizeof pt));
    memcpy(iv2, iv, 16);
    CT_CHECK(cce_aes_cbc_decrypt(&c, iv2, back, ct, sizeof ct));
    ct_fill(ctr, sizeof ctr, 10);  // the counter block is public (it travels with the data)
    CT_CHECK(cce_aes_ctr_crypt(&c, ctr, ct, pt, 77));
    cce_aes_cleanup(&c);
    CCE_CT_DECLASSIFY(back, sizeof back);
    CCE_CT_DECLASSIFY(pt, sizeof pt);
    if (memcmp(back, pt, sizeof pt) != 0) CT_FAIL("CBC round trip");
  }
}

CT_CASE(aes_xts, "AES-XTS-256 (keys, tweak, data secret; stealing)") {
  uint8_t key[64], tweak[16], pt[53], ct[53], back[53];
  ct_fill(key, sizeof key, 3);
  ct_fill(tweak, sizeof tweak, 4);
  ct_fill(pt, sizeof pt, 5);
  CCE_CT_SECRET(key, sizeof key);
  CCE_CT_SECRET(tweak, sizeof tweak);
  CCE_CT_SECRET(pt, sizeof pt);
  cce_aes_xts_ctx x;
  cce_status st = cce_aes_xts_init(&x, key, sizeof key);  // key1 != key2 check: a public verdict
  CCE_CT_DECLASSIFY(&st, sizeof st);
  if (st != CCE_OK) { CT_FAIL("xts init"); return; }
  CT_CHECK(cce_aes_xts_encrypt(&x, ct, tweak, pt, sizeof pt));
  CT_CHECK(cce_aes_xts_decrypt(&x, back, tweak, ct, sizeof ct));
  cce_aes_xts_cleanup(&x);
  CCE_CT_DECLASSIFY(back, sizeof back);
  CCE_CT_DECLASSIFY(pt, sizeof pt);
  if (memcmp(back, pt, sizeof pt) != 0) CT_FAIL("XTS round trip");
}

CT_CASE(aes_gcm, "AES-256-GCM seal/open, streaming (key, AAD, data secret; tag compare)") {
  uint8_t key[32], nonce[12], aad[20], pt[100], ct[100], back[100], tag[16];
  ct_fill(key, sizeof key, 11);
  ct_fill(nonce, sizeof nonce, 12);
  ct_fill(aad, sizeof aad, 13);
  ct_fill(pt, sizeof pt, 14);
  CCE_CT_SECRET(key, sizeof key);
  CCE_CT_SECRET(aad, sizeof aad);  // the nonce is public
  CCE_CT_SECRET(pt, sizeof pt);
  cce_gcm_key gk;
  CT_CHECK(cce_gcm_key_init(&gk, key, sizeof key));
  CT_CHECK(cce_aes_gcm_seal(&gk, nonce, sizeof nonce, aad, sizeof aad, pt, sizeof pt, ct, tag, 16));
  CT_CHECK(cce_aes_gcm_open(&gk, nonce, sizeof nonce, aad, sizeof aad, ct, sizeof ct, tag, 16, back));
  // A wrong tag: the comparison must not branch on the secret tag bytes.
  tag[3] ^= 1;
  CT_EXPECT(cce_aes_gcm_open(&gk, nonce, sizeof nonce, aad, sizeof aad, ct, sizeof ct, tag, 16, back), CCE_ERR_AUTH);
  tag[3] ^= 1;
  cce_gcm_ctx s;
  CT_CHECK(cce_aes_gcm_init(&s, &gk, CCE_GCM_DECRYPT, nonce, sizeof nonce));
  CT_CHECK(cce_aes_gcm_update_aad(&s, aad, sizeof aad));
  CT_CHECK(cce_aes_gcm_update(&s, back, ct, 37));
  CT_CHECK(cce_aes_gcm_update(&s, back + 37, ct + 37, sizeof ct - 37));
  CT_CHECK(cce_aes_gcm_decrypt_final(&s, tag, 16));
  cce_gcm_key_wipe(&gk);
  CCE_CT_DECLASSIFY(back, sizeof back);
  CCE_CT_DECLASSIFY(pt, sizeof pt);
  if (memcmp(back, pt, sizeof pt) != 0) CT_FAIL("GCM round trip");
}

CT_CASE(aes_ccm_kw_cmac, "AES-CCM, KW/KWP unwrap, CMAC verify (keys and data secret)") {
  uint8_t key[32], nonce[12], pt[40], ct[40], back[40], tag[16];
  ct_fill(key, sizeof key, 21);
  ct_fill(nonce, sizeof nonce, 22);
  ct_fill(pt, sizeof pt, 23);
  CCE_CT_SECRET(key, sizeof key);
  CCE_CT_SECRET(pt, sizeof pt);
  cce_aes_ctx c;
  CT_CHECK(cce_aes_init(&c, key, sizeof key));
  CT_CHECK(cce_aes_ccm_seal(&c, ct, tag, 16, nonce, sizeof nonce, NULL, 0, pt, sizeof pt));
  CT_CHECK(cce_aes_ccm_open(&c, back, nonce, sizeof nonce, NULL, 0, ct, sizeof ct, tag, 16));
  uint8_t wrapped[48], unwrapped[40];
  size_t wl = 0, ul = 0;
  CT_CHECK(cce_aes_kw_wrap(&c, 0, wrapped, sizeof wrapped, &wl, pt, 32));
  CT_CHECK(cce_aes_kw_unwrap(&c, 0, unwrapped, sizeof unwrapped, &ul, wrapped, wl));
  CT_CHECK(cce_aes_kwp_wrap(&c, 0, wrapped, sizeof wrapped, &wl, pt, 37));
  CT_CHECK(cce_aes_kwp_unwrap(&c, 0, unwrapped, sizeof unwrapped, &ul, wrapped, wl));
  cce_aes_cleanup(&c);
  uint8_t mac[16];
  CT_CHECK(cce_aes_cmac(mac, 16, key, sizeof key, pt, sizeof pt));
  CT_CHECK(cce_aes_cmac_verify(mac, 16, key, sizeof key, pt, sizeof pt));
  CCE_CT_DECLASSIFY(back, sizeof back);
  CCE_CT_DECLASSIFY(pt, sizeof pt);
  if (memcmp(back, pt, sizeof pt) != 0) CT_FAIL("CCM round trip");
}

CT_CASE(ctr_drbg, "CTR_DRBG AES-256 with df (entropy, nonce secret)") {
  uint8_t ent[48], nonce[16], out[100];
  ct_fill(ent, sizeof ent, 31);
  ct_fill(nonce, sizeof nonce, 32);
  CCE_CT_SECRET(ent, sizeof ent);
  CCE_CT_SECRET(nonce, sizeof nonce);
  cce_drbg_ctx d;
  cce_drbg_config cfg = {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 0};
  CT_CHECK(cce_drbg_instantiate(&d, &cfg, ent, sizeof ent, nonce, sizeof nonce, NULL, 0));
  CT_CHECK(cce_drbg_generate(&d, out, sizeof out, NULL, 0));
  CT_CHECK(cce_drbg_generate(&d, out, sizeof out, NULL, 0));
  cce_drbg_uninstantiate(&d);
  CCE_CT_DECLASSIFY(out, sizeof out);
}
