// cce-bench ops of the curve25519 family (ops/s, per operation):
//   ed25519-sign     sign a 32-byte message (key pair made in setup)
//   ed25519-verify   verify that signature
//   x25519           shared secret with a fixed peer public key
//   x25519-public    public key from a private key (fixed base)
// Each side makes the ordinary call a user would make:
//   cce:      cce_ed25519_sign (with the public key) / cce_ed25519_verify /
//             cce_x25519 / cce_x25519_public
//   OpenSSL:  EVP_DigestSignInit + EVP_DigestSign / EVP_DigestVerifyInit +
//             EVP_DigestVerify on an EVP_PKEY made once in setup;
//             EVP_PKEY_derive on a context prepared once (peer set);
//             EVP_PKEY_new_raw_private_key + EVP_PKEY_get_raw_public_key
//   sodium:   crypto_sign_detached / crypto_sign_verify_detached /
//             crypto_scalarmult / crypto_scalarmult_base

#include <openssl/evp.h>
#include <sodium.h>
#include <string.h>

#include "bench.h"
#include "cce/curve25519.h"

static uint8_t ed_pub[32], ed_priv[32], ed_sig[64], ed_sodium_sk[64];
static uint8_t x_priv[32], x_peer_pub[32], x_peer_priv[32];
static EVP_PKEY *ossl_ed, *ossl_x, *ossl_x_peer;
static EVP_MD_CTX *ossl_mdctx;
static EVP_PKEY_CTX *ossl_derive;
static int ready;

static int setup_c25519(void) {
  if (ready) return 0;
  if (sodium_init() < 0) return -1;
  if (cce_ed25519_keypair(ed_pub, ed_priv) != CCE_OK) return -1;
  if (cce_ed25519_sign(ed_sig, bench_in, 32, ed_priv, ed_pub) != CCE_OK) return -1;
  memcpy(ed_sodium_sk, ed_priv, 32);  // libsodium's secret key: seed || public key
  memcpy(ed_sodium_sk + 32, ed_pub, 32);
  if (cce_x25519_keypair(x_peer_pub, x_peer_priv) != CCE_OK) return -1;
  memcpy(x_priv, bench_key, 32);
  ossl_ed = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, ed_priv, 32);
  ossl_x = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, x_priv, 32);
  ossl_x_peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, x_peer_pub, 32);
  ossl_mdctx = EVP_MD_CTX_new();
  if (!ossl_ed || !ossl_x || !ossl_x_peer || !ossl_mdctx) return -1;
  ossl_derive = EVP_PKEY_CTX_new(ossl_x, NULL);
  if (!ossl_derive || EVP_PKEY_derive_init(ossl_derive) != 1 || EVP_PKEY_derive_set_peer(ossl_derive, ossl_x_peer) != 1)
    return -1;
  ready = 1;
  return 0;
}

// ed25519-sign
static int cce_sign_op(size_t n) {
  (void)n;
  return cce_ed25519_sign(bench_out, bench_in, 32, ed_priv, ed_pub) == CCE_OK ? 0 : -1;
}
static int ossl_sign_op(size_t n) {
  (void)n;
  size_t len = 64;
  if (EVP_DigestSignInit(ossl_mdctx, NULL, NULL, NULL, ossl_ed) != 1) return -1;
  return EVP_DigestSign(ossl_mdctx, bench_out, &len, bench_in, 32) == 1 ? 0 : -1;
}
static int sod_sign_op(size_t n) {
  (void)n;
  return crypto_sign_detached(bench_out, NULL, bench_in, 32, ed_sodium_sk);
}

// ed25519-verify
static int cce_verify_op(size_t n) {
  (void)n;
  return cce_ed25519_verify(ed_sig, bench_in, 32, ed_pub) == CCE_OK ? 0 : -1;
}
static int ossl_verify_op(size_t n) {
  (void)n;
  if (EVP_DigestVerifyInit(ossl_mdctx, NULL, NULL, NULL, ossl_ed) != 1) return -1;
  return EVP_DigestVerify(ossl_mdctx, ed_sig, 64, bench_in, 32) == 1 ? 0 : -1;
}
static int sod_verify_op(size_t n) {
  (void)n;
  return crypto_sign_verify_detached(ed_sig, bench_in, 32, ed_pub);
}

// x25519 (shared secret)
static int cce_x_op(size_t n) {
  (void)n;
  return cce_x25519(bench_out, x_priv, x_peer_pub) == CCE_OK ? 0 : -1;
}
static int ossl_x_op(size_t n) {
  (void)n;
  size_t len = 32;
  return EVP_PKEY_derive(ossl_derive, bench_out, &len) == 1 ? 0 : -1;
}
static int sod_x_op(size_t n) {
  (void)n;
  return crypto_scalarmult(bench_out, x_priv, x_peer_pub);
}

// x25519-public (fixed base)
static int cce_xpub_op(size_t n) {
  (void)n;
  return cce_x25519_public(bench_out, x_priv) == CCE_OK ? 0 : -1;
}
static int ossl_xpub_op(size_t n) {
  (void)n;
  size_t len = 32;
  EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, x_priv, 32);
  int ok = k != NULL && EVP_PKEY_get_raw_public_key(k, bench_out, &len) == 1;
  EVP_PKEY_free(k);
  return ok ? 0 : -1;
}
static int sod_xpub_op(size_t n) {
  (void)n;
  return crypto_scalarmult_base(bench_out, x_priv);
}

const bench_op bench_ops_c25519[] = {
    {"ed25519-sign", 0, cce_sign_op, ossl_sign_op, sod_sign_op, setup_c25519, NULL},
    {"ed25519-verify", 0, cce_verify_op, ossl_verify_op, sod_verify_op, setup_c25519, NULL},
    {"x25519", 0, cce_x_op, ossl_x_op, sod_x_op, setup_c25519, NULL},
    {"x25519-public", 0, cce_xpub_op, ossl_xpub_op, sod_xpub_op, setup_c25519, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
