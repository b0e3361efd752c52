// rand.h: the module's random bit generator, the one call everything else
// uses for keys, nonces and IVs.
//
// cce_random is an approved service: a CTR_DRBG (SP 800-90A Rev.1) with
// AES-256 and derivation function, one instance per thread (no lock on the
// hot path), seeded and reseeded from the module's entropy source
// (getrandom(2) with SP 800-90B health tests, RDSEED/RDRAND mixed in as
// additional input where present; see docs/entropy.md).
//
// Properties:
//   - thread-safe; each thread's state is wiped when the thread exits (and
//     the calling thread's at process exit);
//   - fork-safe: a child process never repeats its parent's output (a fork
//     generation counter bumped by pthread_atfork, backed by a page marked
//     MADV_WIPEONFORK for forks that skip the atfork handlers);
//   - reseeds every CCE_RANDOM_RESEED_INTERVAL requests to the DRBG;
//   - any length: requests larger than the DRBG's maximum are split.
// If the entropy source fails a health test the module enters its error
// state and cce_random (like every service) fails from then on; it never
// returns unchecked output.

#ifndef CCE_RAND_H
#define CCE_RAND_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_RANDOM_RESEED_INTERVAL 65536u  // DRBG generate calls between reseeds

// cce_random writes `len` random bytes to `out` (`out` may be NULL when
// `len` is 0). Returns CCE_OK; CCE_ERR_NULL_POINTER; CCE_ERR_ENTROPY if the
// entropy source failed (the module is then in its error state);
// CCE_ERR_MODULE_STATE in the error state. On error `out` is zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_random(void *out, size_t len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_RAND_H
