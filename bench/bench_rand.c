// cce-bench ops of the randomness family:
//   "rand" at 32 and 4096 bytes: cce_random beside OpenSSL's RAND_bytes
//     (both a per-thread CTR_DRBG AES-256 seeded from the system) and
//     libsodium's randombytes_buf (a ChaCha20-based generator, not a DRBG of
//     SP 800-90A; shown for reference);
//   "drbg-ctr-aes256" at 4096 bytes: cce_drbg_generate on a caller-owned
//     CTR_DRBG AES-256 (derivation function, seeded from the entropy
//     source) beside OpenSSL's EVP_RAND "CTR-DRBG" (AES-256-CTR, derivation
//     function) instantiated alone, each generating 4096 bytes per call.

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <sodium.h>

#include "bench.h"
#include "cce/drbg.h"
#include "cce/rand.h"

static int cce_rand_op(size_t n) { return cce_random(bench_out, n) == CCE_OK ? 0 : -1; }
static int ossl_rand_op(size_t n) { return RAND_bytes(bench_out, (int)n) == 1 ? 0 : -1; }
static int sod_rand_op(size_t n) {
  randombytes_buf(bench_out, n);
  return 0;
}
static int setup_rand(void) { return sodium_init() < 0 ? -1 : 0; }

static cce_drbg_ctx cce_ctr;
static int cce_ctr_ready;
static EVP_RAND_CTX *ossl_ctr;

static int setup_drbg(void) {
  if (!cce_ctr_ready) {
    cce_drbg_config cfg = {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 0};
    if (cce_drbg_instantiate_seeded(&cce_ctr, &cfg, NULL, 0) != CCE_OK) return -1;
    cce_ctr_ready = 1;
  }
  if (ossl_ctr == NULL) {
    EVP_RAND *r = EVP_RAND_fetch(NULL, "CTR-DRBG", NULL);
    if (r == NULL) return -1;
    ossl_ctr = EVP_RAND_CTX_new(r, NULL);
    EVP_RAND_free(r);
    if (ossl_ctr == NULL) return -1;
    int df = 1;
    OSSL_PARAM params[3];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, (char *)"AES-256-CTR", 0);
    params[1] = OSSL_PARAM_construct_int(OSSL_DRBG_PARAM_USE_DF, &df);
    params[2] = OSSL_PARAM_construct_end();
    if (EVP_RAND_instantiate(ossl_ctr, 256, 0, NULL, 0, params) != 1) {
      EVP_RAND_CTX_free(ossl_ctr);
      ossl_ctr = NULL;
      return -1;
    }
  }
  return 0;
}

static int cce_drbg_op(size_t n) { return cce_drbg_generate(&cce_ctr, bench_out, n, NULL, 0) == CCE_OK ? 0 : -1; }
static int ossl_drbg_op(size_t n) {
  return EVP_RAND_generate(ossl_ctr, bench_out, n, 256, 0, NULL, 0) == 1 ? 0 : -1;
}

const bench_op bench_ops_rand[] = {
    {"rand", 32, cce_rand_op, ossl_rand_op, sod_rand_op, setup_rand, NULL},
    {"rand", 4096, cce_rand_op, ossl_rand_op, sod_rand_op, setup_rand, NULL},
    {"drbg-ctr-aes256", 4096, cce_drbg_op, ossl_drbg_op, NULL, setup_drbg, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
