// cce-bench ops of the RSA family (ops/s, size 0):
//   rsa2048-sign, rsa3072-sign, rsa4096-sign   PKCS#1 v1.5 SHA-256 signature of
//       a precomputed digest: cce_rsa_pkcs1_sign_digest (CRT, blinding and
//       the re-verification included) beside EVP_PKEY_sign (context set once)
//   rsa2048-verify, rsa3072-verify             cce_rsa_pkcs1_verify_digest
//       beside EVP_PKEY_verify (e = 65537)
//   rsa2048-keygen                              cce_rsa_generate_key beside
//       EVP_PKEY_Q_keygen (the figure varies a lot: median of many runs)

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <string.h>

#include "bench.h"
#include "cce/rsa.h"

typedef struct rsa_bench {
  unsigned bits;
  cce_rsa_private_key key;
  cce_rsa_public_key pub;
  uint8_t digest[32], sig[512], osig[512];
  size_t sig_len, osig_len;
  EVP_PKEY *okey;
  EVP_PKEY_CTX *sctx, *vctx;
  int ready;
} rsa_bench;

static rsa_bench r2048 = {.bits = 2048}, r3072 = {.bits = 3072}, r4096 = {.bits = 4096};

static int setup(rsa_bench *b) {
  if (b->ready) return 0;
  for (size_t i = 0; i < sizeof b->digest; i++) b->digest[i] = (uint8_t)(i * 5 + 3);
  if (cce_rsa_generate_key(&b->key, b->bits, NULL, 0) != CCE_OK) return -1;
  if (cce_rsa_public_from_private(&b->pub, &b->key) != CCE_OK) return -1;
  if (cce_rsa_pkcs1_sign_digest(&b->key, CCE_HASH_SHA256, b->digest, 32, b->sig, sizeof b->sig, &b->sig_len) !=
      CCE_OK)
    return -1;
  b->okey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)b->bits);
  if (b->okey == NULL) return -1;
  b->sctx = EVP_PKEY_CTX_new(b->okey, NULL);
  b->vctx = EVP_PKEY_CTX_new(b->okey, NULL);
  if (b->sctx == NULL || b->vctx == NULL) return -1;
  if (EVP_PKEY_sign_init(b->sctx) != 1 || EVP_PKEY_verify_init(b->vctx) != 1) return -1;
  if (EVP_PKEY_CTX_set_rsa_padding(b->sctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(b->vctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(b->sctx, EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(b->vctx, EVP_sha256()) != 1)
    return -1;
  b->osig_len = sizeof b->osig;
  if (EVP_PKEY_sign(b->sctx, b->osig, &b->osig_len, b->digest, 32) != 1) return -1;
  b->ready = 1;
  return 0;
}

static int cce_sign(rsa_bench *b) {
  size_t l;
  return cce_rsa_pkcs1_sign_digest(&b->key, CCE_HASH_SHA256, b->digest, 32, bench_out, 512, &l) == CCE_OK ? 0 : -1;
}
static int cce_verify(rsa_bench *b) {
  return cce_rsa_pkcs1_verify_digest(&b->pub, CCE_HASH_SHA256, b->digest, 32, b->sig, b->sig_len) == CCE_OK ? 0
                                                                                                           : -1;
}
static int ossl_sign(rsa_bench *b) {
  size_t len = 512;
  return EVP_PKEY_sign(b->sctx, bench_out, &len, b->digest, 32) == 1 ? 0 : -1;
}
static int ossl_verify(rsa_bench *b) {
  return EVP_PKEY_verify(b->vctx, b->osig, b->osig_len, b->digest, 32) == 1 ? 0 : -1;
}

static int setup_2048(void) { return setup(&r2048); }
static int setup_3072(void) { return setup(&r3072); }
static int setup_4096(void) { return setup(&r4096); }
static int cce_sign_2048(size_t s) { (void)s; return cce_sign(&r2048); }
static int cce_sign_3072(size_t s) { (void)s; return cce_sign(&r3072); }
static int cce_sign_4096(size_t s) { (void)s; return cce_sign(&r4096); }
static int cce_verify_2048(size_t s) { (void)s; return cce_verify(&r2048); }
static int cce_verify_3072(size_t s) { (void)s; return cce_verify(&r3072); }
static int ossl_sign_2048(size_t s) { (void)s; return ossl_sign(&r2048); }
static int ossl_sign_3072(size_t s) { (void)s; return ossl_sign(&r3072); }
static int ossl_sign_4096(size_t s) { (void)s; return ossl_sign(&r4096); }
static int ossl_verify_2048(size_t s) { (void)s; return ossl_verify(&r2048); }
static int ossl_verify_3072(size_t s) { (void)s; return ossl_verify(&r3072); }

static int cce_keygen_2048(size_t s) {
  (void)s;
  static cce_rsa_private_key k;
  cce_status st = cce_rsa_generate_key(&k, 2048, NULL, 0);
  cce_rsa_private_key_wipe(&k);
  return st == CCE_OK ? 0 : -1;
}
static int ossl_keygen_2048(size_t s) {
  (void)s;
  EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
  if (k == NULL) return -1;
  EVP_PKEY_free(k);
  return 0;
}

const bench_op bench_ops_rsa[] = {
    {"rsa2048-sign", 0, cce_sign_2048, ossl_sign_2048, NULL, setup_2048, NULL},
    {"rsa2048-verify", 0, cce_verify_2048, ossl_verify_2048, NULL, setup_2048, NULL},
    {"rsa3072-sign", 0, cce_sign_3072, ossl_sign_3072, NULL, setup_3072, NULL},
    {"rsa3072-verify", 0, cce_verify_3072, ossl_verify_3072, NULL, setup_3072, NULL},
    {"rsa4096-sign", 0, cce_sign_4096, ossl_sign_4096, NULL, setup_4096, NULL},
    {"rsa2048-keygen", 0, cce_keygen_2048, ossl_keygen_2048, NULL, NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
