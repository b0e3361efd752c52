// Inversion in GF(p) for P-256 by a fixed addition chain, included by
// p256.c once per field implementation, with P256_FP(x) naming it.

static inline void P256_FP(nsqr)(uint64_t *r, const uint64_t *a, int n) {
  P256_FP(sqr)(r, a);
  for (int i = 1; i < n; i++) P256_FP(sqr)(r, r);
}

// r = a^(p-2) = a^-1 (0 maps to 0). p - 2 in 32-bit words from the top:
// ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd.
// Fixed chain over x_k = a^(2^k - 1): 255 squarings, 12 multiplications.
static void P256_FP(inv)(uint64_t *r, const uint64_t *a) {
  uint64_t x2[4], x3[4], x15[4], x30[4], x32[4], t[4];
  P256_FP(sqr)(t, a);
  P256_FP(mul)(x2, t, a);
  P256_FP(sqr)(t, x2);
  P256_FP(mul)(x3, t, a);
  P256_FP(nsqr)(t, x3, 3);
  P256_FP(mul)(t, t, x3);  // x6
  P256_FP(nsqr)(x15, t, 6);
  P256_FP(mul)(t, x15, t);  // x12
  P256_FP(nsqr)(t, t, 3);
  P256_FP(mul)(x15, t, x3);
  P256_FP(nsqr)(t, x15, 15);
  P256_FP(mul)(x30, t, x15);
  P256_FP(nsqr)(t, x30, 2);
  P256_FP(mul)(x32, t, x2);
  P256_FP(nsqr)(t, x32, 32);
  P256_FP(mul)(t, t, a);  // ffffffff 00000001
  P256_FP(nsqr)(t, t, 96 + 32);
  P256_FP(mul)(t, t, x32);
  P256_FP(nsqr)(t, t, 32);
  P256_FP(mul)(t, t, x32);
  P256_FP(nsqr)(t, t, 30);
  P256_FP(mul)(t, t, x30);
  P256_FP(nsqr)(t, t, 2);
  P256_FP(mul)(r, t, a);
  cce_wipe(x2, sizeof x2);
  cce_wipe(x3, sizeof x3);
  cce_wipe(x15, sizeof x15);
  cce_wipe(x30, sizeof x30);
  cce_wipe(x32, sizeof x32);
  cce_wipe(t, sizeof t);
}
