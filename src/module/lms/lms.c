// LMS and LM-OTS (RFC 8554 sections 4 and 5; SP 800-208 for the SHA-256/192
// parameter sets), single-tree services and the LMS self-test.
//
// Every hash of a Winternitz chain, H(I || u32str(q) || u16str(i) ||
// u8str(j) || tmp), is 23 + n <= 55 bytes: one SHA-256 compression of a
// block that is built once per chain and updated in place (j and tmp), with
// the SHA-NI or portable block function picked at run time. The private
// elements x_q[i] use the same block shape (RFC 8554 Appendix A, j = 0xff).
// Chain lengths depend only on the message digest Q (public, it is in the
// signature's verification); SEED and the x values are wiped after use.

#include "internal.h"

#include "../hash/internal.h"

// Block functions of sha256.c / sha256_shani.c (hidden, not in the hash
// family's header).
CCE_HIDDEN void cce_sha256_blocks_portable(uint32_t h[8], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t num_blocks);

typedef void (*lms_blocks_fn)(uint32_t h[8], const uint8_t *p, size_t num_blocks);

static lms_blocks_fn lms_blocks(void) {
  return cce_cpu_has(CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41) ? cce_sha256_blocks_shani
                                                                      : cce_sha256_blocks_portable;
}

static const uint32_t lms_iv[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

#define D_PBLC 0x8080u
#define D_MESG 0x8181u
#define D_LEAF 0x8282u
#define D_INTR 0x8383u

// ---------------------------------------------------------------------------
// Parameters. p and ls follow RFC 8554 Appendix B: u = ceil(8n/w),
// v = ceil((floor(lg((2^w - 1) u)) + 1) / w), ls = 16 - v w, p = u + v.

static const lms_ots_param k_ots[] = {
    {CCE_LMOTS_SHA256_N32_W1, 32, 1, 265, 7}, {CCE_LMOTS_SHA256_N32_W2, 32, 2, 133, 6},
    {CCE_LMOTS_SHA256_N32_W4, 32, 4, 67, 4},  {CCE_LMOTS_SHA256_N32_W8, 32, 8, 34, 0},
    {CCE_LMOTS_SHA256_N24_W1, 24, 1, 200, 8}, {CCE_LMOTS_SHA256_N24_W2, 24, 2, 101, 6},
    {CCE_LMOTS_SHA256_N24_W4, 24, 4, 51, 4},  {CCE_LMOTS_SHA256_N24_W8, 24, 8, 26, 0},
};

static const lms_param k_lms[] = {
    {CCE_LMS_SHA256_M32_H5, 32, 5},  {CCE_LMS_SHA256_M32_H10, 32, 10}, {CCE_LMS_SHA256_M32_H15, 32, 15},
    {CCE_LMS_SHA256_M32_H20, 32, 20}, {CCE_LMS_SHA256_M32_H25, 32, 25}, {CCE_LMS_SHA256_M24_H5, 24, 5},
    {CCE_LMS_SHA256_M24_H10, 24, 10}, {CCE_LMS_SHA256_M24_H15, 24, 15}, {CCE_LMS_SHA256_M24_H20, 24, 20},
    {CCE_LMS_SHA256_M24_H25, 24, 25},
};

const lms_ots_param *cce_lms_ots_param(uint32_t type) {
  for (size_t i = 0; i < sizeof(k_ots) / sizeof(k_ots[0]); i++)
    if (k_ots[i].type == type) return &k_ots[i];
  return NULL;
}

const lms_param *cce_lms_param(uint32_t type) {
  for (size_t i = 0; i < sizeof(k_lms) / sizeof(k_lms[0]); i++)
    if (k_lms[i].type == type) return &k_lms[i];
  return NULL;
}

// ---------------------------------------------------------------------------
// Hashing helpers.

// hash_short: SHA-256 of data[0..len), len <= 119 (at most two blocks).
static void hash_short(lms_blocks_fn f, const uint8_t *data, size_t len, uint8_t out[32]) {
  uint8_t blk[128];
  size_t nb = len + 9 <= 64 ? 1 : 2;
  memcpy(blk, data, len);
  blk[len] = 0x80;
  memset(blk + len + 1, 0, nb * 64 - 8 - len - 1);
  cce_store64_be(blk + nb * 64 - 8, (uint64_t)len * 8);
  uint32_t h[8];
  memcpy(h, lms_iv, sizeof(h));
  f(h, blk, nb);
  for (unsigned k = 0; k < 8; k++) cce_store32_be(out + 4 * k, h[k]);
  cce_wipe(blk, sizeof(blk));  // may hold SEED (cce_lms_prf_impl)
  cce_wipe(h, sizeof(h));
}

// Chain block: I || u32str(q) || u16str(i) || u8str(j) || tmp[n], padded.
static void chain_block_init(uint8_t blk[64], const uint8_t I[16], uint32_t q, unsigned n) {
  memcpy(blk, I, 16);
  cce_store32_be(blk + 16, q);
  blk[20] = blk[21] = blk[22] = 0;
  memset(blk + 23, 0, 64 - 23);
  blk[23 + n] = 0x80;
  cce_store64_be(blk + 56, (uint64_t)(23 + n) * 8);
}

// One compression of blk; the first n bytes of the digest replace tmp.
static inline void chain_step(lms_blocks_fn f, uint8_t blk[64], unsigned n, uint32_t h[8]) {
  memcpy(h, lms_iv, 32);
  f(h, blk, 1);
  const unsigned words = n == 32 ? 8u : 6u;  // n is 32 or 24
  for (unsigned k = 0; k < words; k++) cce_store32_be(blk + 23 + 4 * k, h[k]);
}

void cce_lms_prf_impl(const uint8_t I[16], uint32_t q, uint16_t i, uint8_t j, const uint8_t *seed,
                      size_t seed_len, uint8_t out[32]) {
  uint8_t buf[23 + 32];
  memcpy(buf, I, 16);
  cce_store32_be(buf + 16, q);
  buf[20] = (uint8_t)(i >> 8);
  buf[21] = (uint8_t)i;
  buf[22] = j;
  memcpy(buf + 23, seed, seed_len);
  hash_short(lms_blocks(), buf, 23 + seed_len, out);
  cce_wipe(buf, sizeof(buf));
}

// run_chains: for each lane l (1 or 2), steps[l] chain steps on tmp[l]
// (n bytes, in place) with chain index i[l], j = j0[l], j0[l] + 1, ...
// (mod 256: a start of 0xff derives x_q[i] from SEED, then runs j = 0..).
CCE_HIDDEN void cce_lms_chains_shani(const uint8_t I[16], uint32_t q, unsigned n, unsigned lanes,
                                     const uint16_t *i, const uint8_t *j0, const unsigned *steps, uint8_t *const *tmp);

static int lms_use_shani(void) { return cce_cpu_has(CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41); }

static void run_chains(lms_blocks_fn f, int shani, const uint8_t I[16], uint32_t q, unsigned n, unsigned lanes,
                       const uint16_t *i, const uint8_t *j0, const unsigned *steps, uint8_t *const *tmp) {
  if (shani) {
    cce_lms_chains_shani(I, q, n, lanes, i, j0, steps, tmp);
    return;
  }
  uint8_t blk[64];
  uint32_t h[8];
  chain_block_init(blk, I, q, n);
  for (unsigned l = 0; l < lanes; l++) {
    blk[20] = (uint8_t)(i[l] >> 8);
    blk[21] = (uint8_t)i[l];
    memcpy(blk + 23, tmp[l], n);
    uint8_t j = j0[l];
    for (unsigned s = 0; s < steps[l]; s++, j++) {
      blk[22] = j;
      chain_step(f, blk, n, h);
    }
    memcpy(tmp[l], blk + 23, n);
  }
  cce_wipe(blk, sizeof(blk));
  cce_wipe(h, sizeof(h));
}

// coef(S, i, w) (RFC 8554 3.1.3).
static inline unsigned coef(const uint8_t *S, unsigned i, unsigned w) {
  unsigned mask = (1u << w) - 1;
  unsigned shift = 8 - (w * (i % (8 / w)) + w);
  return (S[(i * w) / 8] >> shift) & mask;
}

// Q || Cksm(Q) into qc (n + 2 bytes) for message digest Q (RFC 8554 4.4).
static void add_checksum(const lms_ots_param *o, uint8_t *qc) {
  unsigned sum = 0, max = (1u << o->w) - 1;
  for (unsigned i = 0; i < o->n * 8 / o->w; i++) sum += max - coef(qc, i, o->w);
  sum <<= o->ls;
  qc[o->n] = (uint8_t)(sum >> 8);
  qc[o->n + 1] = (uint8_t)sum;
}

// Q = H(I || u32str(q) || u16str(D_MESG) || C || message), n bytes.
static void msg_digest(const uint8_t I[16], uint32_t q, const uint8_t *C, unsigned n, const uint8_t *msg,
                       size_t msg_len, uint8_t out[34]) {
  cce_sha256_state st;
  uint8_t pre[22], d[32];
  memcpy(pre, I, 16);
  cce_store32_be(pre + 16, q);
  pre[20] = (uint8_t)(D_MESG >> 8);
  pre[21] = (uint8_t)D_MESG;
  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, pre, sizeof(pre));
  (void)cce_sha256_update_impl(&st, C, n);
  // A message past 2^61 - 1 bytes cannot be passed in memory.
  (void)cce_sha256_update_impl(&st, msg, msg_len);
  cce_sha256_final_impl(&st, d);
  memcpy(out, d, n);
}

// ---------------------------------------------------------------------------
// LM-OTS.

// ots_public_hash: K = H(I || u32str(q) || u16str(D_PBLC) || z[0] .. z[p-1])
// with z[i] the end of chain i from x_q[i] (RFC 8554 4.3, Appendix A).
static void ots_public_hash(lms_blocks_fn f, const lms_tree_key *k, uint32_t q, uint8_t K[32]) {
  const lms_ots_param *o = k->op;
  const unsigned n = o->n, top = (1u << o->w) - 1;
  const int shani = lms_use_shani();
  uint8_t pre[22], z[2][32];
  cce_sha256_state st;
  memcpy(pre, k->I, 16);
  cce_store32_be(pre + 16, q);
  pre[20] = (uint8_t)(D_PBLC >> 8);
  pre[21] = (uint8_t)D_PBLC;
  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, pre, sizeof(pre));
  for (unsigned i = 0; i < o->p; i += 2) {
    unsigned lanes = o->p - i >= 2 ? 2 : 1;
    uint16_t ci[2] = {(uint16_t)i, (uint16_t)(i + 1)};
    uint8_t j0[2] = {0xff, 0xff};  // x_q[i] from SEED, then j = 0 .. 2^w - 2
    unsigned steps[2] = {top + 1, top + 1};
    uint8_t *tmp[2] = {z[0], z[1]};
    memcpy(z[0], k->seed, n);
    memcpy(z[1], k->seed, n);
    run_chains(f, shani, k->I, q, n, lanes, ci, j0, steps, tmp);
    (void)cce_sha256_update_impl(&st, z[0], n);
    if (lanes == 2) (void)cce_sha256_update_impl(&st, z[1], n);
  }
  cce_sha256_final_impl(&st, K);
  cce_wipe(z, sizeof(z));
  cce_wipe(&st, sizeof(st));
}

// ots_sign writes u32str(type) || C || y[0..p-1] (RFC 8554 4.5). C is
// given (tests) or derived: C = H(I || u32str(q) || u16str(0xFFFD) ||
// u8str(0xff) || SEED), so that signing the same message with the same leaf
// twice gives the same signature (the HSS signer re-signs each child public
// key every time it recomputes that level).
static void ots_sign(lms_blocks_fn f, const lms_tree_key *k, uint32_t q, const uint8_t *C_in, const uint8_t *msg,
                     size_t msg_len, uint8_t *out) {
  const lms_ots_param *o = k->op;
  const unsigned n = o->n;
  uint8_t qc[34], c32[32];
  cce_store32_be(out, o->type);
  if (C_in != NULL) {
    memcpy(out + 4, C_in, n);
  } else {
    cce_lms_prf_impl(k->I, q, 0xFFFD, 0xff, k->seed, k->lp->m, c32);
    memcpy(out + 4, c32, n);
  }
  msg_digest(k->I, q, out + 4, n, msg, msg_len, qc);
  add_checksum(o, qc);
  const int shani = lms_use_shani();
  uint8_t *y = out + 4 + n;
  for (unsigned i = 0; i < o->p; i += 2) {
    unsigned lanes = o->p - i >= 2 ? 2 : 1;
    uint16_t ci[2] = {(uint16_t)i, (uint16_t)(i + 1)};
    uint8_t j0[2] = {0xff, 0xff};
    // 1 + a steps: x_q[i], then a chain steps (a public: from the digest).
    unsigned steps[2] = {1 + coef(qc, i, o->w), lanes == 2 ? 1 + coef(qc, i + 1, o->w) : 0};
    uint8_t *tmp[2] = {y + (size_t)i * n, lanes == 2 ? y + (size_t)(i + 1) * n : NULL};
    memcpy(tmp[0], k->seed, n);
    if (lanes == 2) memcpy(tmp[1], k->seed, n);
    run_chains(f, shani, k->I, q, n, lanes, ci, j0, steps, tmp);
  }
  cce_wipe(c32, sizeof(c32));
}

// ots_candidate: Kc from an LM-OTS signature body (C || y, after the type)
// (RFC 8554 4.6, algorithm 4b).
static void ots_candidate(lms_blocks_fn f, const lms_ots_param *o, const uint8_t I[16], uint32_t q,
                          const uint8_t *msg, size_t msg_len, const uint8_t *body, uint8_t Kc[32]) {
  const unsigned n = o->n, top = (1u << o->w) - 1;
  uint8_t qc[34], pre[22];
  cce_sha256_state st;
  msg_digest(I, q, body, n, msg, msg_len, qc);
  add_checksum(o, qc);
  memcpy(pre, I, 16);
  cce_store32_be(pre + 16, q);
  pre[20] = (uint8_t)(D_PBLC >> 8);
  pre[21] = (uint8_t)D_PBLC;
  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, pre, sizeof(pre));
  const int shani = lms_use_shani();
  const uint8_t *y = body + n;
  uint8_t z[2][32];
  for (unsigned i = 0; i < o->p; i += 2) {
    unsigned lanes = o->p - i >= 2 ? 2 : 1;
    uint16_t ci[2] = {(uint16_t)i, (uint16_t)(i + 1)};
    unsigned a0 = coef(qc, i, o->w), a1 = lanes == 2 ? coef(qc, i + 1, o->w) : top;
    uint8_t j0[2] = {(uint8_t)a0, (uint8_t)a1};
    unsigned steps[2] = {top - a0, top - a1};
    uint8_t *tmp[2] = {z[0], z[1]};
    memcpy(z[0], y + (size_t)i * n, n);
    if (lanes == 2) memcpy(z[1], y + (size_t)(i + 1) * n, n);
    run_chains(f, shani, I, q, n, lanes, ci, j0, steps, tmp);
    (void)cce_sha256_update_impl(&st, z[0], n);
    if (lanes == 2) (void)cce_sha256_update_impl(&st, z[1], n);
  }
  cce_sha256_final_impl(&st, Kc);
}

// ---------------------------------------------------------------------------
// LMS trees.

static void leaf_node(lms_blocks_fn f, const lms_tree_key *k, uint32_t r, const uint8_t *K, uint8_t out[32]) {
  uint8_t buf[22 + 32];
  memcpy(buf, k->I, 16);
  cce_store32_be(buf + 16, r);
  buf[20] = (uint8_t)(D_LEAF >> 8);
  buf[21] = (uint8_t)D_LEAF;
  memcpy(buf + 22, K, k->op->n);
  hash_short(f, buf, 22 + k->op->n, out);
}

static void inner_node(lms_blocks_fn f, const uint8_t I[16], unsigned m, uint32_t r, const uint8_t *left,
                       const uint8_t *right, uint8_t out[32]) {
  uint8_t buf[22 + 64];
  memcpy(buf, I, 16);
  cce_store32_be(buf + 16, r);
  buf[20] = (uint8_t)(D_INTR >> 8);
  buf[21] = (uint8_t)D_INTR;
  memcpy(buf + 22, left, m);
  memcpy(buf + 22 + m, right, m);
  hash_short(f, buf, 22 + 2 * m, out);
}

// treehash over the 2^height leaves first .. first + 2^height - 1 (first a
// multiple of 2^height) with a stack of height + 1 nodes. Records, when the
// pointers are not NULL: the siblings of leaf q's ancestors below `height`
// (path[ht], the authentication path within this subtree), and every node
// at height t (nodes[idx], 32-byte stride, idx < 2^(h - t)). The subtree
// root goes to root (m bytes).
static void treehash(lms_blocks_fn f, const lms_tree_key *k, uint32_t first, unsigned height, uint32_t q,
                     uint8_t *path, unsigned t, uint8_t *nodes, uint8_t *root) {
  const unsigned h = k->lp->h, m = k->lp->m;
  uint8_t stack[26][32], v[32], K[32];
  unsigned sh[26], sp = 0;
  const uint32_t leaves = (uint32_t)1 << h, count = (uint32_t)1 << height;
  for (uint32_t l = first; l < first + count; l++) {
    ots_public_hash(f, k, l, K);
    leaf_node(f, k, leaves + l, K, v);
    unsigned ht = 0;
    uint32_t idx = l;
    if (path != NULL && height > 0 && idx == (q ^ 1u)) memcpy(path, v, m);
    if (nodes != NULL && t == 0) memcpy(nodes + (size_t)idx * 32, v, m);
    while (sp > 0 && sh[sp - 1] == ht) {
      uint32_t parent = idx >> 1;
      inner_node(f, k->I, m, (leaves >> (ht + 1)) + parent, stack[sp - 1], v, v);
      sp--;
      ht++;
      idx = parent;
      if (path != NULL && ht < height && idx == ((q >> ht) ^ 1u)) memcpy(path + (size_t)ht * m, v, m);
      if (nodes != NULL && ht == t) memcpy(nodes + (size_t)idx * 32, v, m);
    }
    memcpy(stack[sp], v, m);
    sh[sp] = ht;
    sp++;
  }
  memcpy(root, stack[0], m);
}

void cce_lms_tree_impl(const lms_tree_key *k, uint32_t q, uint8_t *root, uint8_t *path) {
  treehash(lms_blocks(), k, 0, k->lp->h, q, path, 0, NULL, root);
}

unsigned cce_lms_cache_height(const lms_param *lp) {
  return lp->h > CCE_LMS_CACHE_LOG ? lp->h - CCE_LMS_CACHE_LOG : 0;
}

void cce_lms_tree_cache_impl(const lms_tree_key *k, uint8_t *nodes, uint8_t *root) {
  treehash(lms_blocks(), k, 0, k->lp->h, 0, NULL, cce_lms_cache_height(k->lp), nodes, root);
}

void cce_lms_path_cached_impl(const lms_tree_key *k, const uint8_t *nodes, uint32_t q, uint8_t *root,
                              uint8_t *path) {
  lms_blocks_fn f = lms_blocks();
  const unsigned h = k->lp->h, m = k->lp->m, t = cce_lms_cache_height(k->lp);
  uint8_t sub[32];
  // The bottom t levels: the subtree of height t that holds leaf q.
  if (t > 0) treehash(f, k, (q >> t) << t, t, q, path, 0, NULL, sub);
  // The top h - t levels from the cached nodes at height t.
  uint8_t cur[1u << CCE_LMS_CACHE_LOG][32];
  uint32_t count = (uint32_t)1 << (h - t);
  for (uint32_t i = 0; i < count; i++) memcpy(cur[i], nodes + (size_t)i * 32, m);
  for (unsigned ht = t; ht < h; ht++) {
    memcpy(path + (size_t)ht * m, cur[(q >> ht) ^ 1u], m);
    count >>= 1;
    for (uint32_t i = 0; i < count; i++)
      inner_node(f, k->I, m, (((uint32_t)1 << h) >> (ht + 1)) + i, cur[2 * i], cur[2 * i + 1], cur[i]);
  }
  memcpy(root, cur[0], m);
}

// The full LMS signing, with an optional given C (for known-answer tests).
static void lms_sign_c(const lms_tree_key *k, uint32_t q, const uint8_t *C, const uint8_t *msg, size_t msg_len,
                       uint8_t *sig, uint8_t *root) {
  lms_blocks_fn f = lms_blocks();
  const size_t ots_len = cce_lms_ots_sig_len(k->op);
  uint8_t r[32];
  cce_store32_be(sig, q);
  ots_sign(f, k, q, C, msg, msg_len, sig + 4);
  cce_store32_be(sig + 4 + ots_len, k->lp->type);
  cce_lms_tree_impl(k, q, r, sig + 8 + ots_len);
  if (root != NULL) memcpy(root, r, k->lp->m);
}

void cce_lms_sign_impl(const lms_tree_key *k, uint32_t q, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                       uint8_t *root) {
  lms_sign_c(k, q, NULL, msg, msg_len, sig, root);
}

void cce_lms_root_cached_impl(const lms_tree_key *k, const uint8_t *nodes, uint8_t *root) {
  lms_blocks_fn f = lms_blocks();
  const unsigned h = k->lp->h, m = k->lp->m, t = cce_lms_cache_height(k->lp);
  uint8_t cur[1u << CCE_LMS_CACHE_LOG][32];
  uint32_t count = (uint32_t)1 << (h - t);
  for (uint32_t i = 0; i < count; i++) memcpy(cur[i], nodes + (size_t)i * 32, m);
  for (unsigned ht = t; ht < h; ht++) {
    count >>= 1;
    for (uint32_t i = 0; i < count; i++)
      inner_node(f, k->I, m, (((uint32_t)1 << h) >> (ht + 1)) + i, cur[2 * i], cur[2 * i + 1], cur[i]);
  }
  memcpy(root, cur[0], m);
}

void cce_lms_sign_cached_impl(const lms_tree_key *k, const uint8_t *nodes, uint32_t q, const uint8_t *msg,
                              size_t msg_len, uint8_t *sig, uint8_t *root) {
  const size_t ots_len = cce_lms_ots_sig_len(k->op);
  uint8_t r[32];
  cce_store32_be(sig, q);
  ots_sign(lms_blocks(), k, q, NULL, msg, msg_len, sig + 4);
  cce_store32_be(sig + 4 + ots_len, k->lp->type);
  cce_lms_path_cached_impl(k, nodes, q, r, sig + 8 + ots_len);
  if (root != NULL) memcpy(root, r, k->lp->m);
}

size_t cce_lms_sig_len_at(const uint8_t *sig, size_t avail) {
  if (avail < 8) return 0;
  const lms_ots_param *o = cce_lms_ots_param(cce_load32_be(sig + 4));
  if (o == NULL) return 0;
  size_t at = 4 + cce_lms_ots_sig_len(o);
  if (avail < at + 4) return 0;
  const lms_param *l = cce_lms_param(cce_load32_be(sig + at));
  if (l == NULL || l->m != o->n) return 0;
  size_t len = cce_lms_sig_len(l, o);
  return avail < len ? 0 : len;
}

int cce_lms_verify_impl(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                        size_t sig_len) {
  if (pub_len < 8) return -1;
  const lms_param *l = cce_lms_param(cce_load32_be(pub));
  const lms_ots_param *o = cce_lms_ots_param(cce_load32_be(pub + 4));
  if (l == NULL || o == NULL || l->m != o->n || pub_len != cce_lms_pub_len(l)) return -1;
  if (sig_len != cce_lms_sig_len(l, o) || sig_len < 8) return -1;
  const size_t ots_len = cce_lms_ots_sig_len(o);
  uint32_t q = cce_load32_be(sig);
  if (cce_load32_be(sig + 4) != o->type) return -1;
  if (cce_load32_be(sig + 4 + ots_len) != l->type) return -1;
  if (q >= ((uint32_t)1 << l->h)) return -1;
  lms_blocks_fn f = lms_blocks();
  const uint8_t *I = pub + 8;
  const unsigned m = l->m;
  uint8_t Kc[32], tmp[32];
  ots_candidate(f, o, I, q, msg, msg_len, sig + 8, Kc);
  uint32_t node = ((uint32_t)1 << l->h) + q;
  uint8_t buf[22 + 32];
  memcpy(buf, I, 16);
  cce_store32_be(buf + 16, node);
  buf[20] = (uint8_t)(D_LEAF >> 8);
  buf[21] = (uint8_t)D_LEAF;
  memcpy(buf + 22, Kc, o->n);
  hash_short(f, buf, 22 + o->n, tmp);
  const uint8_t *path = sig + 8 + ots_len;
  for (unsigned i = 0; node > 1; i++, node >>= 1) {
    if (node & 1u)
      inner_node(f, I, m, node >> 1, path + (size_t)i * m, tmp, tmp);
    else
      inner_node(f, I, m, node >> 1, tmp, path + (size_t)i * m, tmp);
  }
  return memcmp(tmp, pub + 24, m) == 0 ? 0 : -1;
}

// ---------------------------------------------------------------------------
// Single-tree services.

static cce_status lms_gate(void) { return cce_svc_check2(CCE_ST_SHA256, CCE_ST_LMS); }

static cce_status tree_key(lms_tree_key *k, uint32_t lms_type, uint32_t ots_type, const uint8_t I[16],
                           const uint8_t *seed, size_t seed_len) {
  k->lp = cce_lms_param(lms_type);
  k->op = cce_lms_ots_param(ots_type);
  if (k->lp == NULL || k->op == NULL || k->lp->m != k->op->n) return CCE_ERR_UNSUPPORTED;
  if (seed_len != k->lp->m) return CCE_ERR_INVALID_LENGTH;
  memcpy(k->I, I, 16);
  memset(k->seed, 0, sizeof(k->seed));
  memcpy(k->seed, seed, seed_len);
  return CCE_OK;
}

cce_status cce_lms_keygen_seed(uint32_t lms_type, uint32_t ots_type, const uint8_t I[16], const uint8_t *seed,
                               size_t seed_len, uint8_t *pub, size_t pub_cap, size_t *pub_len) {
  cce_status st = lms_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (I == NULL || seed == NULL || pub == NULL || pub_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  lms_tree_key k;
  st = tree_key(&k, lms_type, ots_type, I, seed, seed_len);
  if (st != CCE_OK) return cce_indicate(st, 1);
  size_t len = cce_lms_pub_len(k.lp);
  if (pub_cap < len) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 1);
  }
  cce_store32_be(pub, lms_type);
  cce_store32_be(pub + 4, ots_type);
  memcpy(pub + 8, I, 16);
  uint8_t root[32];
  cce_lms_tree_impl(&k, 0, root, NULL);
  memcpy(pub + 24, root, k.lp->m);
  *pub_len = len;
  cce_wipe(&k, sizeof(k));
  return cce_indicate(CCE_OK, 1);
}

cce_status cce_lms_sign_seed(uint32_t lms_type, uint32_t ots_type, const uint8_t I[16], const uint8_t *seed,
                             size_t seed_len, uint32_t q, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                             size_t sig_cap, size_t *sig_len) {
  cce_status st = lms_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (I == NULL || seed == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0))
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  lms_tree_key k;
  st = tree_key(&k, lms_type, ots_type, I, seed, seed_len);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (q >= ((uint32_t)1 << k.lp->h)) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  }
  size_t len = cce_lms_sig_len(k.lp, k.op);
  if (sig_cap < len) {
    cce_wipe(&k, sizeof(k));
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  }
  static const uint8_t empty[1] = {0};
  cce_lms_sign_impl(&k, q, msg != NULL ? msg : empty, msg_len, sig, NULL);
  *sig_len = len;
  cce_wipe(&k, sizeof(k));
  return cce_indicate(CCE_OK, 0);
}

cce_status cce_lms_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len) {
  cce_status st = lms_gate();
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (pub == NULL || (sig == NULL && sig_len != 0) || (msg == NULL && msg_len != 0))
    return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pub_len < 8) return cce_indicate(CCE_ERR_DECODE, 1);
  const lms_param *l = cce_lms_param(cce_load32_be(pub));
  const lms_ots_param *o = cce_lms_ots_param(cce_load32_be(pub + 4));
  if (l == NULL || o == NULL || l->m != o->n) return cce_indicate(CCE_ERR_UNSUPPORTED, 1);
  if (pub_len != cce_lms_pub_len(l)) return cce_indicate(CCE_ERR_DECODE, 1);
  static const uint8_t empty[1] = {0};
  if (sig == NULL) return cce_indicate(CCE_ERR_SIGNATURE, 1);
  int r = cce_lms_verify_impl(pub, pub_len, msg != NULL ? msg : empty, msg_len, sig, sig_len);
  return cce_indicate(r == 0 ? CCE_OK : CCE_ERR_SIGNATURE, 1);
}

// Exposed for the unit test (RFC 8554 Test Case 2 final signature, whose C
// is given by the RFC).
CCE_HIDDEN void cce_lms_sign_with_c_impl(const lms_tree_key *k, uint32_t q, const uint8_t *C, const uint8_t *msg,
                                         size_t msg_len, uint8_t *sig);
void cce_lms_sign_with_c_impl(const lms_tree_key *k, uint32_t q, const uint8_t *C, const uint8_t *msg,
                              size_t msg_len, uint8_t *sig) {
  lms_sign_c(k, q, C, msg, msg_len, sig, NULL);
}
