// HSS (RFC 8554 section 6) over the LMS trees of lms.c, with the private key
// kept in a fixed-size blob and the one-time-leaf counter advanced and made
// durable (through the caller's persist callback) before any signature is
// released.
//
// Private key blob (CCE_HSS_PRIVATE_LEN bytes, docs/lms.md):
//   [0..4)    magic "HSSk"          [4]  version 2       [5]  levels L
//   [6..8)    zero                  [8..16)  q, next leaf (u64, big-endian)
//   [16..24)  LMS type per level (low byte of the type code, 0 if unused)
//   [24..32)  LM-OTS type per level (low byte)
//   [32..64)  SEED of the top tree (m bytes, zero padded)
//   [64..80)  I of the top tree     [80..96) zero
//   [96..128) SHA-256 of bytes [0..96) and [128..end) (detects damage)
//   [128 + 2064 l ..) node cache of level l: u64 index of the cached tree
//             within its level, a valid byte, 7 zero bytes, then the 64
//             nodes (32-byte stride) at height h - 6 of that tree (the 2^h
//             leaf nodes when h < 6).
//
// q counts the signatures of the whole hierarchy: with heights h_0 (top) ..
// h_{L-1}, the leaf of level l is (q >> (h_{l+1} + ... + h_{L-1})) mod 2^h_l.
// Lower trees are derived from their parent tree (I', SEED') and the parent
// leaf q' that signs them:
//   SEED_child = H(I' || u32str(q') || u16str(0xFFFE) || u8str(0xff) || SEED')
//   I_child    = first 16 bytes of H(I' || u32str(q') || u16str(0xFFFF) || u8str(0xff) || SEED')
// (truncated to the child's m). Each signature computes, per level, the
// authentication path from the node cache: the 2^(h-6) leaves of one
// subtree (all of them only when a level's tree changes, before the new
// state is persisted: a full tree of 2^h leaves, once per tree). The
// randomiser C of each LM-OTS signature is derived from SEED, so the
// signatures a leaf makes of a child public key are identical every time.

#include "internal.h"

#include "../hash/internal.h"
#include "../rand/internal.h"

#define HSS_MAGIC 0x4853536bu  // "HSSk"
#define HSS_VERSION 2u
#define HSS_HEADER 128u
#define HSS_CACHE_STRIDE (16u + 32u * (1u << CCE_LMS_CACHE_LOG))
#define HSS_CHECK_AT 96u
#define HSS_MAX_TOTAL_HEIGHT 63u

typedef struct hss_key {
  unsigned levels;
  const lms_param *lp[CCE_HSS_MAX_LEVELS];
  const lms_ots_param *op[CCE_HSS_MAX_LEVELS];
  unsigned total_h;
  uint64_t q;
  uint8_t seed[32];
  uint8_t I[16];
} hss_key;

_Static_assert(CCE_HSS_PRIVATE_LEN == HSS_HEADER + CCE_HSS_MAX_LEVELS * HSS_CACHE_STRIDE,
               "CCE_HSS_PRIVATE_LEN does not match the blob layout");

static uint8_t *cache_at(uint8_t *b, unsigned level) { return b + HSS_HEADER + (size_t)level * HSS_CACHE_STRIDE; }

static void blob_check(const uint8_t *b, uint8_t out[32]) {
  cce_sha256_state st;
  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, b, HSS_CHECK_AT);
  (void)cce_sha256_update_impl(&st, b + HSS_HEADER, CCE_HSS_PRIVATE_LEN - HSS_HEADER);
  cce_sha256_final_impl(&st, out);
  cce_wipe(&st, sizeof(st));
}

static cce_status hss_gate(void) { return cce_svc_check2(CCE_ST_SHA256, CCE_ST_LMS); }

static cce_status params_check(const cce_hss_params *p, hss_key *k) {
  if (p->levels < 1 || p->levels > CCE_HSS_MAX_LEVELS) return CCE_ERR_INVALID_ARG;
  k->levels = p->levels;
  k->total_h = 0;
  for (unsigned i = 0; i < p->levels; i++) {
    k->lp[i] = cce_lms_param(p->lms_type[i]);
    k->op[i] = cce_lms_ots_param(p->ots_type[i]);
    if (k->lp[i] == NULL || k->op[i] == NULL || k->lp[i]->m != k->op[i]->n) return CCE_ERR_UNSUPPORTED;
    k->total_h += k->lp[i]->h;
  }
  if (k->total_h > HSS_MAX_TOTAL_HEIGHT) return CCE_ERR_UNSUPPORTED;
  return CCE_OK;
}

// Writes the header of `k` into b (the caches in b are kept) and the check.
static void blob_write(const hss_key *k, uint8_t *b) {
  memset(b, 0, HSS_CHECK_AT);
  cce_store32_be(b, HSS_MAGIC);
  b[4] = HSS_VERSION;
  b[5] = (uint8_t)k->levels;
  cce_store64_be(b + 8, k->q);
  for (unsigned i = 0; i < k->levels; i++) {
    b[16 + i] = (uint8_t)k->lp[i]->type;
    b[24 + i] = (uint8_t)k->op[i]->type;
  }
  memcpy(b + 32, k->seed, k->lp[0]->m);
  memcpy(b + 64, k->I, 16);
  blob_check(b, b + HSS_CHECK_AT);
}

static cce_status blob_read(const uint8_t *b, size_t len, hss_key *k) {
  if (len != CCE_HSS_PRIVATE_LEN) return CCE_ERR_INVALID_LENGTH;
  uint8_t chk[32];
  blob_check(b, chk);
  if (cce_load32_be(b) != HSS_MAGIC || b[4] != HSS_VERSION || memcmp(chk, b + HSS_CHECK_AT, 32) != 0)
    return CCE_ERR_DECODE;
  cce_hss_params p;
  memset(&p, 0, sizeof(p));
  p.levels = b[5];
  if (p.levels < 1 || p.levels > CCE_HSS_MAX_LEVELS) return CCE_ERR_DECODE;
  for (unsigned i = 0; i < p.levels; i++) {
    p.lms_type[i] = b[16 + i];
    p.ots_type[i] = b[24 + i];
  }
  cce_status s = params_check(&p, k);
  if (s != CCE_OK) return s == CCE_ERR_UNSUPPORTED ? s : CCE_ERR_DECODE;
  k->q = cce_load64_be(b + 8);
  memcpy(k->seed, b + 32, 32);
  memcpy(k->I, b + 64, 16);
  return CCE_OK;
}

static size_t hss_pub_len(const hss_key *k) { return 4 + cce_lms_pub_len(k->lp[0]); }

static size_t hss_sig_len(const hss_key *k) {
  size_t len = 4;
  for (unsigned i = 0; i < k->levels; i++) {
    len += cce_lms_sig_len(k->lp[i], k->op[i]);
    if (i + 1 < k->levels) len += cce_lms_pub_len(k->lp[i + 1]);
  }
  return len;
}

static void lms_pub_encode(const lms_tree_key *t, const uint8_t *root, uint8_t *out) {
  cce_store32_be(out, t->lp->type);
  cce_store32_be(out + 4, t->op->type);
  memcpy(out + 8, t->I, 16);
  memcpy(out + 24, root, t->lp->m);
}

// The tree keys of every level for global leaf q, and each level's leaf.
static void hss_trees(const hss_key *k, uint64_t q, lms_tree_key *t, uint32_t *leaf, uint64_t *tree) {
  unsigned shift = k->total_h;
  for (unsigned i = 0; i < k->levels; i++) {
    shift -= k->lp[i]->h;
    leaf[i] = (uint32_t)((q >> shift) & (((uint64_t)1 << k->lp[i]->h) - 1));
    tree[i] = (shift + k->lp[i]->h) >= 64 ? 0 : q >> (shift + k->lp[i]->h);
    t[i].lp = k->lp[i];
    t[i].op = k->op[i];
    if (i == 0) {
      memcpy(t[0].I, k->I, 16);
      memcpy(t[0].seed, k->seed, 32);
    } else {
      uint8_t d[32];
      cce_lms_prf_impl(t[i - 1].I, leaf[i - 1], 0xFFFE, 0xff, t[i - 1].seed, t[i - 1].lp->m, d);
      memset(t[i].seed, 0, 32);
      memcpy(t[i].seed, d, t[i].lp->m);
      cce_lms_prf_impl(t[i - 1].I, leaf[i - 1], 0xFFFF, 0xff, t[i - 1].seed, t[i - 1].lp->m, d);
      memcpy(t[i].I, d, 16);
      cce_wipe(d, sizeof(d));
    }
  }
}

cce_status cce_hss_keygen(const cce_hss_params *params, uint8_t *priv, size_t priv_len, uint8_t *pub,
                          size_t pub_cap, size_t *pub_len) {
  cce_status st = hss_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (params == NULL || priv == NULL || pub == NULL || pub_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (priv_len != CCE_HSS_PRIVATE_LEN) return cce_indicate(CCE_ERR_INVALID_LENGTH, 1);
  hss_key k;
  memset(&k, 0, sizeof(k));
  st = params_check(params, &k);
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (pub_cap < hss_pub_len(&k)) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 1);
  st = cce_random_impl(k.seed, k.lp[0]->m);
  if (st == CCE_OK) st = cce_random_impl(k.I, 16);
  if (st != CCE_OK) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(st, 1);
  }
  k.q = 0;
  lms_tree_key t;
  t.lp = k.lp[0];
  t.op = k.op[0];
  memcpy(t.I, k.I, 16);
  memcpy(t.seed, k.seed, 32);
  uint8_t root[32];
  memset(priv, 0, priv_len);
  uint8_t *c0 = cache_at(priv, 0);  // the top tree's cache, tree index 0
  cce_lms_tree_cache_impl(&t, c0 + 16, root);
  c0[8] = 1;
  cce_store32_be(pub, k.levels);
  lms_pub_encode(&t, root, pub + 4);
  *pub_len = hss_pub_len(&k);
  blob_write(&k, priv);
  cce_wipe(&t, sizeof(t));
  cce_wipe(&k, sizeof(k));
  return cce_indicate(CCE_OK, 1);
}

cce_status cce_hss_public_from_private(const uint8_t *priv, size_t priv_len, uint8_t *pub, size_t pub_cap,
                                       size_t *pub_len) {
  cce_status st = hss_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (priv == NULL || pub == NULL || pub_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  hss_key k;
  st = blob_read(priv, priv_len, &k);
  if (st != CCE_OK) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(st, 1);
  }
  if (pub_cap < hss_pub_len(&k)) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 1);
  }
  lms_tree_key t;
  t.lp = k.lp[0];
  t.op = k.op[0];
  memcpy(t.I, k.I, 16);
  memcpy(t.seed, k.seed, 32);
  uint8_t root[32];
  const uint8_t *c0 = priv + HSS_HEADER;
  if (c0[8] == 1 && cce_load64_be(c0) == 0)
    cce_lms_root_cached_impl(&t, c0 + 16, root);
  else
    cce_lms_tree_impl(&t, 0, root, NULL);
  cce_store32_be(pub, k.levels);
  lms_pub_encode(&t, root, pub + 4);
  *pub_len = hss_pub_len(&k);
  cce_wipe(&t, sizeof(t));
  cce_wipe(&k, sizeof(k));
  return cce_indicate(CCE_OK, 1);
}

cce_status cce_hss_sig_len(const uint8_t *priv, size_t priv_len, size_t *sig_len) {
  cce_status st = hss_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (priv == NULL || sig_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  hss_key k;
  st = blob_read(priv, priv_len, &k);
  if (st == CCE_OK) *sig_len = hss_sig_len(&k);
  cce_wipe(&k, sizeof(k));
  return cce_indicate(st, 1);
}

cce_status cce_hss_remaining(const uint8_t *priv, size_t priv_len, uint64_t *remaining) {
  cce_status st = hss_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (priv == NULL || remaining == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  hss_key k;
  st = blob_read(priv, priv_len, &k);
  if (st == CCE_OK) {
    uint64_t total = (uint64_t)1 << k.total_h;
    *remaining = k.q >= total ? 0 : total - k.q;
  }
  cce_wipe(&k, sizeof(k));
  return cce_indicate(st, 1);
}

cce_status cce_hss_sign(uint8_t *priv, size_t priv_len, cce_lms_persist_fn persist, void *persist_ctx,
                        const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap, size_t *sig_len) {
  cce_status st = hss_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (priv == NULL || persist == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0))
    return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  hss_key k;
  st = blob_read(priv, priv_len, &k);
  if (st != CCE_OK) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(st, 1);
  }
  size_t len = hss_sig_len(&k);
  if (sig_cap < len) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 1);
  }
  if (k.q >= ((uint64_t)1 << k.total_h)) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_LIMIT_REACHED, 1);
  }
  uint64_t q = k.q;
  lms_tree_key t[CCE_HSS_MAX_LEVELS];
  uint32_t leaf[CCE_HSS_MAX_LEVELS];
  uint64_t tree[CCE_HSS_MAX_LEVELS];
  hss_trees(&k, q, t, leaf, tree);
  // Node caches of the trees leaf q uses: a tree seen for the first time
  // (a new lower tree) is computed in full now (public values only).
  for (unsigned i = 0; i < k.levels; i++) {
    uint8_t *c = cache_at(priv, i), root[32];
    if (c[8] != 1 || cce_load64_be(c) != tree[i]) {
      memset(c, 0, HSS_CACHE_STRIDE);
      cce_lms_tree_cache_impl(&t[i], c + 16, root);
      cce_store64_be(c, tree[i]);
      c[8] = 1;
    }
  }
  // Advance, persist, and only then sign.
  k.q = q + 1;
  blob_write(&k, priv);
  if (persist(persist_ctx, priv, priv_len) != 0) {
    cce_wipe(t, sizeof(t));
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_PERSIST, 1);
  }
  static const uint8_t empty[1] = {0};
  if (msg == NULL) msg = empty;
  // Layout: u32 Nspk || (sig_i || pub_{i+1}) for i < L-1 || sig_{L-1}.
  size_t off[CCE_HSS_MAX_LEVELS], at = 4;
  for (unsigned i = 0; i < k.levels; i++) {
    off[i] = at;
    at += cce_lms_sig_len(t[i].lp, t[i].op);
    if (i + 1 < k.levels) at += cce_lms_pub_len(t[i + 1].lp);
  }
  cce_store32_be(sig, k.levels - 1);
  // Bottom-up: each level's root is the message of the level above.
  uint8_t root[32];
  unsigned L = k.levels;
  cce_lms_sign_cached_impl(&t[L - 1], cache_at(priv, L - 1) + 16, leaf[L - 1], msg, msg_len, sig + off[L - 1],
                           root);
  for (unsigned i = L - 1; i > 0; i--) {
    uint8_t *pubc = sig + off[i - 1] + cce_lms_sig_len(t[i - 1].lp, t[i - 1].op);
    lms_pub_encode(&t[i], root, pubc);
    cce_lms_sign_cached_impl(&t[i - 1], cache_at(priv, i - 1) + 16, leaf[i - 1], pubc, cce_lms_pub_len(t[i].lp),
                             sig + off[i - 1], root);
  }
  *sig_len = len;
  cce_wipe(t, sizeof(t));
  cce_wipe(&k, sizeof(k));
  return cce_indicate(CCE_OK, 1);
}

// HSS verification (RFC 8554 6.3). 0 valid, -1 invalid.
CCE_HIDDEN int cce_hss_verify_impl(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len,
                                   const uint8_t *sig, size_t sig_len);
int cce_hss_verify_impl(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                        size_t sig_len) {
  if (pub_len < 4 || sig_len < 4) return -1;
  uint32_t L = cce_load32_be(pub);
  if (L < 1 || L > CCE_HSS_MAX_LEVELS) return -1;
  if (cce_load32_be(sig) != L - 1) return -1;
  const uint8_t *key = pub + 4;
  size_t key_len = pub_len - 4;
  size_t at = 4;
  for (uint32_t i = 0; i + 1 < L; i++) {
    size_t sl = cce_lms_sig_len_at(sig + at, sig_len - at);
    if (sl == 0) return -1;
    const uint8_t *s = sig + at;
    at += sl;
    if (sig_len - at < 8) return -1;
    const lms_param *lp = cce_lms_param(cce_load32_be(sig + at));
    if (lp == NULL) return -1;
    size_t pl = cce_lms_pub_len(lp);
    if (sig_len - at < pl) return -1;
    const uint8_t *child = sig + at;
    at += pl;
    if (cce_lms_verify_impl(key, key_len, child, pl, s, sl) != 0) return -1;
    key = child;
    key_len = pl;
  }
  if (cce_lms_sig_len_at(sig + at, sig_len - at) != sig_len - at) return -1;
  return cce_lms_verify_impl(key, key_len, msg, msg_len, sig + at, sig_len - at);
}

cce_status cce_hss_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len) {
  cce_status st = hss_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (pub == NULL || (sig == NULL && sig_len != 0) || (msg == NULL && msg_len != 0))
    return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pub_len < 12) return cce_indicate(CCE_ERR_DECODE, 1);
  uint32_t L = cce_load32_be(pub);
  if (L < 1 || L > CCE_HSS_MAX_LEVELS) return cce_indicate(CCE_ERR_DECODE, 1);
  const lms_param *l = cce_lms_param(cce_load32_be(pub + 4));
  const lms_ots_param *o = cce_lms_ots_param(cce_load32_be(pub + 8));
  if (l == NULL || o == NULL || l->m != o->n) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
  if (pub_len != 4 + cce_lms_pub_len(l)) return cce_indicate(CCE_ERR_DECODE, 1);
  if (sig == NULL) return cce_indicate(CCE_ERR_SIGNATURE, 1);
  static const uint8_t empty[1] = {0};
  int r = cce_hss_verify_impl(pub, pub_len, msg != NULL ? msg : empty, msg_len, sig, sig_len);
  return cce_indicate(r == 0 ? CCE_OK : CCE_ERR_SIGNATURE, 1);
}
