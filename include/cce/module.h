// module.h: the module's state, version, service indicator, CPU paths and
// self-test registry.
//
// State machine (DESIGN.md): POWER_ON -> SELF_TEST -> OPERATIONAL; any failure
// -> ERROR. In ERROR every cryptographic service returns CCE_ERR_MODULE_STATE;
// the functions of this header still answer. There is no way back but a reload.

#ifndef CCE_MODULE_H
#define CCE_MODULE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_VERSION_STRING "0.1.0"
#define CCE_MODULE_NAME "OpenCCE Core Crypto Engine"

// cce_version returns the module version string, e.g. "0.1.0".
CCE_API const char *cce_version(void);

typedef enum cce_module_state {
  CCE_STATE_POWER_ON = 0,
  CCE_STATE_SELF_TEST = 1,
  CCE_STATE_OPERATIONAL = 2,
  CCE_STATE_ERROR = 3
} cce_module_state;

// cce_module_status returns the current state of the module (process-wide).
CCE_API cce_module_state cce_module_status(void);

// cce_module_state_str names a state ("OPERATIONAL", ...).
CCE_API const char *cce_module_state_str(cce_module_state state);

// cce_module_error_reason returns the name of the self-test that put the
// module in its error state, or "" if it is not in error.
CCE_API const char *cce_module_error_reason(void);

// Service indicator. After each call of a cryptographic service,
// cce_service_indicator() (per thread) tells whether that service was an
// approved one. Services used inside another service do not change it.
typedef enum cce_indicator {
  CCE_INDICATOR_NONE = 0,          // no service called yet on this thread
  CCE_INDICATOR_APPROVED = 1,      // last service was approved and succeeded
  CCE_INDICATOR_NOT_APPROVED = 2,  // last service succeeded but is not approved
  CCE_INDICATOR_FAILED = 3         // last service returned an error
} cce_indicator;

CCE_API cce_indicator cce_service_indicator(void);

// CPU features the module detected and uses. Setting the environment variable
// CCE_CPU before the library loads changes what is used:
//   CCE_CPU=portable          every accelerated path off (portable C only)
//   CCE_CPU=-aesni,-shani     switch single features off (comma-separated;
//                             names as cce_cpu_feature_name gives them)
#define CCE_CPU_AESNI (1u << 0)
#define CCE_CPU_PCLMUL (1u << 1)
#define CCE_CPU_SSSE3 (1u << 2)
#define CCE_CPU_SSE41 (1u << 3)
#define CCE_CPU_AVX (1u << 4)
#define CCE_CPU_AVX2 (1u << 5)
#define CCE_CPU_BMI2 (1u << 6)
#define CCE_CPU_ADX (1u << 7)
#define CCE_CPU_SHANI (1u << 8)
#define CCE_CPU_AVX512F (1u << 9)
#define CCE_CPU_AVX512BW (1u << 10)
#define CCE_CPU_AVX512VL (1u << 11)
#define CCE_CPU_AVX512IFMA (1u << 12)
#define CCE_CPU_VAES (1u << 13)
#define CCE_CPU_VPCLMUL (1u << 14)
#define CCE_CPU_RDRAND (1u << 15)
#define CCE_CPU_RDSEED (1u << 16)
#define CCE_CPU_FEATURE_COUNT 17

// cce_cpu_features returns the features in use (detected minus overrides).
CCE_API uint32_t cce_cpu_features(void);
// cce_cpu_features_detected returns what CPUID reported, before overrides.
CCE_API uint32_t cce_cpu_features_detected(void);
// cce_cpu_feature_name names bit `index` (0..CCE_CPU_FEATURE_COUNT-1), e.g.
// "aesni"; NULL past the end.
CCE_API const char *cce_cpu_feature_name(unsigned index);

// cce_impl_name returns the implementation chosen for a primitive on this
// CPU, e.g. cce_impl_name("sha256") -> "shani" or "portable". Primitives:
// "sha256", "sha1", "sha512", "keccak", "aes", "ghash". Unknown: "unknown".
CCE_API const char *cce_impl_name(const char *primitive);

// Self-test registry. Each entry is a known-answer or health test of one
// algorithm. Tests run lazily before their algorithm's first use, or all at
// once through cce_module_selftest().
typedef enum cce_selftest_result {
  CCE_SELFTEST_NOT_RUN = 0,
  CCE_SELFTEST_PASSED = 1,
  CCE_SELFTEST_FAILED = 2
} cce_selftest_result;

typedef struct cce_selftest_info {
  const char *name;       // e.g. "SHA2-256 KAT"
  const char *algorithm;  // e.g. "SHA2-256"
  const char *kind;       // "KAT", "integrity", "health", "PCT"
  cce_selftest_result result;
  uint64_t duration_ns;   // duration of the last run, 0 if not run
} cce_selftest_info;

// cce_selftest_count returns the number of registered self-tests.
CCE_API size_t cce_selftest_count(void);

// cce_selftest_get fills `out` with entry `index`.
CCE_API CCE_MUST_CHECK cce_status cce_selftest_get(size_t index, cce_selftest_info *out);

// cce_integrity_state: "passed", "failed", "not run", or "not applicable
// (static library: ...)" when the module is linked statically into a program,
// which is outside the validated configuration.
CCE_API const char *cce_integrity_state(void);
// cce_integrity_digest writes the expected HMAC-SHA2-256 integrity value the
// shared library checked at load (CCE_ERR_MODULE_STATE if it did not pass).
CCE_API CCE_MUST_CHECK cce_status cce_integrity_digest(uint8_t out[32]);

// cce_module_selftest runs every registered self-test now (those already
// passed are run again). Returns CCE_OK if all pass; on the first failure the
// module enters its error state and CCE_ERR_SELFTEST is returned (the
// remaining tests are still run and reported).
CCE_API CCE_MUST_CHECK cce_status cce_module_selftest(void);

// Self-description: every algorithm the module offers, with its approved
// status, and the rules the service indicator follows. These tables are the
// source of docs/security-policy.md (a test compares them).
typedef struct cce_algorithm_info {
  const char *name;        // ACVP-style name, "AES-GCM"
  const char *parameters;  // key sizes, hashes, options
  const char *standard;    // "SP 800-38D"
  int approved;            // 1 if an approved algorithm (see the indicator rules)
  const char *notes;
} cce_algorithm_info;

CCE_API size_t cce_algorithm_count(void);
// NULL past the end.
CCE_API const cce_algorithm_info *cce_algorithm_get(size_t index);

typedef struct cce_indicator_rule {
  const char *service;    // "hmac", "pbkdf2", "aes-gcm-seal", ...
  const char *condition;  // when the rule applies
  int approved;           // what cce_service_indicator() reports then
} cce_indicator_rule;

// cce_module_boundary lists the source files inside the module boundary,
// one path per line (relative to the source tree).
CCE_API const char *cce_module_boundary(void);

CCE_API size_t cce_indicator_rule_count(void);
CCE_API const cce_indicator_rule *cce_indicator_rule_get(size_t index);

#ifdef __cplusplus
}
#endif

#endif  // CCE_MODULE_H
