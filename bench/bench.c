// cce-bench: the harness. Runs the rows of every family table
// (bench_ops_<family>, see bench.h) and prints one JSON object per line.
//
//   cce-bench [--filter REGEX] [--time SECONDS] [--list]
//
// Method, per op: setup; a short warm-up of each side; then ROUNDS rounds
// that time cce, OpenSSL and libsodium one after the other (interleaved, so
// that frequency changes and noise hit every side alike), each for
// time/ROUNDS seconds (at least MIN_CALLS calls), keeping each side's best
// round. Clock: CLOCK_MONOTONIC.
//
// When an op sets `openssl_env` (e.g. "OPENSSL_ia32cap=0"), OpenSSL reads
// that variable only at start-up, so its side is timed in a child: this
// program re-executed (/proc/self/exe) with that environment entry and
// `--filter ^NAME$ --openssl-only --size N --time T`, which prints one
// number (the rate) on a pipe.

#include "bench.h"

#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUF_BYTES ((1u << 20) + 64)
#define ROUNDS 3
#define MIN_CALLS 3

// Family tables: weak, so a family whose bench file is not written yet is
// simply absent (its address is NULL).
extern const bench_op bench_ops_hash[] __attribute__((weak));
extern const bench_op bench_ops_aes[] __attribute__((weak));
extern const bench_op bench_ops_gcm[] __attribute__((weak));
extern const bench_op bench_ops_rand[] __attribute__((weak));
extern const bench_op bench_ops_ec[] __attribute__((weak));
extern const bench_op bench_ops_rsa[] __attribute__((weak));
extern const bench_op bench_ops_pq[] __attribute__((weak));
extern const bench_op bench_ops_c25519[] __attribute__((weak));
extern const bench_op bench_ops_mldsa[] __attribute__((weak));

uint8_t *bench_in;
uint8_t *bench_out;
uint8_t bench_key[64];

static const struct {
  const char *family;
  const bench_op *ops;
} families[] = {
    {"hash", bench_ops_hash}, {"aes", bench_ops_aes}, {"gcm", bench_ops_gcm},
    {"rand", bench_ops_rand}, {"ec", bench_ops_ec},   {"rsa", bench_ops_rsa},
    {"pq", bench_ops_pq}, {"c25519", bench_ops_c25519}, {"mldsa", bench_ops_mldsa},
};
#define NUM_FAMILIES (sizeof families / sizeof families[0])

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// Calls fn(size) repeatedly for about `secs` seconds (at least `min_calls`
// times), in batches that double while they are short, so that reading the
// clock costs nothing measurable. Returns calls per second, or -1 if a call
// failed.
static double time_fn(bench_fn fn, size_t size, double secs, long min_calls) {
  long batch = 1, calls = 0;
  double t0 = now_s(), el = 0;
  for (;;) {
    for (long i = 0; i < batch; i++)
      if (fn(size) != 0) return -1;
    calls += batch;
    el = now_s() - t0;
    if (el >= secs && calls >= min_calls) break;
    if (el < secs / 16) batch *= 2;
  }
  return el > 0 ? (double)calls / el : 0;
}

// Best of ROUNDS interleaved rounds for up to three sides (NULL = absent).
// rates[i] < 0 means that side failed.
static void time_sides(bench_fn fns[3], size_t size, double secs, double rates[3]) {
  for (int s = 0; s < 3; s++) {
    rates[s] = 0;
    if (fns[s] && time_fn(fns[s], size, secs / 20, 1) < 0) rates[s] = -1;  // warm-up
  }
  for (int r = 0; r < ROUNDS; r++) {
    for (int s = 0; s < 3; s++) {
      if (!fns[s] || rates[s] < 0) continue;
      double v = time_fn(fns[s], size, secs / ROUNDS, MIN_CALLS);
      if (v < 0)
        rates[s] = -1;
      else if (v > rates[s])
        rates[s] = v;
    }
  }
}

// Calls per second -> the op's unit (MB/s, or ops/s when size is 0).
static double to_unit(double calls_per_s, size_t size) {
  return size ? calls_per_s * (double)size / 1e6 : calls_per_s;
}

static void print_num(const char *key, double v) {
  printf(", \"%s\": %.*f", key, v >= 100 ? 1 : 3, v);
}

static void print_error(const bench_op *op, const char *what) {
  printf("{\"op\": \"%s\", \"size\": %zu, \"error\": \"%s\"}\n", op->name, op->size, what);
  fflush(stdout);
}

// Escapes `name` for an anchored POSIX extended regex: ^name$.
static void anchored_regex(char *out, size_t cap, const char *name) {
  size_t o = 0;
  if (cap < 4) return;
  out[o++] = '^';
  for (const char *p = name; *p && o + 3 < cap; p++) {
    if (strchr(".[]()*+?{}|^$\\", *p)) out[o++] = '\\';
    out[o++] = *p;
  }
  out[o++] = '$';
  out[o] = '\0';
}

// Times the OpenSSL side of `op` in a child started with op->openssl_env.
// Returns calls per second, or -1.
static double openssl_in_child(const bench_op *op, double secs) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    close(fds[0]);
    if (dup2(fds[1], STDOUT_FILENO) < 0) _exit(127);
    close(fds[1]);
    char *entry = strdup(op->openssl_env);
    if (!entry || putenv(entry) != 0) _exit(127);
    char filter[256], size[32], tm[32];
    anchored_regex(filter, sizeof filter, op->name);
    snprintf(size, sizeof size, "%zu", op->size);
    snprintf(tm, sizeof tm, "%g", secs);
    char *args[] = {"cce-bench", "--filter", filter, "--openssl-only", "--size", size,
                    "--time", tm, NULL};
    execv("/proc/self/exe", args);
    _exit(127);
  }
  close(fds[1]);
  char buf[128];
  size_t got = 0;
  ssize_t r;
  while (got < sizeof buf - 1 && (r = read(fds[0], buf + got, sizeof buf - 1 - got)) != 0) {
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += (size_t)r;
  }
  buf[got] = '\0';
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  char *end = NULL;
  double v = strtod(buf, &end);
  if (end == buf || v <= 0) return -1;
  return v;
}

static void run_op(const bench_op *op, double secs) {
  if (op->setup && op->setup() != 0) {
    print_error(op, "setup failed");
    return;
  }
  bench_fn fns[3] = {op->cce, op->openssl_env ? NULL : op->openssl, op->sodium};
  double rates[3];
  time_sides(fns, op->size, secs, rates);
  if (op->openssl && op->openssl_env) rates[1] = openssl_in_child(op, secs);
  if (rates[0] < 0) {
    print_error(op, "the cce function failed");
    return;
  }
  double cce = to_unit(rates[0], op->size);
  printf("{\"op\": \"%s\", \"size\": %zu, \"unit\": \"%s\"", op->name, op->size,
         op->size ? "MB/s" : "ops/s");
  print_num("cce", cce);
  if (op->openssl) {
    if (rates[1] > 0) {
      double v = to_unit(rates[1], op->size);
      print_num("openssl", v);
      printf(", \"ratio\": %.3f", cce / v);
    } else {
      printf(", \"openssl_error\": \"the OpenSSL function failed\"");
    }
    if (op->openssl_env) printf(", \"openssl_env\": \"%s\"", op->openssl_env);
  }
  if (op->sodium) {
    if (rates[2] > 0) {
      double v = to_unit(rates[2], op->size);
      print_num("sodium", v);
      printf(", \"ratio_sodium\": %.3f", cce / v);
    } else {
      printf(", \"sodium_error\": \"the libsodium function failed\"");
    }
  }
  printf("}\n");
  fflush(stdout);
}

// Child mode: time only the OpenSSL side of the op(s) selected, print rate.
static int run_openssl_only(const bench_op *op, double secs) {
  if (!op->openssl || (op->setup && op->setup() != 0)) return 1;
  bench_fn fns[3] = {NULL, op->openssl, NULL};
  double rates[3];
  time_sides(fns, op->size, secs, rates);
  if (rates[1] <= 0) return 1;
  printf("%.6g\n", rates[1]);
  return 0;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: cce-bench [--filter REGEX] [--time SECONDS] [--list]\n"
          "\n"
          "Times OpenCCE beside OpenSSL (and libsodium where it has the algorithm) and\n"
          "prints one JSON object per op and size:\n"
          "  {\"op\": \"sha256\", \"size\": 8192, \"unit\": \"MB/s\", \"cce\": X, \"openssl\": Y,"
          " \"ratio\": X/Y}\n"
          "\n"
          "  --filter REGEX  only ops whose name matches (POSIX extended regex)\n"
          "  --time SECONDS  time per side and op (default 0.3), split over %d rounds\n"
          "  --list          list the ops (family, name, size) and exit\n"
          "  --size N        only rows of N bytes\n"
          "  --openssl-only  (internal) time only the OpenSSL side, print its rate\n",
          ROUNDS);
}

static void fill_random(uint8_t *p, size_t n, uint64_t seed) {
  uint64_t x = seed;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    p[i] = (uint8_t)(x >> 24);
  }
}

int main(int argc, char **argv) {
  enum { OPT_FILTER = 256, OPT_TIME, OPT_LIST, OPT_SIZE, OPT_OPENSSL_ONLY };
  static const struct option longopts[] = {
      {"filter", required_argument, NULL, OPT_FILTER},
      {"time", required_argument, NULL, OPT_TIME},
      {"list", no_argument, NULL, OPT_LIST},
      {"size", required_argument, NULL, OPT_SIZE},
      {"openssl-only", no_argument, NULL, OPT_OPENSSL_ONLY},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *filter = NULL;
  double secs = 0.3;
  int list = 0, openssl_only = 0, have_size = 0, c;
  size_t only_size = 0;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    char *end = NULL;
    switch (c) {
      case OPT_FILTER: filter = optarg; break;
      case OPT_TIME:
        secs = strtod(optarg, &end);
        if (!end || *end || !(secs > 0) || secs > 3600) {
          fprintf(stderr, "cce-bench: invalid --time '%s'\n", optarg);
          return 2;
        }
        break;
      case OPT_LIST: list = 1; break;
      case OPT_SIZE:
        only_size = (size_t)strtoull(optarg, &end, 10);
        if (!end || *end || optarg[0] == '-') {
          fprintf(stderr, "cce-bench: invalid --size '%s'\n", optarg);
          return 2;
        }
        have_size = 1;
        break;
      case OPT_OPENSSL_ONLY: openssl_only = 1; break;
      case 'h': usage(stdout); return 0;
      default: usage(stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "cce-bench: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  regex_t re;
  if (filter) {
    int rc = regcomp(&re, filter, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
      char msg[256];
      regerror(rc, &re, msg, sizeof msg);
      fprintf(stderr, "cce-bench: bad --filter '%s': %s\n", filter, msg);
      return 2;
    }
  }

  if (sodium_init() < 0) {
    fprintf(stderr, "cce-bench: sodium_init failed\n");
    return 1;
  }
  bench_in = aligned_alloc(64, BUF_BYTES);
  bench_out = aligned_alloc(64, BUF_BYTES);
  if (!bench_in || !bench_out) {
    fprintf(stderr, "cce-bench: out of memory\n");
    return 1;
  }
  fill_random(bench_in, BUF_BYTES, 0x0123456789abcdefull);
  memset(bench_out, 0, BUF_BYTES);
  fill_random(bench_key, sizeof bench_key, 0xfedcba9876543210ull);

  int matched = 0, ret = 0;
  for (size_t f = 0; f < NUM_FAMILIES; f++) {
    if (!families[f].ops) continue;
    for (const bench_op *op = families[f].ops; op->name; op++) {
      if (filter && regexec(&re, op->name, 0, NULL, 0) != 0) continue;
      if (have_size && op->size != only_size) continue;
      matched++;
      if (list)
        printf("%-6s %-24s %zu\n", families[f].family, op->name, op->size);
      else if (openssl_only)
        ret |= run_openssl_only(op, secs);
      else
        run_op(op, secs);
    }
  }
  if (filter) regfree(&re);
  free(bench_in);
  free(bench_out);
  if (!matched) {
    fprintf(stderr, "cce-bench: no op matches\n");
    return 1;
  }
  return ret;
}
