// Firmware-image verification with anti-rollback (see firmware.h and
// docs/firmware-image-format.md). No allocation; the stack holds one parsed
// manifest, the signed message (context string + manifest, at most 541
// bytes), one hash context and, when streaming, one CCE_FW_CHUNK_BYTES
// buffer. Everything handled here is public (images, manifests, public
// keys, signatures): no constant-time requirement, nothing to wipe.
//
// The signature checks go through the module's public services
// (cce_ecdsa_verify, cce_mldsa_verify, cce_hss_verify), which run their own
// self-tests and argument checks; cce_indicate at the end of cce_fw_verify
// sets the indicator the caller sees.

#include <string.h>

#include "../hash/internal.h"
#include "cce/ec.h"
#include "cce/lms.h"
#include "cce/mldsa.h"
#include "fw_internal.h"

// ---------------------------------------------------------------------------
// Policy and arguments.

static int key_len_ok(const cce_fw_key *k) {
  switch (k->alg) {
    case CCE_FW_SIG_ECDSA_P384: return k->pub_len == CCE_EC_P384_PUBLIC_BYTES && k->pub[0] == 0x04;
    case CCE_FW_SIG_MLDSA87: return k->pub_len == CCE_MLDSA87_PUBLIC_KEY_BYTES;
    // u32 L || u32 lms_type || u32 ots_type || I[16] || T[m], m = 24 or 32
    case CCE_FW_SIG_HSS: return k->pub_len == 52 || k->pub_len == 60;
  }
  return 0;
}

#define ALG_BITS ((1u << CCE_FW_SIG_ECDSA_P384) | (1u << CCE_FW_SIG_MLDSA87) | (1u << CCE_FW_SIG_HSS))

static cce_status check_policy(const cce_fw_policy *p) {
  if (p->keys == NULL || p->target == NULL) return CCE_ERR_NULL_POINTER;
  if (p->num_keys < 1 || p->num_keys > CCE_FW_MAX_KEYS) return CCE_ERR_INVALID_ARG;
  if (p->threshold < 1 || p->threshold > p->num_keys) return CCE_ERR_INVALID_ARG;
  if (p->required_keys >> p->num_keys) return CCE_ERR_INVALID_ARG;
  if (p->required_algs & ~ALG_BITS) return CCE_ERR_INVALID_ARG;
  if (p->target_len < 1 || p->target_len > CCE_FW_TARGET_MAX) return CCE_ERR_INVALID_ARG;
  for (size_t i = 0; i < p->num_keys; i++) {
    if (p->keys[i].pub == NULL) return CCE_ERR_NULL_POINTER;
    if (!key_len_ok(&p->keys[i])) return CCE_ERR_INVALID_ARG;
  }
  return CCE_OK;
}

static void sha256_impl(uint8_t out[32], const uint8_t *data, size_t len) {
  cce_sha256_state st;
  cce_sha256_init_impl(&st, 32);
  (void)cce_sha256_update_impl(&st, data, len);  // lengths here are far below the limit
  cce_sha256_final_impl(&st, out);
}

// find_key: index of the trusted key of `alg` whose id is `key_id`, or -1.
static int find_key(const cce_fw_policy *p, cce_fw_sig_alg alg, const uint8_t *key_id) {
  uint8_t id[CCE_FW_KEY_ID_BYTES];
  for (size_t i = 0; i < p->num_keys; i++) {
    if (p->keys[i].alg != alg) continue;
    sha256_impl(id, p->keys[i].pub, p->keys[i].pub_len);
    if (memcmp(id, key_id, sizeof id) == 0) return (int)i;
  }
  return -1;
}

// verify_one: CCE_OK, CCE_ERR_SIGNATURE, or another error of the service
// (module state, a trusted key the service refuses).
static cce_status verify_one(const cce_fw_key *k, const cce_fw_signature *s, const uint8_t *msg, size_t msg_len) {
  switch (s->alg) {
    case CCE_FW_SIG_ECDSA_P384:
      return cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, k->pub, k->pub_len, msg, msg_len, s->sig, s->sig_len);
    case CCE_FW_SIG_MLDSA87:
      return cce_mldsa_verify(CCE_MLDSA_87, s->sig, s->sig_len, k->pub, k->pub_len, msg, msg_len, NULL, 0);
    case CCE_FW_SIG_HSS: {
      // cce_hss_verify answers CCE_ERR_SIGNATURE for any malformed
      // signature; CCE_ERR_DECODE only for a malformed public key, which
      // here is the caller's trusted key.
      cce_status st = cce_hss_verify(k->pub, k->pub_len, msg, msg_len, s->sig, s->sig_len);
      return st == CCE_ERR_DECODE ? CCE_ERR_INVALID_ARG : st;
    }
  }
  return CCE_ERR_INTERNAL;
}

static unsigned popcount32(uint32_t v) {
  unsigned n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

// ---------------------------------------------------------------------------
// Image hash.

static cce_status hash_image(const cce_hash_desc *d, const uint8_t *data, const cce_fw_image *src, uint64_t len,
                             uint8_t *out) {
  cce_hash_ctx ctx;
  cce_status st = CCE_OK;
  d->init(&ctx);
  if (data != NULL) {
    for (uint64_t off = 0; off < len && st == CCE_OK;) {
      size_t n = (len - off) > (1u << 30) ? (size_t)(1u << 30) : (size_t)(len - off);
      st = d->update(&ctx, data + off, n);
      off += n;
    }
  } else {
    uint8_t buf[CCE_FW_CHUNK_BYTES];
    for (uint64_t off = 0; off < len && st == CCE_OK;) {
      size_t n = (len - off) > sizeof buf ? sizeof buf : (size_t)(len - off);
      if (src->read(src->ctx, off, buf, n) != CCE_OK) st = CCE_ERR_INVALID_LENGTH;
      else st = d->update(&ctx, buf, n);
      off += n;
    }
  }
  if (st == CCE_OK) d->final(&ctx, out, 0);
  memset(&ctx, 0, sizeof ctx);
  return st;
}

// ---------------------------------------------------------------------------
// Counter.

static cce_status commit_impl(const cce_fw_counter *c, uint32_t svn, int *advanced) {
  uint32_t cur = 0;
  *advanced = 0;
  cce_status st = c->read(c->ctx, &cur);
  if (st != CCE_OK) return st;
  if (svn < cur) return CCE_ERR_ROLLBACK;
  if (svn == cur) return CCE_OK;
  st = c->advance(c->ctx, svn);
  if (st != CCE_OK) return st;
  uint32_t check = 0;
  st = c->read(c->ctx, &check);
  if (st != CCE_OK) return st;
  if (check != svn) return CCE_ERR_PERSIST;
  *advanced = 1;
  return CCE_OK;
}

static int counter_ok(const cce_fw_counter *c) { return c->read != NULL && c->advance != NULL; }

// ---------------------------------------------------------------------------
// Public services.

static cce_status verify_impl(const cce_fw_policy *policy, const cce_fw_counter *counter, const uint8_t *container,
                              size_t container_len, const cce_fw_image *image, unsigned flags, cce_fw_result *r) {
  cce_status st;
  if (policy == NULL || container == NULL) return CCE_ERR_NULL_POINTER;
  if (flags & ~(CCE_FW_COMMIT | CCE_FW_NO_COUNTER)) return CCE_ERR_INVALID_ARG;
  if (flags & CCE_FW_NO_COUNTER) {
    if (counter != NULL || (flags & CCE_FW_COMMIT)) return CCE_ERR_INVALID_ARG;
  } else {
    if (counter == NULL) return CCE_ERR_NULL_POINTER;
    if (!counter_ok(counter)) return CCE_ERR_NULL_POINTER;
  }
  if (image != NULL && image->data == NULL && image->read == NULL) return CCE_ERR_NULL_POINTER;
  st = check_policy(policy);
  if (st != CCE_OK) return st;

  // 1. Parse.
  cce_fw_manifest m;
  st = cce_fw_parse_impl(container, container_len, &m);
  if (st != CCE_OK) return st;
  r->num_signatures = (unsigned)m.num_signatures;
  r->version_major = m.version_major;
  r->version_minor = m.version_minor;
  r->version_patch = m.version_patch;
  r->svn = m.svn;
  r->build_time = m.build_time;
  r->image_len = m.image_len;
  r->header_len = m.header_len;
  r->hash_alg = m.hash_alg;
  memcpy(r->image_hash, m.image_hash, m.image_hash_len);
  r->image_hash_len = m.image_hash_len;

  // 2. Signatures, then the policy.
  uint8_t msg[CCE_FW_CONTEXT_BYTES + CCE_FW_MANIFEST_MAX];
  size_t msg_len = CCE_FW_CONTEXT_BYTES + m.manifest_len;
  memcpy(msg, CCE_FW_SIGNING_CONTEXT, CCE_FW_CONTEXT_BYTES);
  memcpy(msg + CCE_FW_CONTEXT_BYTES, m.manifest, m.manifest_len);
  for (size_t i = 0; i < m.num_signatures; i++) {
    int k = find_key(policy, m.sigs[i].alg, m.sigs[i].key_id);
    if (k < 0) {
      r->num_unknown++;
      continue;
    }
    uint32_t bit = 1u << k;
    if ((r->verified_keys | r->failed_keys) & bit) continue;  // the same key listed twice in the policy
    st = verify_one(&policy->keys[k], &m.sigs[i], msg, msg_len);
    if (st == CCE_OK) r->verified_keys |= bit;
    else if (st == CCE_ERR_SIGNATURE) r->failed_keys |= bit;
    else return st;
  }
  if (r->failed_keys) return CCE_ERR_SIGNATURE;
  uint32_t algs = 0;
  for (size_t k = 0; k < policy->num_keys; k++)
    if (r->verified_keys & (1u << k)) algs |= 1u << policy->keys[k].alg;
  if (popcount32(r->verified_keys) < policy->threshold) return CCE_ERR_POLICY;
  if ((r->verified_keys & policy->required_keys) != policy->required_keys) return CCE_ERR_POLICY;
  if ((algs & policy->required_algs) != policy->required_algs) return CCE_ERR_POLICY;

  // 3. Target device class.
  if (m.target_len != policy->target_len || memcmp(m.target, policy->target, m.target_len) != 0)
    return CCE_ERR_WRONG_TARGET;

  // 4. Anti-rollback.
  if (counter != NULL) {
    uint32_t min = 0;
    st = counter->read(counter->ctx, &min);
    if (st != CCE_OK) return st;
    r->min_svn = min;
    if (m.svn < min) return CCE_ERR_ROLLBACK;
  }

  // 5. Image length.
  const uint8_t *data;
  if (image == NULL) {
    if (container_len - m.header_len != m.image_len) return CCE_ERR_INVALID_LENGTH;
    data = container + m.header_len;
  } else {
    if (container_len != m.header_len || image->len != m.image_len) return CCE_ERR_INVALID_LENGTH;
    data = image->data;
  }

  // 6. Image hash.
  const cce_hash_desc *d = cce_hash_desc_get(m.hash_alg);
  if (d == NULL) return CCE_ERR_INTERNAL;
  st = cce_svc_check(d->selftest);
  if (st != CCE_OK) return st;
  uint8_t got[CCE_FW_HASH_MAX_BYTES];
  st = hash_image(d, data, image, m.image_len, got);
  if (st != CCE_OK) return st;
  if (memcmp(got, m.image_hash, m.image_hash_len) != 0) return CCE_ERR_AUTH;

  // 7. Commit (only forward).
  if (flags & CCE_FW_COMMIT) {
    int advanced = 0;
    st = commit_impl(counter, m.svn, &advanced);
    r->committed = advanced;
    if (st != CCE_OK) return st;
  }
  return CCE_OK;
}

// see firmware.h
cce_status cce_fw_verify(const cce_fw_policy *policy, const cce_fw_counter *counter, const uint8_t *container,
                         size_t container_len, const cce_fw_image *image, unsigned flags, cce_fw_result *result) {
  cce_status st = cce_svc_check(CCE_ST_SHA256);  // key ids
  if (st != CCE_OK) return cce_indicate(st, 1);
  cce_fw_result local;
  cce_fw_result *r = result != NULL ? result : &local;
  memset(r, 0, sizeof *r);
  st = verify_impl(policy, counter, container, container_len, image, flags, r);
  return cce_indicate(st, 1);
}

// see firmware.h
cce_status cce_fw_commit(const cce_fw_counter *counter, uint32_t svn) {
  cce_status st = cce_svc_check(CCE_ST_INTEGRITY);  // the module is operational
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (counter == NULL || !counter_ok(counter)) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  int advanced;
  return cce_indicate(commit_impl(counter, svn, &advanced), 1);
}

// see firmware.h
cce_status cce_fw_key_id(uint8_t out[CCE_FW_KEY_ID_BYTES], const uint8_t *pub, size_t pub_len) {
  cce_status st = cce_svc_check(CCE_ST_SHA256);
  if (st != CCE_OK) return cce_indicate(st, 1);
  if (out == NULL || pub == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 1);
  if (pub_len == 0) return cce_indicate(CCE_ERR_INVALID_LENGTH, 1);
  sha256_impl(out, pub, pub_len);
  return cce_indicate(CCE_OK, 1);
}
