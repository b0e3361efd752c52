// Entropy source tests (SP 800-90B): the health-test cutoffs derived from the
// claimed min-entropy, a most-common-value estimate of the real source
// against the claim, and injected bad noise sources (through the test
// build's hook) that must trip the repetition count test, the adaptive
// proportion test or the start-up test and stop the module: no output is
// handed out, cce_random fails from then on and the module is in ERROR.
// Each failure scenario runs in its own child process (the error state is
// permanent).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cce/drbg.h"
#include "cce/module.h"
#include "cce/rand.h"

// Internal interface of the test build (src/module/rand/internal.h).
typedef int (*cce_entropy_source_fn)(uint8_t *buf, size_t len);
void cce_entropy_set_test_source(cce_entropy_source_fn fn);
typedef struct cce_entropy_cutoffs {
  uint32_t rct, apt;
} cce_entropy_cutoffs;
void cce_entropy_cutoffs_get(cce_entropy_cutoffs *out);
size_t cce_entropy_samples_for(size_t bits);
cce_status cce_entropy_get_impl(uint8_t *out, size_t len);

static unsigned g_pass, g_fail;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (cond) {                                                      \
      g_pass++;                                                      \
    } else {                                                         \
      g_fail++;                                                      \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

static int all_zero(const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

// ---------------------------------------------------------------------------
// Cutoffs for the claim H = 4 bits per byte sample. Expected values from the
// SP 800-90B formulas, computed exactly (rational arithmetic) outside the
// module: RCT C = 1 + ceil(20/4) = 6; APT C = 1 + CRITBINOM(512, 1/16,
// 1 - 2^-20) = 62.
static void test_cutoffs(void) {
  cce_entropy_cutoffs c;
  cce_entropy_cutoffs_get(&c);
  CHECK(c.rct == 6);
  CHECK(c.apt == 62);
  CHECK(cce_entropy_samples_for(256) == 64);
  CHECK(cce_entropy_samples_for(128) == 32);
  CHECK(cce_entropy_samples_for(1) == 1);
}

// Most common value estimate (SP 800-90B 6.3.1) over 2^20 samples of the
// real source: the upper bound p_u of the most common value's probability
// must not exceed 2^-H (H = 4), i.e. the source supports the claim.
// p_u = p + 2.576 sqrt(p(1-p)/(N-1)); tested without sqrt as
// (2^-H - p)^2 >= 2.576^2 p(1-p)/(N-1).
static void test_mcv_estimate(void) {
  enum { N = 1 << 20 };
  static uint8_t buf[N];
  size_t got = 0;
  int ok = 1;
  while (got < N && ok) {
    size_t n = N - got < 4096 ? N - got : 4096;
    ok = cce_entropy_get_impl(buf + got, n) == CCE_OK;
    got += n;
  }
  CHECK(ok);
  unsigned long counts[256] = {0}, maxc = 0;
  for (size_t i = 0; i < N; i++) counts[buf[i]]++;
  for (int i = 0; i < 256; i++)
    if (counts[i] > maxc) maxc = counts[i];
  double p = (double)maxc / N, bound = 1.0 / 16.0;
  CHECK(p < bound);
  CHECK((bound - p) * (bound - p) >= 2.576 * 2.576 * p * (1 - p) / (N - 1));
  printf("entropy_test: MCV over %d samples: p_max = %.6f (claim needs <= %.4f)\n", N, p, bound);
}

// ---------------------------------------------------------------------------
// Injected sources.

static int stuck_source(uint8_t *buf, size_t len) {
  memset(buf, 0x5a, len);
  return 0;
}

// Never repeats a value twice in a row (passes the RCT), but cycles through
// only four values: each is 128 times in any 512-sample window (cutoff 62),
// so the APT trips whatever sample a window starts on.
static unsigned alt_state;
static int alternating_source(uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(0x40 + (alt_state++ & 3));
  return 0;
}

// Counts 0, 1, 2, ...: worthless as entropy, yet each value is twice per
// window and never repeated, so both tests pass: health tests catch
// failures of a source, they do not measure entropy (documented limit).
static unsigned cnt_state;
static int counting_source(uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)cnt_state++;
  return 0;
}

// Becomes stuck after `healthy_left` good bytes.
static long healthy_left;
static int late_stuck_source(uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len; i++) buf[i] = healthy_left-- > 0 ? (uint8_t)(i * 37 + 11) : 0x00;
  return 0;
}

static int broken_source(uint8_t *buf, size_t len) {
  (void)buf;
  (void)len;
  return -1;
}

// Runs `fn` in a child; returns its exit status (0 = all checks passed).
static int in_child(int (*fn)(void)) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) _exit(fn());
  if (pid < 0) return 99;
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 98;
}

#define EXPECT(cond)                                                          \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "  child check failed %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                               \
    }                                                                         \
  } while (0)

// After a health-test failure: ERROR state naming `reason`, output zeroed,
// every later request refused.
static int expect_stopped(cce_status st, const uint8_t *out, size_t n, const char *reason) {
  EXPECT(st == CCE_ERR_ENTROPY || st == CCE_ERR_MODULE_STATE);
  EXPECT(all_zero(out, n));
  EXPECT(cce_module_status() == CCE_STATE_ERROR);
  EXPECT(strstr(cce_module_error_reason(), reason) != NULL);
  uint8_t b[16];
  memset(b, 0x77, sizeof b);
  EXPECT(cce_random(b, sizeof b) == CCE_ERR_MODULE_STATE);
  EXPECT(all_zero(b, sizeof b));
  EXPECT(cce_service_indicator() == CCE_INDICATOR_FAILED);
  cce_drbg_ctx c;
  cce_drbg_config cfg = {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 0};
  EXPECT(cce_drbg_instantiate_seeded(&c, &cfg, NULL, 0) == CCE_ERR_MODULE_STATE);
  return 0;
}

// A stuck source while the module runs: the next reseed trips the RCT.
static int scenario_stuck_running(void) {
  uint8_t out[64];
  EXPECT(cce_random(out, 32) == CCE_OK);  // seeded from the real source
  cce_entropy_set_test_source(stuck_source);
  // a fresh self-seeded DRBG pulls from the source now
  cce_drbg_ctx c;
  cce_drbg_config cfg = {CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 0};
  memset(&c, 0x33, sizeof c);
  cce_status st = cce_drbg_instantiate_seeded(&c, &cfg, NULL, 0);
  EXPECT(st == CCE_ERR_ENTROPY);
  memset(out, 0, sizeof out);
  return expect_stopped(st, out, sizeof out, "repetition count");
}

// cce_random itself on a stuck source: a new thread seeds its DRBG, fails,
// and hands out nothing.
static int scenario_stuck_random(void) {
  cce_entropy_set_test_source(stuck_source);
  uint8_t out[48];
  memset(out, 0xaa, sizeof out);
  cce_status st = cce_random(out, sizeof out);
  // the start-up test (first use of the entropy source) or the RCT trips
  EXPECT(st != CCE_OK);
  EXPECT(all_zero(out, sizeof out));
  EXPECT(cce_module_status() == CCE_STATE_ERROR);
  EXPECT(cce_random(out, sizeof out) == CCE_ERR_MODULE_STATE);
  EXPECT(all_zero(out, sizeof out));
  return 0;
}

static int scenario_apt(void) {
  uint8_t out[32];
  EXPECT(cce_random(out, sizeof out) == CCE_OK);
  cce_entropy_set_test_source(alternating_source);
  uint8_t raw[2000];  // > one window plus 4 x 62 samples, whatever the phase
  memset(raw, 0xaa, sizeof raw);
  cce_status st = cce_entropy_get_impl(raw, sizeof raw);
  EXPECT(all_zero(raw, sizeof raw));
  return expect_stopped(st, raw, sizeof raw, "adaptive proportion");
}

static int scenario_late_stuck(void) {
  uint8_t out[32];
  EXPECT(cce_random(out, sizeof out) == CCE_OK);
  healthy_left = 100;
  cce_entropy_set_test_source(late_stuck_source);
  uint8_t raw[200];
  cce_status st = cce_entropy_get_impl(raw, sizeof raw);
  EXPECT(all_zero(raw, sizeof raw));
  return expect_stopped(st, raw, sizeof raw, "repetition count");
}

// Start-up test: a stuck source at start-up (cce_module_selftest reruns
// every test, the entropy start-up test included) fails it.
static int scenario_startup(void) {
  cce_entropy_set_test_source(stuck_source);
  EXPECT(cce_module_selftest() == CCE_ERR_SELFTEST);
  EXPECT(cce_module_status() == CCE_STATE_ERROR);
  int found = 0;
  for (size_t i = 0; i < cce_selftest_count(); i++) {
    cce_selftest_info info;
    if (cce_selftest_get(i, &info) == CCE_OK && strcmp(info.name, "Entropy start-up health test") == 0) {
      found = 1;
      EXPECT(info.result == CCE_SELFTEST_FAILED);
      EXPECT(strcmp(info.kind, "health") == 0);
    }
  }
  EXPECT(found);
  uint8_t b[16];
  EXPECT(cce_random(b, sizeof b) == CCE_ERR_MODULE_STATE);
  return 0;
}

// Poor but not failing sources pass (no false alarm on a counter); a noise
// source that reports failure makes requests fail without output.
static int scenario_counting_and_broken(void) {
  uint8_t raw[4096];
  EXPECT(cce_random(raw, 16) == CCE_OK);  // start-up test passed on the real source
  cce_entropy_set_test_source(counting_source);
  for (int i = 0; i < 50; i++) EXPECT(cce_entropy_get_impl(raw, sizeof raw) == CCE_OK);
  EXPECT(cce_module_status() == CCE_STATE_OPERATIONAL);
  cce_entropy_set_test_source(broken_source);
  memset(raw, 0x11, 64);
  EXPECT(cce_entropy_get_impl(raw, 64) == CCE_ERR_ENTROPY);
  EXPECT(all_zero(raw, 64));
  cce_drbg_ctx c;
  cce_drbg_config cfg = {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 0};
  EXPECT(cce_drbg_instantiate_seeded(&c, &cfg, NULL, 0) == CCE_ERR_ENTROPY);
  cce_entropy_set_test_source(NULL);
  EXPECT(cce_drbg_instantiate_seeded(&c, &cfg, NULL, 0) == CCE_OK);
  cce_drbg_uninstantiate(&c);
  return 0;
}

// The healthy source passes many requests without a false alarm.
static void test_healthy(void) {
  uint8_t raw[1024];
  int bad = 0;
  for (int i = 0; i < 200; i++) bad += cce_entropy_get_impl(raw, sizeof raw) != CCE_OK;
  CHECK(bad == 0);
  CHECK(cce_module_status() == CCE_STATE_OPERATIONAL);
}

int main(void) {
  test_cutoffs();
  test_healthy();
  test_mcv_estimate();
  CHECK(in_child(scenario_stuck_running) == 0);
  CHECK(in_child(scenario_stuck_random) == 0);
  CHECK(in_child(scenario_apt) == 0);
  CHECK(in_child(scenario_late_stuck) == 0);
  CHECK(in_child(scenario_startup) == 0);
  CHECK(in_child(scenario_counting_and_broken) == 0);
  // the parent is untouched by its children's failures
  uint8_t b[16];
  CHECK(cce_random(b, sizeof b) == CCE_OK);
  CHECK(cce_module_status() == CCE_STATE_OPERATIONAL);
  printf("entropy_test: %u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
