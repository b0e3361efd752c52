// libFuzzer target: the firmware manifest and signature-block parser
// (src/module/boot/fw_parse.c, cce_fw_parse) and the verifier on top of it
// (cce_fw_verify), fed whole image files (header and attached image).
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - an accepted header lies inside the input: manifest, image hash,
//     target, description, every key id and signature point into
//     in[0..header_len); the lengths respect the format's bounds; the
//     signature lengths fit their algorithms; key ids are distinct;
//   - parsing is deterministic; a refused input leaves `out` zeroed;
//   - cce_fw_verify (fixed ECDSA P-384 and ML-DSA-87 trust anchors, the
//     seeds of tests/fuzz/corpus/fuzz_fw_manifest/ are signed with them)
//     returns CCE_ERR_DECODE exactly when the parser refuses, never
//     touches the counter unless asked, and accepts only when the image
//     that follows has the manifest's length and hash.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cce/ec.h"
#include "cce/firmware.h"
#include "cce/hash.h"
#include "cce/mldsa.h"

static int inside(const cce_fw_manifest *m, const uint8_t *base, const uint8_t *p, size_t len) {
  return p >= base && len <= m->header_len && (size_t)(p - base) <= m->header_len - len;
}

static int zeroed(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

// The trust anchors: ECDSA P-384 from the scalar 1..48, ML-DSA-87 from the
// seed 0..31; the seeds in tests/fuzz/corpus/fuzz_fw_manifest/ were made by
// `cce fw sign` (target "fuzz-board") with PEM files of these two keys.
static uint8_t ec_pub[97], ml_pub[CCE_MLDSA87_PUBLIC_KEY_BYTES];
static uint8_t ml_sk[CCE_MLDSA87_SECRET_KEY_BYTES];
static int ready;

static unsigned advances;
static cce_status c_read(void *ctx, uint32_t *out) {
  (void)ctx;
  *out = 3;
  return CCE_OK;
}
static cce_status c_advance(void *ctx, uint32_t v) {
  (void)ctx, (void)v;
  advances++;
  return CCE_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready) {
    uint8_t d[48], seed[32];
    for (int i = 0; i < 48; i++) d[i] = (uint8_t)(i + 1);
    for (int i = 0; i < 32; i++) seed[i] = (uint8_t)i;
    if (cce_ec_public_from_private(CCE_EC_P384, d, 48, ec_pub, 97) != CCE_OK) __builtin_trap();
    if (cce_mldsa_keygen_seed(CCE_MLDSA_87, ml_pub, sizeof ml_pub, ml_sk, sizeof ml_sk, seed) != CCE_OK)
      __builtin_trap();
    ready = 1;
  }
  if (size > 300 * 1024) return 0;
  static cce_fw_manifest m, m2;
  cce_status st = cce_fw_parse(data, size, &m);
  cce_status st2 = cce_fw_parse(data, size, &m2);
  if (st != st2) __builtin_trap();
  if (st != CCE_OK) {
    if (st != CCE_ERR_DECODE || !zeroed(&m, sizeof m)) __builtin_trap();
  } else {
    if (memcmp(&m, &m2, sizeof m) != 0) __builtin_trap();
    if (m.header_len > size || m.manifest != data) __builtin_trap();
    if (m.manifest_len < CCE_FW_MANIFEST_FIXED || m.manifest_len > CCE_FW_MANIFEST_MAX) __builtin_trap();
    if (m.manifest_len != CCE_FW_MANIFEST_FIXED + m.image_hash_len + m.target_len + m.description_len)
      __builtin_trap();
    if (m.image_hash_len != cce_hash_digest_len(m.hash_alg)) __builtin_trap();
    if (!inside(&m, data, m.image_hash, m.image_hash_len) ||
        !inside(&m, data, (const uint8_t *)m.target, m.target_len) ||
        !inside(&m, data, (const uint8_t *)m.description, m.description_len))
      __builtin_trap();
    if (m.target_len < 1 || m.target_len > CCE_FW_TARGET_MAX) __builtin_trap();
    if (m.image_len < 1 || m.image_len > CCE_FW_IMAGE_MAX) __builtin_trap();
    if (m.num_signatures < 1 || m.num_signatures > CCE_FW_MAX_SIGNATURES) __builtin_trap();
    for (size_t i = 0; i < m.num_signatures; i++) {
      const cce_fw_signature *s = &m.sigs[i];
      if (!inside(&m, data, s->key_id, CCE_FW_KEY_ID_BYTES) || !inside(&m, data, s->sig, s->sig_len))
        __builtin_trap();
      if (s->alg == CCE_FW_SIG_ECDSA_P384 && s->sig_len != 96) __builtin_trap();
      if (s->alg == CCE_FW_SIG_MLDSA87 && s->sig_len != CCE_MLDSA87_SIGNATURE_BYTES) __builtin_trap();
      if (s->alg == CCE_FW_SIG_HSS && (s->sig_len < 8 || s->sig_len > CCE_FW_HSS_SIG_MAX)) __builtin_trap();
      if (s->alg < CCE_FW_SIG_ECDSA_P384 || s->alg > CCE_FW_SIG_HSS) __builtin_trap();
      for (size_t j = 0; j < i; j++)
        if (memcmp(s->key_id, m.sigs[j].key_id, CCE_FW_KEY_ID_BYTES) == 0) __builtin_trap();
    }
  }

  // The verifier.
  static const char target[] = "fuzz-board";
  cce_fw_key keys[2] = {{CCE_FW_SIG_ECDSA_P384, ec_pub, 97}, {CCE_FW_SIG_MLDSA87, ml_pub, sizeof ml_pub}};
  cce_fw_policy pol;
  memset(&pol, 0, sizeof pol);
  pol.keys = keys;
  pol.num_keys = 2;
  pol.threshold = 1;
  pol.target = target;
  pol.target_len = sizeof target - 1;
  cce_fw_counter ctr = {NULL, c_read, c_advance};
  cce_fw_result r;
  unsigned before = advances;
  cce_status vs = cce_fw_verify(&pol, &ctr, data, size, NULL, 0, &r);
  if ((st != CCE_OK) != (vs == CCE_ERR_DECODE)) __builtin_trap();
  if (advances != before) __builtin_trap();
  if (vs == CCE_OK) {
    if (m.svn < 3 || size - m.header_len != m.image_len) __builtin_trap();
    uint8_t h[64];
    if (cce_hash(m.hash_alg, h, sizeof h, data + m.header_len, (size_t)m.image_len) != CCE_OK) __builtin_trap();
    if (memcmp(h, m.image_hash, m.image_hash_len) != 0) __builtin_trap();
    if (r.verified_keys == 0 || r.svn != m.svn) __builtin_trap();
  }
  return 0;
}
