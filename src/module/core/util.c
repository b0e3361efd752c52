// Status names, zeroization and constant-time comparison (see util.h, common.h).

#include <string.h>

#include "internal.h"

const char *cce_status_str(cce_status status) {
  switch (status) {
    case CCE_OK: return "CCE_OK: success";
    case CCE_ERR_NULL_POINTER: return "CCE_ERR_NULL_POINTER: a required pointer was NULL";
    case CCE_ERR_INVALID_ARG: return "CCE_ERR_INVALID_ARG: invalid argument";
    case CCE_ERR_INVALID_LENGTH: return "CCE_ERR_INVALID_LENGTH: length not allowed";
    case CCE_ERR_BUFFER_TOO_SMALL: return "CCE_ERR_BUFFER_TOO_SMALL: output buffer too small";
    case CCE_ERR_AUTH: return "CCE_ERR_AUTH: authentication failed";
    case CCE_ERR_UNSUPPORTED: return "CCE_ERR_UNSUPPORTED: algorithm or parameter not supported";
    case CCE_ERR_CTX_STATE: return "CCE_ERR_CTX_STATE: context not initialised or already finished";
    case CCE_ERR_MODULE_STATE: return "CCE_ERR_MODULE_STATE: the module is in its error state";
    case CCE_ERR_SELFTEST: return "CCE_ERR_SELFTEST: a self-test failed";
    case CCE_ERR_ENTROPY: return "CCE_ERR_ENTROPY: entropy source health test failed";
    case CCE_ERR_LENGTH_OVERFLOW: return "CCE_ERR_LENGTH_OVERFLOW: total length beyond the algorithm's limit";
    case CCE_ERR_SIGNATURE: return "CCE_ERR_SIGNATURE: signature did not verify";
    case CCE_ERR_KEY_INVALID: return "CCE_ERR_KEY_INVALID: key rejected";
    case CCE_ERR_LIMIT_REACHED: return "CCE_ERR_LIMIT_REACHED: counter or usage limit reached";
    case CCE_ERR_ALIAS: return "CCE_ERR_ALIAS: input and output overlap in an unsupported way";
    case CCE_ERR_INTERNAL: return "CCE_ERR_INTERNAL: internal consistency check failed";
    case CCE_ERR_POINT_INVALID: return "CCE_ERR_POINT_INVALID: public key or point rejected";
    case CCE_ERR_DECODE: return "CCE_ERR_DECODE: malformed encoding";
    case CCE_ERR_PERSIST: return "CCE_ERR_PERSIST: new key state could not be made durable";
    case CCE_ERR_ROLLBACK: return "CCE_ERR_ROLLBACK: security version below the stored minimum";
    case CCE_ERR_WRONG_TARGET: return "CCE_ERR_WRONG_TARGET: meant for another device class";
    case CCE_ERR_POLICY: return "CCE_ERR_POLICY: signer policy not met";
    case CCE_ERR_LIFECYCLE: return "CCE_ERR_LIFECYCLE: not allowed in this life-cycle state";
  }
  return "CCE_ERR_UNKNOWN: unknown status";
}

// explicit_bzero (glibc >= 2.25) is a memset the compiler may not remove.
void cce_wipe(void *p, size_t len) {
  if (p == NULL || len == 0) return;
  explicit_bzero(p, len);
}

uint32_t cce_ct_memeq_mask(const void *a, const void *b, size_t len) {
  const volatile uint8_t *x = (const volatile uint8_t *)a;
  const volatile uint8_t *y = (const volatile uint8_t *)b;
  uint32_t acc = 0;
  for (size_t i = 0; i < len; i++) acc |= (uint32_t)(x[i] ^ y[i]);
  return cce_ct_is_zero_mask32(acc);
}

void cce_ct_cmov(void *dst, const void *src, size_t len, uint32_t mask) {
  uint8_t *d = (uint8_t *)dst;
  const uint8_t *s = (const uint8_t *)src;
  uint8_t m = (uint8_t)cce_ct_barrier32(mask);
  for (size_t i = 0; i < len; i++) d[i] = (uint8_t)((d[i] & (uint8_t)~m) | (s[i] & m));
}

cce_status cce_memeq(const void *a, const void *b, size_t len) {
  if (len > 0 && (a == NULL || b == NULL)) return CCE_ERR_NULL_POINTER;
  return cce_ct_status(cce_ct_memeq_mask(a, b, len), CCE_ERR_AUTH);
}

__attribute__((weak, noinline)) void cce_ct_public(const void *p, size_t len) {
  (void)p;
  (void)len;
}
