// PKCS#7 padding (RFC 5652 6.3). See pkcs7.h.

#include <string.h>

#include "cce/pkcs7.h"

// all-ones if a < b (values below 2^31), else 0, without a branch
static inline uint32_t lt_mask(uint32_t a, uint32_t b) {
  uint32_t m = (uint32_t)0 - ((a - b) >> 31);
  __asm__("" : "+r"(m));
  return m;
}

// see pkcs7.h
cce_status cce_pkcs7_pad(uint8_t *out, size_t out_cap, size_t *out_len, const uint8_t *in, size_t in_len,
                         size_t block_size) {
  if (out == NULL || out_len == NULL || (in_len > 0 && in == NULL)) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (block_size == 0 || block_size > 255) return CCE_ERR_INVALID_ARG;
  size_t pad = block_size - in_len % block_size;
  if (in_len > SIZE_MAX - pad) return CCE_ERR_INVALID_LENGTH;
  if (out_cap < in_len + pad) return CCE_ERR_BUFFER_TOO_SMALL;
  if (in_len > 0 && out != in) memmove(out, in, in_len);
  memset(out + in_len, (int)pad, pad);
  *out_len = in_len + pad;
  return CCE_OK;
}

// see pkcs7.h
cce_status cce_pkcs7_unpad(const uint8_t *buf, size_t len, size_t block_size, size_t *out_len) {
  if (buf == NULL || out_len == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (block_size == 0 || block_size > 255) return CCE_ERR_INVALID_ARG;
  if (len == 0 || len % block_size != 0) return CCE_ERR_INVALID_LENGTH;
  const uint8_t *last = buf + len - block_size;
  uint32_t pad = buf[len - 1];
  // pad must be in 1..block_size
  uint32_t bad = ~lt_mask(0, pad) | lt_mask((uint32_t)block_size, pad);
  // every byte among the last `pad` must equal pad; look at the whole block
  for (size_t i = 0; i < block_size; i++) {
    uint32_t pos_from_end = (uint32_t)(block_size - i);  // 1..block_size
    uint32_t in_pad = ~lt_mask(pad, pos_from_end);       // pos_from_end <= pad
    uint32_t diff = (uint32_t)(last[i] ^ pad);
    bad |= in_pad & ((uint32_t)0 - ((diff | (0u - diff)) >> 31));
  }
  if (bad != 0) return CCE_ERR_DECODE;
  *out_len = len - pad;
  return CCE_OK;
}
