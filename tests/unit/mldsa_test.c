// ML-DSA unit tests (FIPS 204): known answers (ACVP keyGen tcId 1/26/51
// pk||sk hashes; ACVP sigGen-FIPS204-tr1 deterministic pure and pre-hash
// signatures, compared through SHA3-256), the self-test, round trips per
// parameter set with and without context (hedged and deterministic),
// HashML-DSA with every allowed pre-hash (message and digest forms),
// external-mu equivalence, rejection of modified signatures / messages /
// contexts, malformed encodings (hint encoding checks of FIPS 204
// Algorithm 21, z out of range, lengths), invalid private keys, error codes,
// the service indicator, portable vs AVX2 agreement (NTT, inverse NTT,
// products, Decompose exhaustively, whole signatures), stack use (painting)
// and the pairwise consistency test's failure path (last: it stops the
// module).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cce/hash.h"
#include "cce/mldsa.h"
#include "cce/module.h"
#include "module/mldsa/internal.h"

static unsigned g_pass, g_fail;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (cond) {                                                      \
      g_pass++;                                                      \
    } else {                                                         \
      g_fail++;                                                      \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
  size_t n = strlen(s) / 2;
  if (n > cap) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) abort();
    out[i] = (uint8_t)v;
  }
  return n;
}

static void sha3_256(uint8_t out[32], const uint8_t *a, size_t al, const uint8_t *b, size_t bl) {
  cce_hash_ctx h;
  if (cce_hash_init(&h, CCE_HASH_SHA3_256) != CCE_OK || cce_hash_update(&h, a, al) != CCE_OK ||
      (bl && cce_hash_update(&h, b, bl) != CCE_OK) || cce_hash_final(&h, out, 32) != CCE_OK)
    abort();
}

static int hash_is(const uint8_t *a, size_t al, const uint8_t *b, size_t bl, const char *want_hex) {
  uint8_t got[32], want[32];
  sha3_256(got, a, al, b, bl);
  unhex(want_hex, want, 32);
  return memcmp(got, want, 32) == 0;
}

static const cce_mldsa_param params[3] = {CCE_MLDSA_44, CCE_MLDSA_65, CCE_MLDSA_87};

static void sizes(cce_mldsa_param p, size_t *pk, size_t *sk, size_t *sig) {
  if (cce_mldsa_sizes(p, pk, sk, sig) != CCE_OK) abort();
}

// ---------------------------------------------------------------------------
static void test_kat(void) {
  static const struct {
    cce_mldsa_param p;
    const char *seed, *hash;
  } kg[3] = {
      {CCE_MLDSA_44, "7194B13C95231010AFD2C909992BD2003BA6F437C3886BDBE3F6B867A14BA161",
       "4ee0b7984f2abe107bc1460cef1e7e538af697583bbeb76bd2659646c653ddb8"},
      {CCE_MLDSA_65, "A991FD42B071D49C48AE3E75C647459E0DAAD1E1BA356A04801912D3294BCFF8",
       "6d3c24fabceb657da3936711f675c1770bf0871cb623482b33e463fc92fd9058"},
      {CCE_MLDSA_87, "A16F5B0796703E2D1A0140A35CBF36EFABE70E752BA59B6A9A0E9C4B05302F73",
       "f28942119ee717e4ddbf8b9acfce35c7c7d7cb875596a58af15e7f654add8ac1"},
  };
  static uint8_t pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_MLDSA_MAX_SIGNATURE_BYTES];
  for (int i = 0; i < 3; i++) {
    size_t pkl, skl, sgl;
    uint8_t seed[32];
    sizes(kg[i].p, &pkl, &skl, &sgl);
    unhex(kg[i].seed, seed, 32);
    CHECK(cce_mldsa_keygen_seed(kg[i].p, pk, pkl, sk, skl, seed) == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    CHECK(hash_is(pk, pkl, sk, skl, kg[i].hash));
  }
  // ACVP ML-DSA-sigGen-FIPS204-tr1: seed-form keys, deterministic, external.
  static const struct {
    cce_mldsa_param p;
    const char *alg, *seed, *msg, *ctx, *hash;
  } sg[] = {
      {CCE_MLDSA_44, NULL, "98A0AE2E0AF33CFA072FAE80ACBCE4B0FD7D27C783C08C42BF9178480C6D4BAF", "B4",
       "BA322D738EA0C0E1F4F98D1249AD6D44A41352A9E76FEF3292FAB197070B741DBFD1EB07EB945708A85E8303CD88E1D5C4D0DB83"
       "3967F7A53A1908",
       "ee4060947dcabcd410c6295a72eee0541ab98d2df47601fe1b93ef4ebb87f9d3"},  // tcId 4
      {CCE_MLDSA_44, "SHA3-384", "0A533194B2A9884FFE80EA6E3BBB583718B35B44C5A7E9A45D21A2204AAB989D", "A3", "",
       "a823fb2aa76b52b60e88711d01ac65db0a27b30f0fb748f6ffd222ba5210f875"},  // tcId 18
      {CCE_MLDSA_87, NULL, "F14221484BCAD495C3EC467E843D82F2DE5F3C6D53B947AB54DC602944088BEE", "EC",
       "00A6EBFF7C9FE66CA95F5FC069B11E44D927ADCD67",
       "27c9b80a15ae19b6db4f18cad3862e4ffa5a899258b52996261de4879ae1da55"},  // tcId 127
      {CCE_MLDSA_87, "SHA2-224", "9FB68C7B55B9074B222AEE0BF9B515546E2EFD4CAE410BE47464235733AC8920", "51", "",
       "ac8f8bfe34b46911c456b1f02415a572f295a63128f4c3e8564180a8bfd6ae88"},  // tcId 141
  };
  for (size_t i = 0; i < sizeof sg / sizeof sg[0]; i++) {
    size_t pkl, skl, sgl;
    uint8_t seed[32], msg[8], ctx[255];
    sizes(sg[i].p, &pkl, &skl, &sgl);
    unhex(sg[i].seed, seed, 32);
    size_t ml = unhex(sg[i].msg, msg, sizeof msg), cl = unhex(sg[i].ctx, ctx, sizeof ctx);
    CHECK(cce_mldsa_keygen_seed(sg[i].p, pk, pkl, sk, skl, seed) == CCE_OK);
    cce_status st;
    if (sg[i].alg == NULL) {
      st = cce_mldsa_sign(sg[i].p, sig, sgl, sk, skl, msg, ml, ctx, cl, CCE_MLDSA_DETERMINISTIC);
    } else {
      st = cce_mldsa_hash_sign(sg[i].p, sig, sgl, sk, skl, cce_hash_from_name(sg[i].alg), msg, ml, ctx, cl,
                               CCE_MLDSA_DETERMINISTIC);
    }
    CHECK(st == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    CHECK(hash_is(sig, sgl, NULL, 0, sg[i].hash));
    if (sg[i].alg == NULL) {
      CHECK(cce_mldsa_verify(sg[i].p, sig, sgl, pk, pkl, msg, ml, ctx, cl) == CCE_OK);
    } else {
      CHECK(cce_mldsa_hash_verify(sg[i].p, sig, sgl, pk, pkl, cce_hash_from_name(sg[i].alg), msg, ml, ctx, cl) ==
            CCE_OK);
    }
  }
  CHECK(cce_kat_mldsa() == CCE_OK);
}

// ---------------------------------------------------------------------------
static void test_round_trips(void) {
  static uint8_t pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_MLDSA_MAX_SIGNATURE_BYTES], sig2[CCE_MLDSA_MAX_SIGNATURE_BYTES];
  static uint8_t sk2[CCE_MLDSA_MAX_SECRET_KEY_BYTES], pk2[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES];
  uint8_t msg[100], ctx[255], seed[32], mu[64];
  for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 7 + 1);
  for (size_t i = 0; i < sizeof ctx; i++) ctx[i] = (uint8_t)(i ^ 0x5a);
  for (int p = 0; p < 3; p++) {
    cce_mldsa_param P = params[p];
    size_t pkl, skl, sgl;
    sizes(P, &pkl, &skl, &sgl);
    CHECK(cce_mldsa_keygen(P, pk, pkl, sk, skl, seed) == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    // The seed form expands to the same key pair.
    CHECK(cce_mldsa_keygen_seed(P, pk2, pkl, sk2, skl, seed) == CCE_OK);
    CHECK(memcmp(pk, pk2, pkl) == 0 && memcmp(sk, sk2, skl) == 0);
    // The DRBG path (one ExpandA shared with its PCT) and the seed path are
    // separate code: more keys, each must match its seed's expansion.
    for (int it = 0; it < 8; it++) {
      CHECK(cce_mldsa_keygen(P, pk, pkl, sk, skl, seed) == CCE_OK);
      CHECK(cce_mldsa_keygen_seed(P, pk2, pkl, sk2, skl, seed) == CCE_OK);
      CHECK(memcmp(pk, pk2, pkl) == 0 && memcmp(sk, sk2, skl) == 0);
    }
    size_t ctx_lens[3] = {0, 1, 255};
    for (int c = 0; c < 3; c++) {
      size_t cl = ctx_lens[c];
      // hedged
      CHECK(cce_mldsa_sign(P, sig, sgl, sk, skl, msg, sizeof msg, ctx, cl, CCE_MLDSA_HEDGED) == CCE_OK);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
      CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl) == CCE_OK);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
      CHECK(cce_mldsa_sign(P, sig2, sgl, sk, skl, msg, sizeof msg, ctx, cl, CCE_MLDSA_HEDGED) == CCE_OK);
      CHECK(memcmp(sig, sig2, sgl) != 0);  // hedged: fresh rnd each time
      // deterministic: repeatable
      CHECK(cce_mldsa_sign(P, sig, sgl, sk, skl, msg, sizeof msg, ctx, cl, CCE_MLDSA_DETERMINISTIC) == CCE_OK);
      CHECK(cce_mldsa_sign(P, sig2, sgl, sk, skl, msg, sizeof msg, ctx, cl, CCE_MLDSA_DETERMINISTIC) == CCE_OK);
      CHECK(memcmp(sig, sig2, sgl) == 0);
      CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl) == CCE_OK);
      // external mu == message
      CHECK(cce_mldsa_compute_mu(P, mu, pk, pkl, CCE_HASH_NONE, msg, sizeof msg, ctx, cl) == CCE_OK);
      CHECK(cce_mldsa_sign_mu(P, sig2, sgl, sk, skl, mu, CCE_MLDSA_DETERMINISTIC) == CCE_OK);
      CHECK(memcmp(sig, sig2, sgl) == 0);
      CHECK(cce_mldsa_verify_mu(P, sig, sgl, pk, pkl, mu) == CCE_OK);
      // internal interface over M' = 0 || |ctx| || ctx || M
      uint8_t mp[2 + 255 + 100];
      size_t mpl;
      CHECK(cce_mldsa_message_prefix(mp, sizeof mp, &mpl, CCE_HASH_NONE, ctx, cl) == CCE_OK && mpl == 2 + cl);
      memcpy(mp + mpl, msg, sizeof msg);
      static const uint8_t zero[32] = {0};
      CHECK(cce_mldsa_sign_internal(P, sig2, sgl, sk, skl, mp, mpl + sizeof msg, zero) == CCE_OK);
      CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
      CHECK(memcmp(sig, sig2, sgl) == 0);
      CHECK(cce_mldsa_verify_internal(P, sig, sgl, pk, pkl, mp, mpl + sizeof msg) == CCE_OK);
      CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
      CHECK(cce_mldsa_sign_mu_rnd(P, sig2, sgl, sk, skl, mu, zero) == CCE_OK);
      CHECK(memcmp(sig, sig2, sgl) == 0);
      // rejections: message, context, signature bits
      msg[3] ^= 1;
      CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl) == CCE_ERR_SIGNATURE);
      CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
      msg[3] ^= 1;
      CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl == 0 ? 1 : cl - 1) ==
            CCE_ERR_SIGNATURE);
      if (cl) {
        ctx[cl - 1] ^= 0x80;
        CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl) == CCE_ERR_SIGNATURE);
        ctx[cl - 1] ^= 0x80;
      }
      size_t flips[4] = {0, 40, sgl / 2, sgl - 1};
      for (int f = 0; f < 4; f++) {
        sig[flips[f]] ^= 0x01;
        CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl) == CCE_ERR_SIGNATURE);
        sig[flips[f]] ^= 0x01;
      }
      pk[100] ^= 4;
      CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, msg, sizeof msg, ctx, cl) == CCE_ERR_SIGNATURE);
      pk[100] ^= 4;
      // pure and pre-hash are domain-separated
      CHECK(cce_mldsa_hash_verify(P, sig, sgl, pk, pkl, CCE_HASH_SHA256, msg, sizeof msg, ctx, cl) ==
            CCE_ERR_SIGNATURE);
    }
    // empty message
    CHECK(cce_mldsa_sign(P, sig, sgl, sk, skl, NULL, 0, NULL, 0, 0) == CCE_OK);
    CHECK(cce_mldsa_verify(P, sig, sgl, pk, pkl, NULL, 0, NULL, 0) == CCE_OK);
  }
}

// ---------------------------------------------------------------------------
static void test_hash_ml_dsa(void) {
  static const cce_hash_alg algs[] = {CCE_HASH_SHA224,     CCE_HASH_SHA256,     CCE_HASH_SHA384,  CCE_HASH_SHA512,
                                      CCE_HASH_SHA512_224, CCE_HASH_SHA512_256, CCE_HASH_SHA3_224, CCE_HASH_SHA3_256,
                                      CCE_HASH_SHA3_384,   CCE_HASH_SHA3_512,   CCE_HASH_SHAKE128, CCE_HASH_SHAKE256};
  static uint8_t pk[CCE_MLDSA44_PUBLIC_KEY_BYTES], sk[CCE_MLDSA44_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_MLDSA44_SIGNATURE_BYTES], sig2[CCE_MLDSA44_SIGNATURE_BYTES];
  uint8_t seed[32] = {9}, msg[300], ctx[5] = {1, 2, 3, 4, 5}, mu[64], dig[64];
  for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)i;
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk, seed) == CCE_OK);
  for (size_t a = 0; a < sizeof algs / sizeof algs[0]; a++) {
    cce_hash_alg ph = algs[a];
    size_t dl = cce_hash_digest_len(ph);
    if (dl == 0) dl = ph == CCE_HASH_SHAKE128 ? 32 : 64;
    CHECK(cce_mldsa_hash_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, ph, msg, sizeof msg, ctx, sizeof ctx,
                              0) == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    CHECK(cce_mldsa_hash_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, ph, msg, sizeof msg, ctx,
                                sizeof ctx) == CCE_OK);
    CHECK(cce_mldsa_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, msg, sizeof msg, ctx, sizeof ctx) ==
          CCE_ERR_SIGNATURE);
    cce_hash_alg other = algs[(a + 1) % (sizeof algs / sizeof algs[0])];
    CHECK(cce_mldsa_hash_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, other, msg, sizeof msg, ctx,
                                sizeof ctx) == CCE_ERR_SIGNATURE);
    // digest form == message form; external mu == message
    cce_hash_ctx h;
    CHECK(cce_hash_init(&h, ph) == CCE_OK && cce_hash_update(&h, msg, sizeof msg) == CCE_OK &&
          cce_hash_final(&h, dig, dl) == CCE_OK);
    cce_hash_cleanup(&h);
    CHECK(cce_mldsa_hash_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, ph, msg, sizeof msg, ctx, sizeof ctx,
                              CCE_MLDSA_DETERMINISTIC) == CCE_OK);
    CHECK(cce_mldsa_hash_sign_digest(CCE_MLDSA_44, sig2, sizeof sig2, sk, sizeof sk, ph, dig, dl, ctx, sizeof ctx,
                                     CCE_MLDSA_DETERMINISTIC) == CCE_OK);
    CHECK(memcmp(sig, sig2, sizeof sig) == 0);
    CHECK(cce_mldsa_hash_verify_digest(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, ph, dig, dl, ctx,
                                       sizeof ctx) == CCE_OK);
    CHECK(cce_mldsa_hash_verify_digest(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, ph, dig, dl - 1, ctx,
                                       sizeof ctx) == CCE_ERR_INVALID_LENGTH);
    CHECK(cce_mldsa_compute_mu(CCE_MLDSA_44, mu, pk, sizeof pk, ph, msg, sizeof msg, ctx, sizeof ctx) == CCE_OK);
    CHECK(cce_mldsa_sign_mu(CCE_MLDSA_44, sig2, sizeof sig2, sk, sizeof sk, mu, CCE_MLDSA_DETERMINISTIC) == CCE_OK);
    CHECK(memcmp(sig, sig2, sizeof sig) == 0);
  }
  CHECK(cce_mldsa_hash_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, CCE_HASH_SHA1, msg, 3, NULL, 0, 0) ==
        CCE_ERR_UNSUPPORTED);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_mldsa_hash_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, CCE_HASH_NONE, msg, 3, NULL, 0, 0) ==
        CCE_ERR_UNSUPPORTED);
  CHECK(cce_mldsa_hash_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, (cce_hash_alg)99, msg, 3, NULL, 0) ==
        CCE_ERR_UNSUPPORTED);
  // The prefix encodes the OID of FIPS 204 (2.16.840.1.101.3.4.2.x).
  uint8_t pre[300];
  size_t pl;
  static const uint8_t want[] = {1, 0, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0c};
  CHECK(cce_mldsa_message_prefix(pre, sizeof pre, &pl, CCE_HASH_SHAKE256, NULL, 0) == CCE_OK);
  CHECK(pl == sizeof want && memcmp(pre, want, pl) == 0);
  CHECK(cce_mldsa_message_prefix(pre, 5, &pl, CCE_HASH_SHAKE256, NULL, 0) == CCE_ERR_BUFFER_TOO_SMALL);
}

// ---------------------------------------------------------------------------
static void test_malformed(void) {
  static uint8_t pk[CCE_MLDSA44_PUBLIC_KEY_BYTES], sk[CCE_MLDSA44_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_MLDSA44_SIGNATURE_BYTES], bad[CCE_MLDSA44_SIGNATURE_BYTES];
  const mldsa_params *P = cce_mldsa_params_get(CCE_MLDSA_44);
  uint8_t seed[32] = {1, 2, 3}, msg[4] = "abc";
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk, seed) == CCE_OK);
  // Find a signature with at least two hints in some polynomial.
  int found = 0;
  for (int tries = 0; tries < 50 && !found; tries++) {
    msg[3] = (uint8_t)tries;
    CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, msg, 4, NULL, 0, 1) == CCE_OK);
    const uint8_t *hint = sig + P->ctilde_bytes + P->l * 32 * P->gamma1_bits;
    found = hint[P->omega] >= 2;
  }
  CHECK(found);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, msg, 4, NULL, 0) == CCE_OK);
  size_t hoff = P->ctilde_bytes + P->l * 32 * P->gamma1_bits;
  uint8_t *h = bad + hoff;
  unsigned total = sig[hoff + P->omega + P->k - 1];
  // 1. a count above omega
  memcpy(bad, sig, sizeof sig);
  h[P->omega + P->k - 1] = (uint8_t)(P->omega + 1);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, bad, sizeof bad, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  // 2. decreasing counts
  memcpy(bad, sig, sizeof sig);
  h[P->omega + 1] = (uint8_t)(h[P->omega] - 1);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, bad, sizeof bad, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  // 3. indices not strictly increasing (swap the first two; then repeat one)
  memcpy(bad, sig, sizeof sig);
  uint8_t t = h[0];
  h[0] = h[1];
  h[1] = t;
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, bad, sizeof bad, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  memcpy(bad, sig, sizeof sig);
  h[1] = h[0];
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, bad, sizeof bad, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  // 4. a nonzero unused position
  if (total < P->omega) {
    memcpy(bad, sig, sizeof sig);
    h[P->omega - 1] = 1;
    CHECK(cce_mldsa_verify(CCE_MLDSA_44, bad, sizeof bad, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  }
  // The unpacker itself: a well-formed encoding round-trips.
  uint8_t hh[MLDSA_MAX_K][MLDSA_N], enc[100];
  CHECK(cce_mldsa_hint_unpack(P, hh, sig + hoff) == 1);
  cce_mldsa_hint_pack(P, enc, (const uint8_t(*)[MLDSA_N])hh);
  CHECK(memcmp(enc, sig + hoff, P->omega + P->k) == 0);
  // 5. z with a coefficient at gamma1 - beta (encoded gamma1 - z)
  memcpy(bad, sig, sizeof sig);
  int32_t z[MLDSA_N];
  cce_mldsa_unpack(z, bad + P->ctilde_bytes, P->gamma1_bits, P->gamma1, 1);
  z[7] = P->gamma1 - P->beta;
  cce_mldsa_pack(bad + P->ctilde_bytes, z, P->gamma1_bits, P->gamma1, 1);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, bad, sizeof bad, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  // lengths
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, sig, sizeof sig - 1, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_SIGNATURE);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk - 1, msg, 4, NULL, 0) ==
        CCE_ERR_INVALID_LENGTH);
  CHECK(cce_mldsa_verify(CCE_MLDSA_65, sig, sizeof sig, pk, sizeof pk, msg, 4, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  // Invalid private keys: s1 / s2 coefficients out of [-eta, eta].
  static uint8_t sk2[CCE_MLDSA44_SECRET_KEY_BYTES];
  memcpy(sk2, sk, sizeof sk);
  sk2[128] |= 0x07;  // first s1 coefficient encoded as 7 > 2 eta
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, bad, sizeof bad, sk2, sizeof sk2, msg, 4, NULL, 0, 0) == CCE_ERR_KEY_INVALID);
  int zeroed = 1;
  for (size_t i = 0; i < sizeof bad; i++) zeroed &= bad[i] == 0;
  CHECK(zeroed);
  memcpy(sk2, sk, sizeof sk);
  sk2[128 + 4 * 96 + 95] |= 0xe0;  // last s2 coefficient encoded as 7
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, bad, sizeof bad, sk2, sizeof sk2, msg, 4, NULL, 0, 0) == CCE_ERR_KEY_INVALID);
}

// ---------------------------------------------------------------------------
static void test_errors(void) {
  static uint8_t pk[CCE_MLDSA44_PUBLIC_KEY_BYTES], sk[CCE_MLDSA44_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_MLDSA44_SIGNATURE_BYTES];
  uint8_t seed[32] = {0}, mu[64] = {0}, ctx[256] = {0}, msg[1] = {0};
  size_t a, b, c;
  CHECK(cce_mldsa_sizes(CCE_MLDSA_44, &a, &b, &c) == CCE_OK && a == 1312 && b == 2560 && c == 2420);
  CHECK(cce_mldsa_sizes(CCE_MLDSA_65, &a, &b, &c) == CCE_OK && a == 1952 && b == 4032 && c == 3309);
  CHECK(cce_mldsa_sizes(CCE_MLDSA_87, &a, &b, &c) == CCE_OK && a == 2592 && b == 4896 && c == 4627);
  CHECK(cce_mldsa_sizes((cce_mldsa_param)128, &a, &b, &c) == CCE_ERR_INVALID_ARG);
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk, seed) == CCE_OK);
  CHECK(cce_mldsa_keygen_seed((cce_mldsa_param)1, pk, sizeof pk, sk, sizeof sk, seed) == CCE_ERR_INVALID_ARG);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk, NULL, sizeof sk, seed) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk - 1, sk, sizeof sk, seed) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_mldsa_keygen(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk - 1, NULL) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_mldsa_keygen(CCE_MLDSA_44, NULL, sizeof pk, sk, sizeof sk, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk - 1, msg, 1, NULL, 0, 0) ==
        CCE_ERR_INVALID_LENGTH);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig - 1, sk, sizeof sk, msg, 1, NULL, 0, 0) ==
        CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, NULL, sizeof sig, sk, sizeof sk, msg, 1, NULL, 0, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, NULL, 1, NULL, 0, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, msg, 1, NULL, 3, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, msg, 1, ctx, 256, 0) ==
        CCE_ERR_INVALID_LENGTH);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, msg, 1, ctx, 255, 0) == CCE_OK);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, msg, 1, ctx, 255) == CCE_OK);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, msg, 1, ctx, 256) == CCE_ERR_SIGNATURE);
  CHECK(cce_mldsa_sign(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, msg, 1, NULL, 0, 2) == CCE_ERR_INVALID_ARG);
  CHECK(cce_mldsa_sign_mu(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_sign_mu_rnd(CCE_MLDSA_44, sig, sizeof sig, sk, sizeof sk, mu, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_verify_mu(CCE_MLDSA_44, sig, sizeof sig, pk, sizeof pk, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_verify(CCE_MLDSA_44, NULL, sizeof sig, pk, sizeof pk, msg, 1, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_compute_mu(CCE_MLDSA_44, mu, pk, sizeof pk, CCE_HASH_NONE, msg, 1, ctx, 256) ==
        CCE_ERR_INVALID_LENGTH);
  CHECK(cce_mldsa_compute_mu(CCE_MLDSA_44, NULL, pk, sizeof pk, CCE_HASH_NONE, msg, 1, NULL, 0) ==
        CCE_ERR_NULL_POINTER);
  CHECK(cce_mldsa_message_prefix(ctx, sizeof ctx, NULL, CCE_HASH_NONE, NULL, 0) == CCE_ERR_NULL_POINTER);
}

// ---------------------------------------------------------------------------
static uint32_t rng_state = 12345;
static uint32_t rnd32(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static void test_backends(void) {
  const mldsa_backend *pb = &cce_mldsa_backend_portable, *ab = &cce_mldsa_backend_avx2;
  if (!(cce_cpu_features_detected() & CCE_CPU_AVX2)) {
    printf("AVX2 back end: unavailable on this CPU (portable only)\n");
    ab = pb;
  }
  printf("ML-DSA back end in use: %s\n", cce_mldsa_backend()->name);
  static mldsa_poly a, b, c, d, e, f;
  int same = 1;
  for (int it = 0; it < 200; it++) {
    for (int i = 0; i < MLDSA_N; i++) {
      a.c[i] = (int32_t)(rnd32() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
      b.c[i] = (int32_t)(rnd32() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
    }
    c = a;
    d = a;
    pb->ntt(c.c);
    ab->ntt(d.c);
    same &= memcmp(&c, &d, sizeof c) == 0;
    e = c;
    pb->pointwise(e.c, c.c, b.c);
    f = c;
    ab->pointwise(f.c, c.c, b.c);
    same &= memcmp(&e, &f, sizeof e) == 0;
    pb->pointwise_acc(e.c, c.c, b.c);
    ab->pointwise_acc(f.c, c.c, b.c);
    same &= memcmp(&e, &f, sizeof e) == 0;
    const int32_t *ap[3] = {c.c, b.c, a.c}, *bp[3] = {b.c, c.c, b.c};
    pb->dot(e.c, ap, bp, 3);
    ab->dot(f.c, ap, bp, 3);
    same &= memcmp(&e, &f, sizeof e) == 0;
    // dot_invntt = dot then invntt, in both back ends, for n = 1..3
    for (unsigned n = 1; n <= 3; n++) {
      static mldsa_poly g1, g2, g3;
      pb->dot(g1.c, ap, bp, n);
      pb->invntt(g1.c);
      pb->dot_invntt(g2.c, ap, bp, n);
      ab->dot_invntt(g3.c, ap, bp, n);
      same &= memcmp(&g1, &g2, sizeof g1) == 0 && memcmp(&g1, &g3, sizeof g1) == 0;
    }
    {  // output aliasing its first input
      static mldsa_poly g1, g2;
      const int32_t *x1[1] = {g2.c}, *y1[1] = {b.c}, *x0[1] = {c.c};
      g2 = c;
      ab->dot_invntt(g2.c, x1, y1, 1);
      pb->dot_invntt(g1.c, x0, y1, 1);
      same &= memcmp(&g1, &g2, sizeof g1) == 0;
    }
    c = a;
    d = a;
    pb->invntt(c.c);
    ab->invntt(d.c);
    same &= memcmp(&c, &d, sizeof c) == 0;
    // invntt(ntt(x) o ntt(1)) = x with Montgomery factors: ntt then pointwise by R^2 then invntt.
    e = a;
    cce_mldsa_poly_reduce(e.c);
    f = e;
    ab->ntt(f.c);
    for (int i = 0; i < MLDSA_N; i++) f.c[i] = mldsa_mont_reduce((int64_t)f.c[i] * 1);  // x R^-1
    ab->invntt(f.c);                                                                       // x
    cce_mldsa_poly_center(e.c);
    cce_mldsa_poly_center(f.c);
    same &= memcmp(&e, &f, sizeof e) == 0;
  }
  CHECK(same);
  // Decompose: both back ends against the definition (Algorithm 36), every r.
  const int32_t g2s[2] = {(MLDSA_Q - 1) / 88, (MLDSA_Q - 1) / 32};
  int ok = 1;
  for (int g = 0; g < 2; g++) {
    int32_t g2 = g2s[g];
    for (int32_t base = 0; base < MLDSA_Q; base += MLDSA_N) {
      for (int i = 0; i < MLDSA_N; i++) a.c[i] = base + i < MLDSA_Q ? base + i : 0;
      pb->decompose(b.c, c.c, a.c, g2);
      ab->decompose(d.c, e.c, a.c, g2);
      ok &= memcmp(&b, &d, sizeof b) == 0 && memcmp(&c, &e, sizeof c) == 0;
      for (int i = 0; i < MLDSA_N; i++) {
        int32_t r = a.c[i], r0 = r % (2 * g2);
        if (r0 > g2) r0 -= 2 * g2;
        int32_t r1;
        if (r - r0 == MLDSA_Q - 1) {
          r1 = 0;
          r0 -= 1;
        } else {
          r1 = (r - r0) / (2 * g2);
        }
        ok &= b.c[i] == r1 && c.c[i] == r0;
      }
    }
  }
  CHECK(ok);
  // split: both back ends against the definition, for the three packing
  // factors 2 beta + 1 (beta = 78, 196, 120), every (a, b) pair at the
  // extremes and random ones, with inputs given as any representative in
  // (-q, q).
  const int32_t betas[3] = {78, 196, 120};
  ok = 1;
  for (int pi = 0; pi < 3; pi++) {
    const int32_t bt = betas[pi], K = 2 * bt + 1;
    const mldsa_backend *bes[2] = {pb, ab};
    for (int it = 0; it < 64; it++) {
      int32_t wa[MLDSA_N], wb[MLDSA_N];
      for (int i = 0; i < MLDSA_N; i++) {
        uint32_t r = rnd32();
        wa[i] = it == 0 ? (i & 1 ? bt : -bt) : (int32_t)(r % (uint32_t)K) - bt;
        wb[i] = it == 0 ? (i & 2 ? bt : -bt) : (int32_t)((r >> 12) % (uint32_t)K) - bt;
        int32_t v = wa[i] + K * wb[i];  // |v| < q/2
        int32_t rep = v + (int32_t)((r >> 28) % 3 - 1) * MLDSA_Q;  // v - q, v or v + q
        a.c[i] = rep > -MLDSA_Q && rep < MLDSA_Q ? rep : v;
      }
      for (int t = 0; t < 2; t++) {
        for (int i = 0; i < MLDSA_N; i++) c.c[i] = 1000 + i;  // accumulator
        bes[t]->split(b.c, c.c, a.c, K);
        for (int i = 0; i < MLDSA_N; i++) ok &= b.c[i] == wa[i] && c.c[i] == 1000 + i + wb[i];
      }
    }
  }
  CHECK(ok);
  // row: both back ends against the step-by-step definition (freeze,
  // Decompose, norms, MakeHint), for both gamma2; the rejection bits and
  // hint counts agree, and both outcomes occur.
  ok = 1;
  int seen_ok = 0, seen_bad = 0;
  for (int g = 0; g < 2; g++) {
    const int32_t g2 = g2s[g], bt = g ? 196 : 78;
    for (int it = 0; it < 300; it++) {
      static uint8_t h1[MLDSA_N], h2[MLDSA_N], hw[MLDSA_N];
      // w in [0, q); small c s2 (about |.| <= beta); c t0 mostly below gamma2.
      int32_t ct_lim = it % 3 == 0 ? g2 + 5 : g2 / 4;
      for (int i = 0; i < MLDSA_N; i++) {
        a.c[i] = (int32_t)(rnd32() % MLDSA_Q);
        b.c[i] = (int32_t)(rnd32() % (uint32_t)(2 * bt + 1)) - bt + (it & 1 ? MLDSA_Q : 0);
        c.c[i] = (int32_t)(rnd32() % (uint32_t)(2 * ct_lim + 1)) - ct_lim - (it & 2 ? MLDSA_Q : 0);
      }
      if (it % 50 == 1) a.c[7] = (MLDSA_Q - 1) - 3;  // near the Decompose wrap
      if (it % 10 >= 4) {  // bounds: one coefficient at |r0| or |c t0| = bound - 1 or bound
        for (int i = 0; i < MLDSA_N; i++) {
          a.c[i] = 2 * g2 * (int32_t)(1 + rnd32() % 8);  // low bits 0, so |r0| <= beta elsewhere
          c.c[i] = (int32_t)(rnd32() % (uint32_t)g2) - g2 / 2;
        }
        int32_t sg = it & 1 ? 1 : -1, d = it % 10 >= 7 ? 0 : -1;
        if (it % 10 == 4 || it % 10 == 7) {
          b.c[5] = 0;
          a.c[5] += sg * (g2 - bt + d) + (sg < 0 ? 2 * g2 : 0);
        } else {
          c.c[9] = sg * (g2 + d);
        }
      }
      unsigned n1 = 5, n2 = 5, nw = 5;
      uint32_t r1 = pb->row(h1, &n1, a.c, b.c, c.c, g2, bt);
      uint32_t r2 = ab->row(h2, &n2, a.c, b.c, c.c, g2, bt);
      // definition
      uint32_t rw = 0;
      for (int i = 0; i < MLDSA_N; i++) d.c[i] = mldsa_freeze(a.c[i] - b.c[i]);
      pb->decompose(e.c, f.c, d.c, g2);  // e = HighBits(w - cs2), f = LowBits
      rw |= cce_mldsa_poly_norm_ge(f.c, g2 - bt);
      mldsa_poly u = c;
      cce_mldsa_poly_center(u.c);
      rw |= cce_mldsa_poly_norm_ge(u.c, g2);
      for (int i = 0; i < MLDSA_N; i++) d.c[i] = mldsa_freeze(d.c[i] + u.c[i]);
      pb->decompose(d.c, f.c, d.c, g2);
      for (int i = 0; i < MLDSA_N; i++) {
        hw[i] = d.c[i] != e.c[i];
        nw += hw[i];
      }
      ok &= r1 == rw && r2 == rw && n1 == nw && n2 == nw && memcmp(h1, hw, MLDSA_N) == 0 &&
            memcmp(h2, hw, MLDSA_N) == 0 && (rw == 0 || rw == 0xffffffffu);
      seen_ok |= rw == 0;
      seen_bad |= rw != 0;
    }
  }
  CHECK(ok);
  CHECK(seen_ok && seen_bad);
  // rej_ntt: both back ends agree on random blocks (some candidates forced
  // to q - 1, q and 2^23 - 1), from every starting count near the end.
  ok = 1;
  for (int it = 0; it < 400; it++) {
    uint64_t stt[25];
    uint8_t *blk = (uint8_t *)stt;
    for (int i = 0; i < 200; i++) blk[i] = (uint8_t)rnd32();
    for (int i = 0; i < 168; i += 3) {
      uint32_t r = rnd32() % 8, v = r == 0 ? MLDSA_Q - 1 : r == 1 ? MLDSA_Q : r == 2 ? 0x7fffff : 0;
      if (r < 3) {
        blk[i] = (uint8_t)v;
        blk[i + 1] = (uint8_t)(v >> 8);
        blk[i + 2] = (uint8_t)((v >> 16) | (blk[i + 2] & 0x80));  // the top bit is ignored
      }
    }
    unsigned start = it < 200 ? (unsigned)(it % 60) : 196 + (unsigned)(it % 61);
    for (int i = 0; i < MLDSA_N; i++) c.c[i] = d.c[i] = -7;
    unsigned n1 = pb->rej_ntt(c.c, start, blk), n2 = ab->rej_ntt(d.c, start, blk);
    // slots past the count are scratch (both forms may write there)
    ok &= n1 == n2 && memcmp(c.c, d.c, sizeof(int32_t) * n1) == 0 && n1 >= start && n1 <= MLDSA_N;
    for (unsigned i = start; i < n1; i++) ok &= c.c[i] >= 0 && c.c[i] < MLDSA_Q;
    ok &= start > 256 - 40 || n1 > start;  // a block yields candidates
  }
  CHECK(ok);
  // high_w1: both back ends against freeze + Decompose (+ UseHint from its
  // definition) + SimpleBitPack, for both gamma2, with and without hints,
  // including values at the Decompose wrap (q - 1 - gamma2 .. q - 1).
  ok = 1;
  for (int g = 0; g < 2; g++) {
    const int32_t g2 = g2s[g], m = (MLDSA_Q - 1) / (2 * g2);
    const unsigned bits = g ? 4 : 6;
    for (int it = 0; it < 100; it++) {
      static uint8_t hh[MLDSA_N], o1[192], o2[192], ow[192];
      int32_t want[MLDSA_N];
      for (int i = 0; i < MLDSA_N; i++) {
        a.c[i] = (int32_t)(rnd32() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
        if (i % 16 == 3) a.c[i] = MLDSA_Q - 1 - (int32_t)(rnd32() % (uint32_t)(g2 + 2));
        hh[i] = (uint8_t)(rnd32() & 1);
      }
      const uint8_t *hp = it & 1 ? hh : NULL;
      for (int i = 0; i < MLDSA_N; i++) {
        int32_t r = mldsa_freeze(a.c[i]), r0 = r % (2 * g2), r1;
        if (r0 > g2) r0 -= 2 * g2;
        if (r - r0 == MLDSA_Q - 1) {
          r1 = 0;
          r0 -= 1;
        } else {
          r1 = (r - r0) / (2 * g2);
        }
        if (hp != NULL && hp[i]) r1 = r0 > 0 ? (r1 + 1) % m : (r1 - 1 + m) % m;
        want[i] = r1;
        e.c[i] = r;
      }
      cce_mldsa_pack(ow, want, bits, 0, 0);
      c = a;
      d = a;
      pb->high_w1(o1, c.c, hp, g2, bits);
      ab->high_w1(o2, d.c, hp, g2, bits);
      ok &= memcmp(o1, ow, 32 * bits) == 0 && memcmp(o2, ow, 32 * bits) == 0;
      ok &= memcmp(&c, &e, sizeof c) == 0 && memcmp(&d, &e, sizeof d) == 0;
    }
  }
  CHECK(ok);
  // Whole operations agree.
  static uint8_t pk1[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk1[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
  static uint8_t pk2[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk2[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
  static uint8_t s1[CCE_MLDSA_MAX_SIGNATURE_BYTES], s2[CCE_MLDSA_MAX_SIGNATURE_BYTES];
  uint8_t seed[32] = {7}, msg[3] = {1, 2, 3};
  for (int p = 0; p < 3; p++) {
    size_t pkl, skl, sgl;
    sizes(params[p], &pkl, &skl, &sgl);
    cce_mldsa_force_backend(pb);
    CHECK(cce_mldsa_keygen_seed(params[p], pk1, pkl, sk1, skl, seed) == CCE_OK);
    CHECK(cce_mldsa_sign(params[p], s1, sgl, sk1, skl, msg, 3, NULL, 0, 1) == CCE_OK);
    cce_mldsa_force_backend(ab);
    CHECK(cce_mldsa_keygen_seed(params[p], pk2, pkl, sk2, skl, seed) == CCE_OK);
    CHECK(cce_mldsa_sign(params[p], s2, sgl, sk2, skl, msg, 3, NULL, 0, 1) == CCE_OK);
    CHECK(memcmp(pk1, pk2, pkl) == 0 && memcmp(sk1, sk2, skl) == 0 && memcmp(s1, s2, sgl) == 0);
    CHECK(cce_mldsa_verify(params[p], s1, sgl, pk1, pkl, msg, 3, NULL, 0) == CCE_OK);
    cce_mldsa_force_backend(pb);
    CHECK(cce_mldsa_verify(params[p], s2, sgl, pk2, pkl, msg, 3, NULL, 0) == CCE_OK);
    cce_mldsa_force_backend(NULL);
  }
}

// ---------------------------------------------------------------------------
// Stack use by painting: fill a region below the current frame with a
// pattern, run the operation, and find the deepest byte that changed.
#define PAINT_BYTES (192 * 1024)
#define PAINT 0xa5

static __attribute__((noinline)) void paint(void) {
  uint8_t buf[PAINT_BYTES];
  memset(buf, PAINT, sizeof buf);
  __asm__ __volatile__("" : : "r"(buf) : "memory");
}

static __attribute__((noinline)) size_t measure(void) {
  uint8_t buf[PAINT_BYTES];
  __asm__ __volatile__("" : : "r"(buf) : "memory");  // the frame holds what the operation left
  const volatile uint8_t *p = buf;
  size_t i = 0;
  while (i < PAINT_BYTES && p[i] == PAINT) i++;
  return PAINT_BYTES - i;
}

typedef enum { OP_KEYGEN_SEED, OP_KEYGEN, OP_SIGN, OP_VERIFY } stack_op;
static uint8_t st_pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], st_sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
static uint8_t st_sig[CCE_MLDSA_MAX_SIGNATURE_BYTES];

static __attribute__((noinline)) int run_op(cce_mldsa_param p, stack_op op) {
  size_t pkl, skl, sgl;
  uint8_t seed[32] = {5}, msg[8] = {0};
  sizes(p, &pkl, &skl, &sgl);
  switch (op) {
    case OP_KEYGEN_SEED: return cce_mldsa_keygen_seed(p, st_pk, pkl, st_sk, skl, seed);
    case OP_KEYGEN: return cce_mldsa_keygen(p, st_pk, pkl, st_sk, skl, NULL);
    case OP_SIGN: return cce_mldsa_sign(p, st_sig, sgl, st_sk, skl, msg, 8, NULL, 0, CCE_MLDSA_DETERMINISTIC);
    default: return cce_mldsa_verify(p, st_sig, sgl, st_pk, pkl, msg, 8, NULL, 0);
  }
}

static void test_stack(void) {
  static const char *names[4] = {"keygen_seed", "keygen (PCT)", "sign", "verify"};
  for (int be = 0; be < 2; be++) {
    cce_mldsa_force_backend(be ? &cce_mldsa_backend_avx2 : &cce_mldsa_backend_portable);
    if (be && !(cce_cpu_features_detected() & CCE_CPU_AVX2)) break;
    for (int p = 0; p < 3; p++) {
      size_t used[4];
      for (int op = 0; op < 4; op++) {
        paint();
        int st = run_op(params[p], (stack_op)op);
        used[op] = measure();
        CHECK(st == CCE_OK);
      }
      printf("stack ML-DSA-%d (%s): %s %zu B, %s %zu B, %s %zu B, %s %zu B\n", (int)params[p],
             be ? "avx2" : "portable", names[0], used[0], names[1], used[1], names[2], used[2], names[3], used[3]);
      CHECK(used[2] < 100 * 1024 && used[2] > 16 * 1024);  // sign keeps A: at least 16 KiB
    }
  }
  cce_mldsa_force_backend(NULL);
}

// ---------------------------------------------------------------------------
static void test_pct_failure(void) {
  static uint8_t pk[CCE_MLDSA44_PUBLIC_KEY_BYTES], sk[CCE_MLDSA44_SECRET_KEY_BYTES];
  uint8_t seed[32];
  CHECK(cce_module_selftest() == CCE_OK);
  cce_mldsa_test_break_pct = 1;
  CHECK(cce_mldsa_keygen(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk, seed) == CCE_ERR_SELFTEST);
  int zero = 1;
  for (size_t i = 0; i < sizeof sk; i++) zero &= sk[i] == 0;
  CHECK(zero);
  CHECK(cce_module_status() == CCE_STATE_ERROR);
  CHECK(strcmp(cce_module_error_reason(), "ML-DSA PCT") == 0);
  CHECK(cce_mldsa_keygen_seed(CCE_MLDSA_44, pk, sizeof pk, sk, sizeof sk, seed) == CCE_ERR_MODULE_STATE);
}

// ---------------------------------------------------------------------------
// AVX2 BitPack / BitUnpack (encode_avx2.c) against the scalar forms: every
// (bits, offset, neg) of the key encodings (s1/s2 eta 2 and 4, t1, t0) and
// their other sign, random and extreme coefficients (and arbitrary int32s:
// both keep the low bits), random and extreme bytes for unpack. Buffers end
// at a PROT_NONE page, so a load or store past the end crashes the test.
static void test_encode_avx2(void) {
  if (!(cce_cpu_features_detected() & CCE_CPU_AVX2)) {
    printf("AVX2 encodings: unavailable on this CPU (not tested)\n");
    return;
  }
  static const struct {
    unsigned bits;
    int32_t offset;
    int neg;
  } cases[] = {{3, 2, 1}, {3, 0, 0}, {4, 4, 1}, {4, 0, 0}, {10, 0, 0}, {10, 512, 1}, {13, 1 << 12, 1}, {13, 0, 0}};
  long pg = sysconf(_SC_PAGESIZE);
  uint8_t *map = mmap(NULL, (size_t)pg * 4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED || mprotect(map + pg, (size_t)pg, PROT_NONE) != 0 ||
      mprotect(map + 3 * pg, (size_t)pg, PROT_NONE) != 0)
    abort();
  int32_t a[MLDSA_N], r1[MLDSA_N], r2[MLDSA_N];
  uint8_t ref[416 + 32];
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const unsigned b = cases[c].bits, len = 32 * b;
    const int32_t off = cases[c].offset, neg = cases[c].neg;
    const uint32_t mask = (1u << b) - 1;
    uint8_t *out = map + pg - len, *in = map + 3 * pg - len;  // end at a guard page
    int ok_pack = 1, ok_unpack = 1, ok_canary = 1;
    for (int it = 0; it < 300; it++) {
      for (int i = 0; i < MLDSA_N; i++) {
        uint32_t v = it == 0 ? 0 : it == 1 ? mask : it == 2 ? (i & 1 ? mask : 0) : rnd32() & mask;
        a[i] = neg ? off - (int32_t)v : (int32_t)v;
        if (it >= 250) a[i] = (int32_t)rnd32();  // any int32: the low bits are packed
      }
      memset(out - 32, 0xa5, len + 32);
      memset(ref, 0x5a, sizeof ref);
      cce_mldsa_pack_scalar(ref, a, b, off, neg);
      cce_mldsa_pack_avx2(out, a, b, off, neg);
      ok_pack &= memcmp(ref, out, len) == 0;
      for (int i = 0; i < 32; i++) ok_canary &= out[i - 32] == 0xa5;
      // unpack of arbitrary bytes (all zero, all ones, random)
      for (unsigned i = 0; i < len; i++) in[i] = it == 0 ? 0 : it == 1 ? 0xff : (uint8_t)rnd32();
      for (int i = 0; i < MLDSA_N; i++) r1[i] = r2[i] = 0x7777;
      cce_mldsa_unpack_scalar(r1, in, b, off, neg);
      cce_mldsa_unpack_avx2(r2, in, b, off, neg);
      ok_unpack &= memcmp(r1, r2, sizeof r1) == 0;
      if (it >= 3 && it < 250) {  // round trip of in-range coefficients
        cce_mldsa_unpack_avx2(r2, out, b, off, neg);
        ok_unpack &= memcmp(r2, a, sizeof a) == 0;
      }
    }
    if (!(ok_pack && ok_unpack && ok_canary))
      fprintf(stderr, "AVX2 encoding bits %u offset %d neg %d: pack %d unpack %d canary %d\n", b, (int)off, (int)neg,
              ok_pack, ok_unpack, ok_canary);
    CHECK(ok_pack);
    CHECK(ok_unpack);
    CHECK(ok_canary);
  }
  // eta unpack of nibbles 9..15 (eta 4) and 5..7 (eta 2): the same
  // out-of-range values as the scalar form (the caller checks the range).
  for (unsigned b = 3; b <= 4; b++) {
    const unsigned len = 32 * b;
    uint8_t *in = map + 3 * pg - len;
    for (unsigned i = 0; i < len; i++) in[i] = b == 4 ? (uint8_t)(0x99 + 0x11 * (i % 7)) : (uint8_t)(0xb6 + i % 3);
    cce_mldsa_unpack_scalar(r1, in, b, b == 4 ? 4 : 2, 1);
    cce_mldsa_unpack_avx2(r2, in, b, b == 4 ? 4 : 2, 1);
    int bad = 0;
    for (int i = 0; i < MLDSA_N; i++) bad |= r2[i] < -(b == 4 ? 4 : 2);
    CHECK(memcmp(r1, r2, sizeof r1) == 0 && bad);
  }
  // Dispatch: cce_mldsa_pack/unpack follow the forced back end.
  cce_mldsa_force_backend(&cce_mldsa_backend_avx2);
  for (int i = 0; i < MLDSA_N; i++) a[i] = 4 - (int32_t)(rnd32() % 9);
  cce_mldsa_pack(ref, a, 4, 4, 1);
  cce_mldsa_unpack(r1, ref, 4, 4, 1);
  CHECK(memcmp(r1, a, sizeof a) == 0);
  cce_mldsa_force_backend(NULL);
  munmap(map, (size_t)pg * 4);
}

int main(void) {
  test_kat();
  test_round_trips();
  test_hash_ml_dsa();
  test_malformed();
  test_errors();
  test_backends();
  test_encode_avx2();
  test_stack();
  test_pct_failure();
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
