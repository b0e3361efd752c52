// cce-bench ops of the hash family: SHA-256, SHA-512, SHA3-256 and
// HMAC-SHA-256 at 64, 1024 and 8192 bytes.
//
// Each side makes the ordinary public one-shot call a user would make:
//   cce:      cce_sha256 / cce_sha512 / cce_sha3_256 / cce_hmac
//   OpenSSL:  EVP_Digest with an EVP_MD fetched once in setup (EVP_MD_fetch),
//             HMAC() (the one-shot of <openssl/hmac.h>) with that fetched MD
//   sodium:   crypto_hash_sha256 / crypto_hash_sha512 /
//             crypto_auth_hmacsha256 (32-byte key); it has no SHA-3.

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "bench.h"
#include "cce/hash.h"
#include "cce/hmac.h"

static EVP_MD *md_sha256, *md_sha512, *md_sha3_256;

static int setup_md(EVP_MD **md, const char *name) {
  if (!*md) *md = EVP_MD_fetch(NULL, name, NULL);
  return *md ? 0 : -1;
}

static int setup_sha256(void) { return setup_md(&md_sha256, "SHA256") || sodium_init() < 0; }
static int setup_sha512(void) { return setup_md(&md_sha512, "SHA512") || sodium_init() < 0; }
static int setup_sha3_256(void) { return setup_md(&md_sha3_256, "SHA3-256"); }

static int evp_digest(const EVP_MD *md, size_t size) {
  unsigned int len = 0;
  return EVP_Digest(bench_in, size, bench_out, &len, md, NULL) == 1 ? 0 : -1;
}

// SHA-256
static int cce_sha256_op(size_t n) { return cce_sha256(bench_out, bench_in, n) == CCE_OK ? 0 : -1; }
static int ossl_sha256_op(size_t n) { return evp_digest(md_sha256, n); }
static int sod_sha256_op(size_t n) { return crypto_hash_sha256(bench_out, bench_in, n); }

// SHA-512
static int cce_sha512_op(size_t n) { return cce_sha512(bench_out, bench_in, n) == CCE_OK ? 0 : -1; }
static int ossl_sha512_op(size_t n) { return evp_digest(md_sha512, n); }
static int sod_sha512_op(size_t n) { return crypto_hash_sha512(bench_out, bench_in, n); }

// SHA3-256
static int cce_sha3_256_op(size_t n) { return cce_sha3_256(bench_out, bench_in, n) == CCE_OK ? 0 : -1; }
static int ossl_sha3_256_op(size_t n) { return evp_digest(md_sha3_256, n); }

// HMAC-SHA-256 with a 32-byte key (re-keyed on every call on every side).
static int cce_hmac256_op(size_t n) {
  return cce_hmac(CCE_HASH_SHA256, bench_key, 32, bench_in, n, bench_out, 32) == CCE_OK ? 0 : -1;
}
static int ossl_hmac256_op(size_t n) {
  unsigned int len = 0;
  return HMAC(md_sha256, bench_key, 32, bench_in, n, bench_out, &len) ? 0 : -1;
}
static int sod_hmac256_op(size_t n) { return crypto_auth_hmacsha256(bench_out, bench_in, n, bench_key); }

#define ROWS(name, c, o, s, setup)                                                            \
  {name, 64, c, o, s, setup, NULL}, {name, 1024, c, o, s, setup, NULL}, {                    \
    name, 8192, c, o, s, setup, NULL                                                          \
  }

const bench_op bench_ops_hash[] = {
    ROWS("sha256", cce_sha256_op, ossl_sha256_op, sod_sha256_op, setup_sha256),
    ROWS("sha512", cce_sha512_op, ossl_sha512_op, sod_sha512_op, setup_sha512),
    ROWS("sha3-256", cce_sha3_256_op, ossl_sha3_256_op, NULL, setup_sha3_256),
    ROWS("hmac-sha256", cce_hmac256_op, ossl_hmac256_op, sod_hmac256_op, setup_sha256),
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
