// cce-bench ops of the EC family (ops/s, size 0):
//   p256-sign, p384-sign, p521-sign       ECDSA signature of a precomputed
//       digest (SHA2-256/384/512 length) with a random k: cce_ecdsa_sign_digest
//       beside OpenSSL's EVP_PKEY_sign (context initialised once)
//   p256-verify, p384-verify, p521-verify cce_ecdsa_verify_digest beside
//       EVP_PKEY_verify (includes the public-key validation on our side)
//   p256-ecdh, p384-ecdh                   cce_ecdh (peer key validated each
//       call) beside EVP_PKEY_derive (peer set once)

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <string.h>

#include "bench.h"
#include "cce/ec.h"

typedef struct ec_bench {
  cce_ec_curve_id id;
  const char *ossl_name;
  cce_hash_alg hash;
  size_t dlen;
  uint8_t priv[CCE_EC_MAX_SCALAR_BYTES], pub[CCE_EC_MAX_PUBLIC_BYTES];
  uint8_t peer_priv[CCE_EC_MAX_SCALAR_BYTES], peer_pub[CCE_EC_MAX_PUBLIC_BYTES];
  uint8_t sig[CCE_ECDSA_MAX_SIG_BYTES];
  uint8_t digest[64];
  EVP_PKEY *key, *peer;
  EVP_PKEY_CTX *sctx, *vctx, *dctx;
  uint8_t osig[160];
  size_t osig_len;
  int ready;
} ec_bench;

static ec_bench b256 = {.id = CCE_EC_P256, .ossl_name = "P-256", .hash = CCE_HASH_SHA256, .dlen = 32};
static ec_bench b384 = {.id = CCE_EC_P384, .ossl_name = "P-384", .hash = CCE_HASH_SHA384, .dlen = 48};
static ec_bench b521 = {.id = CCE_EC_P521, .ossl_name = "P-521", .hash = CCE_HASH_SHA512, .dlen = 64};

static int setup(ec_bench *b) {
  if (b->ready) return 0;
  size_t n = cce_ec_scalar_len(b->id), pl = cce_ec_public_len(b->id);
  if (cce_ecdsa_keygen(b->id, b->priv, n, b->pub, pl) != CCE_OK) return -1;
  if (cce_ecdh_keygen(b->id, b->peer_priv, n, b->peer_pub, pl) != CCE_OK) return -1;
  for (size_t i = 0; i < sizeof b->digest; i++) b->digest[i] = (uint8_t)(i * 7 + 1);
  if (cce_ecdsa_sign_digest(b->id, b->hash, b->priv, n, b->digest, b->dlen, 0, b->sig, sizeof b->sig) != CCE_OK)
    return -1;
  b->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", b->ossl_name);
  b->peer = EVP_PKEY_Q_keygen(NULL, NULL, "EC", b->ossl_name);
  if (b->key == NULL || b->peer == NULL) return -1;
  b->sctx = EVP_PKEY_CTX_new(b->key, NULL);
  b->vctx = EVP_PKEY_CTX_new(b->key, NULL);
  b->dctx = EVP_PKEY_CTX_new(b->key, NULL);
  if (b->sctx == NULL || b->vctx == NULL || b->dctx == NULL) return -1;
  if (EVP_PKEY_sign_init(b->sctx) != 1 || EVP_PKEY_verify_init(b->vctx) != 1) return -1;
  if (EVP_PKEY_derive_init(b->dctx) != 1 || EVP_PKEY_derive_set_peer(b->dctx, b->peer) != 1) return -1;
  b->osig_len = sizeof b->osig;
  if (EVP_PKEY_sign(b->sctx, b->osig, &b->osig_len, b->digest, b->dlen) != 1) return -1;
  b->ready = 1;
  return 0;
}

static int cce_sign(ec_bench *b) {
  size_t n = cce_ec_scalar_len(b->id);
  return cce_ecdsa_sign_digest(b->id, b->hash, b->priv, n, b->digest, b->dlen, 0, bench_out, 2 * n) == CCE_OK ? 0
                                                                                                           : -1;
}
static int cce_verify(ec_bench *b) {
  size_t n = cce_ec_scalar_len(b->id);
  return cce_ecdsa_verify_digest(b->id, b->hash, b->pub, 1 + 2 * n, b->digest, b->dlen, b->sig, 2 * n) == CCE_OK
             ? 0
             : -1;
}
static int cce_dh(ec_bench *b) {
  size_t n = cce_ec_scalar_len(b->id);
  return cce_ecdh(b->id, b->priv, n, b->peer_pub, 1 + 2 * n, bench_out, n) == CCE_OK ? 0 : -1;
}
static int ossl_sign(ec_bench *b) {
  size_t len = 160;
  return EVP_PKEY_sign(b->sctx, bench_out, &len, b->digest, b->dlen) == 1 ? 0 : -1;
}
static int ossl_verify(ec_bench *b) {
  return EVP_PKEY_verify(b->vctx, b->osig, b->osig_len, b->digest, b->dlen) == 1 ? 0 : -1;
}
static int ossl_dh(ec_bench *b) {
  size_t len = 80;
  return EVP_PKEY_derive(b->dctx, bench_out, &len) == 1 ? 0 : -1;
}

#define EC_OPS(tag, b)                                                  \
  static int setup_##tag(void) { return setup(&b); }                    \
  static int cce_sign_##tag(size_t s) { (void)s; return cce_sign(&b); } \
  static int cce_verify_##tag(size_t s) { (void)s; return cce_verify(&b); } \
  static int cce_dh_##tag(size_t s) { (void)s; return cce_dh(&b); }     \
  static int ossl_sign_##tag(size_t s) { (void)s; return ossl_sign(&b); } \
  static int ossl_verify_##tag(size_t s) { (void)s; return ossl_verify(&b); } \
  static int ossl_dh_##tag(size_t s) { (void)s; return ossl_dh(&b); }

EC_OPS(p256, b256)
EC_OPS(p384, b384)
EC_OPS(p521, b521)

const bench_op bench_ops_ec[] = {
    {"p256-sign", 0, cce_sign_p256, ossl_sign_p256, NULL, setup_p256, NULL},
    {"p256-verify", 0, cce_verify_p256, ossl_verify_p256, NULL, setup_p256, NULL},
    {"p256-ecdh", 0, cce_dh_p256, ossl_dh_p256, NULL, setup_p256, NULL},
    {"p384-sign", 0, cce_sign_p384, ossl_sign_p384, NULL, setup_p384, NULL},
    {"p384-verify", 0, cce_verify_p384, ossl_verify_p384, NULL, setup_p384, NULL},
    {"p384-ecdh", 0, cce_dh_p384, ossl_dh_p384, NULL, setup_p384, NULL},
    {"p521-sign", 0, cce_sign_p521, ossl_sign_p521, NULL, setup_p521, NULL},
    {"p521-verify", 0, cce_verify_p521, ossl_verify_p521, NULL, setup_p521, NULL},
    {"p521-ecdh", 0, cce_dh_p521, ossl_dh_p521, NULL, setup_p521, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
