// AES-GCM (NIST SP 800-38D): public API, implementation dispatch, IV
// construction (8.2.1 deterministic, 8.2.2 random), length limits, streaming,
// self-tests. See cce/gcm.h.

#include <stdatomic.h>

#include "../rand/internal.h"
#include "gcm_internal.h"

// ===========================================================================
// Dispatch

const cce_gcm_ops *cce_gcm_ops_get(uint32_t impl) {
  switch (impl) {
    case CCE_GCM_IMPL_VAES: return &cce_gcm_ops_vaes;
    case CCE_GCM_IMPL_VAES_AVX2: return &cce_gcm_ops_vaes_avx2;
    case CCE_GCM_IMPL_AESNI: return &cce_gcm_ops_aesni;
    default: return &cce_gcm_ops_portable;
  }
}

int cce_gcm_impl_available(uint32_t impl) {
  switch (impl) {
    case CCE_GCM_IMPL_PORTABLE: return 1;
    case CCE_GCM_IMPL_AESNI: return cce_cpu_has(CCE_CPU_AESNI | CCE_CPU_PCLMUL | CCE_CPU_SSSE3 | CCE_CPU_SSE41);
    case CCE_GCM_IMPL_VAES:
      return cce_cpu_has(CCE_CPU_AESNI | CCE_CPU_PCLMUL | CCE_CPU_SSSE3 | CCE_CPU_SSE41 | CCE_CPU_AVX |
                         CCE_CPU_AVX2 | CCE_CPU_VAES | CCE_CPU_VPCLMUL | CCE_CPU_AVX512F | CCE_CPU_AVX512BW |
                         CCE_CPU_AVX512VL);
    case CCE_GCM_IMPL_VAES_AVX2:
      return cce_cpu_has(CCE_CPU_AESNI | CCE_CPU_PCLMUL | CCE_CPU_SSSE3 | CCE_CPU_SSE41 | CCE_CPU_AVX |
                         CCE_CPU_AVX2 | CCE_CPU_VAES | CCE_CPU_VPCLMUL);
    default: return 0;
  }
}

uint32_t cce_gcm_best_impl(void) {
  if (cce_gcm_impl_available(CCE_GCM_IMPL_VAES)) return CCE_GCM_IMPL_VAES;
  if (cce_gcm_impl_available(CCE_GCM_IMPL_VAES_AVX2)) return CCE_GCM_IMPL_VAES_AVX2;
  if (cce_gcm_impl_available(CCE_GCM_IMPL_AESNI)) return CCE_GCM_IMPL_AESNI;
  return CCE_GCM_IMPL_PORTABLE;
}

const char *cce_impl_ghash(void) { return cce_gcm_ops_get(cce_gcm_best_impl())->name; }

static inline void inc32(uint8_t ctr[16]) { cce_store32_be(ctr + 12, cce_load32_be(ctr + 12) + 1); }

static inline void xor16(uint8_t *r, const uint8_t *a, const uint8_t *b) {
  for (int i = 0; i < 16; i++) r[i] = (uint8_t)(a[i] ^ b[i]);
}

// ===========================================================================
// Key set-up

cce_status cce_gcm_key_init_impl(cce_gcm_key *key, const uint8_t *k, size_t k_len, uint32_t impl) {
  if (impl >= CCE_GCM_IMPL_COUNT || !cce_gcm_impl_available(impl)) return CCE_ERR_UNSUPPORTED;
  cce_gcm_key_int *ki = cce_gcm_kint(key);
  memset(key, 0, sizeof(*key));
  cce_status st = cce_aes_setkey_impl(&ki->aes, k, k_len);
  if (st != CCE_OK) {
    cce_wipe(key, sizeof(*key));
    return st;
  }
  // The SIMD paths read the FIPS 197 round keys (rk) themselves; the
  // portable path must run the bitsliced core whatever the CPU offers.
  if (impl == CCE_GCM_IMPL_PORTABLE) ki->aes.impl = CCE_AES_IMPL_CT;
  ki->impl = impl;

  uint8_t hblk[16] = {0};
  cce_aes_encrypt_blocks_impl(&ki->aes, hblk, hblk, 1);
  // H*y mod Q: shift left by one, fold the carried-out y^128 back as
  // y^127 + y^126 + y^121 + 1 (mask, no branch).
  uint64_t hi = cce_load64_be(hblk), lo = cce_load64_be(hblk + 8);
  uint64_t carry = 0 - (hi >> 63);
  hi = (hi << 1) | (lo >> 63);
  lo <<= 1;
  hi ^= carry & UINT64_C(0xC200000000000000);
  lo ^= carry & 1;
  ki->h[0] = hi;
  ki->h[1] = lo;
  // Powers H^1..H^16 for the SIMD tables (descending order).
  uint64_t p[2] = {hi, lo};
  for (int i = 1; i <= CCE_GCM_NPOW; i++) {
    uint8_t *t = ki->htab + 16 * (CCE_GCM_NPOW - i);
    uint8_t *m = ki->hkar + 16 * (CCE_GCM_NPOW - i);
    cce_store64_le(t, p[1]);
    cce_store64_le(t + 8, p[0]);
    cce_store64_le(m, p[0] ^ p[1]);
    cce_store64_le(m + 8, p[0] ^ p[1]);
    if (i < CCE_GCM_NPOW) cce_ghash_mul_ct(p, p, ki->h);
  }
  const cce_gcm_ops *ops = cce_gcm_ops_get(impl);
  if (ops->init) ops->init(ki);
  atomic_store_explicit(&ki->rand_iv_count, 0, memory_order_relaxed);
  ki->magic = CCE_GCM_KEY_MAGIC;
  cce_wipe(hblk, sizeof(hblk));
  cce_wipe(p, sizeof(p));
  return CCE_OK;
}

// see gcm.h
cce_status cce_gcm_key_init(cce_gcm_key *key, const uint8_t *k, size_t k_len) {
  cce_status st = cce_svc_check2(CCE_ST_AES_GCM_SEAL, CCE_ST_AES_GCM_OPEN);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || k == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (k_len != 16 && k_len != 24 && k_len != 32) {
    cce_wipe(key, sizeof(*key));
    return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  }
  return cce_indicate(cce_gcm_key_init_impl(key, k, k_len, cce_gcm_best_impl()), 1);
}

// see gcm.h
void cce_gcm_key_wipe(cce_gcm_key *key) {
  if (key != NULL) cce_wipe(key, sizeof(*key));
}

// ===========================================================================
// J0 and the generic one-shot

// J0 (SP 800-38D 7.1 step 2): IV || 0^31 || 1 for 96-bit IVs, else
// GHASH(IV || 0-pad || 0^64 || [len(IV)]_64).
static void make_j0(const cce_gcm_key_int *k, const cce_gcm_ops *ops, const uint8_t *iv, size_t iv_len,
                    uint8_t j0[16]) {
  if (iv_len == 12) {
    memcpy(j0, iv, 12);
    cce_store32_be(j0 + 12, 1);
    return;
  }
  uint8_t blk[16];
  memset(j0, 0, 16);
  ops->ghash(k, j0, iv, iv_len / 16);
  size_t rem = iv_len % 16;
  if (rem) {
    memset(blk, 0, 16);
    memcpy(blk, iv + iv_len - rem, rem);
    ops->ghash(k, j0, blk, 1);
  }
  memset(blk, 0, 8);
  cce_store64_be(blk + 8, (uint64_t)iv_len * 8);
  ops->ghash(k, j0, blk, 1);
}

void cce_gcm_seal_generic(const cce_gcm_ops *ops, const cce_gcm_key_int *k, const uint8_t j0[16],
                          const uint8_t *aad, size_t aad_len, const uint8_t *in, uint8_t *out, size_t len,
                          uint8_t tag[16], int decrypt) {
  uint8_t xi[16] = {0}, ctr[16], blk[16], ks[16];
  ops->ghash(k, xi, aad, aad_len / 16);
  size_t rem = aad_len % 16;
  if (rem) {
    memset(blk, 0, 16);
    memcpy(blk, aad + aad_len - rem, rem);
    ops->ghash(k, xi, blk, 1);
  }
  memcpy(ctr, j0, 16);
  inc32(ctr);
  size_t nb = len / 16;
  if (decrypt)
    ops->dec(k, ctr, xi, in, out, nb);
  else
    ops->enc(k, ctr, xi, in, out, nb);
  rem = len % 16;
  if (rem) {
    const uint8_t *ip = in + 16 * nb;
    uint8_t *op = out + 16 * nb;
    cce_gcm_aes1(k, ctr, ks);
    memset(blk, 0, 16);
    if (decrypt) memcpy(blk, ip, rem);
    for (size_t i = 0; i < rem; i++) op[i] = (uint8_t)(ip[i] ^ ks[i]);
    if (!decrypt) memcpy(blk, op, rem);
    ops->ghash(k, xi, blk, 1);
  }
  cce_store64_be(blk, (uint64_t)aad_len * 8);
  cce_store64_be(blk + 8, (uint64_t)len * 8);
  ops->ghash(k, xi, blk, 1);
  cce_gcm_aes1(k, j0, ks);
  xor16(tag, xi, ks);
  cce_wipe(ks, sizeof(ks));
  cce_wipe(xi, sizeof(xi));
  cce_wipe(blk, sizeof(blk));
}

// ===========================================================================
// One-shot API

static int tag_len_ok(size_t t) { return t == 4 || t == 8 || (t >= 12 && t <= 16); }

// Argument checks shared by every seal/open. Returns CCE_OK or the error.
static cce_status check_args(const cce_gcm_key *key, const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                             size_t aad_len, const uint8_t *in, size_t len, const void *out, const void *tag,
                             size_t tag_len) {
  if (key == NULL || iv == NULL || tag == NULL || (aad == NULL && aad_len) || ((in == NULL || out == NULL) && len))
    return CCE_ERR_NULL_POINTER;
  if (cce_gcm_kint_c(key)->magic != CCE_GCM_KEY_MAGIC) return CCE_ERR_CTX_STATE;
  if (iv_len == 0 || (uint64_t)iv_len > CCE_GCM_MAX_AAD_BYTES) return CCE_ERR_INVALID_LENGTH;
  if (!tag_len_ok(tag_len)) return CCE_ERR_INVALID_LENGTH;
  if ((uint64_t)len > CCE_GCM_MAX_PT_BYTES || (uint64_t)aad_len > CCE_GCM_MAX_AAD_BYTES)
    return CCE_ERR_LENGTH_OVERFLOW;
  return CCE_OK;
}

static void seal_core(const cce_gcm_key_int *k, const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                      size_t aad_len, const uint8_t *pt, size_t pt_len, uint8_t *out_ct, uint8_t *out_tag,
                      size_t tag_len) {
  const cce_gcm_ops *ops = cce_gcm_ops_get(k->impl);
  uint8_t j0[16], tag[16];
  make_j0(k, ops, iv, iv_len, j0);
  ops->seal(k, j0, aad, aad_len, pt, out_ct, pt_len, tag);
  memcpy(out_tag, tag, tag_len);
  cce_wipe(tag, sizeof(tag));
  cce_wipe(j0, sizeof(j0));
}

static void fail_outputs(uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  if (out != NULL && len) cce_wipe(out, len);
  if (tag != NULL && tag_len && tag_len <= 16) cce_wipe(tag, tag_len);
}

// see gcm.h
cce_status cce_aes_gcm_seal(const cce_gcm_key *key, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                            size_t aad_len, const uint8_t *pt, size_t pt_len, uint8_t *out_ct, uint8_t *out_tag,
                            size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_GCM_SEAL);
  if (st == CCE_OK) st = check_args(key, nonce, nonce_len, aad, aad_len, pt, pt_len, out_ct, out_tag, tag_len);
  if (st != CCE_OK) {
    if (st != CCE_ERR_LENGTH_OVERFLOW) fail_outputs(out_ct, pt_len, out_tag, tag_len);
    else fail_outputs(NULL, 0, out_tag, tag_len);
    return cce_indicate(st, 0);
  }
  seal_core(cce_gcm_kint_c(key), nonce, nonce_len, aad, aad_len, pt, pt_len, out_ct, out_tag, tag_len);
  return cce_indicate(CCE_OK, 0);  // caller-chosen IV: not approved
}

// see gcm.h
cce_status cce_aes_gcm_open(const cce_gcm_key *key, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                            size_t aad_len, const uint8_t *ct, size_t ct_len, const uint8_t *tag, size_t tag_len,
                            uint8_t *out_pt) {
  cce_status st = cce_svc_check(CCE_ST_AES_GCM_OPEN);
  if (st == CCE_OK) st = check_args(key, nonce, nonce_len, aad, aad_len, ct, ct_len, out_pt, tag, tag_len);
  if (st != CCE_OK) {
    if (st != CCE_ERR_LENGTH_OVERFLOW) fail_outputs(out_pt, ct_len, NULL, 0);
    return cce_indicate(st, 1);
  }
  const cce_gcm_key_int *k = cce_gcm_kint_c(key);
  const cce_gcm_ops *ops = cce_gcm_ops_get(k->impl);
  uint8_t j0[16], calc[16];
  make_j0(k, ops, nonce, nonce_len, j0);
  ops->open(k, j0, aad, aad_len, ct, out_pt, ct_len, calc);
  uint32_t ok = cce_ct_memeq_mask(calc, tag, tag_len);
  cce_ct_public(&ok, sizeof ok);  // the verdict is the caller's answer
  cce_wipe(calc, sizeof(calc));
  cce_wipe(j0, sizeof(j0));
  if (!ok) {
    if (ct_len) cce_wipe(out_pt, ct_len);
    return cce_indicate(CCE_ERR_AUTH, 1);
  }
  return cce_indicate(CCE_OK, 1);
}

// ===========================================================================
// IV generation

#define IVGEN_MAGIC 0x49564745u  // "IVGE"

// see gcm.h
cce_status cce_gcm_ivgen_init(cce_gcm_ivgen *gen, const uint8_t fixed[CCE_GCM_IVGEN_FIXED_BYTES], uint64_t start) {
  if (gen == NULL || fixed == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (start == UINT64_MAX) return cce_indicate(CCE_ERR_LIMIT_REACHED, 1);
  memcpy(gen->fixed, fixed, CCE_GCM_IVGEN_FIXED_BYTES);
  gen->next = start;
  gen->magic = IVGEN_MAGIC;
  return cce_indicate(CCE_OK, 1);
}

// see gcm.h
cce_status cce_gcm_ivgen_counter(const cce_gcm_ivgen *gen, uint64_t *out_next) {
  if (gen == NULL || out_next == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (gen->magic != IVGEN_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, 1);
  *out_next = gen->next;
  return cce_indicate(CCE_OK, 1);
}

// Take the next IV from gen (checked by the caller).
static cce_status ivgen_next(cce_gcm_ivgen *gen, uint8_t iv[12]) {
  if (gen->magic != IVGEN_MAGIC) return CCE_ERR_CTX_STATE;
  if (gen->next == UINT64_MAX) return CCE_ERR_LIMIT_REACHED;
  memcpy(iv, gen->fixed, 4);
  cce_store64_be(iv + 4, gen->next);
  gen->next++;
  return CCE_OK;
}

// see gcm.h
cce_status cce_aes_gcm_seal_ivgen(const cce_gcm_key *key, cce_gcm_ivgen *gen, const uint8_t *aad, size_t aad_len,
                                  const uint8_t *pt, size_t pt_len, uint8_t *out_ct, uint8_t out_iv[CCE_GCM_IV_BYTES],
                                  uint8_t *out_tag, size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_GCM_SEAL);
  uint8_t iv[12] = {0};
  if (st == CCE_OK && (gen == NULL || out_iv == NULL)) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) st = check_args(key, iv, 12, aad, aad_len, pt, pt_len, out_ct, out_tag, tag_len);
  if (st == CCE_OK) st = ivgen_next(gen, iv);
  if (st != CCE_OK) {
    fail_outputs(st == CCE_ERR_LENGTH_OVERFLOW ? NULL : out_ct, pt_len, out_tag, tag_len);
    return cce_indicate(st, 1);
  }
  memcpy(out_iv, iv, 12);
  seal_core(cce_gcm_kint_c(key), iv, 12, aad, aad_len, pt, pt_len, out_ct, out_tag, tag_len);
  return cce_indicate(CCE_OK, 1);
}

// see gcm.h
cce_status cce_aes_gcm_seal_randiv(cce_gcm_key *key, const uint8_t *aad, size_t aad_len, const uint8_t *pt,
                                   size_t pt_len, uint8_t *out_ct, uint8_t out_iv[CCE_GCM_IV_BYTES],
                                   uint8_t *out_tag, size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_GCM_SEAL);
  uint8_t iv[12] = {0};
  if (st == CCE_OK && out_iv == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) st = check_args(key, iv, 12, aad, aad_len, pt, pt_len, out_ct, out_tag, tag_len);
  if (st == CCE_OK) {
    cce_gcm_key_int *k = cce_gcm_kint(key);
    uint64_t n = atomic_fetch_add_explicit(&k->rand_iv_count, 1, memory_order_relaxed);
    if (n >= CCE_GCM_MAX_RANDOM_IVS) {
      atomic_store_explicit(&k->rand_iv_count, CCE_GCM_MAX_RANDOM_IVS, memory_order_relaxed);
      st = CCE_ERR_LIMIT_REACHED;
    }
  }
  if (st == CCE_OK) st = cce_random_impl(iv, 12);
  if (st != CCE_OK) {
    fail_outputs(st == CCE_ERR_LENGTH_OVERFLOW ? NULL : out_ct, pt_len, out_tag, tag_len);
    return cce_indicate(st, 1);
  }
  memcpy(out_iv, iv, 12);
  seal_core(cce_gcm_kint_c(key), iv, 12, aad, aad_len, pt, pt_len, out_ct, out_tag, tag_len);
  return cce_indicate(CCE_OK, 1);
}

// ===========================================================================
// Streaming

#define CTX_MAGIC 0x47434d53u  // "GCMS"
#define ST_AAD 1
#define ST_DATA 2

typedef struct gcm_ctx_int {
  const cce_gcm_key_int *key;
  const cce_gcm_ops *ops;
  uint8_t ek0[16];  // E_K(J0)
  uint8_t ctr[16];  // next counter block
  uint8_t xi[16];   // GHASH accumulator
  uint8_t buf[16];  // partial AAD or ciphertext block
  uint8_t ks[16];   // keystream of the current partial data block
  uint64_t aad_len, msg_len;
  uint32_t magic, state, encrypt, approved, pos;
} gcm_ctx_int;

_Static_assert(sizeof(gcm_ctx_int) <= sizeof(cce_gcm_ctx), "cce_gcm_ctx too small");

static gcm_ctx_int *cint(cce_gcm_ctx *c) { return (gcm_ctx_int *)(void *)c->opaque; }

static cce_status stream_start(cce_gcm_ctx *ctx, const cce_gcm_key *key, int encrypt, const uint8_t *iv,
                               size_t iv_len, int approved) {
  gcm_ctx_int *c = cint(ctx);
  const cce_gcm_key_int *k = cce_gcm_kint_c(key);
  uint8_t j0[16];
  memset(c, 0, sizeof(*c));
  c->key = k;
  c->ops = cce_gcm_ops_get(k->impl);
  make_j0(k, c->ops, iv, iv_len, j0);
  cce_gcm_aes1(k, j0, c->ek0);
  memcpy(c->ctr, j0, 16);
  inc32(c->ctr);
  c->encrypt = (uint32_t)encrypt;
  c->approved = (uint32_t)approved;
  c->state = ST_AAD;
  c->magic = CTX_MAGIC;
  cce_wipe(j0, sizeof(j0));
  return CCE_OK;
}

static unsigned st_of(int encrypt) { return encrypt ? CCE_ST_AES_GCM_SEAL : CCE_ST_AES_GCM_OPEN; }

// see gcm.h
cce_status cce_aes_gcm_init(cce_gcm_ctx *ctx, const cce_gcm_key *key, int direction, const uint8_t *iv,
                            size_t iv_len) {
  int approved = direction == CCE_GCM_DECRYPT;
  cce_status st = cce_svc_check(st_of(direction == CCE_GCM_ENCRYPT));
  if (st != CCE_OK) return cce_indicate(st, approved);
  if (ctx == NULL || key == NULL || iv == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, approved);
  cce_wipe(ctx, sizeof(*ctx));
  if (direction != CCE_GCM_ENCRYPT && direction != CCE_GCM_DECRYPT)
    return cce_indicate(CCE_ERR_INVALID_ARG, approved);
  if (cce_gcm_kint_c(key)->magic != CCE_GCM_KEY_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, approved);
  if (iv_len == 0 || (uint64_t)iv_len > CCE_GCM_MAX_AAD_BYTES) return cce_indicate(CCE_ERR_INVALID_LENGTH, approved);
  return cce_indicate(stream_start(ctx, key, direction == CCE_GCM_ENCRYPT, iv, iv_len, approved), approved);
}

// see gcm.h
cce_status cce_aes_gcm_init_ivgen(cce_gcm_ctx *ctx, const cce_gcm_key *key, cce_gcm_ivgen *gen,
                                  uint8_t out_iv[CCE_GCM_IV_BYTES]) {
  cce_status st = cce_svc_check(CCE_ST_AES_GCM_SEAL);
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (ctx == NULL || key == NULL || gen == NULL || out_iv == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  cce_wipe(ctx, sizeof(*ctx));
  if (cce_gcm_kint_c(key)->magic != CCE_GCM_KEY_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, 1);
  uint8_t iv[12];
  st = ivgen_next(gen, iv);
  if (st != CCE_OK) return cce_indicate(st, 1);
  memcpy(out_iv, iv, 12);
  return cce_indicate(stream_start(ctx, key, 1, iv, 12, 1), 1);
}

static cce_status live(cce_gcm_ctx *ctx, gcm_ctx_int **out) {
  if (ctx == NULL) return CCE_ERR_NULL_POINTER;
  gcm_ctx_int *c = cint(ctx);
  if (c->magic != CTX_MAGIC) return CCE_ERR_CTX_STATE;
  *out = c;
  return cce_svc_check(st_of((int)c->encrypt));
}

// see gcm.h
cce_status cce_aes_gcm_update_aad(cce_gcm_ctx *ctx, const uint8_t *aad, size_t aad_len) {
  gcm_ctx_int *c = NULL;
  cce_status st = live(ctx, &c);
  int ap = c ? (int)c->approved : 0;
  if (st != CCE_OK) return cce_indicate(st, ap);
  if (aad == NULL && aad_len) return cce_indicate(CCE_ERR_NULL_POINTER, ap);
  if (c->state != ST_AAD) return cce_indicate(CCE_ERR_CTX_STATE, ap);
  if ((uint64_t)aad_len > CCE_GCM_MAX_AAD_BYTES - c->aad_len) return cce_indicate(CCE_ERR_LENGTH_OVERFLOW, ap);
  c->aad_len += aad_len;
  if (c->pos) {
    while (c->pos < 16 && aad_len) {
      c->buf[c->pos++] = *aad++;
      aad_len--;
    }
    if (c->pos < 16) return cce_indicate(CCE_OK, ap);
    c->ops->ghash(c->key, c->xi, c->buf, 1);
    c->pos = 0;
  }
  c->ops->ghash(c->key, c->xi, aad, aad_len / 16);
  size_t rem = aad_len % 16;
  memcpy(c->buf, aad + aad_len - rem, rem);
  c->pos = (uint32_t)rem;
  return cce_indicate(CCE_OK, ap);
}

// Close the AAD phase (zero-padding a partial block).
static void end_aad(gcm_ctx_int *c) {
  if (c->state != ST_AAD) return;
  if (c->pos) {
    memset(c->buf + c->pos, 0, 16 - c->pos);
    c->ops->ghash(c->key, c->xi, c->buf, 1);
  }
  c->pos = 0;
  c->state = ST_DATA;
}

// see gcm.h
cce_status cce_aes_gcm_update(cce_gcm_ctx *ctx, uint8_t *out, const uint8_t *in, size_t in_len) {
  gcm_ctx_int *c = NULL;
  cce_status st = live(ctx, &c);
  int ap = c ? (int)c->approved : 0;
  if (st != CCE_OK) return cce_indicate(st, ap);
  if ((in == NULL || out == NULL) && in_len) return cce_indicate(CCE_ERR_NULL_POINTER, ap);
  if ((uint64_t)in_len > CCE_GCM_MAX_PT_BYTES - c->msg_len) return cce_indicate(CCE_ERR_LENGTH_OVERFLOW, ap);
  end_aad(c);
  c->msg_len += in_len;
  const int enc = (int)c->encrypt;
  // Finish a partial block first.
  while (c->pos && in_len) {
    uint8_t x = *in++, y = (uint8_t)(x ^ c->ks[c->pos]);
    c->buf[c->pos++] = enc ? y : x;
    *out++ = y;
    in_len--;
    if (c->pos == 16) {
      c->ops->ghash(c->key, c->xi, c->buf, 1);
      c->pos = 0;
    }
  }
  size_t nb = in_len / 16;
  if (nb) {
    if (enc)
      c->ops->enc(c->key, c->ctr, c->xi, in, out, nb);
    else
      c->ops->dec(c->key, c->ctr, c->xi, in, out, nb);
    in += 16 * nb;
    out += 16 * nb;
    in_len -= 16 * nb;
  }
  if (in_len) {
    cce_gcm_aes1(c->key, c->ctr, c->ks);
    inc32(c->ctr);
    for (size_t i = 0; i < in_len; i++) {
      uint8_t x = in[i], y = (uint8_t)(x ^ c->ks[i]);
      c->buf[i] = enc ? y : x;
      out[i] = y;
    }
    c->pos = (uint32_t)in_len;
  }
  return cce_indicate(CCE_OK, ap);
}

// Compute the full tag into tag[16].
static void stream_tag(gcm_ctx_int *c, uint8_t tag[16]) {
  end_aad(c);
  if (c->pos) {
    memset(c->buf + c->pos, 0, 16 - c->pos);
    c->ops->ghash(c->key, c->xi, c->buf, 1);
    c->pos = 0;
  }
  uint8_t blk[16];
  cce_store64_be(blk, c->aad_len * 8);
  cce_store64_be(blk + 8, c->msg_len * 8);
  c->ops->ghash(c->key, c->xi, blk, 1);
  xor16(tag, c->xi, c->ek0);
}

// see gcm.h
cce_status cce_aes_gcm_encrypt_final(cce_gcm_ctx *ctx, uint8_t *out_tag, size_t tag_len) {
  gcm_ctx_int *c = NULL;
  cce_status st = live(ctx, &c);
  int ap = c ? (int)c->approved : 0;
  if (st == CCE_OK && !c->encrypt) st = CCE_ERR_CTX_STATE;
  if (st == CCE_OK && out_tag == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK && !tag_len_ok(tag_len)) st = CCE_ERR_INVALID_LENGTH;
  if (st != CCE_OK) return cce_indicate(st, ap);
  uint8_t tag[16];
  stream_tag(c, tag);
  memcpy(out_tag, tag, tag_len);
  cce_wipe(tag, sizeof(tag));
  cce_wipe(ctx, sizeof(*ctx));
  return cce_indicate(CCE_OK, ap);
}

// see gcm.h
cce_status cce_aes_gcm_decrypt_final(cce_gcm_ctx *ctx, const uint8_t *tag, size_t tag_len) {
  gcm_ctx_int *c = NULL;
  cce_status st = live(ctx, &c);
  if (st == CCE_OK && c->encrypt) st = CCE_ERR_CTX_STATE;
  if (st == CCE_OK && tag == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK && !tag_len_ok(tag_len)) st = CCE_ERR_INVALID_LENGTH;
  if (st != CCE_OK) return cce_indicate(st, 1);
  uint8_t calc[16];
  stream_tag(c, calc);
  uint32_t ok = cce_ct_memeq_mask(calc, tag, tag_len);
  cce_ct_public(&ok, sizeof ok);  // the verdict is the caller's answer
  cce_wipe(calc, sizeof(calc));
  cce_wipe(ctx, sizeof(*ctx));
  return cce_indicate(cce_ct_status(ok, CCE_ERR_AUTH), 1);
}

// see gcm.h
void cce_aes_gcm_ctx_wipe(cce_gcm_ctx *ctx) {
  if (ctx != NULL) cce_wipe(ctx, sizeof(*ctx));
}

// ===========================================================================
// Self-tests: GCM specification (McGrew & Viega, "The Galois/Counter Mode of
// Operation", revised 2005) Test Case 16: AES-256, 96-bit IV, 20-byte AAD,
// 60-byte plaintext.

static const uint8_t kat_key[32] = {0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f,
                                    0x94, 0x67, 0x30, 0x83, 0x08, 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65,
                                    0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08};
static const uint8_t kat_iv[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
static const uint8_t kat_aad[20] = {0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed,
                                    0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2};
static const uint8_t kat_pt[60] = {
    0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26,
    0x9a, 0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda, 0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31,
    0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53, 0x2f, 0xcf, 0x0e, 0x24, 0x49,
    0xa6, 0xb5, 0x25, 0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39};
static const uint8_t kat_ct_tag[76] = {
    0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07, 0xf4, 0x7f, 0x37, 0xa3, 0x2a, 0x84, 0x42, 0x7d,
    0x64, 0x3a, 0x8c, 0xdc, 0xbf, 0xe5, 0xc0, 0xc9, 0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55, 0xd1, 0xaa,
    0x8c, 0xb0, 0x8e, 0x48, 0x59, 0x0d, 0xbb, 0x3d, 0xa7, 0xb0, 0x8b, 0x10, 0x56, 0x82, 0x88, 0x38,
    0xc5, 0xf6, 0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a, 0xbc, 0xc9, 0xf6, 0x62,
    // tag
    0x76, 0xfc, 0x6e, 0xce, 0x0f, 0x4e, 0x17, 0x68, 0xcd, 0xdf, 0x88, 0x53, 0xbb, 0x2d, 0x55, 0x1b};

static cce_status kat_run(int open) {
  cce_gcm_key kk;
  uint8_t buf[76], j0[16];
  cce_status st = cce_gcm_key_init_impl(&kk, kat_key, sizeof(kat_key), cce_gcm_best_impl());
  if (st != CCE_OK) return st;
  const cce_gcm_key_int *k = cce_gcm_kint_c(&kk);
  const cce_gcm_ops *ops = cce_gcm_ops_get(k->impl);
  make_j0(k, ops, kat_iv, 12, j0);
  if (!open) {
    ops->seal(k, j0, kat_aad, sizeof(kat_aad), kat_pt, buf, 60, buf + 60);
    st = cce_kat_check(CCE_ST_AES_GCM_SEAL, buf, kat_ct_tag, sizeof(kat_ct_tag));
  } else {
    ops->open(k, j0, kat_aad, sizeof(kat_aad), kat_ct_tag, buf, 60, buf + 60);
    // The tag computed over the ciphertext must match, and so must the
    // plaintext; check both in one comparison.
    uint8_t want[76];
    memcpy(want, kat_pt, 60);
    memcpy(want + 60, kat_ct_tag + 60, 16);
    st = cce_kat_check(CCE_ST_AES_GCM_OPEN, buf, want, sizeof(want));
  }
  cce_gcm_key_wipe(&kk);
  cce_wipe(buf, sizeof(buf));
  return st;
}

cce_status cce_kat_aes_gcm_seal(void) { return kat_run(0); }
cce_status cce_kat_aes_gcm_open(void) { return kat_run(1); }
