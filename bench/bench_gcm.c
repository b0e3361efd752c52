// cce-bench ops of AES-GCM: aes-128-gcm and aes-256-gcm seal at 16, 256,
// 1024, 8192 and 16384 bytes, aes-256-gcm-vaes-avx2 at 256, 8192 and 16384
// bytes, and aes-256-gcm-portable at 8192 bytes.
//
// Each side keeps its key expanded across calls and takes a fresh IV per
// call, as an application sealing many messages does:
//   cce:      cce_aes_gcm_seal_ivgen (the approved call: 12-byte IV from the
//             module's deterministic generator) with a cce_gcm_key set once
//   OpenSSL:  one EVP_CIPHER_CTX with the key set in setup; per call
//             EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv), Update, Final,
//             EVP_CTRL_GCM_GET_TAG (16-byte tag)
//   sodium:   crypto_aead_aes256gcm_encrypt_detached_afternm (AES-256 only,
//             and only where libsodium supports the CPU)
// No AAD; 16-byte tags.
//
// aes-256-gcm-portable: the cce key is set with the portable implementation
// forced (internal cce_gcm_key_init_impl), and the OpenSSL side runs in a
// child with OPENSSL_ia32cap=0 (its no-assembly path).

#include <openssl/evp.h>
#include <sodium.h>
#include <string.h>

#include "bench.h"
#include "cce/gcm.h"
#include "module/aes/gcm_internal.h"

static cce_gcm_key k128, k256, k256p, k256y;
static cce_gcm_ivgen gen;
static EVP_CIPHER_CTX *ctx128, *ctx256;
static crypto_aead_aes256gcm_state sod_state;
static int sod_ok;
static uint64_t ivctr;
static uint8_t tag[16];

static int setup_common(void) {
  static const uint8_t fixed[4] = {1, 2, 3, 4};
  if (cce_gcm_ivgen_init(&gen, fixed, 0) != CCE_OK) return -1;
  return 0;
}

static int ossl_ctx(EVP_CIPHER_CTX **c, const char *name, size_t klen) {
  if (*c) return 0;
  EVP_CIPHER *ciph = EVP_CIPHER_fetch(NULL, name, NULL);
  if (!ciph) return -1;
  *c = EVP_CIPHER_CTX_new();
  int ok = *c && EVP_EncryptInit_ex(*c, ciph, NULL, bench_key, NULL) == 1 &&
           EVP_CIPHER_CTX_ctrl(*c, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) == 1;
  EVP_CIPHER_free(ciph);
  (void)klen;
  return ok ? 0 : -1;
}

static int setup128(void) {
  if (setup_common() || cce_gcm_key_init(&k128, bench_key, 16) != CCE_OK) return -1;
  return ossl_ctx(&ctx128, "AES-128-GCM", 16);
}

static int setup256(void) {
  if (setup_common() || cce_gcm_key_init(&k256, bench_key, 32) != CCE_OK) return -1;
  if (sodium_init() >= 0 && crypto_aead_aes256gcm_is_available()) {
    sod_ok = crypto_aead_aes256gcm_beforenm(&sod_state, bench_key) == 0;
  }
  return ossl_ctx(&ctx256, "AES-256-GCM", 32);
}

static int setup256p(void) {
  if (setup_common() || cce_gcm_key_init_impl(&k256p, bench_key, 32, CCE_GCM_IMPL_PORTABLE) != CCE_OK) return -1;
  return ossl_ctx(&ctx256, "AES-256-GCM", 32);
}

static int cce_seal(const cce_gcm_key *k, size_t n) {
  uint8_t iv[12];
  return cce_aes_gcm_seal_ivgen(k, &gen, NULL, 0, bench_in, n, bench_out, iv, tag, 16) == CCE_OK ? 0 : -1;
}

static int ossl_seal(EVP_CIPHER_CTX *c, size_t n) {
  uint8_t iv[12] = {0};
  int len = 0, len2 = 0;
  ivctr++;
  memcpy(iv + 4, &ivctr, 8);
  if (EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv) != 1) return -1;
  if (EVP_EncryptUpdate(c, bench_out, &len, bench_in, (int)n) != 1) return -1;
  if (EVP_EncryptFinal_ex(c, bench_out + len, &len2) != 1) return -1;
  return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1 ? 0 : -1;
}

static int sod_seal(size_t n) {
  if (!sod_ok) return -1;
  uint8_t iv[12] = {0};
  ivctr++;
  memcpy(iv + 4, &ivctr, 8);
  unsigned long long tl = 0;
  return crypto_aead_aes256gcm_encrypt_detached_afternm(bench_out, tag, &tl, bench_in, n, NULL, 0, NULL, iv,
                                                        &sod_state);
}

// aes-256-gcm-vaes-avx2: the 256-bit VAES path forced (the path of CPUs
// with VAES but no AVX-512); setup fails where the CPU lacks it.
static int setup256y(void) {
  if (setup_common() || cce_gcm_key_init_impl(&k256y, bench_key, 32, CCE_GCM_IMPL_VAES_AVX2) != CCE_OK) return -1;
  return ossl_ctx(&ctx256, "AES-256-GCM", 32);
}

static int cce128(size_t n) { return cce_seal(&k128, n); }
static int cce256(size_t n) { return cce_seal(&k256, n); }
static int cce256p(size_t n) { return cce_seal(&k256p, n); }
static int cce256y(size_t n) { return cce_seal(&k256y, n); }
static int ossl128(size_t n) { return ossl_seal(ctx128, n); }
static int ossl256(size_t n) { return ossl_seal(ctx256, n); }

#define ROWS(name, c, o, s, setup)                                                                       \
  {name, 16, c, o, s, setup, NULL}, {name, 256, c, o, s, setup, NULL}, {name, 1024, c, o, s, setup, NULL}, \
      {name, 8192, c, o, s, setup, NULL}, {name, 16384, c, o, s, setup, NULL}

const bench_op bench_ops_gcm[] = {
    ROWS("aes-128-gcm", cce128, ossl128, NULL, setup128),
    ROWS("aes-256-gcm", cce256, ossl256, sod_seal, setup256),
    {"aes-256-gcm-vaes-avx2", 256, cce256y, ossl256, NULL, setup256y, NULL},
    {"aes-256-gcm-vaes-avx2", 8192, cce256y, ossl256, NULL, setup256y, NULL},
    {"aes-256-gcm-vaes-avx2", 16384, cce256y, ossl256, NULL, setup256y, NULL},
    {"aes-256-gcm-portable", 8192, cce256p, ossl256, NULL, setup256p, "OPENSSL_ia32cap=0"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
