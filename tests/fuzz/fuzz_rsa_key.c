// libFuzzer target: RSA key parsing (src/encoding/rsa_key.c): PKCS#1
// RSAPrivateKey / RSAPublicKey, PKCS#8, SubjectPublicKeyInfo, PEM or DER,
// with the module's key checks (cce_rsa_*_key_init) behind them.
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - an accepted key writes out (PKCS#8 if private, SPKI, PEM) and every
//     written form parses back to the same key.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cce/encoding.h"
#include "cce/rsa.h"

static cce_rsa_private_key priv, priv2;

static void same_pub_or_trap(const cce_rsa_public_key *a, const cce_rsa_public_key *b) {
  uint8_t x[CCE_RSA_MAX_BYTES], y[CCE_RSA_MAX_BYTES];
  size_t xl, yl;
  for (int c = CCE_RSA_N; c <= CCE_RSA_E; c++) {
    if (cce_rsa_public_export(a, (cce_rsa_component)c, x, sizeof x, &xl) != CCE_OK ||
        cce_rsa_public_export(b, (cce_rsa_component)c, y, sizeof y, &yl) != CCE_OK || xl != yl ||
        memcmp(x, y, xl) != 0)
      __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 16384) return 0;
  cce_rsa_public_key pub, pub2;
  int is_private = 0, p2 = 0;
  cce_status st = cce_rsa_key_parse(&priv, &pub, &is_private, data, size);
  if (st != CCE_OK) return 0;
  static uint8_t der[CCE_RSA_MAX_PRIVATE_DER];
  static char pem[CCE_RSA_MAX_PRIVATE_PEM];
  size_t dl, pl;
  // SPKI round trip
  if (cce_rsa_public_to_der(der, sizeof der, &dl, &pub) != CCE_OK) __builtin_trap();
  if (cce_rsa_key_parse(NULL, &pub2, &p2, der, dl) != CCE_OK || p2 != 0) __builtin_trap();
  same_pub_or_trap(&pub, &pub2);
  if (cce_rsa_public_to_pem(pem, sizeof pem, &pl, &pub) != CCE_OK) __builtin_trap();
  if (cce_rsa_key_parse(NULL, &pub2, &p2, (const uint8_t *)pem, pl) != CCE_OK) __builtin_trap();
  same_pub_or_trap(&pub, &pub2);
  if (is_private) {
    if (cce_rsa_private_to_der(der, sizeof der, &dl, &priv) != CCE_OK) __builtin_trap();
    if (cce_rsa_key_parse(&priv2, &pub2, &p2, der, dl) != CCE_OK || p2 != 1) __builtin_trap();
    if (memcmp(&priv, &priv2, sizeof priv) != 0) __builtin_trap();
    if (cce_rsa_private_to_pem(pem, sizeof pem, &pl, &priv) != CCE_OK) __builtin_trap();
    if (cce_rsa_key_parse(&priv2, &pub2, &p2, (const uint8_t *)pem, pl) != CCE_OK) __builtin_trap();
    cce_rsa_private_key_wipe(&priv2);
  }
  cce_rsa_private_key_wipe(&priv);
  return 0;
}
