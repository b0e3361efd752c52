// The module's entropy source (NIST SP 800-90B), see docs/entropy.md.
//
// Noise source: the Linux getrandom(2) system call (flags 0: blocks until
// the kernel pool is initialised). One sample is one byte.
//
// Min-entropy claim: H = CCE_ENTROPY_H_BITS = 4 bits per 8-bit sample. The
// kernel's output is itself conditioned and would support a claim close to
// 8; claiming half of that is a deliberate safety margin: every consumer
// asks for twice the raw bytes it would need at full entropy, and the
// health tests' cutoffs below are derived from the claimed H, not from the
// (better) behaviour of the source, which keeps false alarms negligible
// (a full-entropy byte stream trips the repetition count test with
// probability 2^-40 per sample, and the adaptive proportion test never in
// practice: its cutoff is 62 for an expected count of 2).
//
// Continuous health tests (SP 800-90B 4.4) on every raw sample, before any
// use of it; their state carries over from one request to the next:
//   Repetition count test (4.4.1): cutoff C = 1 + ceil(20 / H) for a false
//     alarm probability alpha = 2^-20; fails when a value repeats C times
//     in a row. H = 4: C = 6.
//   Adaptive proportion test (4.4.2): non-binary samples, window W = 512;
//     cutoff C = 1 + CRITBINOM(W, 2^-H, 1 - alpha), the smallest count that
//     a value of probability 2^-H reaches in a window with probability at
//     most alpha; fails when the window's first value occurs C times in the
//     window. H = 4: C = 62. Both cutoffs are computed from H at first use
//     (cce_entropy_cutoffs_get), not copied from a table.
// Start-up test (4.3): 1024 samples through both tests, discarded
// (cce_st_entropy_startup, self-test CCE_ST_ENTROPY).
//
// A failure puts the module in its error state (cce_module_fail) and the
// requested samples are wiped, never handed out.
//
// RDSEED (or RDRAND) output, where the CPU has it, is offered separately
// (cce_entropy_extra_impl) as DRBG additional input: never credited with
// entropy and never the only input.
//
// Constant time: the tests compare samples with masks, so the time taken
// does not depend on the sample values; only the (public) pass/fail result
// selects a branch.

#include <errno.h>
#include <pthread.h>
#include <sys/random.h>

#include "internal.h"

// ---------------------------------------------------------------------------
// Cutoffs.

_Static_assert(CCE_ENTROPY_H_BITS >= 1 && CCE_ENTROPY_H_BITS <= 8, "H must be 1..8 bits per byte sample");

static uint32_t rct_cutoff(unsigned h) { return 1u + (20u + h - 1u) / h; }

// 1 + CRITBINOM(w, p, 1 - alpha) with p = 2^-h and alpha = 2^-20: the
// binomial distribution function is summed term by term (pmf(k+1) =
// pmf(k) * (w-k)/(k+1) * p/(1-p)), in double precision, no libm needed.
static uint32_t apt_cutoff(unsigned h, unsigned w) {
  double p = 1.0 / (double)(1u << h);
  double q = 1.0 - p;
  double pmf = 1.0;
  for (unsigned i = 0; i < w; i++) pmf *= q;  // (1-p)^w
  double cdf = pmf;
  const double target = 1.0 - 1.0 / 1048576.0;  // 1 - 2^-20
  unsigned k = 0;
  while (cdf < target && k < w) {
    pmf = pmf * (double)(w - k) / (double)(k + 1) * p / q;
    k++;
    cdf += pmf;
  }
  return 1u + k;
}

void cce_entropy_cutoffs_get(cce_entropy_cutoffs *out) {
  out->rct = rct_cutoff(CCE_ENTROPY_H_BITS);
  out->apt = apt_cutoff(CCE_ENTROPY_H_BITS, CCE_ENTROPY_APT_WINDOW);
}

size_t cce_entropy_samples_for(size_t bits) { return (bits + CCE_ENTROPY_H_BITS - 1) / CCE_ENTROPY_H_BITS; }

// ---------------------------------------------------------------------------
// Shared state, under `ent_lock` (taken only when seeding or reseeding, never
// on the DRBG hot path).

static pthread_mutex_t ent_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ent_once = PTHREAD_ONCE_INIT;

static struct {
  cce_entropy_cutoffs cut;
  uint32_t rct_a, rct_b;  // last value, run length (0: no sample yet)
  uint32_t apt_a, apt_b;  // window's first value, its count so far
  uint32_t apt_i;         // samples seen in the current window
  int failed;             // a health test has failed (sticky)
} hs;

#ifdef CCE_TEST_HOOKS
static cce_entropy_source_fn test_source;
void cce_entropy_set_test_source(cce_entropy_source_fn fn) {
  pthread_mutex_lock(&ent_lock);
  test_source = fn;
  pthread_mutex_unlock(&ent_lock);
}
#endif

// A fork while another thread holds the lock must not leave it locked in
// the child.
static void ent_prepare(void) { pthread_mutex_lock(&ent_lock); }
static void ent_parent(void) { pthread_mutex_unlock(&ent_lock); }
static void ent_child(void) { pthread_mutex_unlock(&ent_lock); }

static void ent_init(void) {
  cce_entropy_cutoffs_get(&hs.cut);
  (void)pthread_atfork(ent_prepare, ent_parent, ent_child);
}

// Noise source: fill buf with raw samples. 0 on success.
static int noise_read(uint8_t *buf, size_t len) {
#ifdef CCE_TEST_HOOKS
  if (test_source != NULL) return test_source(buf, len);
#endif
  while (len > 0) {
    size_t n = len > 256 ? 256 : len;
    ssize_t r = getrandom(buf, n, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += r;
    len -= (size_t)r;
  }
  return 0;
}

// Runs the continuous tests over `len` samples (lock held). Returns 0, or 1
// (repetition count) / 2 (adaptive proportion) on failure.
static int health_run(const uint8_t *s, size_t len) {
  uint32_t rct_fail = 0, apt_fail = 0;
  const uint32_t rct_c = hs.cut.rct, apt_c = hs.cut.apt;
  for (size_t i = 0; i < len; i++) {
    uint32_t x = s[i];
    // RCT: B = (x == A) ? B + 1 : 1; A = x; fail if B >= C
    uint32_t eq = cce_ct_eq_mask32(x, hs.rct_a) & cce_ct_nonzero_mask32(hs.rct_b);
    hs.rct_b = ((hs.rct_b + 1) & eq) | (1u & ~eq);
    hs.rct_a = x;
    rct_fail |= ~cce_ct_lt_mask32(hs.rct_b, rct_c);
    // APT: the window position is public; the comparison is a mask.
    if (hs.apt_i == 0) {
      hs.apt_a = x;
      hs.apt_b = 1;
    } else {
      hs.apt_b += 1u & cce_ct_eq_mask32(x, hs.apt_a);
      apt_fail |= ~cce_ct_lt_mask32(hs.apt_b, apt_c);
    }
    if (++hs.apt_i == CCE_ENTROPY_APT_WINDOW) hs.apt_i = 0;
  }
  if (rct_fail) return 1;
  if (apt_fail) return 2;
  return 0;
}

static const char *const fail_reason[3] = {
    "", "Entropy health test: repetition count (SP 800-90B 4.4.1)",
    "Entropy health test: adaptive proportion (SP 800-90B 4.4.2)"};

// Reads and tests `len` samples into out. Returns 0, a health failure code
// (1, 2) or 3 for a source failure / earlier failure. Lock not held on entry.
static int gather(uint8_t *out, size_t len) {
  pthread_once(&ent_once, ent_init);
  pthread_mutex_lock(&ent_lock);
  int r;
  if (hs.failed) {
    r = 3;
  } else if (noise_read(out, len) != 0) {
    r = 3;
  } else {
    r = health_run(out, len);
    if (r != 0) hs.failed = 1;
  }
  pthread_mutex_unlock(&ent_lock);
  return r;
}

cce_status cce_entropy_get_impl(uint8_t *out, size_t len) {
  int r = gather(out, len);
  if (r == 0) return CCE_OK;
  cce_wipe(out, len);
  // outside ent_lock: cce_module_fail takes the module's own lock, which a
  // thread running the start-up self-test holds while waiting for ent_lock
  if (r == 1 || r == 2) cce_module_fail(fail_reason[r]);
  return CCE_ERR_ENTROPY;
}

// ---------------------------------------------------------------------------
// Start-up test (SP 800-90B 4.3): the health test state restarts, then 1024
// samples go through both tests and are discarded.
cce_status cce_st_entropy_startup(void) {
  uint8_t buf[CCE_ENTROPY_STARTUP_SAMPLES];
  pthread_once(&ent_once, ent_init);
  pthread_mutex_lock(&ent_lock);
  int r;
  if (hs.failed) {
    r = 3;
  } else {
    cce_entropy_cutoffs_get(&hs.cut);
    hs.rct_a = hs.rct_b = 0;
    hs.apt_a = hs.apt_b = hs.apt_i = 0;
    if (noise_read(buf, sizeof buf) != 0) {
      r = 3;
    } else {
      r = health_run(buf, sizeof buf);
    }
    if (r == 0 && cce_fault_active(CCE_ST_ENTROPY)) r = 1;
    if (r != 0) hs.failed = 1;
  }
  pthread_mutex_unlock(&ent_lock);
  cce_wipe(buf, sizeof buf);
  return r == 0 ? CCE_OK : CCE_ERR_SELFTEST;
}

// ---------------------------------------------------------------------------
// Full-entropy output for CTR_DRBG without derivation function: each 32-byte
// block is SHA2-256 over raw samples holding 256 + 64 bits of claimed
// min-entropy (SP 800-90B 3.1.5.1.2: h_in >= n_out + 64 gives full entropy).
cce_status cce_entropy_get_full_impl(uint8_t *out, size_t len) {
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_INTERNAL;
  uint8_t raw[(256 + 64 + CCE_ENTROPY_H_BITS - 1) / CCE_ENTROPY_H_BITS];
  uint8_t dig[32];
  cce_hash_ctx hc;
  cce_status st = CCE_OK;
  size_t done = 0;
  while (done < len) {
    st = cce_entropy_get_impl(raw, sizeof raw);
    if (st != CCE_OK) break;
    d->init(&hc);
    (void)d->update(&hc, raw, sizeof raw);
    d->final(&hc, dig, sizeof dig);
    size_t take = len - done < 32 ? len - done : 32;
    memcpy(out + done, dig, take);
    done += take;
  }
  if (st != CCE_OK) cce_wipe(out, len);
  cce_wipe(raw, sizeof raw);
  cce_wipe(dig, sizeof dig);
  cce_wipe(&hc, sizeof hc);
  return st;
}

// ---------------------------------------------------------------------------
// RDSEED / RDRAND as extra (uncredited) input.

#if defined(__x86_64__)
static int rdseed64(uint64_t *v) {
  unsigned char ok;
  __asm__ volatile("rdseed %0; setc %1" : "=&r"(*v), "=q"(ok) : : "cc");
  return ok;
}
static int rdrand64(uint64_t *v) {
  unsigned char ok;
  __asm__ volatile("rdrand %0; setc %1" : "=&r"(*v), "=q"(ok) : : "cc");
  return ok;
}
#endif

size_t cce_entropy_extra_impl(uint8_t *out, size_t len) {
  size_t done = 0;
#if defined(__x86_64__)
  int (*fn)(uint64_t *) = NULL;
  if (cce_cpu_has(CCE_CPU_RDSEED)) {
    fn = rdseed64;
  } else if (cce_cpu_has(CCE_CPU_RDRAND)) {
    fn = rdrand64;
  }
  if (fn == NULL) return 0;
  while (done + 8 <= len) {
    uint64_t v = 0;
    int ok = 0;
    for (int tries = 0; tries < 32 && !ok; tries++) ok = fn(&v);
    if (!ok) break;  // the instruction is starved: go on without it
    cce_store64_le(out + done, v);
    done += 8;
    v = 0;
    cce_ct_barrier64(v);
  }
#else
  (void)out;
  (void)len;
#endif
  return done;
}
