// cce_random unit tests: arguments and indicator, large requests (split
// across DRBG requests, no repeated block), byte statistics, reseeding on
// the interval (counted through the test noise-source hook), fork safety
// (through fork() and through a raw fork system call that skips the atfork
// handlers: parent and children never share output), and 8 threads drawing
// concurrently with no repeated 16-byte block.

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cce/module.h"
#include "cce/rand.h"

// Test hook of the test build (src/module/rand/internal.h).
typedef int (*cce_entropy_source_fn)(uint8_t *buf, size_t len);
void cce_entropy_set_test_source(cce_entropy_source_fn fn);

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

static int cmp16(const void *a, const void *b) { return memcmp(a, b, 16); }

// Number of adjacent equal 16-byte blocks after sorting.
static size_t dup_blocks(uint8_t *blocks, size_t n) {
  qsort(blocks, n, 16, cmp16);
  size_t d = 0;
  for (size_t i = 1; i < n; i++) d += memcmp(blocks + 16 * (i - 1), blocks + 16 * i, 16) == 0;
  return d;
}

static void test_basic(void) {
  uint8_t a[64], b[64], zero[64] = {0};
  CHECK(cce_random(NULL, 0) == CCE_OK);
  CHECK(cce_random(NULL, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_random(a, sizeof a) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_random(b, sizeof b) == CCE_OK);
  CHECK(memcmp(a, b, sizeof a) != 0);
  CHECK(memcmp(a, zero, sizeof a) != 0);
  // every length 0..100 succeeds and writes exactly that many bytes
  int bad = 0;
  for (size_t n = 0; n <= 100; n++) {
    uint8_t buf[128];
    memset(buf, 0xa5, sizeof buf);
    if (cce_random(buf, n) != CCE_OK) bad++;
    for (size_t i = n; i < sizeof buf; i++)
      if (buf[i] != 0xa5) bad++;
  }
  CHECK(bad == 0);
  CHECK(cce_module_status() == CCE_STATE_OPERATIONAL);
}

// A request larger than the DRBG maximum (65536 bytes) is split, not
// refused; no 16-byte block repeats, and the byte values look uniform.
static void test_large(void) {
  size_t n = 3 * 65536 + 1000 + 5;
  uint8_t *buf = malloc(n);
  CHECK(buf != NULL);
  if (buf == NULL) return;
  CHECK(cce_random(buf, n) == CCE_OK);
  unsigned long counts[256] = {0};
  for (size_t i = 0; i < n; i++) counts[buf[i]]++;
  // chi-square with 255 degrees of freedom: mean 255, sd ~22.6; 400 is
  // beyond 6 sd
  double expct = (double)n / 256.0, chi = 0;
  for (int i = 0; i < 256; i++) chi += ((double)counts[i] - expct) * ((double)counts[i] - expct) / expct;
  CHECK(chi < 400.0);
  CHECK(dup_blocks(buf, n / 16) == 0);
  free(buf);
}

// Reseed on the interval: count reads of the noise source through the test
// hook (passing the real getrandom bytes on).
static _Atomic unsigned long source_reads;
static int counting_source(uint8_t *buf, size_t len) {
  source_reads++;
  while (len > 0) {
    ssize_t r = getrandom(buf, len, 0);
    if (r <= 0) return -1;
    buf += r;
    len -= (size_t)r;
  }
  return 0;
}

static void test_reseed_interval(void) {
  uint8_t b[8];
  CHECK(cce_random(b, 8) == CCE_OK);  // seeded already
  cce_entropy_set_test_source(counting_source);
  unsigned long before = source_reads;
  int bad = 0;
  for (unsigned i = 0; i < CCE_RANDOM_RESEED_INTERVAL + 10; i++) bad += cce_random(b, 1) != CCE_OK;
  CHECK(bad == 0);
  unsigned long reads = source_reads - before;
  CHECK(reads >= 1 && reads <= 2);  // exactly one reseed (one read of 64 samples)
  // a request spanning many DRBG requests counts each of them
  size_t n = (size_t)65536 * 4;
  uint8_t *big = malloc(n);
  if (big != NULL) {
    CHECK(cce_random(big, n) == CCE_OK);
    free(big);
  }
  cce_entropy_set_test_source(NULL);
}

// ---------------------------------------------------------------------------
// Fork safety.

#define NFORK 40

static void child_write(int fd) {
  uint8_t b[32];
  int ok = cce_random(b, sizeof b) == CCE_OK;
  if (!ok) memset(b, 0, sizeof b);
  ssize_t w = write(fd, b, sizeof b);
  _exit(w == (ssize_t)sizeof b && ok ? 0 : 1);
}

static void test_fork(int raw) {
  uint8_t all[(NFORK * 2 + 1) * 32];
  size_t n = 0;
  int bad = 0;
  uint8_t warm[16];
  CHECK(cce_random(warm, sizeof warm) == CCE_OK);  // the parent's state is seeded before forking
  for (int i = 0; i < NFORK; i++) {
    int p[2];
    if (pipe(p) != 0) {
      bad++;
      continue;
    }
    pid_t pid = raw ? (pid_t)syscall(SYS_fork) : fork();
    if (pid == 0) {
      close(p[0]);
      child_write(p[1]);
    }
    close(p[1]);
    if (pid < 0) {
      bad++;
      close(p[0]);
      continue;
    }
    uint8_t cb[32];
    ssize_t r = read(p[0], cb, sizeof cb);
    close(p[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (r != (ssize_t)sizeof cb || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      bad++;
      continue;
    }
    // the parent's next output after the fork
    uint8_t pb[32];
    if (cce_random(pb, sizeof pb) != CCE_OK) bad++;
    if (memcmp(pb, cb, 32) == 0) bad++;
    memcpy(all + 32 * n++, cb, 32);
    memcpy(all + 32 * n++, pb, 32);
  }
  CHECK(bad == 0);
  CHECK(n == 2 * NFORK);
  // no two outputs (parent or any child) share a 16-byte block
  CHECK(dup_blocks(all, 2 * n) == 0);
}

// ---------------------------------------------------------------------------
// Threads.

#define NTHREADS 8
#define DRAWS_PER_THREAD 160000

// Each thread stops early past a deadline (slow builds: sanitizers, no
// AES-NI); the uniqueness check covers whatever was drawn.
#define THREAD_DEADLINE_NS 6000000000ull

static uint8_t *thread_out[NTHREADS];
static size_t thread_draws[NTHREADS];

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *thread_main(void *arg) {
  size_t t = (size_t)arg;
  uint8_t *o = thread_out[t];
  uint64_t end = now_ns() + THREAD_DEADLINE_NS;
  size_t i;
  for (i = 0; i < DRAWS_PER_THREAD; i++) {
    if (cce_random(o + 16 * i, 16) != CCE_OK) return (void *)1;
    if ((i & 1023) == 1023 && now_ns() > end) {
      i++;
      break;
    }
  }
  thread_draws[t] = i;
  return NULL;
}

static void test_threads(void) {
  size_t total = (size_t)NTHREADS * DRAWS_PER_THREAD;
  uint8_t *all = malloc(total * 16);
  CHECK(all != NULL);
  if (all == NULL) return;
  pthread_t th[NTHREADS];
  uint64_t t0 = now_ns();
  int started = 0;
  for (size_t t = 0; t < NTHREADS; t++) {
    thread_out[t] = all + t * DRAWS_PER_THREAD * 16;
    if (pthread_create(&th[t], NULL, thread_main, (void *)t) == 0) started++;
  }
  CHECK(started == NTHREADS);
  int fails = 0;
  for (int t = 0; t < started; t++) {
    void *rv = NULL;
    pthread_join(th[t], &rv);
    fails += rv != NULL;
  }
  double secs = (double)(now_ns() - t0) / 1e9;
  CHECK(fails == 0);
  // pack the draws of every thread together, then look for a repeat
  size_t n = 0;
  for (size_t t = 0; t < NTHREADS; t++) {
    memmove(all + 16 * n, thread_out[t], 16 * thread_draws[t]);
    n += thread_draws[t];
  }
  CHECK(n >= 8 * 1024);
  CHECK(dup_blocks(all, n) == 0);
  printf("rand_test: %d threads, %zu draws of 16 bytes in %.2f s\n", NTHREADS, n, secs);
  free(all);
}

int main(void) {
  test_basic();
  test_large();
  test_reseed_interval();
  test_fork(0);
  test_fork(1);
  test_threads();
  CHECK(cce_module_status() == CCE_STATE_OPERATIONAL);
  printf("rand_test: %u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
