// util.h: zeroization and constant-time comparison.

#ifndef CCE_UTIL_H
#define CCE_UTIL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

// cce_wipe sets `len` bytes at `p` to zero in a way the compiler cannot
// remove. `p` may be NULL when `len` is 0.
CCE_API void cce_wipe(void *p, size_t len);

// cce_memeq compares `len` bytes of `a` and `b` in time that depends only on
// `len`. Returns CCE_OK if equal, CCE_ERR_AUTH if not, CCE_ERR_NULL_POINTER if
// a pointer is NULL while `len` > 0.
CCE_API CCE_MUST_CHECK cce_status cce_memeq(const void *a, const void *b, size_t len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_UTIL_H
