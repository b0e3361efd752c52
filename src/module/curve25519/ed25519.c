// Ed25519, Ed25519ctx and Ed25519ph (RFC 8032 section 5.1; FIPS 186-5
// section 7), with the known-answer self-test and the pairwise consistency
// test of key generation.
//
//   key:    h = SHA-512(d); s = clamp(h[0..32)); prefix = h[32..64); A = [s]B
//   sign:   r = SHA-512(dom2 || prefix || M') mod L; R = [r]B;
//           k = SHA-512(dom2 || R || A || M') mod L; S = (r + k s) mod L
//   verify: S < L, A decodes (strictly), and enc([S]B - [k]A) == R
// where M' = M (pure, ctx) or SHA-512(M) (ph), and dom2 is empty for pure
// Ed25519, else "SigEd25519 no Ed25519 collisions" || phflag || |ctx| || ctx.

#include "../hash/internal.h"
#include "../rand/internal.h"
#include "internal.h"

#ifdef CCE_TEST_HOOKS
int cce_ed25519_test_break_pct;
#endif

static const uint8_t dom2_prefix[32] = "SigEd25519 no Ed25519 collisions";

static void hash_dom2(cce_sha512_state *st, cce_ed25519_variant v, const uint8_t *ctx, size_t ctx_len) {
  cce_sha512_init_impl(st, CCE_HASH_SHA512);
  if (v == CCE_ED25519_PURE) return;
  uint8_t hdr[2] = {(uint8_t)(v == CCE_ED25519_PH), (uint8_t)ctx_len};
  (void)cce_sha512_update_impl(st, dom2_prefix, sizeof dom2_prefix);
  (void)cce_sha512_update_impl(st, hdr, 2);
  if (ctx_len) (void)cce_sha512_update_impl(st, ctx, ctx_len);
}

static void sha512(uint8_t out[64], const uint8_t *m, size_t len) {
  cce_sha512_state st;
  cce_sha512_init_impl(&st, CCE_HASH_SHA512);
  (void)cce_sha512_update_impl(&st, m, len);
  cce_sha512_final_impl(&st, out);
}

// h = SHA-512(seed), clamped in its first half.
static void expand_key(uint8_t h[64], const uint8_t priv[32]) {
  sha512(h, priv, 32);
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
}

void cce_ed25519_public_impl(uint8_t pub[32], const uint8_t priv[32]) {
  uint8_t h[64];
  ge25519_p3 A;
  expand_key(h, priv);
  cce_ge25519_scalarmult_base(&A, h);
  cce_ge25519_p3_tobytes(pub, &A);
  cce_wipe(h, sizeof h);
  cce_wipe(&A, sizeof A);
}

void cce_ed25519_sign_impl(uint8_t sig[64], cce_ed25519_variant v, const uint8_t *msg, size_t msg_len,
                           const uint8_t *ctx, size_t ctx_len, const uint8_t priv[32], const uint8_t pub[32]) {
  uint8_t h[64], r[64], k[64], ph[64];
  cce_sha512_state st;
  ge25519_p3 R;
  if (v == CCE_ED25519_PH) {
    sha512(ph, msg, msg_len);
    msg = ph;
    msg_len = 64;
  }
  expand_key(h, priv);
  // r = SHA-512(dom2 || prefix || M) mod L
  hash_dom2(&st, v, ctx, ctx_len);
  (void)cce_sha512_update_impl(&st, h + 32, 32);
  (void)cce_sha512_update_impl(&st, msg, msg_len);
  cce_sha512_final_impl(&st, r);
  cce_sc25519_reduce(r, r);
  cce_ge25519_scalarmult_base(&R, r);
  cce_ge25519_p3_tobytes(sig, &R);
  // k = SHA-512(dom2 || R || A || M) mod L
  hash_dom2(&st, v, ctx, ctx_len);
  (void)cce_sha512_update_impl(&st, sig, 32);
  (void)cce_sha512_update_impl(&st, pub, 32);
  (void)cce_sha512_update_impl(&st, msg, msg_len);
  cce_sha512_final_impl(&st, k);
  cce_sc25519_reduce(k, k);
  cce_sc25519_muladd(sig + 32, k, h, r);  // S = k s + r
  cce_wipe(h, sizeof h);
  cce_wipe(r, sizeof r);
  cce_wipe(&R, sizeof R);
  cce_wipe(&st, sizeof st);
}

int cce_ed25519_verify_impl(const uint8_t sig[64], cce_ed25519_variant v, const uint8_t *msg, size_t msg_len,
                            const uint8_t *ctx, size_t ctx_len, const uint8_t pub[32]) {
  uint8_t k[64], ph[64], rcheck[32];
  cce_sha512_state st;
  ge25519_p3 A;
  ge25519_p2 Rp;
  if (!cce_sc25519_is_canonical(sig + 32)) return 0;
  if (cce_ge25519_frombytes_vartime(&A, pub) != 0) return 0;
  if (v == CCE_ED25519_PH) {
    sha512(ph, msg, msg_len);
    msg = ph;
    msg_len = 64;
  }
  hash_dom2(&st, v, ctx, ctx_len);
  (void)cce_sha512_update_impl(&st, sig, 32);
  (void)cce_sha512_update_impl(&st, pub, 32);
  (void)cce_sha512_update_impl(&st, msg, msg_len);
  cce_sha512_final_impl(&st, k);
  cce_sc25519_reduce(k, k);
  // [S]B + [k](-A)
  fe25519_neg(&A.X, &A.X);
  fe25519_neg(&A.T, &A.T);
  cce_ge25519_double_scalarmult_vartime(&Rp, k, &A, sig + 32);
  cce_ge25519_p2_tobytes(rcheck, &Rp);
  return memcmp(rcheck, sig, 32) == 0;
}

// ---------------------------------------------------------------------------
// Self-test: RFC 8032 section 7.1 TEST 1 (empty message): public key from
// the seed, the signature, and its verification.

static const uint8_t kat_seed[32] = {0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                     0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                     0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
static const uint8_t kat_pub[32] = {0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
                                    0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
                                    0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};
static const uint8_t kat_sig[64] = {
    0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
    0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
    0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
    0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b};

cce_status cce_kat_ed25519(void) {
  uint8_t pub[32], sig[64];
  cce_ed25519_public_impl(pub, kat_seed);
  cce_status st = cce_kat_check(CCE_ST_EDDSA, pub, kat_pub, 32);
  if (st != CCE_OK) return st;
  cce_ed25519_sign_impl(sig, CCE_ED25519_PURE, NULL, 0, NULL, 0, kat_seed, kat_pub);
  st = cce_kat_check(CCE_ST_EDDSA, sig, kat_sig, 64);
  if (st != CCE_OK) return st;
  // Verification: the KAT signature passes and a modified one fails.
  uint8_t ok[2] = {(uint8_t)cce_ed25519_verify_impl(kat_sig, CCE_ED25519_PURE, NULL, 0, NULL, 0, kat_pub), 0};
  memcpy(sig, kat_sig, 64);
  sig[0] ^= 1;
  ok[1] = (uint8_t)!cce_ed25519_verify_impl(sig, CCE_ED25519_PURE, NULL, 0, NULL, 0, kat_pub);
  static const uint8_t want[2] = {1, 1};
  return cce_kat_check(CCE_ST_EDDSA, ok, want, 2);
}

// ---------------------------------------------------------------------------
// Public services.

static cce_status ed_gate(void) { return cce_svc_check2(CCE_ST_SHA512, CCE_ST_EDDSA); }

cce_status cce_ed25519_keypair(uint8_t out_public[32], uint8_t out_private[32]) {
  cce_status st = ed_gate();
  if (st != CCE_OK) goto fail;
  if (out_public == NULL || out_private == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  st = cce_random_impl(out_private, 32);
  if (st != CCE_OK) goto fail;
  cce_ed25519_public_impl(out_public, out_private);
  // Pairwise consistency test (FIPS 140-3 IG 10.3.A): sign and verify.
  static const uint8_t pct_msg[] = "OpenCCE Ed25519 pairwise consistency test";
  uint8_t sig[64];
  cce_ed25519_sign_impl(sig, CCE_ED25519_PURE, pct_msg, sizeof pct_msg - 1, NULL, 0, out_private, out_public);
#ifdef CCE_TEST_HOOKS
  if (cce_ed25519_test_break_pct) sig[40] ^= 1;
#endif
  int ok = cce_ed25519_verify_impl(sig, CCE_ED25519_PURE, pct_msg, sizeof pct_msg - 1, NULL, 0, out_public);
  cce_wipe(sig, sizeof sig);
  if (!ok) {
    cce_module_fail("Ed25519 PCT");
    st = CCE_ERR_SELFTEST;
    goto fail;
  }
  return cce_indicate(CCE_OK, 1);
fail:
  if (out_public != NULL) cce_wipe(out_public, 32);
  if (out_private != NULL) cce_wipe(out_private, 32);
  return cce_indicate(st, 0);
}

cce_status cce_ed25519_public_from_private(uint8_t out_public[32], const uint8_t private_key[32]) {
  cce_status st = ed_gate();
  if (st != CCE_OK) goto fail;
  if (out_public == NULL || private_key == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  cce_ed25519_public_impl(out_public, private_key);
  return cce_indicate(CCE_OK, 1);
fail:
  if (out_public != NULL) cce_wipe(out_public, 32);
  return cce_indicate(st, 0);
}

// Full public-key validation: decodes strictly, not neutral, [L]Q neutral.
static int public_check_impl(const uint8_t pub[32]) {
  static const uint8_t order[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                    0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                    0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
  static const uint8_t zero[32] = {0};
  static const uint8_t neutral[32] = {1};
  ge25519_p3 Q;
  ge25519_p2 R;
  uint8_t enc[32];
  if (cce_ge25519_frombytes_vartime(&Q, pub) != 0) return 0;
  if (memcmp(pub, neutral, 32) == 0) return 0;
  cce_ge25519_double_scalarmult_vartime(&R, order, &Q, zero);
  cce_ge25519_p2_tobytes(enc, &R);
  return memcmp(enc, neutral, 32) == 0;
}

cce_status cce_ed25519_public_check(const uint8_t public_key[32]) {
  cce_status st = ed_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (public_key == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  return cce_indicate(public_check_impl(public_key) ? CCE_OK : CCE_ERR_POINT_INVALID, 1);
}

static cce_status sign_common(uint8_t *sig, cce_ed25519_variant v, const uint8_t *msg, size_t msg_len,
                              const uint8_t *ctx, size_t ctx_len, const uint8_t *priv, const uint8_t *pub) {
  uint8_t own_pub[32];
  cce_status st = ed_gate();
  if (st != CCE_OK) goto fail;
  if (sig == NULL || priv == NULL || (msg == NULL && msg_len > 0) || (ctx == NULL && ctx_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  if (ctx_len > CCE_ED25519_MAX_CONTEXT_BYTES || (v == CCE_ED25519_CTX && ctx_len == 0)) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  if (pub == NULL) {
    cce_ed25519_public_impl(own_pub, priv);
    pub = own_pub;
  }
  cce_ed25519_sign_impl(sig, v, msg, msg_len, ctx, ctx_len, priv, pub);
  return cce_indicate(CCE_OK, 1);
fail:
  if (sig != NULL) cce_wipe(sig, 64);
  return cce_indicate(st, 0);
}

static cce_status verify_common(const uint8_t *sig, cce_ed25519_variant v, const uint8_t *msg, size_t msg_len,
                                const uint8_t *ctx, size_t ctx_len, const uint8_t *pub) {
  cce_status st = ed_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (sig == NULL || pub == NULL || (msg == NULL && msg_len > 0) || (ctx == NULL && ctx_len > 0))
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx_len > CCE_ED25519_MAX_CONTEXT_BYTES || (v == CCE_ED25519_CTX && ctx_len == 0))
    return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  int ok = cce_ed25519_verify_impl(sig, v, msg, msg_len, ctx, ctx_len, pub);
  return cce_indicate(ok ? CCE_OK : CCE_ERR_SIGNATURE, 1);
}

cce_status cce_ed25519_sign(uint8_t out_sig[64], const uint8_t *msg, size_t msg_len, const uint8_t private_key[32],
                            const uint8_t public_key[32]) {
  return sign_common(out_sig, CCE_ED25519_PURE, msg, msg_len, NULL, 0, private_key, public_key);
}

cce_status cce_ed25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len,
                              const uint8_t public_key[32]) {
  return verify_common(sig, CCE_ED25519_PURE, msg, msg_len, NULL, 0, public_key);
}

cce_status cce_ed25519ctx_sign(uint8_t out_sig[64], const uint8_t *msg, size_t msg_len, const uint8_t *context,
                               size_t context_len, const uint8_t private_key[32], const uint8_t public_key[32]) {
  return sign_common(out_sig, CCE_ED25519_CTX, msg, msg_len, context, context_len, private_key, public_key);
}

cce_status cce_ed25519ctx_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len, const uint8_t *context,
                                 size_t context_len, const uint8_t public_key[32]) {
  return verify_common(sig, CCE_ED25519_CTX, msg, msg_len, context, context_len, public_key);
}

cce_status cce_ed25519ph_sign(uint8_t out_sig[64], const uint8_t *msg, size_t msg_len, const uint8_t *context,
                              size_t context_len, const uint8_t private_key[32], const uint8_t public_key[32]) {
  return sign_common(out_sig, CCE_ED25519_PH, msg, msg_len, context, context_len, private_key, public_key);
}

cce_status cce_ed25519ph_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len, const uint8_t *context,
                                size_t context_len, const uint8_t public_key[32]) {
  return verify_common(sig, CCE_ED25519_PH, msg, msg_len, context, context_len, public_key);
}
