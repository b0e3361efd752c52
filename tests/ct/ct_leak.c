// Deliberately leaky code, built only into cce-ct-leak: proof that the
// constant-time check catches what it is meant to catch. Under valgrind each
// case MUST be reported (ctest runs them with WILL_FAIL). Never link this
// into anything else.

#include <string.h>

#include "ct.h"

// Early-exit comparison: the loop stops at the first differing byte, so its
// running time tells an attacker where the secret first differs.
__attribute__((noinline)) static int leaky_memcmp(const uint8_t *a, const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 1;
  return 0;
}

// Table lookup indexed by a secret byte (like a naive AES S-box).
static const uint8_t table[256] = {1, 2, 3, 4, 5, 6, 7, 8};
__attribute__((noinline)) static uint8_t leaky_lookup(const uint8_t *secret, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc ^= table[secret[i]];
  return acc;
}

CT_CASE(leak_branch, "DELIBERATE LEAK: branch on a secret (must be reported)") {
  uint8_t a[16], b[16];
  ct_fill(a, sizeof a, 1);
  ct_fill(b, sizeof b, 1);
  CCE_CT_SECRET(a, sizeof a);
  volatile int r = leaky_memcmp(a, b, sizeof a);
  (void)r;
}

CT_CASE(leak_index, "DELIBERATE LEAK: memory index from a secret (must be reported)") {
  uint8_t k[16];
  ct_fill(k, sizeof k, 2);
  CCE_CT_SECRET(k, sizeof k);
  volatile uint8_t r = leaky_lookup(k, sizeof k);
  (void)r;
}
