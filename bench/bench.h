// cce-bench: OpenCCE beside OpenSSL (and libsodium) in one process.
//
// Each op is a row of a family table `bench_ops_<family>[]` (bench_hash.c,
// bench_aes.c, bench_gcm.c, bench_rand.c, ...), ended by a NULL name; tables
// are declared weak in bench.c. The harness times each function over
// repeated calls (warm-up, then at least ~0.3 s) and prints one JSON line:
// {"op": "sha256", "size": 8192, "unit": "MB/s", "cce": X, "openssl": Y, "ratio": X/Y}
// plus "sodium": Z when a libsodium function is given.

#ifndef CCE_BENCH_H
#define CCE_BENCH_H

#include <stddef.h>
#include <stdint.h>

// One operation on `size` bytes of bench_in (or one per-op operation when
// size is 0). Return 0 on success; nonzero aborts the op with an error line.
typedef int (*bench_fn)(size_t size);

typedef struct bench_op {
  const char *name;  // "sha256", "aes-256-gcm", "p256-sign"
  size_t size;       // bytes per call; 0 = per-operation (unit ops/s)
  bench_fn cce;
  bench_fn openssl;  // may be NULL (then only absolute figures are printed)
  bench_fn sodium;   // may be NULL
  int (*setup)(void);  // may be NULL; called once before timing the op
  // If set (e.g. "OPENSSL_ia32cap=0"), the OpenSSL side of this op is timed
  // in a child process of cce-bench started with this environment entry.
  const char *openssl_env;
} bench_op;

// Shared buffers (1 MiB + 64 each), filled with pseudo-random bytes, and a
// 64-byte key.
extern uint8_t *bench_in;
extern uint8_t *bench_out;
extern uint8_t bench_key[64];

extern const bench_op bench_ops_hash[];
extern const bench_op bench_ops_aes[];
extern const bench_op bench_ops_gcm[];
extern const bench_op bench_ops_rand[];
extern const bench_op bench_ops_ec[];
extern const bench_op bench_ops_rsa[];
extern const bench_op bench_ops_pq[];
extern const bench_op bench_ops_c25519[];
extern const bench_op bench_ops_mldsa[];

#endif  // CCE_BENCH_H
