// libFuzzer target: key parsing (src/encoding/pkey.c): PKCS#8 /
// OneAsymmetricKey, RFC 5915 ECPrivateKey, SubjectPublicKeyInfo, in PEM or
// DER, with the module's key checks behind them; and the same input through
// the ML-KEM / ML-DSA parser (cce_pqkey_parse: LAMPS PKCS#8 seed /
// expandedKey / both, SPKI).
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

// ML-KEM / ML-DSA keys: same properties, every private-key form written.
static void fuzz_pq(const uint8_t *data, size_t size) {
  static cce_pqkey k, k2;
  static const cce_pqkey zero;
  static uint8_t der[CCE_PQKEY_MAX_DER_BYTES];
  static char pem[CCE_PQKEY_MAX_PEM_BYTES];
  const char *why = NULL;
  size_t n;
  if (cce_pqkey_parse(&k, data, size, &why) != CCE_OK) {
    if (memcmp(&k, &zero, sizeof k) != 0) __builtin_trap();
    if (!why || !why[0]) __builtin_trap();
    return;
  }
  if (k.priv_len) {
    for (unsigned form = CCE_PQKEY_FORM_AUTO; form <= CCE_PQKEY_FORM_BOTH; form++) {
      cce_status st = cce_pqkey_private_to_der(der, sizeof der, &n, &k, form);
      if (!k.seed_len && (form == CCE_PQKEY_FORM_SEED || form == CCE_PQKEY_FORM_BOTH)) {
        if (st != CCE_ERR_INVALID_ARG) __builtin_trap();
        continue;
      }
      if (st != CCE_OK) __builtin_trap();
      if (cce_pqkey_parse_der(&k2, der, n, &why) != CCE_OK) __builtin_trap();
      if (k2.alg != k.alg || k2.priv_len != k.priv_len || memcmp(k2.priv, k.priv, k.priv_len) != 0)
        __builtin_trap();
      if (form != CCE_PQKEY_FORM_EXPANDED && (k2.seed_len != k.seed_len || memcmp(k2.seed, k.seed, k.seed_len)))
        __builtin_trap();
      if (k2.pub_len && (k2.pub_len != k.pub_len || memcmp(k2.pub, k.pub, k.pub_len) != 0)) __builtin_trap();
    }
    if (cce_pqkey_private_to_pem(pem, sizeof pem, &n, &k, CCE_PQKEY_FORM_AUTO) != CCE_OK) __builtin_trap();
    if (cce_pqkey_parse(&k2, (const uint8_t *)pem, n, &why) != CCE_OK) __builtin_trap();
    if (k2.alg != k.alg || k2.priv_len != k.priv_len || memcmp(k2.priv, k.priv, k.priv_len) != 0 ||
        k2.seed_len != k.seed_len || memcmp(k2.seed, k.seed, k.seed_len) != 0)
      __builtin_trap();
  }
  if (k.pub_len) {
    if (cce_pqkey_public_to_der(der, sizeof der, &n, &k) != CCE_OK) __builtin_trap();
    if (cce_pqkey_parse_der(&k2, der, n, &why) != CCE_OK) __builtin_trap();
    if (k2.priv_len || k2.seed_len || k2.alg != k.alg || k2.pub_len != k.pub_len ||
        memcmp(k2.pub, k.pub, k.pub_len) != 0)
      __builtin_trap();
    if (cce_pqkey_public_to_pem(pem, sizeof pem, &n, &k) != CCE_OK) __builtin_trap();
    if (cce_pqkey_parse(&k2, (const uint8_t *)pem, n, &why) != CCE_OK) __builtin_trap();
    if (k2.pub_len != k.pub_len || memcmp(k2.pub, k.pub, k.pub_len) != 0) __builtin_trap();
  } else if (cce_pqkey_public_to_der(der, sizeof der, &n, &k) != CCE_ERR_INVALID_ARG) {
    __builtin_trap();
  }
  cce_pqkey_wipe(&k);
  cce_pqkey_wipe(&k2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 16384) return 0;
  fuzz_pq(data, size);
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
