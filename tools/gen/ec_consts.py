#!/usr/bin/env python3
# Generator of the constants in src/module/ec/p256.c, p384.c, p521.c
# (Montgomery constants of the field prime p and the group order n of each
# NIST curve, FIPS 186-5 / SP 800-186 domain parameters).
# Usage: tools/gen/ec_consts.py p256|p384|p521  > prints the C block to paste.
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

main()
