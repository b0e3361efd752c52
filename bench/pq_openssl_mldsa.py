#!/usr/bin/env python3
"""Measure OpenSSL's ML-DSA through python3's `cryptography` package.

Debian's OpenSSL 3.0 has no ML-DSA, so cce-bench has no OpenSSL peer for the
mldsa* ops. The `cryptography` wheels bundle a newer OpenSSL (4.0 here) with
ML-DSA: this script times key generation, signing (64-byte message, empty
context) and verification through it and prints one JSON line per op in the
format of cce-bench, with the figure under "openssl":

  {"op": "mldsa65-sign", "size": 0, "unit": "ops/s", "openssl": 1300.0,
   "peer": "OpenSSL 4.0.0 ... (python cryptography 48.0.0)"}

The figures include the Python call overhead (well under a microsecond per
call), which favours OpenCCE slightly; compare them with the "cce" figures of
`cce-bench` run on the same machine at the same time.

Usage: bench/pq_openssl_mldsa.py [--seconds S] [OP...]
If the package or its ML-DSA module is absent, prints "not available" and
exits 0.
"""

import json
import sys
import time


def rate(fn, seconds):
    fn()
    n, t0 = 0, time.perf_counter()
    while True:
        for _ in range(10):
            fn()
        n += 10
        dt = time.perf_counter() - t0
        if dt >= seconds:
            return n / dt


def main():
    seconds = 0.5
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--seconds":
        seconds = float(args[1])
        args = args[2:]
    try:
        import cryptography
        from cryptography.hazmat.primitives.asymmetric import mldsa
        from cryptography.hazmat.backends.openssl.backend import backend
    except Exception as e:
        print("OpenSSL ML-DSA through python3 cryptography: not available (%s)" % e)
        return 0
    peer = "%s (python cryptography %s)" % (backend.openssl_version_text(), cryptography.__version__)
    msg = bytes(range(64))
    sets = []
    for name, cls in (("mldsa44", "MLDSA44PrivateKey"), ("mldsa65", "MLDSA65PrivateKey"),
                      ("mldsa87", "MLDSA87PrivateKey")):
        k = getattr(mldsa, cls, None)
        if k is not None:
            sets.append((name, k))
    for name, k in sets:
        sk = k.generate()
        pk = sk.public_key()
        sig = sk.sign(msg)
        ops = {
            name + "-keygen": k.generate,
            name + "-sign": lambda: sk.sign(msg),
            name + "-verify": lambda: pk.verify(sig, msg),
        }
        for op, fn in ops.items():
            if args and op not in args:
                continue
            try:
                r = rate(fn, seconds)
            except Exception as e:  # unsupported parameter set in this build
                print(json.dumps({"op": op, "error": str(e)}))
                continue
            print(json.dumps({"op": op, "size": 0, "unit": "ops/s", "openssl": round(r, 1), "peer": peer}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
