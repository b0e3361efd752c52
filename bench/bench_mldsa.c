// cce-bench ops of the ML-DSA family (per operation, ops/s):
//   mldsa65-keygen, mldsa65-sign, mldsa65-verify,
//   mldsa87-keygen, mldsa87-sign, mldsa87-verify, mldsa65-keygen-seed.
// keygen is cce_mldsa_keygen (DRBG seed, expansion and the pairwise
// consistency test: one signature and one verification, which FIPS 140-3
// IG 10.3.A requires of an approved key generation); keygen-seed is
// cce_mldsa_keygen_seed from a fresh seed each time, the expansion alone,
// without the test: the work OpenSSL's default provider does in its keygen
// (it runs no PCT outside its FIPS provider). sign is hedged pure
// ML-DSA of a 64-byte message with an empty context; verify checks that
// signature. No OpenSSL column: Debian's OpenSSL 3.0 has no ML-DSA (see
// bench/pq_openssl_mldsa.py for OpenSSL >= 3.5 through python3's
// `cryptography`).

#include "bench.h"
#include "cce/mldsa.h"

static uint8_t pk65[CCE_MLDSA65_PUBLIC_KEY_BYTES], sk65[CCE_MLDSA65_SECRET_KEY_BYTES];
static uint8_t sig65[CCE_MLDSA65_SIGNATURE_BYTES];
static uint8_t pk87[CCE_MLDSA87_PUBLIC_KEY_BYTES], sk87[CCE_MLDSA87_SECRET_KEY_BYTES];
static uint8_t sig87[CCE_MLDSA87_SIGNATURE_BYTES];
static uint8_t kpk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], ksk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];

static int setup_65(void) {
  if (cce_mldsa_keygen(CCE_MLDSA_65, pk65, sizeof pk65, sk65, sizeof sk65, NULL) != CCE_OK) return -1;
  return cce_mldsa_sign(CCE_MLDSA_65, sig65, sizeof sig65, sk65, sizeof sk65, bench_in, 64, NULL, 0, 0) == CCE_OK
             ? 0
             : -1;
}
static int setup_87(void) {
  if (cce_mldsa_keygen(CCE_MLDSA_87, pk87, sizeof pk87, sk87, sizeof sk87, NULL) != CCE_OK) return -1;
  return cce_mldsa_sign(CCE_MLDSA_87, sig87, sizeof sig87, sk87, sizeof sk87, bench_in, 64, NULL, 0, 0) == CCE_OK
             ? 0
             : -1;
}

static int kg65(size_t n) {
  (void)n;
  return cce_mldsa_keygen(CCE_MLDSA_65, kpk, sizeof kpk, ksk, sizeof ksk, NULL) == CCE_OK ? 0 : -1;
}
static int sign65(size_t n) {
  (void)n;
  return cce_mldsa_sign(CCE_MLDSA_65, bench_out, CCE_MLDSA65_SIGNATURE_BYTES, sk65, sizeof sk65, bench_in, 64,
                        NULL, 0, 0) == CCE_OK
             ? 0
             : -1;
}
static int verify65(size_t n) {
  (void)n;
  return cce_mldsa_verify(CCE_MLDSA_65, sig65, sizeof sig65, pk65, sizeof pk65, bench_in, 64, NULL, 0) == CCE_OK
             ? 0
             : -1;
}
static int kg87(size_t n) {
  (void)n;
  return cce_mldsa_keygen(CCE_MLDSA_87, kpk, sizeof kpk, ksk, sizeof ksk, NULL) == CCE_OK ? 0 : -1;
}
static int sign87(size_t n) {
  (void)n;
  return cce_mldsa_sign(CCE_MLDSA_87, bench_out, CCE_MLDSA87_SIGNATURE_BYTES, sk87, sizeof sk87, bench_in, 64,
                        NULL, 0, 0) == CCE_OK
             ? 0
             : -1;
}
static int verify87(size_t n) {
  (void)n;
  return cce_mldsa_verify(CCE_MLDSA_87, sig87, sizeof sig87, pk87, sizeof pk87, bench_in, 64, NULL, 0) == CCE_OK
             ? 0
             : -1;
}

static int kgseed65(size_t n) {
  static uint8_t seed[CCE_MLDSA_SEED_BYTES];
  (void)n;
  for (size_t i = 0; i < sizeof seed && ++seed[i] == 0; i++) {
  }
  return cce_mldsa_keygen_seed(CCE_MLDSA_65, kpk, sizeof kpk, ksk, sizeof ksk, seed) == CCE_OK ? 0 : -1;
}

const bench_op bench_ops_mldsa[] = {
    {"mldsa65-keygen", 0, kg65, NULL, NULL, NULL, NULL},
    {"mldsa65-sign", 0, sign65, NULL, NULL, setup_65, NULL},
    {"mldsa65-verify", 0, verify65, NULL, NULL, setup_65, NULL},
    {"mldsa87-keygen", 0, kg87, NULL, NULL, NULL, NULL},
    {"mldsa87-sign", 0, sign87, NULL, NULL, setup_87, NULL},
    {"mldsa87-verify", 0, verify87, NULL, NULL, setup_87, NULL},
    {"mldsa65-keygen-seed", 0, kgseed65, NULL, NULL, NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
