// DRBG zeroization self-test (selftest_list.h: CCE_ST_DRBG_ZEROIZE).
//
// SP 800-90A 9.4 (Uninstantiate) requires the internal state of an
// instance to be erased. For each mechanism (CTR_DRBG AES-256 with df,
// Hash_DRBG SHA2-256, HMAC_DRBG SHA2-256) this test instantiates a state in
// a caller-style cce_drbg_ctx with fixed entropy, generates once, calls the
// module's own uninstantiate routine (cce_drbg_uninstantiate, which has no
// service gate and does not touch the indicator) and checks that every byte
// of the context is zero afterwards. It also checks that the state was not
// already zero before the wipe, so the test cannot pass vacuously.
//
// The mechanisms are driven through their `_impl` functions (no gate, no
// indicator): a self-test must not recurse into the service gate.
//
// Fault injection (CCE_FAULT_INJECTION builds): when CCE_FAULT_INJECT names
// this test, one byte of the state is put back after the wipe, as an
// incomplete zeroization would leave it, and the check must then fail.

#include "cce/drbg.h"
#include "internal.h"

CCE_HIDDEN cce_status cce_st_drbg_zeroize(void);

_Static_assert(sizeof(cce_ctr_drbg) <= sizeof(cce_drbg_ctx), "CTR_DRBG state larger than cce_drbg_ctx");
_Static_assert(sizeof(cce_hash_drbg) <= sizeof(cce_drbg_ctx), "Hash_DRBG state larger than cce_drbg_ctx");
_Static_assert(sizeof(cce_hmac_drbg) <= sizeof(cce_drbg_ctx), "HMAC_DRBG state larger than cce_drbg_ctx");
_Static_assert(_Alignof(cce_ctr_drbg) <= _Alignof(cce_drbg_ctx), "cce_drbg_ctx alignment too small");

// Fixed inputs: distinctive patterns, no secret.
static const uint8_t zt_entropy[32] = {
    0xa5, 0x5a, 0xc3, 0x3c, 0x96, 0x69, 0x0f, 0xf0, 0xa5, 0x5a, 0xc3, 0x3c, 0x96, 0x69, 0x0f, 0xf0,
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
static const uint8_t zt_nonce[16] = {0x5a, 0xa5, 0x3c, 0xc3, 0x69, 0x96, 0xf0, 0x0f,
                                     0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe};
static const uint8_t zt_perso[] = "OpenCCE DRBG zeroization test";

// OR of every byte (0 iff all zero). Runs over the whole buffer, no early exit.
static uint8_t or_bytes(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc;
}

// Wipes `ctx` with the module's uninstantiate routine and checks it. `used`
// is the number of bytes the mechanism's state occupies at the start of
// the context, `out` the block just generated.
static cce_status wipe_and_check(cce_drbg_ctx *ctx, size_t used, const uint8_t *out, size_t out_len) {
  // Before: the state and the output must be non-trivial.
  uint8_t before = (uint8_t)(or_bytes(ctx->opaque_, used) != 0 && or_bytes(out, out_len) != 0);
  // The byte a faulty wipe would leave behind (fault injection only).
  uint8_t planted = ctx->opaque_[used / 2] | 0x01;
  cce_drbg_uninstantiate(ctx);
  if (cce_fault_active(CCE_ST_DRBG_ZEROIZE)) ctx->opaque_[used / 2] = planted;
  uint8_t after = or_bytes(ctx->opaque_, sizeof ctx->opaque_);
  cce_status st = (before && after == 0) ? CCE_OK : CCE_ERR_SELFTEST;
  cce_wipe(ctx, sizeof *ctx);
  return st;
}

cce_status cce_st_drbg_zeroize(void) {
  cce_status st = CCE_ERR_SELFTEST;
  cce_drbg_ctx ctx;
  uint8_t out[64];
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_SELFTEST;

  // CTR_DRBG, AES-256, derivation function, 128-bit counter field.
  memset(&ctx, 0, sizeof ctx);
  cce_ctr_drbg *ctr = (cce_ctr_drbg *)(void *)ctx.opaque_;
  if (cce_ctr_drbg_instantiate_impl(ctr, 32, 1, 128, zt_entropy, sizeof zt_entropy, zt_nonce, sizeof zt_nonce,
                                    zt_perso, sizeof zt_perso - 1) != CCE_OK)
    goto done;
  cce_ctr_drbg_generate_impl(ctr, out, sizeof out, NULL, 0);
  if (wipe_and_check(&ctx, sizeof *ctr, out, sizeof out) != CCE_OK) goto done;

  // Hash_DRBG, SHA2-256.
  memset(&ctx, 0, sizeof ctx);
  cce_hash_drbg *hs = (cce_hash_drbg *)(void *)ctx.opaque_;
  cce_hash_drbg_instantiate_impl(hs, d, zt_entropy, sizeof zt_entropy, zt_nonce, sizeof zt_nonce, zt_perso,
                                 sizeof zt_perso - 1);
  cce_hash_drbg_generate_impl(hs, 1, out, sizeof out, NULL, 0);
  if (wipe_and_check(&ctx, sizeof *hs, out, sizeof out) != CCE_OK) goto done;

  // HMAC_DRBG, SHA2-256.
  memset(&ctx, 0, sizeof ctx);
  cce_hmac_drbg *hm = (cce_hmac_drbg *)(void *)ctx.opaque_;
  cce_hmac_drbg_instantiate_impl(hm, d, zt_entropy, sizeof zt_entropy, zt_nonce, sizeof zt_nonce, zt_perso,
                                 sizeof zt_perso - 1);
  cce_hmac_drbg_generate_impl(hm, out, sizeof out, NULL, 0);
  if (wipe_and_check(&ctx, sizeof *hm, out, sizeof out) != CCE_OK) goto done;

  st = CCE_OK;
done:
  cce_wipe(&ctx, sizeof ctx);
  cce_wipe(out, sizeof out);
  return st;
}
