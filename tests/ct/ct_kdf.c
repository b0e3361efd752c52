// Constant-time cases of the KDF family: HKDF (secret IKM and salt),
// PBKDF2 (secret password), SP 800-108 counter KDF (secret key).

#include <string.h>

#include "cce/kdf.h"
#include "ct.h"

CT_CASE(hkdf_sha256, "HKDF-SHA2-256, IKM and salt secret (RFC 5869 case 1)") {
  uint8_t ikm[22], salt[13], info[10], okm[42];
  memset(ikm, 0x0b, sizeof ikm);
  for (int i = 0; i < 13; i++) salt[i] = (uint8_t)i;
  for (int i = 0; i < 10; i++) info[i] = (uint8_t)(0xf0 + i);
  static const uint8_t want[42] = {0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f,
                                   0x64, 0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a,
                                   0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4, 0xc5, 0xbf, 0x34,
                                   0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65};
  CCE_CT_SECRET(ikm, sizeof ikm);
  CCE_CT_SECRET(salt, sizeof salt);
  CT_CHECK(cce_hkdf(CCE_HASH_SHA256, okm, sizeof okm, salt, sizeof salt, ikm, sizeof ikm, info, sizeof info));
  CCE_CT_DECLASSIFY(okm, sizeof okm);
  if (memcmp(okm, want, sizeof want) != 0) CT_FAIL("RFC 5869 test case 1");

  // Extract then expand separately, PRK secret in between; SHA-512 too.
  uint8_t prk[64], out[200];
  CCE_CT_SECRET(ikm, sizeof ikm);
  CT_CHECK(cce_hkdf_extract(CCE_HASH_SHA512, prk, sizeof prk, NULL, 0, ikm, sizeof ikm));
  CT_CHECK(cce_hkdf_expand(CCE_HASH_SHA512, out, sizeof out, prk, sizeof prk, info, sizeof info));
  CCE_CT_DECLASSIFY(out, sizeof out);
}

CT_CASE(pbkdf2, "PBKDF2-HMAC, password (and salt) secret (RFC 6070 case 2)") {
  uint8_t pw[8], salt[4], out[20];
  memcpy(pw, "password", 8);
  memcpy(salt, "salt", 4);
  static const uint8_t want[20] = {0xea, 0x6c, 0x01, 0x4d, 0xc7, 0x2d, 0x6f, 0x8c, 0xcd, 0x1e,
                                   0xd9, 0x2a, 0xce, 0x1d, 0x41, 0xf0, 0xd8, 0xde, 0x89, 0x57};
  CCE_CT_SECRET(pw, sizeof pw);
  CCE_CT_SECRET(salt, sizeof salt);
  CT_CHECK(cce_pbkdf2(CCE_HASH_SHA1, out, sizeof out, pw, sizeof pw, salt, sizeof salt, 2));
  CCE_CT_DECLASSIFY(out, sizeof out);
  if (memcmp(out, want, sizeof want) != 0) CT_FAIL("RFC 6070 test case 2");

  uint8_t longpw[150], out2[80];  // longer than a SHA-256 block
  ct_fill(longpw, sizeof longpw, 4);
  CCE_CT_SECRET(longpw, sizeof longpw);
  CT_CHECK(cce_pbkdf2(CCE_HASH_SHA256, out2, sizeof out2, longpw, sizeof longpw, salt, sizeof salt, 3));
  CCE_CT_DECLASSIFY(out2, sizeof out2);
}

CT_CASE(kdf108, "SP 800-108 counter KDF with HMAC-SHA2-256, key secret") {
  uint8_t key[32], out[100];
  ct_fill(key, sizeof key, 3);
  CCE_CT_SECRET(key, sizeof key);
  CT_CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, out, sizeof out, key, sizeof key,
                               (const uint8_t *)"label", 5, (const uint8_t *)"context", 7));
  CCE_CT_DECLASSIFY(out, sizeof out);
}
