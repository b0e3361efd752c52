// P-256 field multiplication for x86-64 CPUs with BMI2 and ADX: Montgomery
// multiplication (R = 2^256) with MULX and two independent carry chains
// (ADCX on CF, ADOX on OF), one row per limb of b, each row followed by one
// Montgomery reduction step that uses the form of p:
//   m' = -p^-1 mod 2^64 = 1, so q = acc[0], and
//   (acc + q*p) / 2^64 adds q<<32, q>>32 at limbs 0, 1 and q*(2^64-2^32+1)
//   at limbs 2, 3 (q*p = q*2^256 - q*2^224 + q*2^192 + q*2^96 - q).
// The accumulator stays below 2p (< 2^257); one subtraction of p at the end,
// selected with CMOV. Constant time: no branch, no secret-dependent address.
//
// The instructions are in inline assembly, so the compiler needs no target
// option for them; p256.c calls this code only when cce_cpu_has(CCE_CPU_BMI2
// | CCE_CPU_ADX) (the CCE_CPU override applies, so the portable C path stays
// testable on the same machine). Included by p256.c only on x86-64.

#ifndef CCE_SRC_EC_FE_P256_ADX_H
#define CCE_SRC_EC_FE_P256_ADX_H

static const uint64_t p256_adx_p1 = 0x00000000ffffffffu;
static const uint64_t p256_adx_p3 = 0xffffffff00000001u;

// r = a * b * 2^-256 mod p (a, b < p; r < p). r may alias a or b.
static inline __attribute__((always_inline)) void p256_adx_mul(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t c0, c1, c2, c3, c4, c5, l, h, z;
  __asm__(
      "xorl %k[c0], %k[c0]\n\t"
      "xorl %k[c1], %k[c1]\n\t"
      "xorl %k[c2], %k[c2]\n\t"
      "xorl %k[c3], %k[c3]\n\t"
      "xorl %k[c4], %k[c4]\n\t"
      "xorl %k[c5], %k[c5]\n\t"
      "movq 0(%[b]), %%rdx\n\t"
      "xorl %k[z], %k[z]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c0]\n\t"
      "adoxq %[h], %[c1]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c1]\n\t"
      "adoxq %[h], %[c2]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c2]\n\t"
      "adoxq %[h], %[c3]\n\t"
      "mulxq 24(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c3]\n\t"
      "adoxq %[h], %[c4]\n\t"
      "adcxq %[z], %[c4]\n\t"
      "adoxq %[z], %[c5]\n\t"
      "adcxq %[z], %[c5]\n\t"
      "movq %[c0], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[c0]\n\t"
      "addq %[c0], %[c1]\n\t"
      "adcq %[z], %[c2]\n\t"
      "adcq %[l], %[c3]\n\t"
      "adcq %[h], %[c4]\n\t"
      "adcq $0, %[c5]\n\t"
      "movq 8(%[b]), %%rdx\n\t"
      "xorl %k[c0], %k[c0]\n\t"
      "xorl %k[z], %k[z]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c1]\n\t"
      "adoxq %[h], %[c2]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c2]\n\t"
      "adoxq %[h], %[c3]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c3]\n\t"
      "adoxq %[h], %[c4]\n\t"
      "mulxq 24(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c4]\n\t"
      "adoxq %[h], %[c5]\n\t"
      "adcxq %[z], %[c5]\n\t"
      "adoxq %[z], %[c0]\n\t"
      "adcxq %[z], %[c0]\n\t"
      "movq %[c1], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[c1]\n\t"
      "addq %[c1], %[c2]\n\t"
      "adcq %[z], %[c3]\n\t"
      "adcq %[l], %[c4]\n\t"
      "adcq %[h], %[c5]\n\t"
      "adcq $0, %[c0]\n\t"
      "movq 16(%[b]), %%rdx\n\t"
      "xorl %k[c1], %k[c1]\n\t"
      "xorl %k[z], %k[z]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c2]\n\t"
      "adoxq %[h], %[c3]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c3]\n\t"
      "adoxq %[h], %[c4]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c4]\n\t"
      "adoxq %[h], %[c5]\n\t"
      "mulxq 24(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c5]\n\t"
      "adoxq %[h], %[c0]\n\t"
      "adcxq %[z], %[c0]\n\t"
      "adoxq %[z], %[c1]\n\t"
      "adcxq %[z], %[c1]\n\t"
      "movq %[c2], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[c2]\n\t"
      "addq %[c2], %[c3]\n\t"
      "adcq %[z], %[c4]\n\t"
      "adcq %[l], %[c5]\n\t"
      "adcq %[h], %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "movq 24(%[b]), %%rdx\n\t"
      "xorl %k[c2], %k[c2]\n\t"
      "xorl %k[z], %k[z]\n\t"
      "mulxq 0(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c3]\n\t"
      "adoxq %[h], %[c4]\n\t"
      "mulxq 8(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c4]\n\t"
      "adoxq %[h], %[c5]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c5]\n\t"
      "adoxq %[h], %[c0]\n\t"
      "mulxq 24(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[c0]\n\t"
      "adoxq %[h], %[c1]\n\t"
      "adcxq %[z], %[c1]\n\t"
      "adoxq %[z], %[c2]\n\t"
      "adcxq %[z], %[c2]\n\t"
      "movq %[c3], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[c3]\n\t"
      "addq %[c3], %[c4]\n\t"
      "adcq %[z], %[c5]\n\t"
      "adcq %[l], %[c0]\n\t"
      "adcq %[h], %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      "movq %[c4], %[l]\n\t"
      "movq %[c5], %[h]\n\t"
      "movq %[c0], %[z]\n\t"
      "movq %[c1], %[c3]\n\t"
      "subq $-1, %[l]\n\t"
      "movl $0xffffffff, %%edx\n\t"
      "sbbq %%rdx, %[h]\n\t"
      "sbbq $0, %[z]\n\t"
      "sbbq %[p3], %[c3]\n\t"
      "sbbq $0, %[c2]\n\t"
      "cmovcq %[c4], %[l]\n\t"
      "cmovcq %[c5], %[h]\n\t"
      "cmovcq %[c0], %[z]\n\t"
      "cmovcq %[c1], %[c3]\n\t"
      : [c0] "=&r"(c0), [c1] "=&r"(c1), [c2] "=&r"(c2), [c3] "=&r"(c3), [c4] "=&r"(c4), [c5] "=&r"(c5),
        [l] "=&r"(l), [h] "=&r"(h), [z] "=&r"(z)
      : [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[4])a), "m"(*(const uint64_t(*)[4])b),
        [p3] "m"(p256_adx_p3)
      : "rdx", "cc");
  r[0] = l;
  r[1] = h;
  r[2] = z;
  r[3] = c3;
}

// r = a^2 * 2^-256 mod p (a < p; r < p): the six cross products once,
// doubled on the CF chain while the four squares go in on the OF chain,
// then four reduction steps as above over the 512-bit square (the carry out
// of step i is kept in the limb that step cleared, and added by step i + 1).
static inline __attribute__((always_inline)) void p256_adx_sqr(uint64_t *r, const uint64_t *a) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, l, h, z;
  __asm__(
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"
      "mulxq 16(%[a]), %[l], %[t3]\n\t"
      "addq %[l], %[t2]\n\t"
      "mulxq 24(%[a]), %[l], %[t4]\n\t"
      "adcq %[l], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "xorl %k[z], %k[z]\n\t"
      "mulxq 16(%[a]), %[l], %[h]\n\t"
      "adcxq %[l], %[t3]\n\t"
      "adoxq %[h], %[t4]\n\t"
      "mulxq 24(%[a]), %[l], %[t5]\n\t"
      "adcxq %[l], %[t4]\n\t"
      "adoxq %[z], %[t5]\n\t"
      "adcxq %[z], %[t5]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[l], %[t6]\n\t"
      "addq %[l], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      "xorl %k[z], %k[z]\n\t"
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
      "mulxq %%rdx, %[l], %[t7]\n\t"
      "adcxq %[t6], %[t6]\n\t"
      "adoxq %[l], %[t6]\n\t"
      "adcxq %[z], %[t7]\n\t"
      "adoxq %[z], %[t7]\n\t"
      "movq %[t0], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[t0]\n\t"
      "addq %[t0], %[t1]\n\t"
      "adcq %[z], %[t2]\n\t"
      "adcq %[l], %[t3]\n\t"
      "adcq %[h], %[t4]\n\t"
      "movl $0, %k[t0]\n\t"
      "adcq $0, %[t0]\n\t"
      "movq %[t1], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "addq %[t0], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[t1]\n\t"
      "addq %[t1], %[t2]\n\t"
      "adcq %[z], %[t3]\n\t"
      "adcq %[l], %[t4]\n\t"
      "adcq %[h], %[t5]\n\t"
      "movl $0, %k[t1]\n\t"
      "adcq $0, %[t1]\n\t"
      "movq %[t2], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "addq %[t1], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[t2]\n\t"
      "addq %[t2], %[t3]\n\t"
      "adcq %[z], %[t4]\n\t"
      "adcq %[l], %[t5]\n\t"
      "adcq %[h], %[t6]\n\t"
      "movl $0, %k[t2]\n\t"
      "adcq $0, %[t2]\n\t"
      "movq %[t3], %%rdx\n\t"
      "mulxq %[p3], %[l], %[h]\n\t"
      "addq %[t2], %[h]\n\t"
      "movq %%rdx, %[z]\n\t"
      "shrq $32, %[z]\n\t"
      "shlq $32, %[t3]\n\t"
      "addq %[t3], %[t4]\n\t"
      "adcq %[z], %[t5]\n\t"
      "adcq %[l], %[t6]\n\t"
      "adcq %[h], %[t7]\n\t"
      "movl $0, %k[t3]\n\t"
      "adcq $0, %[t3]\n\t"
      "movq %[t4], %[l]\n\t"
      "movq %[t5], %[h]\n\t"
      "movq %[t6], %[z]\n\t"
      "movq %[t7], %[t0]\n\t"
      "subq $-1, %[l]\n\t"
      "movl $0xffffffff, %%edx\n\t"
      "sbbq %%rdx, %[h]\n\t"
      "sbbq $0, %[z]\n\t"
      "sbbq %[p3], %[t0]\n\t"
      "sbbq $0, %[t3]\n\t"
      "cmovcq %[t4], %[l]\n\t"
      "cmovcq %[t5], %[h]\n\t"
      "cmovcq %[t6], %[z]\n\t"
      "cmovcq %[t7], %[t0]\n\t"

      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
        [t6] "=&r"(t6), [t7] "=&r"(t7), [l] "=&r"(l), [h] "=&r"(h), [z] "=&r"(z)
      : [a] "r"(a), "m"(*(const uint64_t(*)[4])a), [p3] "m"(p256_adx_p3)
      : "rdx", "cc");
  r[0] = l;
  r[1] = h;
  r[2] = z;
  r[3] = t0;
}

// r = a + b mod p (a, b < p). Base x86-64 instructions only.
static inline __attribute__((always_inline)) void p256_adx_add(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t t0, t1, t2, t3, u0, u1, u2, u3, cy;
  __asm__(
      "movq 0(%[a]), %[t0]\n\t"
      "movq 8(%[a]), %[t1]\n\t"
      "movq 16(%[a]), %[t2]\n\t"
      "movq 24(%[a]), %[t3]\n\t"
      "xorl %k[cy], %k[cy]\n\t"
      "addq 0(%[b]), %[t0]\n\t"
      "adcq 8(%[b]), %[t1]\n\t"
      "adcq 16(%[b]), %[t2]\n\t"
      "adcq 24(%[b]), %[t3]\n\t"
      "adcq $0, %[cy]\n\t"
      "movq %[t0], %[u0]\n\t"
      "movq %[t1], %[u1]\n\t"
      "movq %[t2], %[u2]\n\t"
      "movq %[t3], %[u3]\n\t"
      "subq $-1, %[u0]\n\t"
      "sbbq %[p1], %[u1]\n\t"
      "sbbq $0, %[u2]\n\t"
      "sbbq %[p3], %[u3]\n\t"
      "sbbq $0, %[cy]\n\t"
      "cmovcq %[t0], %[u0]\n\t"
      "cmovcq %[t1], %[u1]\n\t"
      "cmovcq %[t2], %[u2]\n\t"
      "cmovcq %[t3], %[u3]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [u0] "=&r"(u0), [u1] "=&r"(u1),
        [u2] "=&r"(u2), [u3] "=&r"(u3), [cy] "=&r"(cy)
      : [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[4])a), "m"(*(const uint64_t(*)[4])b),
        [p1] "m"(p256_adx_p1), [p3] "m"(p256_adx_p3)
      : "cc");
  r[0] = u0;
  r[1] = u1;
  r[2] = u2;
  r[3] = u3;
}

// r = a - b mod p (a, b < p): a - b, plus p masked by the borrow.
static inline __attribute__((always_inline)) void p256_adx_sub(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t t0, t1, t2, t3, m, m1, m3;
  __asm__(
      "movq 0(%[a]), %[t0]\n\t"
      "movq 8(%[a]), %[t1]\n\t"
      "movq 16(%[a]), %[t2]\n\t"
      "movq 24(%[a]), %[t3]\n\t"
      "subq 0(%[b]), %[t0]\n\t"
      "sbbq 8(%[b]), %[t1]\n\t"
      "sbbq 16(%[b]), %[t2]\n\t"
      "sbbq 24(%[b]), %[t3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "movq %[p1], %[m1]\n\t"
      "movq %[p3], %[m3]\n\t"
      "andq %[m], %[m1]\n\t"
      "andq %[m], %[m3]\n\t"
      "addq %[m], %[t0]\n\t"
      "adcq %[m1], %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq %[m3], %[t3]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [m] "=&r"(m), [m1] "=&r"(m1),
        [m3] "=&r"(m3)
      : [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[4])a), "m"(*(const uint64_t(*)[4])b),
        [p1] "m"(p256_adx_p1), [p3] "m"(p256_adx_p3)
      : "cc");
  r[0] = t0;
  r[1] = t1;
  r[2] = t2;
  r[3] = t3;
}

#endif  // CCE_SRC_EC_FE_P256_ADX_H
