// Generic hash interface and descriptor table (see hash.h).

#include <strings.h>

#include "internal.h"

// ---- descriptor adapters ----
static void d_sha1_init(cce_hash_ctx *c) { cce_sha1_init_impl(&c->u.sha1); }
static cce_status d_sha1_update(cce_hash_ctx *c, const uint8_t *p, size_t n) {
  return cce_sha1_update_impl(&c->u.sha1, p, n);
}
static void d_sha1_final(cce_hash_ctx *c, uint8_t *out, size_t n) {
  (void)n;
  cce_sha1_final_impl(&c->u.sha1, out);
}
static void d_sha224_init(cce_hash_ctx *c) { cce_sha256_init_impl(&c->u.sha256, 28); }
static void d_sha256_init(cce_hash_ctx *c) { cce_sha256_init_impl(&c->u.sha256, 32); }
static cce_status d_sha256_update(cce_hash_ctx *c, const uint8_t *p, size_t n) {
  return cce_sha256_update_impl(&c->u.sha256, p, n);
}
static void d_sha256_final(cce_hash_ctx *c, uint8_t *out, size_t n) {
  (void)n;
  cce_sha256_final_impl(&c->u.sha256, out);
}
#define SHA512_INIT(fn, alg) \
  static void fn(cce_hash_ctx *c) { cce_sha512_init_impl(&c->u.sha512, alg); }
SHA512_INIT(d_sha384_init, CCE_HASH_SHA384)
SHA512_INIT(d_sha512_init, CCE_HASH_SHA512)
SHA512_INIT(d_sha512_224_init, CCE_HASH_SHA512_224)
SHA512_INIT(d_sha512_256_init, CCE_HASH_SHA512_256)
static cce_status d_sha512_update(cce_hash_ctx *c, const uint8_t *p, size_t n) {
  return cce_sha512_update_impl(&c->u.sha512, p, n);
}
static void d_sha512_final(cce_hash_ctx *c, uint8_t *out, size_t n) {
  (void)n;
  cce_sha512_final_impl(&c->u.sha512, out);
}
#define SHA3_INIT(fn, alg) \
  static void fn(cce_hash_ctx *c) { cce_sha3_init_impl(&c->u.sha3, alg); }
SHA3_INIT(d_sha3_224_init, CCE_HASH_SHA3_224)
SHA3_INIT(d_sha3_256_init, CCE_HASH_SHA3_256)
SHA3_INIT(d_sha3_384_init, CCE_HASH_SHA3_384)
SHA3_INIT(d_sha3_512_init, CCE_HASH_SHA3_512)
SHA3_INIT(d_shake128_init, CCE_HASH_SHAKE128)
SHA3_INIT(d_shake256_init, CCE_HASH_SHAKE256)
// SHA-3 has no message-length limit.
static cce_status d_sha3_update(cce_hash_ctx *c, const uint8_t *p, size_t n) {
  cce_sha3_absorb_impl(&c->u.sha3, p, n);
  return CCE_OK;
}
static void d_sha3_final(cce_hash_ctx *c, uint8_t *out, size_t n) {
  (void)n;
  cce_sha3_final_impl(&c->u.sha3, out);
}
static void d_shake_final(cce_hash_ctx *c, uint8_t *out, size_t n) { cce_shake_squeeze_impl(&c->u.sha3, out, n); }

static const cce_hash_desc descs[CCE_HASH_ALG_COUNT] = {
    [CCE_HASH_SHA1] = {CCE_HASH_SHA1, "SHA-1", 20, 64, CCE_ST_SHA1, d_sha1_init, d_sha1_update, d_sha1_final},
    [CCE_HASH_SHA224] = {CCE_HASH_SHA224, "SHA2-224", 28, 64, CCE_ST_SHA256, d_sha224_init, d_sha256_update,
                         d_sha256_final},
    [CCE_HASH_SHA256] = {CCE_HASH_SHA256, "SHA2-256", 32, 64, CCE_ST_SHA256, d_sha256_init, d_sha256_update,
                         d_sha256_final},
    [CCE_HASH_SHA384] = {CCE_HASH_SHA384, "SHA2-384", 48, 128, CCE_ST_SHA512, d_sha384_init, d_sha512_update,
                         d_sha512_final},
    [CCE_HASH_SHA512] = {CCE_HASH_SHA512, "SHA2-512", 64, 128, CCE_ST_SHA512, d_sha512_init, d_sha512_update,
                         d_sha512_final},
    [CCE_HASH_SHA512_224] = {CCE_HASH_SHA512_224, "SHA2-512/224", 28, 128, CCE_ST_SHA512, d_sha512_224_init,
                             d_sha512_update, d_sha512_final},
    [CCE_HASH_SHA512_256] = {CCE_HASH_SHA512_256, "SHA2-512/256", 32, 128, CCE_ST_SHA512, d_sha512_256_init,
                             d_sha512_update, d_sha512_final},
    [CCE_HASH_SHA3_224] = {CCE_HASH_SHA3_224, "SHA3-224", 28, 144, CCE_ST_SHA3, d_sha3_224_init, d_sha3_update,
                           d_sha3_final},
    [CCE_HASH_SHA3_256] = {CCE_HASH_SHA3_256, "SHA3-256", 32, 136, CCE_ST_SHA3, d_sha3_256_init, d_sha3_update,
                           d_sha3_final},
    [CCE_HASH_SHA3_384] = {CCE_HASH_SHA3_384, "SHA3-384", 48, 104, CCE_ST_SHA3, d_sha3_384_init, d_sha3_update,
                           d_sha3_final},
    [CCE_HASH_SHA3_512] = {CCE_HASH_SHA3_512, "SHA3-512", 64, 72, CCE_ST_SHA3, d_sha3_512_init, d_sha3_update,
                           d_sha3_final},
    [CCE_HASH_SHAKE128] = {CCE_HASH_SHAKE128, "SHAKE-128", 0, 168, CCE_ST_SHAKE, d_shake128_init, d_sha3_update,
                           d_shake_final},
    [CCE_HASH_SHAKE256] = {CCE_HASH_SHAKE256, "SHAKE-256", 0, 136, CCE_ST_SHAKE, d_shake256_init, d_sha3_update,
                           d_shake_final},
};

const cce_hash_desc *cce_hash_desc_get(cce_hash_alg alg) {
  if ((unsigned)alg >= CCE_HASH_ALG_COUNT || descs[alg].init == NULL) return NULL;
  return &descs[alg];
}

void cce_hash_impl(const cce_hash_desc *d, uint8_t *out, size_t out_len, const uint8_t *data, size_t len) {
  cce_hash_ctx c;
  d->init(&c);
  (void)d->update(&c, data, len);  // one-shot lengths are far below every limit
  d->final(&c, out, out_len);
  cce_wipe(&c, sizeof c);
}

// ---- names ----
size_t cce_hash_digest_len(cce_hash_alg alg) {
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  return d ? d->digest_len : 0;
}
size_t cce_hash_block_len(cce_hash_alg alg) {
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  return d ? d->block_len : 0;
}
const char *cce_hash_name(cce_hash_alg alg) {
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  return d ? d->name : NULL;
}

cce_hash_alg cce_hash_from_name(const char *name) {
  static const struct {
    const char *name;
    cce_hash_alg alg;
  } names[] = {
      {"sha1", CCE_HASH_SHA1},           {"sha-1", CCE_HASH_SHA1},
      {"sha224", CCE_HASH_SHA224},       {"sha2-224", CCE_HASH_SHA224},
      {"sha-224", CCE_HASH_SHA224},      {"sha256", CCE_HASH_SHA256},
      {"sha2-256", CCE_HASH_SHA256},     {"sha-256", CCE_HASH_SHA256},
      {"sha384", CCE_HASH_SHA384},       {"sha2-384", CCE_HASH_SHA384},
      {"sha-384", CCE_HASH_SHA384},      {"sha512", CCE_HASH_SHA512},
      {"sha2-512", CCE_HASH_SHA512},     {"sha-512", CCE_HASH_SHA512},
      {"sha512-224", CCE_HASH_SHA512_224}, {"sha512/224", CCE_HASH_SHA512_224},
      {"sha2-512/224", CCE_HASH_SHA512_224}, {"sha-512/224", CCE_HASH_SHA512_224},
      {"sha512-256", CCE_HASH_SHA512_256}, {"sha512/256", CCE_HASH_SHA512_256},
      {"sha2-512/256", CCE_HASH_SHA512_256}, {"sha-512/256", CCE_HASH_SHA512_256},
      {"sha3-224", CCE_HASH_SHA3_224},   {"sha3-256", CCE_HASH_SHA3_256},
      {"sha3-384", CCE_HASH_SHA3_384},   {"sha3-512", CCE_HASH_SHA3_512},
      {"shake128", CCE_HASH_SHAKE128},   {"shake-128", CCE_HASH_SHAKE128},
      {"shake256", CCE_HASH_SHAKE256},   {"shake-256", CCE_HASH_SHAKE256},
  };
  if (name == NULL) return CCE_HASH_NONE;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(name, names[i].name) == 0) return names[i].alg;
  return CCE_HASH_NONE;
}

// ---- public streaming interface ----
// Every hash service is approved (SHA-1 for hashing only, as a legacy use
// FIPS 140-3 still allows; its use in signatures is refused elsewhere).

static int is_xof(const cce_hash_desc *d) { return d->digest_len == 0; }

cce_status cce_hash_init(cce_hash_ctx *ctx, cce_hash_alg alg) {
  if (ctx == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  if (d == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  cce_status st = cce_svc_check(d->selftest);
  if (st != CCE_OK) return cce_indicate(st, 0);
  d->init(ctx);
  ctx->desc_ = d;
  ctx->magic_ = CCE_CTX_LIVE;
  return cce_indicate(CCE_OK, 1);
}

static cce_status live(const cce_hash_ctx *ctx) {
  if (ctx == NULL) return CCE_ERR_NULL_POINTER;
  if (ctx->magic_ != CCE_CTX_LIVE || ctx->desc_ == NULL) return CCE_ERR_CTX_STATE;
  if (cce_module_is_error()) return CCE_ERR_MODULE_STATE;
  return CCE_OK;
}

cce_status cce_hash_update(cce_hash_ctx *ctx, const void *data, size_t len) {
  cce_status st = live(ctx);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (data == NULL && len > 0) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  if (is_xof(d) && ctx->u.sha3.squeezing) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (len == 0) return cce_indicate(CCE_OK, 1);
  st = d->update(ctx, (const uint8_t *)data, len);
  return cce_indicate(st, 1);
}

cce_status cce_hash_final(cce_hash_ctx *ctx, uint8_t *out, size_t out_len) {
  cce_status st = live(ctx);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (out == NULL && out_len > 0) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  if (is_xof(d)) {
    if (ctx->u.sha3.squeezing) return cce_indicate(CCE_ERR_CTX_STATE, 0);
    d->final(ctx, out, out_len);  // context stays live for cce_hash_squeeze
    return cce_indicate(CCE_OK, 1);
  }
  if (out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (out_len < d->digest_len) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  d->final(ctx, out, d->digest_len);
  cce_wipe(&ctx->u, sizeof ctx->u);
  ctx->magic_ = CCE_CTX_FINISHED;
  return cce_indicate(CCE_OK, 1);
}

cce_status cce_hash_squeeze(cce_hash_ctx *ctx, uint8_t *out, size_t out_len) {
  cce_status st = live(ctx);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  if (!is_xof(d)) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (out == NULL && out_len > 0) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (!ctx->u.sha3.squeezing) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  cce_shake_squeeze_impl(&ctx->u.sha3, out, out_len);
  return cce_indicate(CCE_OK, 1);
}

void cce_hash_cleanup(cce_hash_ctx *ctx) {
  if (ctx == NULL) return;
  cce_wipe(ctx, sizeof *ctx);
  ctx->magic_ = CCE_CTX_FINISHED;
}

cce_status cce_hash_copy(cce_hash_ctx *dst, const cce_hash_ctx *src) {
  if (dst == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  cce_status st = live(src);
  if (st != CCE_OK) return cce_indicate(st, 0);
  memcpy(dst, src, sizeof *dst);
  return cce_indicate(CCE_OK, 1);
}

cce_status cce_hash(cce_hash_alg alg, uint8_t *out, size_t out_len, const void *data, size_t len) {
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  if (d == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (out == NULL && (out_len > 0 || !is_xof(d))) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (data == NULL && len > 0) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (!is_xof(d) && out_len < d->digest_len) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  cce_status st = cce_svc_check(d->selftest);
  if (st != CCE_OK) return cce_indicate(st, 0);
  cce_hash_ctx c;
  d->init(&c);
  st = d->update(&c, (const uint8_t *)data, len);
  if (st == CCE_OK) d->final(&c, out, is_xof(d) ? out_len : d->digest_len);
  cce_wipe(&c, sizeof c);
  return cce_indicate(st, 1);
}

cce_status cce_sha1(uint8_t out[CCE_SHA1_DIGEST_BYTES], const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHA1, out, CCE_SHA1_DIGEST_BYTES, data, len);
}
cce_status cce_sha256(uint8_t out[CCE_SHA256_DIGEST_BYTES], const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHA256, out, CCE_SHA256_DIGEST_BYTES, data, len);
}
cce_status cce_sha384(uint8_t out[CCE_SHA384_DIGEST_BYTES], const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHA384, out, CCE_SHA384_DIGEST_BYTES, data, len);
}
cce_status cce_sha512(uint8_t out[CCE_SHA512_DIGEST_BYTES], const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHA512, out, CCE_SHA512_DIGEST_BYTES, data, len);
}
cce_status cce_sha3_256(uint8_t out[32], const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHA3_256, out, 32, data, len);
}
cce_status cce_shake128(uint8_t *out, size_t out_len, const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHAKE128, out, out_len, data, len);
}
cce_status cce_shake256(uint8_t *out, size_t out_len, const void *data, size_t len) {
  return cce_hash(CCE_HASH_SHAKE256, out, out_len, data, len);
}
