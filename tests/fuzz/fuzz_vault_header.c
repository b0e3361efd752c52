// libFuzzer target: the sealed-file header parser (src/encoding/vault_format.c,
// cce_vault_header_len / cce_vault_header_parse), fed whole files (header
// and any payload after it).
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - an accepted header lies inside the input: every stanza body, key id,
//     ephemeral key, ML-KEM ciphertext (hybrid stanzas only), salt, wrapped
//     key, signer key and the MAC point into
//     in[0..header_len), header_len is what cce_vault_header_len reported,
//     and the stanza count and flags are within their limits;
//   - parsing is deterministic (a second parse gives the same result);
//   - the header MAC under an arbitrary file key never verifies, and an
//     ECDH stanza with an attacker's ephemeral key never unwraps with a
//     fixed recipient key (both need a forgery).

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cce/vault.h"

static int inside(const cce_vault_header *h, const uint8_t *base, const uint8_t *p, size_t len) {
  return p >= base && len <= h->header_len && (size_t)(p - base) <= h->header_len - len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 2 * CCE_VAULT_MAX_HEADER_BYTES) return 0;
  size_t hl = 0;
  cce_status st = cce_vault_header_len(data, size, &hl);
  if (st != CCE_OK) {
    if (hl != 0) __builtin_trap();
    return 0;
  }
  if (hl < CCE_VAULT_FIXED_BYTES + CCE_VAULT_MAC_BYTES || hl > CCE_VAULT_MAX_HEADER_BYTES) __builtin_trap();
  if (hl > size) return 0;
  static cce_vault_header h, h2;
  st = cce_vault_header_parse(&h, data, hl);
  cce_status st2 = cce_vault_header_parse(&h2, data, hl);
  if (st != st2) __builtin_trap();
  if (st != CCE_OK) return 0;
  if (memcmp(&h, &h2, sizeof h) != 0) __builtin_trap();
  if (h.header_len != hl || h.raw != data) __builtin_trap();
  if (h.num_stanzas == 0 || h.num_stanzas > CCE_VAULT_MAX_STANZAS) __builtin_trap();
  if (h.flags & ~CCE_VAULT_FLAG_SIGNED) __builtin_trap();
  if (!inside(&h, data, h.mac, CCE_VAULT_MAC_BYTES) || h.mac != data + hl - CCE_VAULT_MAC_BYTES) __builtin_trap();
  for (size_t i = 0; i < h.num_stanzas; i++) {
    const cce_vault_stanza *s = &h.stanzas[i];
    if (!inside(&h, data, s->body, s->body_len)) __builtin_trap();
    if (s->key_id && (!inside(&h, data, s->key_id, CCE_VAULT_KEY_ID_BYTES) ||
                      !inside(&h, data, s->eph_pub, s->eph_len) ||
                      !inside(&h, data, s->wrapped, CCE_VAULT_WRAPPED_BYTES)))
      __builtin_trap();
    if (s->kem_ct && (!inside(&h, data, s->kem_ct, s->kem_ct_len) || s->kem_ct_len != CCE_MLKEM1024_CT_BYTES))
      __builtin_trap();
    if (!s->kem_ct != (s->type != CCE_VAULT_STANZA_P384_MLKEM1024)) __builtin_trap();
    if (s->salt && (!inside(&h, data, s->salt, CCE_VAULT_PBKDF2_SALT_BYTES) ||
                    !inside(&h, data, s->wrapped, CCE_VAULT_WRAPPED_BYTES) || s->iterations == 0))
      __builtin_trap();
  }
  if (h.flags & CCE_VAULT_FLAG_SIGNED) {
    if (!h.signer_pub || !inside(&h, data, h.signer_pub, h.signer_pub_len)) __builtin_trap();
    if (cce_vault_sig_len((cce_vault_sig_alg)h.sig_alg) == 0) __builtin_trap();
  } else if (h.signer_pub || h.sig_alg) {
    __builtin_trap();
  }
  // Authentication cannot be forged by the fuzzer.
  static const uint8_t fk[CCE_VAULT_FILE_KEY_BYTES] = {1, 2, 3};
  static cce_vault_ctx ctx;
  if (cce_vault_open_init(&ctx, &h, fk) == CCE_OK) __builtin_trap();
  // One X25519 stanza (cheap) with a fixed recipient key.
  static const uint8_t xd[32] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
  static const uint8_t xq[32] = {0x55};
  for (size_t i = 0; i < h.num_stanzas; i++)
    if (h.stanzas[i].type == CCE_VAULT_STANZA_X25519) {
      uint8_t k[CCE_VAULT_FILE_KEY_BYTES];
      if (cce_vault_unwrap_ec(&h, &h.stanzas[i], xd, 32, xq, 32, k) == CCE_OK) __builtin_trap();
      break;
    }
  // The payload layout arithmetic on the rest of the input.
  uint64_t n = 0, pt = 0;
  if (cce_vault_layout(h.chunk_log2, size - hl, &n, &pt) == CCE_OK &&
      pt + n * CCE_VAULT_TAG_BYTES != size - hl)
    __builtin_trap();
  return 0;
}
