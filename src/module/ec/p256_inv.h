// Inversion in GF(p) for P-256, included by p256.c once per field
// implementation, with P256_FP(x) naming it: constant-time divsteps
// (p256_scinv.h) on the Montgomery form, scaled by R^2 so that the result
// is again in Montgomery form. It replaces a Fermat chain (a^(p-2): 255
// squarings and 12 multiplications), about twice slower.

// r = a^-1 (Montgomery form in and out, a < p; 0 maps to 0).
static void P256_FP(inv)(uint64_t *r, const uint64_t *a) { p256_fp_inv_divsteps(r, a); }
