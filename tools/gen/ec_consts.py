#!/usr/bin/env python3
# Generator of the constants in src/module/ec/p256.c, p384.c, p521.c
# (Montgomery constants of the field prime p and the group order n of each
# NIST curve, FIPS 186-5 / SP 800-186 domain parameters).
# Usage: tools/gen/ec_consts.py p256|p384|p521  > prints the C block to paste
#        tools/gen/ec_consts.py adx             > the inline-assembly bodies.
import sys

CURVES = {
    "p256": dict(
        p=2**256 - 2**224 + 2**192 + 2**96 - 1,
        n=0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551,
        b=0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
        gx=0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
        gy=0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5,
        limbs=4),
    "p384": dict(
        p=2**384 - 2**128 - 2**96 + 2**32 - 1,
        n=0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973,
        b=0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef,
        gx=0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7,
        gy=0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f,
        limbs=6),
    "p521": dict(
        p=2**521 - 1,
        n=int("01ff" + "ffffffff" * 7 + "fffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409", 16),
        b=0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00,
        gx=0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66,
        gy=0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650,
        limbs=9),
}

def limbs(v, n):
    return [(v >> (64 * i)) & (2**64 - 1) for i in range(n)]

def arr(name, v, n):
    ls = limbs(v, n)
    body = ", ".join("0x%016xu" % x for x in ls)
    return "static const uint64_t %s[%d] = {%s};" % (name, n, body)

def arr58(name, v):
    # P-521 field elements: 9 limbs in radix 2^58 (src/module/ec/fe_p521.h).
    ls = [(v >> (58 * i)) & (2**58 - 1) for i in range(9)]
    body = ", ".join("0x%016xu" % x for x in ls)
    return "static const uint64_t %s[9] = {%s};" % (name, body)

def main():
    c = CURVES[sys.argv[1]]
    if sys.argv[1] == "p521":
        main521(c)
        return
    N = c["limbs"]
    R = 2**(64 * N)
    p, n = c["p"], c["n"]
    # sanity: G on the curve
    assert pow(2, n - 1, n) == 1 and pow(2, p - 1, p) == 1  # n and p prime (Fermat check)
    assert (c["gy"]**2 - (c["gx"]**3 - 3 * c["gx"] + c["b"])) % p == 0
    out = []
    for pre, m in (("P", p), ("N", n)):
        out.append(arr(pre + "_M", m, N))
        out.append("#define %s_N0 0x%016xu" % (pre, (-pow(m, -1, 2**64)) % 2**64))
        out.append(arr(pre + "_R2", R * R % m, N))
        out.append(arr(pre + "_ONE", R % m, N))
        if not (sys.argv[1] == "p256" and pre == "P"):  # p256.c inverts mod p by a chain
            out.append(arr(pre + "_MM2", m - 2, N))  # exponent m-2 (Fermat inversion)
    out.append(arr("P_SQRT_EXP", (p + 1) // 4, N))
    out.append(arr("P_B_MONT", c["b"] * R % p, N))
    out.append(arr("P_GX_MONT", c["gx"] * R % p, N))
    out.append(arr("P_GY_MONT", c["gy"] * R % p, N))
    print("\n".join(out))

def main521(c):
    # GF(p) in radix 2^58 without Montgomery form (fe_p521.h); n as usual.
    N = 9
    R = 2**(64 * N)
    p, n = c["p"], c["n"]
    assert pow(2, n - 1, n) == 1 and pow(2, p - 1, p) == 1
    assert (c["gy"]**2 - (c["gx"]**3 - 3 * c["gx"] + c["b"])) % p == 0
    out = [arr("P_M", p, N), arr58("P_ONE", 1)]
    out.append(arr("N_M", n, N))
    out.append("#define N_N0 0x%016xu" % ((-pow(n, -1, 2**64)) % 2**64))
    out.append(arr("N_R2", R * R % n, N))
    out.append(arr("N_ONE", R % n, N))
    out.append(arr("N_MM2", n - 2, N))
    out.append(arr("P_SQRT_EXP", (p + 1) // 4, N))
    out.append(arr58("P_B_MONT", c["b"]))
    out.append(arr58("P_GX_MONT", c["gx"]))
    out.append(arr58("P_GY_MONT", c["gy"]))
    print("\n".join(out))

# ---------------------------------------------------------------------------
# Inline-assembly bodies (x86-64 MULX/ADCX/ADOX) of src/module/ec/
# fe_p256_adx.h (P-256 Montgomery multiplication and squaring) and
# fe_adx_mont.h (generic CIOS Montgomery multiplication, 4 and 6 limbs).
# Usage: tools/gen/ec_consts.py adx  > prints each body to paste.

def asm_lines(lines):
    return "\n".join('      "%s\\n\\t"' % x for x in lines)

def p256_mul_asm():
    # Rows b[i]: acc += a*b[i] (ADCX low halves, ADOX high halves), then one
    # reduction step with q = acc[0] (m' = 1): acc += q<<32, q>>32 at limbs
    # 1, 2 and q*(2^64 - 2^32 + 1) at limbs 3, 4; the accumulator registers
    # rotate by one per row. Returns (lines, register of the top result limb).
    c = ["c0", "c1", "c2", "c3", "c4", "c5"]
    L = ["xorl %%k[%s], %%k[%s]" % (r, r) for r in c]
    for i in range(4):
        L.append("movq %d(%%[b]), %%%%rdx" % (8 * i))
        if i > 0:
            L.append("xorl %%k[%s], %%k[%s]" % (c[5], c[5]))
        L.append("xorl %k[z], %k[z]")
        for j in range(4):
            L.append("mulxq %d(%%[a]), %%[l], %%[h]" % (8 * j))
            L.append("adcxq %%[l], %%[%s]" % c[j])
            L.append("adoxq %%[h], %%[%s]" % c[j + 1])
        L.append("adcxq %%[z], %%[%s]" % c[4])
        L.append("adoxq %%[z], %%[%s]" % c[5])
        L.append("adcxq %%[z], %%[%s]" % c[5])
        L.append("movq %%[%s], %%%%rdx" % c[0])
        L.append("mulxq %[p3], %[l], %[h]")
        L.append("movq %%rdx, %[z]")
        L.append("shrq $32, %[z]")
        L.append("shlq $32, %%[%s]" % c[0])
        L.append("addq %%[%s], %%[%s]" % (c[0], c[1]))
        L.append("adcq %%[z], %%[%s]" % c[2])
        L.append("adcq %%[l], %%[%s]" % c[3])
        L.append("adcq %%[h], %%[%s]" % c[4])
        L.append("adcq $0, %%[%s]" % c[5])
        c = c[1:] + c[:1]
    L += ["movq %%[%s], %%[l]" % c[0], "movq %%[%s], %%[h]" % c[1], "movq %%[%s], %%[z]" % c[2],
          "movq %%[%s], %%[%s]" % (c[3], c[5]), "subq $-1, %[l]", "movl $0xffffffff, %%edx",
          "sbbq %%rdx, %[h]", "sbbq $0, %[z]", "sbbq %%[p3], %%[%s]" % c[5], "sbbq $0, %%[%s]" % c[4],
          "cmovcq %%[%s], %%[l]" % c[0], "cmovcq %%[%s], %%[h]" % c[1], "cmovcq %%[%s], %%[z]" % c[2],
          "cmovcq %%[%s], %%[%s]" % (c[3], c[5])]
    return L, c[5]

def p256_sqr_asm():
    L = ["movq 0(%[a]), %%rdx", "mulxq 8(%[a]), %[t1], %[t2]", "mulxq 16(%[a]), %[l], %[t3]",
         "addq %[l], %[t2]", "mulxq 24(%[a]), %[l], %[t4]", "adcq %[l], %[t3]", "adcq $0, %[t4]",
         "movq 8(%[a]), %%rdx", "xorl %k[z], %k[z]", "mulxq 16(%[a]), %[l], %[h]", "adcxq %[l], %[t3]",
         "adoxq %[h], %[t4]", "mulxq 24(%[a]), %[l], %[t5]", "adcxq %[l], %[t4]", "adoxq %[z], %[t5]",
         "adcxq %[z], %[t5]", "movq 16(%[a]), %%rdx", "mulxq 24(%[a]), %[l], %[t6]", "addq %[l], %[t5]",
         "adcq $0, %[t6]",
         "xorl %k[z], %k[z]", "movq 0(%[a]), %%rdx", "mulxq %%rdx, %[t0], %[h]", "adcxq %[t1], %[t1]",
         "adoxq %[h], %[t1]", "movq 8(%[a]), %%rdx", "mulxq %%rdx, %[l], %[h]", "adcxq %[t2], %[t2]",
         "adoxq %[l], %[t2]", "adcxq %[t3], %[t3]", "adoxq %[h], %[t3]", "movq 16(%[a]), %%rdx",
         "mulxq %%rdx, %[l], %[h]", "adcxq %[t4], %[t4]", "adoxq %[l], %[t4]", "adcxq %[t5], %[t5]",
         "adoxq %[h], %[t5]", "movq 24(%[a]), %%rdx", "mulxq %%rdx, %[l], %[t7]", "adcxq %[t6], %[t6]",
         "adoxq %[l], %[t6]", "adcxq %[z], %[t7]", "adoxq %[z], %[t7]"]
    for i in range(4):
        t = lambda k: "%%[t%d]" % k
        L.append("movq %s, %%%%rdx" % t(i))
        L.append("mulxq %[p3], %[l], %[h]")
        if i > 0:
            L.append("addq %s, %%[h]" % t(i - 1))
        L += ["movq %%rdx, %[z]", "shrq $32, %[z]", "shlq $32, %s" % t(i), "addq %s, %s" % (t(i), t(i + 1)),
              "adcq %%[z], %s" % t(i + 2), "adcq %%[l], %s" % t(i + 3), "adcq %%[h], %s" % t(i + 4),
              "movl $0, %%k[t%d]" % i, "adcq $0, %s" % t(i)]
    L += ["movq %[t4], %[l]", "movq %[t5], %[h]", "movq %[t6], %[z]", "movq %[t7], %[t0]", "subq $-1, %[l]",
          "movl $0xffffffff, %%edx", "sbbq %%rdx, %[h]", "sbbq $0, %[z]", "sbbq %[p3], %[t0]", "sbbq $0, %[t3]",
          "cmovcq %[t4], %[l]", "cmovcq %[t5], %[h]", "cmovcq %[t6], %[z]", "cmovcq %[t7], %[t0]"]
    return L

def mont_asm(N):
    # CIOS over N limbs, modulus and m' in memory ([m], [n0]); the
    # accumulator (N + 2 registers) rotates by one per row. Returns (main
    # body, final-subtraction body, rotated register names).
    c = ["c%d" % i for i in range(N + 2)]
    L = ["xorl %%k[%s], %%k[%s]" % (r, r) for r in c]
    for i in range(N):
        for part in ("ab", "qm"):
            if part == "ab":
                L.append("movq %d(%%[b]), %%%%rdx" % (8 * i))
            else:
                L.append("movq %%[%s], %%%%rdx" % c[0])
                L.append("imulq %[n0], %%rdx")
            L.append("xorl %k[l], %k[l]")
            for j in range(N):
                src = "%d(%%[a])" % (8 * j) if part == "ab" else "%d+%%[m]" % (8 * j)
                L.append("mulxq %s, %%[l], %%[h]" % src)
                L.append("adcxq %%[l], %%[%s]" % c[j])
                L.append("adoxq %%[h], %%[%s]" % c[j + 1])
            L += ["movl $0, %k[l]", "adcxq %%[l], %%[%s]" % c[N], "adoxq %%[l], %%[%s]" % c[N + 1],
                  "adcxq %%[l], %%[%s]" % c[N + 1]]
        c = c[1:] + c[:1]
    F = ["movq %%[%s], %%[t%d]" % (c[j], j) for j in range(N)]
    F += ["%s %d+%%[m], %%[t%d]" % ("subq" if j == 0 else "sbbq", 8 * j, j) for j in range(N)]
    F.append("sbbq $0, %%[%s]" % c[N])
    F += ["cmovcq %%[%s], %%[t%d]" % (c[j], j) for j in range(N)]
    return L, F, c

def addsub_asm(N, op):
    # r = a + b mod m or a - b mod m for a, b < m (base x86-64). Registers:
    # t0.. (result), cy, and u0.. for the masked m (u0, u1 reuse the
    # registers of the pointers a and b, dead by then).
    u = ["a", "b"] + ["u%d" % j for j in range(2, N)]
    L = ["movq %d(%%[a]), %%[t%d]" % (8 * j, j) for j in range(N)]
    if op == "add":
        L.append("xorl %k[cy], %k[cy]")
        L += ["%s %d(%%[b]), %%[t%d]" % ("addq" if j == 0 else "adcq", 8 * j, j) for j in range(N)]
        L.append("adcq $0, %[cy]")
        L += ["%s %d+%%[m], %%[t%d]" % ("subq" if j == 0 else "sbbq", 8 * j, j) for j in range(N)]
        L.append("sbbq $0, %[cy]")
    else:
        L += ["%s %d(%%[b]), %%[t%d]" % ("subq" if j == 0 else "sbbq", 8 * j, j) for j in range(N)]
        L.append("sbbq %[cy], %[cy]")
    for j in range(N):
        L.append("movq %d+%%[m], %%[%s]" % (8 * j, u[j]))
        L.append("andq %%[cy], %%[%s]" % u[j])
    L += ["%s %%[%s], %%[t%d]" % ("addq" if j == 0 else "adcq", u[j], j) for j in range(N)]
    return L

def main_adx():
    L, top = p256_mul_asm()
    print("// fe_p256_adx.h, p256_adx_mul (result limbs l, h, z, %s):" % top)
    print(asm_lines(L))
    print("// fe_p256_adx.h, p256_adx_sqr (result limbs l, h, z, t0):")
    print(asm_lines(p256_sqr_asm()))
    for N in (4, 6):
        L, F, c = mont_asm(N)
        print("// fe_adx_mont.h, FE_N == %d, main body (result %s, top %s):" % (N, " ".join(c[:N]), c[N]))
        print(asm_lines(L))
        print("// fe_adx_mont.h, FE_N == %d, final subtraction:" % N)
        print(asm_lines(F))
        for op in ("add", "sub"):
            print("// fe_adx_mont.h, FE_N == %d, %s:" % (N, op))
            print(asm_lines(addsub_asm(N, op)))

if len(sys.argv) > 1 and sys.argv[1] == "adx":
    main_adx()
    sys.exit(0)

main()
