// Constant-time cases of the curve25519 family: Ed25519 key derivation and
// signing (pure, ctx, ph) with a secret private key (hence a secret nonce,
// secret scalar and secret intermediate points), X25519 with a secret
// private key (variable base: Montgomery ladder; fixed base: Edwards table).
// Key generation (cce_ed25519_keypair / cce_x25519_keypair) is the DRBG
// followed by exactly these computations, plus a pairwise test that verifies
// (public data) the signature just made.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/curve25519.h"
#include "cce/module.h"
#include "ct.h"

// RFC 8032 7.1 TEST 2: seed, public key, message 0x72, signature.
static const uint8_t t2_seed[32] = {0x4c, 0xcd, 0x08, 0x9b, 0x28, 0xff, 0x96, 0xda, 0x9d, 0xb6, 0xc3,
                                    0x46, 0xec, 0x11, 0x4e, 0x0f, 0x5b, 0x8a, 0x31, 0x9f, 0x35, 0xab,
                                    0xa6, 0x24, 0xda, 0x8c, 0xf6, 0xed, 0x4f, 0xb8, 0xa6, 0xfb};
static const uint8_t t2_pub[32] = {0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a,
                                   0xa7, 0x4d, 0x1b, 0x7e, 0xbc, 0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4,
                                   0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c};
static const uint8_t t2_sig[64] = {
    0x92, 0xa0, 0x09, 0xa9, 0xf0, 0xd4, 0xca, 0xb8, 0x72, 0x0e, 0x82, 0x0b, 0x5f, 0x64, 0x25, 0x40,
    0xa2, 0xb2, 0x7b, 0x54, 0x16, 0x50, 0x3f, 0x8f, 0xb3, 0x76, 0x22, 0x23, 0xeb, 0xdb, 0x69, 0xda,
    0x08, 0x5a, 0xc1, 0xe4, 0x3e, 0x15, 0x99, 0x6e, 0x45, 0x8f, 0x36, 0x13, 0xd0, 0xf1, 0x1d, 0x8c,
    0x38, 0x7b, 0x2e, 0xae, 0xb4, 0x30, 0x2a, 0xee, 0xb0, 0x0d, 0x29, 0x16, 0x12, 0xbb, 0x0c, 0x00};

CT_CASE(ed25519_public, "Ed25519 public key from a secret seed (RFC 8032 TEST 2)") {
  uint8_t seed[32], pub[32];
  memcpy(seed, t2_seed, 32);
  CCE_CT_SECRET(seed, sizeof seed);
  CT_CHECK(cce_ed25519_public_from_private(pub, seed));
  CCE_CT_DECLASSIFY(pub, sizeof pub);
  if (memcmp(pub, t2_pub, 32) != 0) CT_FAIL("public key differs from RFC 8032 TEST 2");
}

CT_CASE(ed25519_sign, "Ed25519 signing, secret key (and so nonce and scalar), RFC 8032 TEST 2") {
  uint8_t seed[32], sig[64], msg[1] = {0x72};
  memcpy(seed, t2_seed, 32);
  CCE_CT_SECRET(seed, sizeof seed);
  CT_CHECK(cce_ed25519_sign(sig, msg, 1, seed, t2_pub));
  CCE_CT_DECLASSIFY(sig, sizeof sig);
  if (memcmp(sig, t2_sig, 64) != 0) CT_FAIL("signature differs from RFC 8032 TEST 2");
  // Without the public key (derived inside from the secret seed).
  memcpy(seed, t2_seed, 32);
  CCE_CT_SECRET(seed, sizeof seed);
  CT_CHECK(cce_ed25519_sign(sig, msg, 1, seed, NULL));
  CCE_CT_DECLASSIFY(sig, sizeof sig);
  if (memcmp(sig, t2_sig, 64) != 0) CT_FAIL("signature (public key derived) differs");
}

CT_CASE(ed25519_sign_many, "Ed25519 signing under many secret keys, secret message") {
  uint8_t seed[32], pub[32], sig[64], msg[100];
  for (int i = 0; i < 8; i++) {
    ct_fill(seed, sizeof seed, (uint8_t)(17 * i + 3));
    ct_fill(msg, sizeof msg, (uint8_t)i);
    CT_CHECK(cce_ed25519_public_from_private(pub, seed));
    CCE_CT_SECRET(seed, sizeof seed);
    CCE_CT_SECRET(msg, sizeof msg);
    CT_CHECK(cce_ed25519_sign(sig, msg, sizeof msg, seed, pub));
    CT_CHECK(cce_ed25519ctx_sign(sig, msg, sizeof msg, msg, 3, seed, pub));
    CT_CHECK(cce_ed25519ph_sign(sig, msg, sizeof msg, NULL, 0, seed, pub));
    CCE_CT_DECLASSIFY(sig, sizeof sig);
    CCE_CT_DECLASSIFY(msg, sizeof msg);
    CT_CHECK(cce_ed25519ph_verify(sig, msg, sizeof msg, NULL, 0, pub));
  }
}

CT_CASE(x25519, "X25519 shared secret, secret private key (RFC 7748 6.1)") {
  static const uint8_t alice[32] = {0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
                                    0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
                                    0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
  static const uint8_t bob_pub[32] = {0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
                                      0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
                                      0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f};
  static const uint8_t shared[32] = {0x4a, 0x5d, 0x9d, 0x5b, 0xa4, 0xce, 0x2d, 0xe1, 0x72, 0x8e, 0x3b,
                                     0xf4, 0x80, 0x35, 0x0f, 0x25, 0xe0, 0x7e, 0x21, 0xc9, 0x47, 0xd1,
                                     0x9e, 0x33, 0x76, 0xf0, 0x9b, 0x3c, 0x1e, 0x16, 0x17, 0x42};
  uint8_t k[32], out[32];
  memcpy(k, alice, 32);
  CCE_CT_SECRET(k, sizeof k);
  CT_CHECK(cce_x25519(out, k, bob_pub));
  CCE_CT_DECLASSIFY(out, sizeof out);
  if (memcmp(out, shared, 32) != 0) CT_FAIL("X25519 shared secret differs from RFC 7748 6.1");
  // A low-order peer point: the rejection itself is branch-free.
  uint8_t zero_pub[32] = {0};
  memcpy(k, alice, 32);
  CCE_CT_SECRET(k, sizeof k);
  CT_EXPECT(cce_x25519(out, k, zero_pub), CCE_ERR_POINT_INVALID);
}

CT_CASE(x25519_public, "X25519 public key (fixed base), secret private key") {
  static const uint8_t alice_pub[32] = {0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d,
                                        0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38,
                                        0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a};
  uint8_t k[32] = {0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45,
                   0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
  uint8_t out[32];
  CCE_CT_SECRET(k, sizeof k);
  CT_CHECK(cce_x25519_public(out, k));
  CCE_CT_DECLASSIFY(out, sizeof out);
  if (memcmp(out, alice_pub, 32) != 0) CT_FAIL("X25519 public key differs from RFC 7748 6.1");
}

// Valgrind's CPUID hides ADX, so under memcheck the module would run only its
// portable paths. When the host CPU has BMI2 and ADX (from /proc/cpuinfo,
// which valgrind does not filter) and CCE_CPU restricts nothing, this case
// turns them on for the MULX/ADX X25519 ladder (x25519_adx.c), then restores
// the features.
extern uint32_t cce_cpu_caps;  // src/module/core/cpu.c, in the static library

static int c25519_host_has_bmi2_adx(void) {
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

CT_CASE(x25519_adx, "X25519 MULX/ADX ladder forced on (if the host has it), secret private keys") {
  static const uint8_t k1[32] = {0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15,
                                 0x4b, 0x82, 0x46, 0x5e, 0xdd, 0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc,
                                 0x5a, 0x18, 0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4};
  static const uint8_t u1[32] = {0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1,
                                 0xa4, 0x24, 0xb1, 0x5f, 0x7c, 0x72, 0x66, 0x24, 0xec, 0x26, 0xb3,
                                 0x35, 0x3b, 0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c};
  static const uint8_t want[32] = {0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea,
                                   0x4d, 0xf2, 0x8d, 0x08, 0x4f, 0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c,
                                   0x71, 0xf7, 0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52};
  if (getenv("CCE_CPU") != NULL || !c25519_host_has_bmi2_adx()) return;  // portable run, or no ADX
  uint32_t saved = cce_cpu_caps;
  cce_cpu_caps |= CCE_CPU_BMI2 | CCE_CPU_ADX;
  uint8_t k[32], out[32], zero_pub[32] = {0};
  memcpy(k, k1, 32);
  CCE_CT_SECRET(k, sizeof k);
  CT_CHECK(cce_x25519(out, k, u1));  // RFC 7748 5.2, first vector
  CCE_CT_DECLASSIFY(out, sizeof out);
  if (memcmp(out, want, 32) != 0) CT_FAIL("X25519 (MULX/ADX) differs from RFC 7748 5.2");
  for (int i = 0; i < 4; i++) {
    ct_fill(k, sizeof k, (uint8_t)(41 + i));
    CCE_CT_SECRET(k, sizeof k);
    CT_CHECK(cce_x25519(out, k, u1));
  }
  memcpy(k, k1, 32);
  CCE_CT_SECRET(k, sizeof k);
  CT_EXPECT(cce_x25519(out, k, zero_pub), CCE_ERR_POINT_INVALID);
  cce_cpu_caps = saved;
}
