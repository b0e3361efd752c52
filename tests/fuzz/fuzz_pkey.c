// libFuzzer target: key parsing (src/encoding/pkey.c): PKCS#8 /
// OneAsymmetricKey, RFC 5915 ECPrivateKey, SubjectPublicKeyInfo, in PEM or
// DER, with the module's key checks behind them.
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - a refused input leaves the key object wiped and names a reason;
//   - an accepted key writes out (PKCS#8 if private, SPKI, compressed SPKI
//     for EC, PEM) and every written form parses back to the same object.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cce/encoding.h"

static void same_or_trap(const cce_pkey *a, const cce_pkey *b) {
  if (a->type != b->type || a->curve != b->curve || a->pub_len != b->pub_len ||
      memcmp(a->pub, b->pub, a->pub_len) != 0)
    __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 16384) return 0;
  cce_pkey k, k2;
  const char *why = NULL;
  cce_status st = cce_pkey_parse(&k, data, size, &why);
  if (st != CCE_OK) {
    static const cce_pkey zero;
    if (memcmp(&k, &zero, sizeof k) != 0) __builtin_trap();
    if (!why || !why[0]) __builtin_trap();
    return 0;
  }
  uint8_t der[CCE_PKEY_MAX_DER_BYTES];
  char pem[CCE_PKEY_MAX_PEM_BYTES];
  size_t n;
  if (k.priv_len) {
    if (cce_pkey_private_to_der(der, sizeof der, &n, &k) != CCE_OK) __builtin_trap();
    if (cce_pkey_parse_der(&k2, der, n, &why) != CCE_OK) __builtin_trap();
    if (memcmp(&k, &k2, sizeof k) != 0) __builtin_trap();
    if (cce_pkey_private_to_pem(pem, sizeof pem, &n, &k) != CCE_OK) __builtin_trap();
    if (cce_pkey_parse(&k2, (const uint8_t *)pem, n, &why) != CCE_OK) __builtin_trap();
    if (memcmp(&k, &k2, sizeof k) != 0) __builtin_trap();
  }
  for (unsigned flags = 0; flags <= (k.type == CCE_PKEY_EC ? CCE_PKEY_POINT_COMPRESSED : 0u); flags++) {
    if (cce_pkey_public_to_der(der, sizeof der, &n, &k, flags) != CCE_OK) __builtin_trap();
    if (cce_pkey_parse_der(&k2, der, n, &why) != CCE_OK) __builtin_trap();
    if (k2.priv_len != 0) __builtin_trap();
    same_or_trap(&k, &k2);
    if (cce_pkey_public_to_pem(pem, sizeof pem, &n, &k, flags) != CCE_OK) __builtin_trap();
    if (cce_pkey_parse(&k2, (const uint8_t *)pem, n, &why) != CCE_OK) __builtin_trap();
    same_or_trap(&k, &k2);
  }
  cce_pkey_wipe(&k);
  cce_pkey_wipe(&k2);
  return 0;
}
