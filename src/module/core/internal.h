// Private helpers shared by every family inside the module boundary:
// byte codecs, constant-time primitives, CPU features, the service gate
// (state machine + lazy self-tests), the service indicator, context markers.

#ifndef CCE_SRC_CORE_INTERNAL_H
#define CCE_SRC_CORE_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "cce/common.h"
#include "cce/module.h"
#include "cce/util.h"
#include "selftest_ids.h"

#define CCE_HIDDEN __attribute__((visibility("hidden")))
#define CCE_LIKELY(x) __builtin_expect(!!(x), 1)
#define CCE_UNLIKELY(x) __builtin_expect(!!(x), 0)

// ---------------------------------------------------------------------------
// Context markers: a context is live between init and final/cleanup.
#define CCE_CTX_LIVE 0x4c495645u      // "LIVE"
#define CCE_CTX_FINISHED 0x444f4e45u  // "DONE"

// ---------------------------------------------------------------------------
// Byte codecs.
static inline uint32_t cce_load32_be(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
static inline uint64_t cce_load64_be(const uint8_t *p) {
  return ((uint64_t)cce_load32_be(p) << 32) | cce_load32_be(p + 4);
}
static inline void cce_store32_be(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline void cce_store64_be(uint8_t *p, uint64_t v) {
  cce_store32_be(p, (uint32_t)(v >> 32));
  cce_store32_be(p + 4, (uint32_t)v);
}
static inline uint32_t cce_load32_le(const uint8_t *p) {
  uint32_t v; memcpy(&v, p, 4); return v;  // x86-64 / little-endian targets
}
static inline uint64_t cce_load64_le(const uint8_t *p) {
  uint64_t v; memcpy(&v, p, 8); return v;
}
static inline void cce_store32_le(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void cce_store64_le(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

// ---------------------------------------------------------------------------
// Constant-time toolkit: all-ones masks plus a value barrier (one style only).
// The barrier hides the value from the optimiser so that it cannot turn mask
// arithmetic back into a branch.
static inline uint32_t cce_ct_barrier32(uint32_t v) {
  __asm__("" : "+r"(v));
  return v;
}
static inline uint64_t cce_ct_barrier64(uint64_t v) {
  __asm__("" : "+r"(v));
  return v;
}
// all-ones if v != 0, else 0
static inline uint32_t cce_ct_nonzero_mask32(uint32_t v) {
  return cce_ct_barrier32((uint32_t)(0u - ((v | (0u - v)) >> 31)));
}
static inline uint32_t cce_ct_is_zero_mask32(uint32_t v) { return ~cce_ct_nonzero_mask32(v); }
static inline uint32_t cce_ct_eq_mask32(uint32_t a, uint32_t b) { return cce_ct_is_zero_mask32(a ^ b); }
static inline uint64_t cce_ct_nonzero_mask64(uint64_t v) {
  return cce_ct_barrier64((uint64_t)0 - ((v | ((uint64_t)0 - v)) >> 63));
}
static inline uint64_t cce_ct_eq_mask64(uint64_t a, uint64_t b) { return ~cce_ct_nonzero_mask64(a ^ b); }
// all-ones if a < b (unsigned), else 0
static inline uint32_t cce_ct_lt_mask32(uint32_t a, uint32_t b) {
  return cce_ct_barrier32((uint32_t)(0u - ((a ^ ((a ^ b) | ((a - b) ^ b))) >> 31)));
}
static inline uint64_t cce_ct_lt_mask64(uint64_t a, uint64_t b) {
  return cce_ct_barrier64((uint64_t)0 - ((a ^ ((a ^ b) | ((a - b) ^ b))) >> 63));
}
static inline uint32_t cce_ct_select32(uint32_t mask, uint32_t a, uint32_t b) { return (mask & a) | (~mask & b); }
static inline uint64_t cce_ct_select64(uint64_t mask, uint64_t a, uint64_t b) { return (mask & a) | (~mask & b); }
// cce_ct_public marks a value that is public by design although computed
// from secrets (a verification verdict, a length released with the output).
// In the module it does nothing; the valgrind constant-time test overrides
// this weak symbol to declassify the bytes, so that branching on them is not
// reported. Call it only on values the caller learns anyway.
CCE_HIDDEN void cce_ct_public(const void *p, size_t len);
// cce_ct_memeq_mask: all-ones if equal; time depends only on len.
CCE_HIDDEN uint32_t cce_ct_memeq_mask(const void *a, const void *b, size_t len);
// cce_ct_cmov: copy src to dst when mask is all-ones, in constant time.
CCE_HIDDEN void cce_ct_cmov(void *dst, const void *src, size_t len, uint32_t mask);

// ---------------------------------------------------------------------------
// CPU features (bits CCE_CPU_* of module.h). Filled at load by a constructor;
// cce_cpu_caps is read directly on hot paths.
extern CCE_HIDDEN uint32_t cce_cpu_caps;
static inline int cce_cpu_has(uint32_t bits) { return (cce_cpu_caps & bits) == bits; }
CCE_HIDDEN void cce_cpu_init(void);

// ---------------------------------------------------------------------------
// Service gate. Every public cryptographic entry point calls
// cce_svc_check(test_id) first: it fails with CCE_ERR_MODULE_STATE in the
// error state, and runs the algorithm's self-test before its first use.
// Fast path: one acquire load.
extern CCE_HIDDEN _Atomic uint8_t cce_st_ready[CCE_ST_COUNT];
CCE_HIDDEN cce_status cce_svc_check_slow(unsigned test_id);
static inline cce_status cce_svc_check(unsigned test_id) {
  if (CCE_LIKELY(atomic_load_explicit(&cce_st_ready[test_id], memory_order_acquire))) return CCE_OK;
  return cce_svc_check_slow(test_id);
}
// cce_svc_check2: two tests (e.g. HMAC needs its hash's KAT and HMAC's KAT).
static inline cce_status cce_svc_check2(unsigned a, unsigned b) {
  cce_status s = cce_svc_check(a);
  return s != CCE_OK ? s : cce_svc_check(b);
}
// cce_module_fail puts the module in its error state, naming `reason`.
CCE_HIDDEN void cce_module_fail(const char *reason);
CCE_HIDDEN int cce_module_is_error(void);

// ---------------------------------------------------------------------------
// Service indicator (per thread). Public entry points call cce_indicator_set
// once, on return; code inside the module calls the internal `_impl`
// functions, which never touch the indicator, so an outer service's answer
// is what the caller sees.
extern CCE_HIDDEN _Thread_local uint8_t cce_tls_indicator;
static inline cce_status cce_indicate(cce_status st, int approved) {
  // Branch-free: `st` may be the outcome of a tag comparison on secret data.
  uint32_t fail = cce_ct_nonzero_mask32((uint32_t)st);
  uint32_t ok = approved ? CCE_INDICATOR_APPROVED : CCE_INDICATOR_NOT_APPROVED;
  cce_tls_indicator = (uint8_t)cce_ct_select32(fail, CCE_INDICATOR_FAILED, ok);
  return st;
}
// cce_ct_status: CCE_OK when `ok_mask` is all-ones, else `err`, without a branch.
static inline cce_status cce_ct_status(uint32_t ok_mask, cce_status err) {
  return (cce_status)(int32_t)(~ok_mask & (uint32_t)err);
}

// ---------------------------------------------------------------------------
// Known-answer test helper: compares `got` with `expected`; returns CCE_OK or
// CCE_ERR_SELFTEST. In a fault-injection build (CCE_FAULT_INJECTION), when the
// environment variable CCE_FAULT_INJECT names this test, the comparison is
// made to fail, to prove the failure path.
CCE_HIDDEN cce_status cce_kat_check(unsigned test_id, const void *got, const void *expected, size_t len);
// cce_fault_active: nonzero when CCE_FAULT_INJECT names `test_id` (fault
// build only; always 0 otherwise). For tests whose failure is not a
// comparison (PCT, health tests).
CCE_HIDDEN int cce_fault_active(unsigned test_id);

#endif  // CCE_SRC_CORE_INTERNAL_H
