// X25519 (RFC 7748 section 5) on x86-64 CPUs with BMI2 and ADX: the
// Montgomery ladder over GF(2^255 - 19) in four 64-bit limbs, with MULX and
// two independent carry chains (ADCX on CF, ADOX on OF).
//
// Representation: any 256-bit value f = f0 + f1*2^64 + f2*2^128 + f3*2^192
// stands for f mod p; elements are only reduced below 2^256, never to their
// canonical form, except at the very end (x25519_adx_tobytes). Reduction uses
// 2^256 = 38 (mod p): the high half H of a 512-bit product folds in as 38*H,
// and a carry c out of bit 256 as 38*c. Every operation below is
// straight-line code: no branch, no address depends on the values.
//
// The instructions are in inline assembly (no target option needed);
// x25519.c calls cce_x25519_ladder_adx only when cce_cpu_has(CCE_CPU_BMI2 |
// CCE_CPU_ADX) (the CCE_CPU override applies, so the portable radix-2^51
// ladder stays testable on the same machine).

#include "internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#define FE64_INLINE static inline __attribute__((always_inline))

static const uint64_t fe64_zero = 0;

// The operands a and b are read through their addresses; optimized builds
// tell the compiler exactly which memory the assembly reads (so values stay
// in registers around it), unoptimized builds (where those extra operands
// would cost registers the code does not have) clobber "memory" instead.
#ifdef __OPTIMIZE__
#define FE64_IN1(a) , "m"(*(const uint64_t(*)[4])(a))
#define FE64_IN2(a, b) , "m"(*(const uint64_t(*)[4])(a)), "m"(*(const uint64_t(*)[4])(b))
#define FE64_CLOBBER "cc"
#else
#define FE64_IN1(a)
#define FE64_IN2(a, b)
#define FE64_CLOBBER "cc", "memory"
#endif

// r = a * b (mod p), r < 2^256. r may alias a or b.
FE64_INLINE void fe64_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, l, h;
  __asm__(
      // Row 0: t0..t4 = a * b0.
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[t0], %[t1]\n\t"
      "mulxq 8(%[a]), %[l], %[t2]\n\t"
      "addq %[l], %[t1]\n\t"
      "mulxq 16(%[a]), %[l], %[t3]\n\t"
      "adcq %[l], %[t2]\n\t"
      "mulxq 24(%[a]), %[l], %[t4]\n\t"
      "adcq %[l], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      // Row 1: t1..t5 += a * b1.
      "movq 8(%[b]), %%rdx\n\t"
      "xorl %k[l], %k[l]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t1]\n\t"
      "adoxq %[h], %[t2]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t2]\n\t"
      "adoxq %[h], %[t3]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[h], %[t4]\n\t"
      "mulxq 24(%[a]), %[l], %[t5]\n\t"
      "adcxq %[l], %[t4]\n\t"
      "adoxq %[zero], %[t5]\n\t"
      "adcxq %[zero], %[t5]\n\t"
      // Row 2: t2..t6 += a * b2.
      "movq 16(%[b]), %%rdx\n\t"
      "xorl %k[l], %k[l]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t2]\n\t"
      "adoxq %[h], %[t3]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[h], %[t4]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t4]\n\t"
      "adoxq %[h], %[t5]\n\t"
      "mulxq 24(%[a]), %[l], %[t6]\n\t"
      "adcxq %[l], %[t5]\n\t"
      "adoxq %[zero], %[t6]\n\t"
      "adcxq %[zero], %[t6]\n\t"
      // Row 3: t3..t7 += a * b3.
      "movq 24(%[b]), %%rdx\n\t"
      "xorl %k[l], %k[l]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[h], %[t4]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t4]\n\t"
      "adoxq %[h], %[t5]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t5]\n\t"
      "adoxq %[h], %[t6]\n\t"
      "mulxq 24(%[a]), %[l], %[t7]\n\t"
      "adcxq %[l], %[t6]\n\t"
      "adoxq %[zero], %[t7]\n\t"
      "adcxq %[zero], %[t7]\n\t"
      // Fold: t0..t3 += 38 * t4..t7; the carry limb (<= 38) into t4.
      "movl $38, %%edx\n\t"
      "xorl %k[l], %k[l]\n\t"
      "mulxq %[t4], %[l], %[h]\n\t"
      "adcxq %[l], %[t0]\n\t"
      "adoxq %[h], %[t1]\n\t"
      "mulxq %[t5], %[l], %[h]\n\t"
      "adcxq %[l], %[t1]\n\t"
      "adoxq %[h], %[t2]\n\t"
      "mulxq %[t6], %[l], %[h]\n\t"
      "adcxq %[l], %[t2]\n\t"
      "adoxq %[h], %[t3]\n\t"
      "mulxq %[t7], %[l], %[t4]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[zero], %[t4]\n\t"
      "adcxq %[zero], %[t4]\n\t"
      // t0..t3 += 38 * t4; a carry out wraps to a value < 2^11: add 38 once.
      "imulq $38, %[t4], %[t4]\n\t"
      "addq %[t4], %[t0]\n\t"
      "adcq $0, %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq $0, %[t3]\n\t"
      "sbbq %[l], %[l]\n\t"
      "andq $38, %[l]\n\t"
      "addq %[l], %[t0]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
        [t6] "=&r"(t6), [t7] "=&r"(t7), [l] "=&r"(l), [h] "=&r"(h)
      : [a] "r"(a), [b] "r"(b), [zero] "m"(fe64_zero) FE64_IN2(a, b)
      : "rdx", FE64_CLOBBER);
  r[0] = t0;
  r[1] = t1;
  r[2] = t2;
  r[3] = t3;
}

// r = a^2 (mod p), r < 2^256: the six cross products once, doubled on the
// CF chain while the four squares go in on the OF chain, then the fold.
FE64_INLINE void fe64_sqr(uint64_t r[4], const uint64_t a[4]) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, l, h;
  __asm__(
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"
      "mulxq 16(%[a]), %[l], %[t3]\n\t"
      "addq %[l], %[t2]\n\t"
      "mulxq 24(%[a]), %[l], %[t4]\n\t"
      "adcq %[l], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "xorl %k[l], %k[l]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[h], %[t4]\n\t"
      "mulxq 24(%[a]), %[l], %[t5]\n\t"
      "adcxq %[l], %[t4]\n\t"
      "adoxq %[zero], %[t5]\n\t"
      "adcxq %[zero], %[t5]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[l], %[t6]\n\t"
      "addq %[l], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      // Double t1..t6 (CF) and add the squares (OF); t7 starts at 0.
      "xorl %k[t7], %k[t7]\n\t"
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[t0], %[h]\n\t"
      "adcxq %[t1], %[t1]\n\t"
      "adoxq %[h], %[t1]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[l], %[h]\n\t"
      "adcxq %[t2], %[t2]\n\t"
      "adoxq %[l], %[t2]\n\t"
      "adcxq %[t3], %[t3]\n\t"
      "adoxq %[h], %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[l], %[h]\n\t"
      "adcxq %[t4], %[t4]\n\t"
      "adoxq %[l], %[t4]\n\t"
      "adcxq %[t5], %[t5]\n\t"
      "adoxq %[h], %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[l], %[h]\n\t"
      "adcxq %[t6], %[t6]\n\t"
      "adoxq %[l], %[t6]\n\t"
      "adcxq %[t7], %[t7]\n\t"
      "adoxq %[h], %[t7]\n\t"
      // Fold as in fe64_mul.
      "movl $38, %%edx\n\t"
      "xorl %k[l], %k[l]\n\t"
      "mulxq %[t4], %[l], %[h]\n\t"
      "adcxq %[l], %[t0]\n\t"
      "adoxq %[h], %[t1]\n\t"
      "mulxq %[t5], %[l], %[h]\n\t"
      "adcxq %[l], %[t1]\n\t"
      "adoxq %[h], %[t2]\n\t"
      "mulxq %[t6], %[l], %[h]\n\t"
      "adcxq %[l], %[t2]\n\t"
      "adoxq %[h], %[t3]\n\t"
      "mulxq %[t7], %[l], %[t4]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[zero], %[t4]\n\t"
      "adcxq %[zero], %[t4]\n\t"
      "imulq $38, %[t4], %[t4]\n\t"
      "addq %[t4], %[t0]\n\t"
      "adcq $0, %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq $0, %[t3]\n\t"
      "sbbq %[l], %[l]\n\t"
      "andq $38, %[l]\n\t"
      "addq %[l], %[t0]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
        [t6] "=&r"(t6), [t7] "=&r"(t7), [l] "=&r"(l), [h] "=&r"(h)
      : [a] "r"(a), [zero] "m"(fe64_zero) FE64_IN1(a)
      : "rdx", FE64_CLOBBER);
  r[0] = t0;
  r[1] = t1;
  r[2] = t2;
  r[3] = t3;
}

// e = a - b and z = a + 121665 * e (mod p), both < 2^256: the E and
// AA + a24 * E of the ladder step in one block (no round trip through
// memory between the three operations on the critical path).
FE64_INLINE void fe64_sub_a24add(uint64_t e[4], uint64_t z[4], const uint64_t a[4], const uint64_t b[4]) {
  uint64_t e0, e1, e2, e3, t0, t1, t2, t3, t4, l;
  __asm__(
      "movq 0(%[a]), %[e0]\n\t"
      "movq 8(%[a]), %[e1]\n\t"
      "movq 16(%[a]), %[e2]\n\t"
      "movq 24(%[a]), %[e3]\n\t"
      "subq 0(%[b]), %[e0]\n\t"
      "sbbq 8(%[b]), %[e1]\n\t"
      "sbbq 16(%[b]), %[e2]\n\t"
      "sbbq 24(%[b]), %[e3]\n\t"
      "sbbq %[l], %[l]\n\t"
      "andq $38, %[l]\n\t"
      "subq %[l], %[e0]\n\t"
      "sbbq $0, %[e1]\n\t"
      "sbbq $0, %[e2]\n\t"
      "sbbq $0, %[e3]\n\t"
      "sbbq %[l], %[l]\n\t"
      "andq $38, %[l]\n\t"
      "subq %[l], %[e0]\n\t"
      // t = 121665 * e (5 limbs), then t += a.
      "movl $121665, %%edx\n\t"
      "mulxq %[e0], %[t0], %[t1]\n\t"
      "mulxq %[e1], %[l], %[t2]\n\t"
      "addq %[l], %[t1]\n\t"
      "mulxq %[e2], %[l], %[t3]\n\t"
      "adcq %[l], %[t2]\n\t"
      "mulxq %[e3], %[l], %[t4]\n\t"
      "adcq %[l], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "addq 0(%[a]), %[t0]\n\t"
      "adcq 8(%[a]), %[t1]\n\t"
      "adcq 16(%[a]), %[t2]\n\t"
      "adcq 24(%[a]), %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      // Fold t4 (< 2^18) times 38; a carry out wraps to a small value: add 38.
      "imulq $38, %[t4], %[t4]\n\t"
      "addq %[t4], %[t0]\n\t"
      "adcq $0, %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq $0, %[t3]\n\t"
      "sbbq %[l], %[l]\n\t"
      "andq $38, %[l]\n\t"
      "addq %[l], %[t0]\n\t"
      : [e0] "=&r"(e0), [e1] "=&r"(e1), [e2] "=&r"(e2), [e3] "=&r"(e3), [t0] "=&r"(t0), [t1] "=&r"(t1),
        [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [l] "=&r"(l)
      : [a] "r"(a), [b] "r"(b) FE64_IN2(a, b)
      : "rdx", FE64_CLOBBER);
  e[0] = e0;
  e[1] = e1;
  e[2] = e2;
  e[3] = e3;
  z[0] = t0;
  z[1] = t1;
  z[2] = t2;
  z[3] = t3;
}

// s = a + b and d = a - b (mod p), both < 2^256, in one block (a and b are
// loaded once): a carry out of bit 256 is worth 38, a borrow -38.
FE64_INLINE void fe64_addsub(uint64_t s[4], uint64_t d[4], const uint64_t a[4], const uint64_t b[4]) {
  uint64_t t0, t1, t2, t3, u0, u1, u2, u3, m;
  __asm__(
      "movq 0(%[a]), %[t0]\n\t"
      "movq 8(%[a]), %[t1]\n\t"
      "movq 16(%[a]), %[t2]\n\t"
      "movq 24(%[a]), %[t3]\n\t"
      "movq %[t0], %[u0]\n\t"
      "movq %[t1], %[u1]\n\t"
      "movq %[t2], %[u2]\n\t"
      "movq %[t3], %[u3]\n\t"
      "addq 0(%[b]), %[t0]\n\t"
      "adcq 8(%[b]), %[t1]\n\t"
      "adcq 16(%[b]), %[t2]\n\t"
      "adcq 24(%[b]), %[t3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "andq $38, %[m]\n\t"
      "addq %[m], %[t0]\n\t"
      "adcq $0, %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq $0, %[t3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "andq $38, %[m]\n\t"
      "addq %[m], %[t0]\n\t"
      "subq 0(%[b]), %[u0]\n\t"
      "sbbq 8(%[b]), %[u1]\n\t"
      "sbbq 16(%[b]), %[u2]\n\t"
      "sbbq 24(%[b]), %[u3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "andq $38, %[m]\n\t"
      "subq %[m], %[u0]\n\t"
      "sbbq $0, %[u1]\n\t"
      "sbbq $0, %[u2]\n\t"
      "sbbq $0, %[u3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "andq $38, %[m]\n\t"
      "subq %[m], %[u0]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [u0] "=&r"(u0), [u1] "=&r"(u1),
        [u2] "=&r"(u2), [u3] "=&r"(u3), [m] "=&r"(m)
      : [a] "r"(a), [b] "r"(b) FE64_IN2(a, b)
      : FE64_CLOBBER);
  s[0] = t0;
  s[1] = t1;
  s[2] = t2;
  s[3] = t3;
  d[0] = u0;
  d[1] = u1;
  d[2] = u2;
  d[3] = u3;
}

// Swap f and g when mask is all-ones (constant time).
FE64_INLINE void fe64_cswap(uint64_t f[4], uint64_t g[4], uint64_t mask) {
  for (int i = 0; i < 4; i++) {
    uint64_t x = mask & (f[i] ^ g[i]);
    f[i] ^= x;
    g[i] ^= x;
  }
}

static void fe64_nsqr(uint64_t r[4], const uint64_t a[4], int n) {
  fe64_sqr(r, a);
  for (int i = 1; i < n; i++) fe64_sqr(r, r);
}

// r = z^(p-2) = z^(2^255 - 21) (Fermat; 0 maps to 0): the addition chain
// over z^(2^k - 1), 254 squarings and 11 multiplications.
static void fe64_invert(uint64_t r[4], const uint64_t z[4]) {
  uint64_t t0[4], t1[4], t2[4], t3[4], z11[4];
  fe64_sqr(t0, z);            // z^2
  fe64_nsqr(t1, t0, 2);       // z^8
  fe64_mul(t1, t1, z);        // z^9
  fe64_mul(z11, t0, t1);      // z^11
  fe64_sqr(t2, z11);          // z^22
  fe64_mul(t1, t1, t2);       // z^31 = z^(2^5 - 1)
  fe64_nsqr(t2, t1, 5);
  fe64_mul(t1, t2, t1);       // 2^10 - 1
  fe64_nsqr(t2, t1, 10);
  fe64_mul(t2, t2, t1);       // 2^20 - 1
  fe64_nsqr(t3, t2, 20);
  fe64_mul(t2, t3, t2);       // 2^40 - 1
  fe64_nsqr(t2, t2, 10);
  fe64_mul(t1, t2, t1);       // 2^50 - 1
  fe64_nsqr(t2, t1, 50);
  fe64_mul(t2, t2, t1);       // 2^100 - 1
  fe64_nsqr(t3, t2, 100);
  fe64_mul(t2, t3, t2);       // 2^200 - 1
  fe64_nsqr(t2, t2, 50);
  fe64_mul(t2, t2, t1);       // 2^250 - 1
  fe64_nsqr(t2, t2, 5);       // 2^255 - 32
  fe64_mul(r, t2, z11);       // 2^255 - 21
  cce_wipe(t0, sizeof t0);
  cce_wipe(t1, sizeof t1);
  cce_wipe(t2, sizeof t2);
  cce_wipe(t3, sizeof t3);
  cce_wipe(z11, sizeof z11);
}

// Canonical little-endian encoding of f (< 2^256) mod p.
static void fe64_tobytes(uint8_t s[32], const uint64_t f[4]) {
  typedef unsigned __int128 u128;
  uint64_t t[4];
  u128 c;
  // Fold bit 255: t = f mod 2^255 + 19 * bit255 < 2^255 + 19.
  uint64_t top = f[3] >> 63;
  c = (u128)f[0] + 19 * top;
  t[0] = (uint64_t)c;
  c = (c >> 64) + f[1];
  t[1] = (uint64_t)c;
  c = (c >> 64) + f[2];
  t[2] = (uint64_t)c;
  c = (c >> 64) + (f[3] & 0x7fffffffffffffffu);
  t[3] = (uint64_t)c;
  // t < 2p: t mod p = t - q*p with q = bit 255 of (t + 19), i.e. add 19*q
  // and drop bit 255.
  c = (u128)t[0] + 19;
  c = (c >> 64) + t[1];
  c = (c >> 64) + t[2];
  c = (c >> 64) + t[3];
  uint64_t q = (uint64_t)c >> 63;
  c = (u128)t[0] + 19 * q;
  t[0] = (uint64_t)c;
  c = (c >> 64) + t[1];
  t[1] = (uint64_t)c;
  c = (c >> 64) + t[2];
  t[2] = (uint64_t)c;
  c = (c >> 64) + t[3];
  t[3] = (uint64_t)c & 0x7fffffffffffffffu;
  for (int i = 0; i < 4; i++) cce_store64_le(s + 8 * i, t[i]);
  cce_wipe(t, sizeof t);
}

void cce_x25519_ladder_adx(uint8_t out[32], const uint8_t e[32], const uint8_t u[32]) {
  uint64_t x1[4], x2[4], z2[4], x3[4], z3[4], a[4], aa[4], b[4], bb[4], ee[4], c[4], d[4], da[4], cb[4];
  for (int i = 0; i < 4; i++) x1[i] = cce_load64_le(u + 8 * i);
  x1[3] &= 0x7fffffffffffffffu;  // the top bit is masked (RFC 7748 5)
  x2[0] = 1;
  x2[1] = x2[2] = x2[3] = 0;
  memset(z2, 0, sizeof z2);
  memcpy(x3, x1, sizeof x3);
  z3[0] = 1;
  z3[1] = z3[2] = z3[3] = 0;
  uint64_t swap = 0;
  for (int t = 254; t >= 0; t--) {
    uint64_t kt = (uint64_t)(e[t >> 3] >> (t & 7)) & 1;
    swap ^= kt;
    uint64_t m = fe25519_mask(swap);
    fe64_cswap(x2, x3, m);
    fe64_cswap(z2, z3, m);
    swap = kt;
    fe64_addsub(a, b, x2, z2);
    fe64_addsub(c, d, x3, z3);
    fe64_sqr(aa, a);
    fe64_sqr(bb, b);
    fe64_mul(da, d, a);
    fe64_mul(cb, c, b);
    fe64_sub_a24add(ee, z2, aa, bb);  // E = AA - BB, AA + a24 * E
    fe64_addsub(x3, z3, da, cb);
    fe64_sqr(x3, x3);
    fe64_sqr(z3, z3);
    fe64_mul(z3, z3, x1);
    fe64_mul(x2, aa, bb);
    fe64_mul(z2, z2, ee);
  }
  uint64_t m = fe25519_mask(swap);
  fe64_cswap(x2, x3, m);
  fe64_cswap(z2, z3, m);
  fe64_invert(z2, z2);  // 0 stays 0: the result is then 0
  fe64_mul(x2, x2, z2);
  fe64_tobytes(out, x2);
  cce_wipe(x2, sizeof x2);
  cce_wipe(z2, sizeof z2);
  cce_wipe(x3, sizeof x3);
  cce_wipe(z3, sizeof z3);
  cce_wipe(a, sizeof a);
  cce_wipe(aa, sizeof aa);
  cce_wipe(b, sizeof b);
  cce_wipe(bb, sizeof bb);
  cce_wipe(ee, sizeof ee);
  cce_wipe(c, sizeof c);
  cce_wipe(d, sizeof d);
  cce_wipe(da, sizeof da);
  cce_wipe(cb, sizeof cb);
}

#else
typedef int cce_x25519_adx_unused;  // ISO C: no empty translation unit
#endif
