// Internal interface of the MAC family (HMAC), for HKDF, SP 800-108, PBKDF2
// and HMAC_DRBG. No state checks, no indicator.

#ifndef CCE_SRC_MAC_INTERNAL_H
#define CCE_SRC_MAC_INTERNAL_H

#include "../hash/internal.h"
#include "cce/hmac.h"

// Keyed HMAC over any hash descriptor (fixed-length hashes only).
CCE_HIDDEN void cce_hmac_init_impl(cce_hmac_ctx *ctx, const cce_hash_desc *d, const uint8_t *key, size_t key_len);
CCE_HIDDEN cce_status cce_hmac_update_impl(cce_hmac_ctx *ctx, const uint8_t *data, size_t len);
// Writes d->digest_len bytes.
CCE_HIDDEN void cce_hmac_final_impl(cce_hmac_ctx *ctx, uint8_t *out);
// One-shot.
CCE_HIDDEN void cce_hmac_impl(const cce_hash_desc *d, const uint8_t *key, size_t key_len,
                              const uint8_t *data, size_t len, uint8_t *out);

#endif  // CCE_SRC_MAC_INTERNAL_H
