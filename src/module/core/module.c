// The module's state machine, self-test registry, service gate and service
// indicator (see module.h).
//
// POWER_ON -> SELF_TEST -> OPERATIONAL at load (constructor); any failed
// self-test -> ERROR for the rest of the process. The fast path of the gate
// is one acquire load of cce_st_ready[id]: set once the test has passed while
// the module is operational, cleared for every test on entering ERROR.

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

// ---------------------------------------------------------------------------
// Registry (generated from selftest_list.h). The references are strong: a
// program linked with the static library pulls in every KAT (and so every
// algorithm), and an algorithm can never run without its self-test.
#define X(id, name, alg, kind, fn) CCE_HIDDEN cce_status fn(void);
#include "selftest_list.h"
#undef X

typedef struct st_entry {
  const char *name;
  const char *algorithm;
  const char *kind;
  cce_status (*fn)(void);
} st_entry;

static const st_entry registry[CCE_ST_COUNT] = {
#define X(id, name, alg, kind, fn) [id] = {name, alg, kind, fn},
#include "selftest_list.h"
#undef X
};

_Atomic uint8_t cce_st_ready[CCE_ST_COUNT];
static _Atomic uint8_t st_result[CCE_ST_COUNT];
static uint64_t st_duration[CCE_ST_COUNT];
static _Atomic int module_state = CCE_STATE_POWER_ON;
static const char *error_reason = "";
static pthread_mutex_t st_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

_Thread_local uint8_t cce_tls_indicator;

const char *cce_version(void) { return CCE_VERSION_STRING; }

cce_module_state cce_module_status(void) { return (cce_module_state)atomic_load(&module_state); }

const char *cce_module_state_str(cce_module_state state) {
  switch (state) {
    case CCE_STATE_POWER_ON: return "POWER_ON";
    case CCE_STATE_SELF_TEST: return "SELF_TEST";
    case CCE_STATE_OPERATIONAL: return "OPERATIONAL";
    case CCE_STATE_ERROR: return "ERROR";
  }
  return "UNKNOWN";
}

const char *cce_module_error_reason(void) {
  return atomic_load(&module_state) == CCE_STATE_ERROR ? error_reason : "";
}

cce_indicator cce_service_indicator(void) { return (cce_indicator)cce_tls_indicator; }

int cce_module_is_error(void) { return atomic_load(&module_state) == CCE_STATE_ERROR; }

void cce_module_fail(const char *reason) {
  pthread_mutex_lock(&st_lock);
  if (atomic_load(&module_state) != CCE_STATE_ERROR) {
    error_reason = reason ? reason : "unknown";
    atomic_store(&module_state, CCE_STATE_ERROR);
  }
  for (unsigned i = 0; i < CCE_ST_COUNT; i++) atomic_store(&cce_st_ready[i], 0);
  pthread_mutex_unlock(&st_lock);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// Runs test `id` (lock held). Returns CCE_OK or CCE_ERR_SELFTEST.
static cce_status run_one(unsigned id) {
  const st_entry *e = &registry[id];
  if (e->fn == NULL) return CCE_OK;
  uint64_t t0 = now_ns();
  cce_status st = e->fn();
  st_duration[id] = now_ns() - t0;
  if (st != CCE_OK) {
    atomic_store(&st_result[id], CCE_SELFTEST_FAILED);
    cce_module_fail(e->name);
    return CCE_ERR_SELFTEST;
  }
  atomic_store(&st_result[id], CCE_SELFTEST_PASSED);
  return CCE_OK;
}

cce_status cce_svc_check_slow(unsigned test_id) {
  if (test_id >= CCE_ST_COUNT) return CCE_ERR_INTERNAL;
  if (atomic_load(&module_state) == CCE_STATE_ERROR) return CCE_ERR_MODULE_STATE;
  pthread_mutex_lock(&st_lock);
  cce_status st = CCE_OK;
  if (atomic_load(&module_state) == CCE_STATE_ERROR) {
    st = CCE_ERR_MODULE_STATE;
  } else if (atomic_load(&st_result[test_id]) != CCE_SELFTEST_PASSED) {
    st = run_one(test_id);
  }
  if (st == CCE_OK && atomic_load(&module_state) == CCE_STATE_OPERATIONAL)
    atomic_store_explicit(&cce_st_ready[test_id], 1, memory_order_release);
  pthread_mutex_unlock(&st_lock);
  return st;
}

// Power-up: CPU detection, then the pre-operational self-tests: the KATs of
// the integrity test's own algorithms (SHA2-256, HMAC) and the software
// integrity test. Every other KAT runs before its algorithm's first use.
__attribute__((constructor)) static void cce_module_power_on(void) {
  cce_cpu_init();
  pthread_mutex_lock(&st_lock);
  atomic_store(&module_state, CCE_STATE_SELF_TEST);
  cce_status st = run_one(CCE_ST_SHA256);
  if (st == CCE_OK) st = run_one(CCE_ST_HMAC);
  if (st == CCE_OK) st = run_one(CCE_ST_INTEGRITY);
  if (st == CCE_OK) {
    atomic_store(&module_state, CCE_STATE_OPERATIONAL);
    for (unsigned i = 0; i < CCE_ST_COUNT; i++)
      if (atomic_load(&st_result[i]) == CCE_SELFTEST_PASSED) atomic_store(&cce_st_ready[i], 1);
  }
  pthread_mutex_unlock(&st_lock);
}

size_t cce_selftest_count(void) {
  size_t n = 0;
  for (unsigned i = 0; i < CCE_ST_COUNT; i++) n += registry[i].fn != NULL;
  return n;
}

cce_status cce_selftest_get(size_t index, cce_selftest_info *out) {
  if (out == NULL) return CCE_ERR_NULL_POINTER;
  size_t n = 0;
  for (unsigned i = 0; i < CCE_ST_COUNT; i++) {
    if (registry[i].fn == NULL) continue;
    if (n++ == index) {
      out->name = registry[i].name;
      out->algorithm = registry[i].algorithm;
      out->kind = registry[i].kind;
      out->result = (cce_selftest_result)atomic_load(&st_result[i]);
      out->duration_ns = st_duration[i];
      return CCE_OK;
    }
  }
  return CCE_ERR_INVALID_ARG;
}

cce_status cce_module_selftest(void) {
  if (atomic_load(&module_state) == CCE_STATE_ERROR) return CCE_ERR_MODULE_STATE;
  cce_status result = CCE_OK;
  pthread_mutex_lock(&st_lock);
  for (unsigned i = 0; i < CCE_ST_COUNT; i++) {
    if (run_one(i) != CCE_OK) result = CCE_ERR_SELFTEST;  // keep going: report every test
  }
  if (result == CCE_OK) {
    for (unsigned i = 0; i < CCE_ST_COUNT; i++) atomic_store(&cce_st_ready[i], 1);
  }
  pthread_mutex_unlock(&st_lock);
  return result;
}

// ---------------------------------------------------------------------------
// Fault injection (test builds only): CCE_FAULT_INJECT=<self-test name>.
int cce_fault_active(unsigned test_id) {
#ifdef CCE_FAULT_INJECTION
  const char *f = getenv("CCE_FAULT_INJECT");
  return f != NULL && test_id < CCE_ST_COUNT && strcmp(f, registry[test_id].name) == 0;
#else
  (void)test_id;
  return 0;
#endif
}

cce_status cce_kat_check(unsigned test_id, const void *got, const void *expected, size_t len) {
  uint32_t eq = cce_ct_memeq_mask(got, expected, len);
  if (cce_fault_active(test_id)) eq = 0;
  return eq ? CCE_OK : CCE_ERR_SELFTEST;
}

// ---------------------------------------------------------------------------
// Implementation names per primitive (each family provides its own).
CCE_HIDDEN const char *cce_impl_sha1(void) __attribute__((weak));
CCE_HIDDEN const char *cce_impl_sha256(void) __attribute__((weak));
CCE_HIDDEN const char *cce_impl_sha512(void) __attribute__((weak));
CCE_HIDDEN const char *cce_impl_keccak(void) __attribute__((weak));
CCE_HIDDEN const char *cce_impl_aes(void) __attribute__((weak));
CCE_HIDDEN const char *cce_impl_ghash(void) __attribute__((weak));

const char *cce_impl_name(const char *primitive) {
  static const struct {
    const char *name;
    const char *(*fn)(void);
  } impls[] = {{"sha1", cce_impl_sha1},     {"sha256", cce_impl_sha256}, {"sha512", cce_impl_sha512},
               {"keccak", cce_impl_keccak}, {"aes", cce_impl_aes},       {"ghash", cce_impl_ghash}};
  if (primitive == NULL) return "unknown";
  for (size_t i = 0; i < sizeof impls / sizeof impls[0]; i++) {
    if (strcmp(primitive, impls[i].name) == 0) return impls[i].fn ? impls[i].fn() : "absent";
  }
  return "unknown";
}
