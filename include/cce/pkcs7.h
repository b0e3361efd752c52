// pkcs7.h: PKCS#7 padding (RFC 5652 6.3) for block-cipher modes without
// padding of their own (AES-ECB/CBC in aes.h). Outside the module boundary:
// these are encodings, not cryptographic services (no indicator change).
//
// Padding oracle warning: cce_pkcs7_unpad runs in time that depends only on
// the lengths, but a caller that tells a remote party "bad padding" apart
// from "bad MAC" still builds an oracle. Authenticate ciphertext (CMAC,
// HMAC) before decrypting, or use an AEAD (GCM, CCM).

#ifndef CCE_PKCS7_H
#define CCE_PKCS7_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

// cce_pkcs7_pad copies `in` to `out` and appends 1..block_size bytes, each
// equal to their count, so that `*out_len` is the next multiple of
// `block_size` (1..255) strictly above `in_len`. `out` may equal `in`.
// CCE_ERR_BUFFER_TOO_SMALL if `out_cap` is short, CCE_ERR_INVALID_ARG for a
// bad `block_size`.
CCE_API CCE_MUST_CHECK cce_status cce_pkcs7_pad(uint8_t *out, size_t out_cap, size_t *out_len, const uint8_t *in,
                                                size_t in_len, size_t block_size);

// cce_pkcs7_unpad checks the padding at the end of `buf` (`len` a nonzero
// multiple of `block_size`) and sets `*out_len` to the unpadded length.
// Constant time in the padding contents. CCE_ERR_DECODE if the padding is
// malformed (then `*out_len` is 0), CCE_ERR_INVALID_LENGTH for a bad `len`.
CCE_API CCE_MUST_CHECK cce_status cce_pkcs7_unpad(const uint8_t *buf, size_t len, size_t block_size,
                                                  size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_PKCS7_H
