// Constant-time cases of the EC family: the private scalar (and so the
// nonce k, random or derived per RFC 6979) is secret in ECDSA signing, ECDH,
// public-key derivation and key generation. The module declassifies only
// the verdicts that are public by design through cce_ec_ct_public (validity
// of a scalar, rejection of a candidate k, r = 0 / s = 0), overridden here.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/ec.h"
#include "cce/module.h"
#include "ct.h"

// Overrides the module's weak no-op (src/module/ec/ec.c).
void cce_ec_ct_public(const void *p, size_t len);
void cce_ec_ct_public(const void *p, size_t len) { CCE_CT_DECLASSIFY(p, len); }

static const cce_ec_curve_id k_curves[3] = {CCE_EC_P256, CCE_EC_P384, CCE_EC_P521};

static void secret_key(cce_ec_curve_id c, uint8_t *d, uint8_t seed) {
  size_t n = cce_ec_scalar_len(c);
  ct_fill(d, n, seed);
  d[0] = c == CCE_EC_P521 ? 0x01 : 0x7f;  // below n
}

CT_CASE(ecdsa_sign, "ECDSA sign (random and RFC 6979 k), P-256/384/521, private key secret") {
  static const uint8_t msg[] = "constant-time";
  for (int i = 0; i < 3; i++) {
    cce_ec_curve_id c = k_curves[i];
    size_t n = cce_ec_scalar_len(c);
    uint8_t d[66], q[133], sig[132];
    secret_key(c, d, (uint8_t)(i + 1));
    CT_CHECK(cce_ec_public_from_private(c, d, n, q, sizeof q));  // untainted copy of Q
    CCE_CT_DECLASSIFY(q, sizeof q);
    for (unsigned flags = 0; flags <= CCE_ECDSA_DETERMINISTIC; flags++) {
      CCE_CT_SECRET(d, n);
      CT_CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, d, n, msg, sizeof msg, flags, sig, sizeof sig));
      CCE_CT_DECLASSIFY(sig, sizeof sig);  // the signature is public
      CCE_CT_DECLASSIFY(d, n);
      CT_CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, 1 + 2 * n, msg, sizeof msg, sig, 2 * n));
    }
  }
}

CT_CASE(ecdh, "ECDH P-256/384/521, private key secret") {
  for (int i = 0; i < 3; i++) {
    cce_ec_curve_id c = k_curves[i];
    size_t n = cce_ec_scalar_len(c);
    uint8_t d1[66], d2[66], q1[133], q2[133], z1[66], z2[66];
    secret_key(c, d1, (uint8_t)(i + 11));
    secret_key(c, d2, (uint8_t)(i + 21));
    CT_CHECK(cce_ec_public_from_private(c, d1, n, q1, sizeof q1));
    CT_CHECK(cce_ec_public_from_private(c, d2, n, q2, sizeof q2));
    CCE_CT_SECRET(d1, n);
    CCE_CT_SECRET(d2, n);
    CT_CHECK(cce_ecdh(c, d1, n, q2, 1 + 2 * n, z1, sizeof z1));
    CT_CHECK(cce_ecdh(c, d2, n, q1, 1 + 2 * n, z2, sizeof z2));
    CCE_CT_DECLASSIFY(z1, n);
    CCE_CT_DECLASSIFY(z2, n);
    if (memcmp(z1, z2, n) != 0) CT_FAIL("ECDH secrets differ");
  }
}

CT_CASE(ec_pub_from_priv, "d*G (fixed-base comb), P-256/384/521, d secret") {
  for (int i = 0; i < 3; i++) {
    cce_ec_curve_id c = k_curves[i];
    size_t n = cce_ec_scalar_len(c);
    uint8_t d[66], q[133], q2[133];
    secret_key(c, d, (uint8_t)(i + 31));
    CT_CHECK(cce_ec_public_from_private(c, d, n, q2, sizeof q2));
    CCE_CT_SECRET(d, n);
    CT_CHECK(cce_ec_public_from_private(c, d, n, q, sizeof q));
    CCE_CT_DECLASSIFY(q, sizeof q);
    if (memcmp(q, q2, 1 + 2 * n) != 0) CT_FAIL("public keys differ");
    CCE_CT_SECRET(d, n);
    CT_CHECK(cce_ec_private_validate(c, d, n));
  }
}

CT_CASE(ec_keygen, "ECDSA and ECDH key generation (DRBG output secret), P-256/384/521") {
  for (int i = 0; i < 3; i++) {
    cce_ec_curve_id c = k_curves[i];
    uint8_t d[66], q[133];
    CT_CHECK(cce_ecdsa_keygen(c, d, sizeof d, q, sizeof q));
    CT_CHECK(cce_ecdh_keygen(c, d, sizeof d, q, sizeof q));
  }
}

// Valgrind's CPUID hides ADX, so under memcheck the module would run only its
// portable paths. When the host CPU has BMI2 and ADX (from /proc/cpuinfo,
// which valgrind does not filter) and CCE_CPU restricts nothing, this case
// turns them on for the MULX/ADX P-256 code (fe_p256_adx.h, fe_adx_mont.h)
// and the P-384 MULX/ADX field, then restores the features.
extern uint32_t cce_cpu_caps;  // src/module/core/cpu.c, in the static library

static int ec_host_has_bmi2_adx(void) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[4096];
  int ok = 0;
  if (f == NULL) return 0;
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, "flags", 5) != 0) continue;
    ok = strstr(line, " adx") != NULL && strstr(line, " bmi2") != NULL;
    break;
  }
  fclose(f);
  return ok;
}

CT_CASE(ec_adx, "ECDSA sign, ECDH, d*G with the MULX/ADX code forced on (if the host has it), P-256/384") {
  static const uint8_t msg[] = "constant-time";
  if (getenv("CCE_CPU") != NULL || !ec_host_has_bmi2_adx()) return;  // portable run, or no ADX
  uint32_t saved = cce_cpu_caps;
  cce_cpu_caps |= CCE_CPU_BMI2 | CCE_CPU_ADX;
  for (int i = 0; i < 2; i++) {
    cce_ec_curve_id c = k_curves[i];
    size_t n = cce_ec_scalar_len(c);
    uint8_t d[66], d2[66], q[133], q2[133], sig[132], z1[66], z2[66];
    secret_key(c, d, (uint8_t)(i + 51));
    secret_key(c, d2, (uint8_t)(i + 61));
    CT_CHECK(cce_ec_public_from_private(c, d, n, q, sizeof q));
    CT_CHECK(cce_ec_public_from_private(c, d2, n, q2, sizeof q2));
    for (unsigned flags = 0; flags <= CCE_ECDSA_DETERMINISTIC; flags++) {
      CCE_CT_SECRET(d, n);
      CT_CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, d, n, msg, sizeof msg, flags, sig, sizeof sig));
      CCE_CT_DECLASSIFY(sig, sizeof sig);
      CCE_CT_DECLASSIFY(d, n);
      CT_CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, 1 + 2 * n, msg, sizeof msg, sig, 2 * n));
    }
    CCE_CT_SECRET(d, n);
    CCE_CT_SECRET(d2, n);
    CT_CHECK(cce_ecdh(c, d, n, q2, 1 + 2 * n, z1, sizeof z1));
    CT_CHECK(cce_ecdh(c, d2, n, q, 1 + 2 * n, z2, sizeof z2));
    CCE_CT_DECLASSIFY(z1, n);
    CCE_CT_DECLASSIFY(z2, n);
    if (memcmp(z1, z2, n) != 0) CT_FAIL("ECDH secrets differ (MULX/ADX)");
    CT_CHECK(cce_ec_public_from_private(c, d, n, q2, sizeof q2));
    CCE_CT_DECLASSIFY(q2, sizeof q2);
    CCE_CT_DECLASSIFY(d, n);
    CCE_CT_DECLASSIFY(d2, n);
    if (memcmp(q, q2, 1 + 2 * n) != 0) CT_FAIL("public keys differ (MULX/ADX)");
  }
  cce_cpu_caps = saved;
}
