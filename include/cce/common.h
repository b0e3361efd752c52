// common.h: status codes and macros shared by every OpenCCE header.
//
// Every fallible function of the module returns a `cce_status`: `CCE_OK` (0)
// or one distinct negative `CCE_ERR_*`. Outputs go through pointers; sizes are
// `size_t`; the module never allocates.

#ifndef CCE_COMMON_H
#define CCE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CCE_API __attribute__((visibility("default")))
#define CCE_MUST_CHECK __attribute__((warn_unused_result))
#else
#define CCE_API
#define CCE_MUST_CHECK
#endif

typedef enum cce_status {
  CCE_OK = 0,
  CCE_ERR_NULL_POINTER = -1,      // a required pointer was NULL
  CCE_ERR_INVALID_ARG = -2,       // an argument has an impossible value
  CCE_ERR_INVALID_LENGTH = -3,    // a key, IV, tag or input length is not allowed
  CCE_ERR_BUFFER_TOO_SMALL = -4,  // the output buffer is too small
  CCE_ERR_AUTH = -5,              // authentication failed (tag or MAC mismatch)
  CCE_ERR_UNSUPPORTED = -6,       // algorithm or parameter not implemented
  CCE_ERR_CTX_STATE = -7,         // context not initialised, or used after final
  CCE_ERR_MODULE_STATE = -8,      // the module is in its error state
  CCE_ERR_SELFTEST = -9,          // a self-test failed (the module is now in error)
  CCE_ERR_ENTROPY = -10,          // the entropy source failed a health test
  CCE_ERR_LENGTH_OVERFLOW = -11,  // total message length beyond the algorithm's limit
  CCE_ERR_SIGNATURE = -12,        // signature did not verify
  CCE_ERR_KEY_INVALID = -13,      // key material rejected (e.g. AES-XTS key1 == key2)
  CCE_ERR_LIMIT_REACHED = -14,    // counter, reseed or invocation limit reached
  CCE_ERR_ALIAS = -15,            // input and output overlap in an unsupported way
  CCE_ERR_INTERNAL = -16,         // internal consistency check failed
  CCE_ERR_POINT_INVALID = -17,    // public key / point rejected by validation
  CCE_ERR_DECODE = -18,           // malformed encoding
  CCE_ERR_PERSIST = -19,          // the caller could not make new key state durable
  CCE_ERR_ROLLBACK = -20,         // security version below the device's stored minimum
  CCE_ERR_WRONG_TARGET = -21,     // image or object meant for another device class
  CCE_ERR_POLICY = -22,           // signer policy not met (unknown signer, threshold)
  CCE_ERR_LIFECYCLE = -23         // service not allowed in the device's life-cycle state
} cce_status;

// cce_status_str returns a static, human-readable name for `status`
// ("CCE_ERR_AUTH: authentication failed", ...). Never NULL.
CCE_API const char *cce_status_str(cce_status status);

#ifdef __cplusplus
}
#endif

#endif  // CCE_COMMON_H
