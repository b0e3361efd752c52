// CPU feature detection (CPUID + XGETBV) with the CCE_CPU override
// (see module.h). Runs once, from the module's load-time constructor.

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

uint32_t cce_cpu_caps;
static uint32_t cce_cpu_detected;
static int cce_cpu_done;

static const char *const feature_names[CCE_CPU_FEATURE_COUNT] = {
    "aesni", "pclmul", "ssse3", "sse41", "avx", "avx2", "bmi2", "adx", "shani",
    "avx512f", "avx512bw", "avx512vl", "avx512ifma", "vaes", "vpclmul", "rdrand", "rdseed"};

const char *cce_cpu_feature_name(unsigned index) {
  return index < CCE_CPU_FEATURE_COUNT ? feature_names[index] : NULL;
}

#if defined(__x86_64__)
static uint64_t xgetbv0(void) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
}

static uint32_t detect(void) {
  uint32_t a, b, c, d, caps = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int osxsave = (c >> 27) & 1;
  if (c & (1u << 25)) caps |= CCE_CPU_AESNI;
  if (c & (1u << 1)) caps |= CCE_CPU_PCLMUL;
  if (c & (1u << 9)) caps |= CCE_CPU_SSSE3;
  if (c & (1u << 19)) caps |= CCE_CPU_SSE41;
  if (c & (1u << 30)) caps |= CCE_CPU_RDRAND;
  int avx_cpu = (c >> 28) & 1;
  uint64_t xcr0 = osxsave ? xgetbv0() : 0;
  int ymm_os = (xcr0 & 0x6) == 0x6;
  int zmm_os = (xcr0 & 0xe6) == 0xe6;
  if (avx_cpu && ymm_os) caps |= CCE_CPU_AVX;
  uint32_t max = __get_cpuid_max(0, NULL);
  if (max >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    if ((b & (1u << 5)) && ymm_os) caps |= CCE_CPU_AVX2;
    // BMI2 paths also use BMI1 (ANDN): report BMI2 only with BMI1.
    if ((b & (1u << 8)) && (b & (1u << 3))) caps |= CCE_CPU_BMI2;
    if (b & (1u << 19)) caps |= CCE_CPU_ADX;
    if (b & (1u << 29)) caps |= CCE_CPU_SHANI;
    if (b & (1u << 18)) caps |= CCE_CPU_RDSEED;
    if (zmm_os) {
      if (b & (1u << 16)) caps |= CCE_CPU_AVX512F;
      if (b & (1u << 30)) caps |= CCE_CPU_AVX512BW;
      if (b & (1u << 31)) caps |= CCE_CPU_AVX512VL;
      if (b & (1u << 21)) caps |= CCE_CPU_AVX512IFMA;
    }
    if (ymm_os) {
      if (c & (1u << 9)) caps |= CCE_CPU_VAES;
      if (c & (1u << 10)) caps |= CCE_CPU_VPCLMUL;
    }
  }
  return caps;
}
#else
static uint32_t detect(void) { return 0; }
#endif

// Parse CCE_CPU: "portable" (or "none") clears everything; otherwise a
// comma-separated list of "-name" entries switches single features off.
static uint32_t apply_override(uint32_t caps, const char *env) {
  if (env == NULL || *env == '\0') return caps;
  if (strcmp(env, "portable") == 0 || strcmp(env, "none") == 0) return 0;
  const char *p = env;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n > 1 && p[0] == '-') {
      for (unsigned i = 0; i < CCE_CPU_FEATURE_COUNT; i++) {
        if (strlen(feature_names[i]) == n - 1 && memcmp(feature_names[i], p + 1, n - 1) == 0)
          caps &= ~(1u << i);
      }
    }
    p += n;
    if (*p == ',') p++;
  }
  return caps;
}

void cce_cpu_init(void) {
  if (cce_cpu_done) return;
  cce_cpu_detected = detect();
  cce_cpu_caps = apply_override(cce_cpu_detected, getenv("CCE_CPU"));
  cce_cpu_done = 1;
}

uint32_t cce_cpu_features(void) {
  cce_cpu_init();
  return cce_cpu_caps;
}

uint32_t cce_cpu_features_detected(void) {
  cce_cpu_init();
  return cce_cpu_detected;
}
