// ct.h: the constant-time check (valgrind memcheck as a taint tracker).
//
// Secrets are marked undefined with CCE_CT_SECRET; memcheck then reports any
// conditional jump, conditional move or memory address computed from them
// ("Conditional jump or move depends on uninitialised value(s)", "Use of
// uninitialised value of size N"), i.e. every secret-dependent branch or
// index. Outputs that are public by design (a digest, a MAC, a comparison's
// status) are declassified with CCE_CT_DECLASSIFY before the test looks at
// them. The runner (ct_test.c) is run as
//   valgrind --error-exitcode=1 --track-origins=yes ./cce-ct-test
// by tests/ct/run_ct.sh, which fails on any such report.
//
// Adding cases: one file per family, tests/ct/ct_<family>.c (every
// tests/ct/ct_*.c except ct_leak.c is built into cce-ct-test), with
//
//   #include "ct.h"
//   CT_CASE(aes_gcm_seal, "AES-256-GCM seal (key, nonce, plaintext secret)") {
//     uint8_t key[32] = {1}; ...
//     CCE_CT_SECRET(key, sizeof key);
//     CT_CHECK(cce_aes_gcm_seal(...));   // the status is declassified, then checked
//     CCE_CT_DECLASSIFY(out, out_len);
//   }
//
// Each CT_CASE registers itself (a pointer in the linker section
// "cce_ct_cases"), so no table has to be edited. A case reports a functional
// failure with CT_FAIL / CT_CHECK (the program then exits 1, valgrind or not).

#ifndef CCE_TESTS_CT_H
#define CCE_TESTS_CT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <valgrind/memcheck.h>

#include "cce/common.h"

#define CCE_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define CCE_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

typedef struct ct_case {
  const char *id;     // short name, selectable on the command line
  const char *label;  // what is secret in this case
  void (*fn)(void);
} ct_case;

#define CT_CASE(id_, label_)                                                             \
  static void ct_fn_##id_(void);                                                         \
  static const ct_case ct_case_##id_ = {#id_, label_, ct_fn_##id_};                      \
  static const ct_case *const ct_ptr_##id_                                               \
      __attribute__((used, section("cce_ct_cases"), aligned(sizeof(void *)))) = &ct_case_##id_; \
  static void ct_fn_##id_(void)

// ct_failures counts functional failures (wrong status, wrong output).
extern int ct_failures;
void ct_fail(const char *file, int line, const char *what);
#define CT_FAIL(what) ct_fail(__FILE__, __LINE__, (what))

// CT_CHECK(expr): `expr` is a cce_status that must be CCE_OK. The status is
// declassified first (it is public by design) so that checking it is not
// itself reported.
#define CT_CHECK(expr)                                          \
  do {                                                          \
    cce_status ct_st_ = (expr);                                 \
    CCE_CT_DECLASSIFY(&ct_st_, sizeof ct_st_);                  \
    if (ct_st_ != CCE_OK) ct_fail(__FILE__, __LINE__, #expr);   \
  } while (0)

// CT_EXPECT(expr, status): as CT_CHECK with another expected status.
#define CT_EXPECT(expr, want)                                   \
  do {                                                          \
    cce_status ct_st_ = (expr);                                 \
    CCE_CT_DECLASSIFY(&ct_st_, sizeof ct_st_);                  \
    if (ct_st_ != (want)) ct_fail(__FILE__, __LINE__, #expr);   \
  } while (0)

// ct_fill fills `p` with a deterministic pattern (the values do not matter
// to memcheck; they matter to the functional checks).
void ct_fill(void *p, size_t n, uint8_t seed);

#endif  // CCE_TESTS_CT_H
