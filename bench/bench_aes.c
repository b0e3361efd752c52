// cce-bench ops of the AES modes: AES-256-CTR, AES-256-CBC decryption and
// XTS-AES-256 (one 8192-byte data unit per call), at 8192 bytes, and
// AES-128-CTR at 8192 and 64 bytes.
//
// Each side makes the ordinary public call a user would make:
//   cce:      cce_aes_ctr_crypt / cce_aes_cbc_decrypt / cce_aes_xts_encrypt on
//             a key object set up once
//   OpenSSL:  EVP_EncryptUpdate / EVP_DecryptUpdate on an EVP_CIPHER_CTX set
//             up once (XTS: the tweak is set per data unit, as a disk does).
// The "-noasm" row times OpenSSL with OPENSSL_ia32cap=0 (its portable table
// AES), the yardstick for cce's portable path (run with CCE_CPU=portable).

#include <openssl/evp.h>
#include <string.h>

#include "bench.h"
#include "cce/aes.h"

static cce_aes_ctx k128, k256;
static cce_aes_xts_ctx kxts;
static EVP_CIPHER_CTX *o_ctr128, *o_ctr256, *o_cbcdec, *o_xts;
static uint8_t ctr_iv[16], cbc_iv[16], xts_tweak[16];

static int evp_setup(EVP_CIPHER_CTX **c, const char *name, const uint8_t *key, int enc) {
  if (*c) return 0;
  EVP_CIPHER *ciph = EVP_CIPHER_fetch(NULL, name, NULL);
  if (ciph == NULL) return -1;
  *c = EVP_CIPHER_CTX_new();
  int ok = *c && EVP_CipherInit_ex(*c, ciph, NULL, key, ctr_iv, enc) == 1;
  if (ok) EVP_CIPHER_CTX_set_padding(*c, 0);
  EVP_CIPHER_free(ciph);
  return ok ? 0 : -1;
}

static int setup(void) {
  if (cce_aes_init(&k128, bench_key, 16) != CCE_OK || cce_aes_init(&k256, bench_key, 32) != CCE_OK ||
      cce_aes_xts_init(&kxts, bench_key, 64) != CCE_OK)
    return -1;
  return evp_setup(&o_ctr128, "AES-128-CTR", bench_key, 1) || evp_setup(&o_ctr256, "AES-256-CTR", bench_key, 1) ||
         evp_setup(&o_cbcdec, "AES-256-CBC", bench_key, 0) || evp_setup(&o_xts, "AES-256-XTS", bench_key, 1);
}

static int ossl_update(EVP_CIPHER_CTX *c, size_t n) {
  int outl = 0;
  return EVP_CipherUpdate(c, bench_out, &outl, bench_in, (int)n) == 1 ? 0 : -1;
}

static int cce_ctr128(size_t n) { return cce_aes_ctr_crypt(&k128, ctr_iv, bench_out, bench_in, n) == CCE_OK ? 0 : -1; }
static int cce_ctr256(size_t n) { return cce_aes_ctr_crypt(&k256, ctr_iv, bench_out, bench_in, n) == CCE_OK ? 0 : -1; }
static int cce_cbcdec(size_t n) { return cce_aes_cbc_decrypt(&k256, cbc_iv, bench_out, bench_in, n) == CCE_OK ? 0 : -1; }
static int cce_xts(size_t n) { return cce_aes_xts_encrypt(&kxts, bench_out, xts_tweak, bench_in, n) == CCE_OK ? 0 : -1; }

static int ossl_ctr128(size_t n) { return ossl_update(o_ctr128, n); }
static int ossl_ctr256(size_t n) { return ossl_update(o_ctr256, n); }
static int ossl_cbcdec(size_t n) { return ossl_update(o_cbcdec, n); }
static int ossl_xts(size_t n) {
  if (EVP_CipherInit_ex(o_xts, NULL, NULL, NULL, xts_tweak, -1) != 1) return -1;
  return ossl_update(o_xts, n);
}

const bench_op bench_ops_aes[] = {
    {"aes-256-ctr", 8192, cce_ctr256, ossl_ctr256, NULL, setup, NULL},
    {"aes-256-cbc-dec", 8192, cce_cbcdec, ossl_cbcdec, NULL, setup, NULL},
    {"aes-256-xts", 8192, cce_xts, ossl_xts, NULL, setup, NULL},
    {"aes-128-ctr", 8192, cce_ctr128, ossl_ctr128, NULL, setup, NULL},
    {"aes-128-ctr", 64, cce_ctr128, ossl_ctr128, NULL, setup, NULL},
    {"aes-256-ctr-noasm", 8192, cce_ctr256, ossl_ctr256, NULL, setup, "OPENSSL_ia32cap=0"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
