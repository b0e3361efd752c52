// Internal interface of the LMS/HSS family (RFC 8554, SP 800-208).
// lms.c: parameters, LM-OTS, LMS trees, single-tree services, the KAT;
// hss.c: the HSS private key blob and the HSS services.

#ifndef CCE_SRC_LMS_INTERNAL_H
#define CCE_SRC_LMS_INTERNAL_H

#include "../core/internal.h"
#include "cce/lms.h"

// LM-OTS parameters (RFC 8554 4.1, SP 800-208 4.1/4.3).
typedef struct lms_ots_param {
  uint32_t type;
  unsigned n;   // bytes per hash value (32 or 24)
  unsigned w;   // Winternitz width in bits (1, 2, 4, 8)
  unsigned p;   // number of n-byte chains
  unsigned ls;  // checksum left shift
} lms_ots_param;

// LMS parameters (RFC 8554 5.1, SP 800-208 4.2/4.4).
typedef struct lms_param {
  uint32_t type;
  unsigned m;  // bytes per node (32 or 24)
  unsigned h;  // tree height
} lms_param;

CCE_HIDDEN const lms_ots_param *cce_lms_ots_param(uint32_t type);
CCE_HIDDEN const lms_param *cce_lms_param(uint32_t type);

// Lengths: LM-OTS signature 4 + n + p*n; LMS signature 4 + ots + 4 + h*m;
// LMS public key 24 + m.
static inline size_t cce_lms_ots_sig_len(const lms_ots_param *o) { return 4u + o->n + (size_t)o->p * o->n; }
static inline size_t cce_lms_sig_len(const lms_param *l, const lms_ots_param *o) {
  return 8u + cce_lms_ots_sig_len(o) + (size_t)l->h * l->m;
}
static inline size_t cce_lms_pub_len(const lms_param *l) { return 24u + l->m; }

// One LMS private tree: (I, SEED) with its types (RFC 8554 Appendix A).
typedef struct lms_tree_key {
  const lms_param *lp;
  const lms_ots_param *op;
  uint8_t I[16];
  uint8_t seed[32];  // m bytes used
} lms_tree_key;

// cce_lms_prf_impl: H(I || u32str(q) || u16str(i) || u8str(j) || SEED), the
// 32-byte SHA-256 output (callers truncate). RFC 8554 Appendix A with
// (i, j) = (chain, 0xff); other (i, 0xff) values with i >= 0xFFFD are this
// module's derivations of C, child seeds and child identifiers (docs/lms.md).
CCE_HIDDEN void cce_lms_prf_impl(const uint8_t I[16], uint32_t q, uint16_t i, uint8_t j, const uint8_t *seed,
                                 size_t seed_len, uint8_t out[32]);

// cce_lms_tree_impl: the root of the tree (m bytes) and, when path != NULL,
// the authentication path of leaf q (h*m bytes). Cost: 2^h leaf computations.
CCE_HIDDEN void cce_lms_tree_impl(const lms_tree_key *k, uint32_t q, uint8_t *root, uint8_t *path);

// Node cache of a tree (HSS private blob): the 2^CCE_LMS_CACHE_LOG nodes
// at height t = h - CCE_LMS_CACHE_LOG (all leaves' nodes when h is smaller,
// t = 0), 32-byte stride. With it, an authentication path costs the 2^t
// leaves of one subtree instead of the 2^h of the whole tree.
#define CCE_LMS_CACHE_LOG 6u
CCE_HIDDEN unsigned cce_lms_cache_height(const lms_param *lp);
// cce_lms_tree_cache_impl: full tree computation (2^h leaves) filling
// `nodes` (2^(h-t) * 32 bytes) and root.
CCE_HIDDEN void cce_lms_tree_cache_impl(const lms_tree_key *k, uint8_t *nodes, uint8_t *root);
// cce_lms_path_cached_impl: root and authentication path of leaf q from the
// cache (2^t leaf computations).
CCE_HIDDEN void cce_lms_path_cached_impl(const lms_tree_key *k, const uint8_t *nodes, uint32_t q, uint8_t *root,
                                         uint8_t *path);
// cce_lms_root_cached_impl: the root from the cache alone.
CCE_HIDDEN void cce_lms_root_cached_impl(const lms_tree_key *k, const uint8_t *nodes, uint8_t *root);
// cce_lms_sign_cached_impl: cce_lms_sign_impl with the path from the cache.
CCE_HIDDEN void cce_lms_sign_cached_impl(const lms_tree_key *k, const uint8_t *nodes, uint32_t q,
                                         const uint8_t *msg, size_t msg_len, uint8_t *sig, uint8_t *root);

// cce_lms_sign_impl writes the LMS signature of msg with leaf q into sig
// (cce_lms_sig_len bytes); when root != NULL the tree root too (computed in
// the same pass). The randomiser C is derived from SEED (deterministic: a
// leaf re-signing the same message gives the same signature).
CCE_HIDDEN void cce_lms_sign_impl(const lms_tree_key *k, uint32_t q, const uint8_t *msg, size_t msg_len,
                                  uint8_t *sig, uint8_t *root);

// cce_lms_verify_impl: 0 if sig (exactly sig_len bytes) verifies under pub
// (cce_lms_pub_len bytes, already parsed types), else -1.
CCE_HIDDEN int cce_lms_verify_impl(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len,
                                   const uint8_t *sig, size_t sig_len);

// cce_lms_sig_len_at: the length of the LMS signature starting at sig (from
// its type fields), or 0 if it is malformed / truncated (avail bytes).
CCE_HIDDEN size_t cce_lms_sig_len_at(const uint8_t *sig, size_t avail);

#endif  // CCE_SRC_LMS_INTERNAL_H
