// Montgomery multiplication with MULX/ADCX/ADOX (BMI2 + ADX): two carry
// chains per row, the row loop in inline assembly (loop control with LEA and
// JRCXZ, which leave the flags alone). Chosen at run time by bn.c when
// cce_cpu_has(CCE_CPU_BMI2 | CCE_CPU_ADX); constant time like the portable
// code (no data-dependent branch or index; a masked final subtraction).

#include "internal.h"

#if defined(__x86_64__)

// t[0..n) += a[0..n) * b; returns the carry limb (the sum fits n+1 limbs).
__attribute__((target("bmi2,adx"))) static uint64_t row_addmul(uint64_t *t, const uint64_t *a, uint64_t b,
                                                                 size_t n) {
  uint64_t lo, hi, prev = 0, r, cnt = n;
  __asm__ volatile(
      "xorl %k[r], %k[r]\n\t"  // clears CF and OF
      "1:\n\t"
      "jrcxz 2f\n\t"
      "mulxq (%[a]), %[lo], %[hi]\n\t"
      "movq (%[t]), %[r]\n\t"
      "adoxq %[lo], %[r]\n\t"
      "adcxq %[prev], %[r]\n\t"
      "movq %[r], (%[t])\n\t"
      "movq %[hi], %[prev]\n\t"
      "leaq 8(%[a]), %[a]\n\t"
      "leaq 8(%[t]), %[t]\n\t"
      "leaq -1(%%rcx), %%rcx\n\t"
      "jmp 1b\n\t"
      "2:\n\t"
      "movl $0, %k[r]\n\t"
      "adoxq %[r], %[prev]\n\t"
      "adcxq %[r], %[prev]\n\t"
      : [lo] "=&r"(lo), [hi] "=&r"(hi), [prev] "+&r"(prev), [r] "=&r"(r), [a] "+&r"(a), [t] "+&r"(t),
        "+&c"(cnt)
      : "d"(b)
      : "cc", "memory");
  return prev;
}

// t[0..n) += a[0..n) * b for n a multiple of 4 (4 limbs per loop step).
__attribute__((target("bmi2,adx"))) static uint64_t row_addmul4(uint64_t *t, const uint64_t *a, uint64_t b,
                                                                  size_t n) {
  uint64_t lo, hi, prev = 0, r, cnt = n / 4;
  __asm__ volatile(
      "xorl %k[r], %k[r]\n\t"  // clears CF and OF
      "1:\n\t"
      "mulxq (%[a]), %[lo], %[hi]\n\t"
      "movq (%[t]), %[r]\n\t"
      "adoxq %[lo], %[r]\n\t"
      "adcxq %[prev], %[r]\n\t"
      "movq %[r], (%[t])\n\t"
      "movq %[hi], %[prev]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "movq 8(%[t]), %[r]\n\t"
      "adoxq %[lo], %[r]\n\t"
      "adcxq %[prev], %[r]\n\t"
      "movq %[r], 8(%[t])\n\t"
      "movq %[hi], %[prev]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "movq 16(%[t]), %[r]\n\t"
      "adoxq %[lo], %[r]\n\t"
      "adcxq %[prev], %[r]\n\t"
      "movq %[r], 16(%[t])\n\t"
      "movq %[hi], %[prev]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "movq 24(%[t]), %[r]\n\t"
      "adoxq %[lo], %[r]\n\t"
      "adcxq %[prev], %[r]\n\t"
      "movq %[r], 24(%[t])\n\t"
      "movq %[hi], %[prev]\n\t"
      "leaq 32(%[a]), %[a]\n\t"
      "leaq 32(%[t]), %[t]\n\t"
      "leaq -1(%%rcx), %%rcx\n\t"
      "jrcxz 2f\n\t"  // n >= 4: the count is tested after each step
      "jmp 1b\n\t"
      "2:\n\t"
      "movl $0, %k[r]\n\t"
      "adoxq %[r], %[prev]\n\t"
      "adcxq %[r], %[prev]\n\t"
      : [lo] "=&r"(lo), [hi] "=&r"(hi), [prev] "+&r"(prev), [r] "=&r"(r), [a] "+&r"(a), [t] "+&r"(t),
        "+&c"(cnt)
      : "d"(b)
      : "cc", "memory");
  return prev;
}

static inline void add_carry(uint64_t *t, uint64_t c) {
  unsigned __int128 s = (unsigned __int128)t[0] + c;
  t[0] = (uint64_t)s;
  t[1] += (uint64_t)(s >> 64);
}

__attribute__((target("bmi2,adx"))) void cce_mont_mul_adx(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a,
                                                          const uint64_t *b) {
  size_t nl = M->nl;
  uint64_t t[2 * CCE_RSA_MAX_LIMBS + 2];
  memset(t, 0, (2 * nl + 2) * 8);
  uint64_t *w = t;
  if ((nl & 3) == 0) {
    for (size_t i = 0; i < nl; i++, w++) {
      add_carry(w + nl, row_addmul4(w, a, b[i], nl));
      uint64_t q = w[0] * M->m0inv;
      add_carry(w + nl, row_addmul4(w, M->m, q, nl));
    }
  } else {
    for (size_t i = 0; i < nl; i++, w++) {
      add_carry(w + nl, row_addmul(w, a, b[i], nl));
      uint64_t q = w[0] * M->m0inv;
      add_carry(w + nl, row_addmul(w, M->m, q, nl));
    }
  }
  // result w[0..nl] < 2m
  uint64_t s[CCE_RSA_MAX_LIMBS];
  uint64_t br = cce_bn_sub(s, w, M->m, nl);
  uint64_t keep = cce_ct_barrier64((0 - br) & ~(0 - w[nl]));
  for (size_t j = 0; j < nl; j++) r[j] = (w[j] & keep) | (s[j] & ~keep);
}

// r = a^2/R mod m (a < m): the off-diagonal products once (rows of
// decreasing length), doubled, plus the squares, then the reduction rows.
__attribute__((target("bmi2,adx"))) void cce_mont_sqr_adx(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a) {
  size_t nl = M->nl;
  uint64_t t[2 * CCE_RSA_MAX_LIMBS + 2];
  memset(t, 0, (2 * nl + 2) * 8);
  for (size_t i = 0; i + 1 < nl; i++) t[i + nl] = row_addmul(t + 2 * i + 1, a + i + 1, a[i], nl - 1 - i);
  uint64_t top = 0, c = 0;  // bit shifted out of the previous limb pair; carry
  for (size_t i = 0; i < nl; i++) {
    unsigned __int128 sq = (unsigned __int128)a[i] * a[i];
    uint64_t lo = t[2 * i], hi = t[2 * i + 1];
    uint64_t dlo = (lo << 1) | top, dhi = (hi << 1) | (lo >> 63);
    top = hi >> 63;
    unsigned __int128 x = (unsigned __int128)dlo + (uint64_t)sq + c;
    t[2 * i] = (uint64_t)x;
    x = (unsigned __int128)dhi + (uint64_t)(sq >> 64) + (uint64_t)(x >> 64);
    t[2 * i + 1] = (uint64_t)x;
    c = (uint64_t)(x >> 64);
  }
  uint64_t extra = 0;
  for (size_t i = 0; i < nl; i++) {
    uint64_t q = t[i] * M->m0inv;
    uint64_t cc = (nl & 3) == 0 ? row_addmul4(t + i, M->m, q, nl) : row_addmul(t + i, M->m, q, nl);
    unsigned __int128 x = (unsigned __int128)t[i + nl] + cc + extra;
    t[i + nl] = (uint64_t)x;
    extra = (uint64_t)(x >> 64);
  }
  uint64_t *w = t + nl;  // w + extra*R < 2m
  uint64_t s[CCE_RSA_MAX_LIMBS];
  uint64_t br = cce_bn_sub(s, w, M->m, nl);
  uint64_t keep = cce_ct_barrier64((0 - br) & ~(0 - extra));
  for (size_t j = 0; j < nl; j++) r[j] = (w[j] & keep) | (s[j] & ~keep);
}

#endif
