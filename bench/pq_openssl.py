#!/usr/bin/env python3
"""Measure OpenSSL's ML-KEM through python3's `cryptography` package.

Debian's OpenSSL 3.0 has no ML-KEM, so cce-bench has no OpenSSL peer for the
mlkem* ops. The `cryptography` wheels bundle a newer OpenSSL (4.0 here) with
ML-KEM-768 and ML-KEM-1024: this script times key generation, encapsulation
and decapsulation through it and prints one JSON line per op in the format
of cce-bench, with the figure under "openssl":

  {"op": "mlkem768-keygen", "size": 0, "unit": "ops/s", "openssl": 11500.0,
   "peer": "OpenSSL 4.0.0 ... (python cryptography 48.0.0)"}

The figures include the Python call overhead (a few hundred nanoseconds per
call), which favours OpenCCE slightly; compare them with the "cce" figures of
`cce-bench` run on the same machine at the same time.

Usage: bench/pq_openssl.py [--seconds S] [OP...]
If the package or its ML-KEM module is absent, prints "not available" and
exits 0.
"""

import json
import sys
import time


def main():
    seconds = 0.5
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--seconds":
        seconds = float(args[1])
        args = args[2:]
    try:
        import cryptography
        from cryptography.hazmat.primitives.asymmetric import mlkem
        from cryptography.hazmat.backends.openssl.backend import backend
    except Exception as e:  # ImportError, or an older package without mlkem
        print("OpenSSL ML-KEM through python3 cryptography: not available (%s)" % e)
        return 0
    peer = "%s (python cryptography %s)" % (backend.openssl_version_text(), cryptography.__version__)

    sets = []
    for name, cls in (("mlkem768", "MLKEM768PrivateKey"), ("mlkem1024", "MLKEM1024PrivateKey")):
        if hasattr(mlkem, cls):
            sets.append((name, getattr(mlkem, cls)))
    if not sets:
        print("OpenSSL ML-KEM through python3 cryptography: not available (no ML-KEM key classes)")
        return 0

    def rate(fn):
        fn()  # warm-up
        n, t0 = 0, time.perf_counter()
        while True:
            for _ in range(50):
                fn()
            n += 50
            dt = time.perf_counter() - t0
            if dt >= seconds:
                return n / dt

    for name, priv_cls in sets:
        try:
            sk = priv_cls.generate()
            pk = sk.public_key()
            ss, ct = pk.encapsulate()
            if sk.decapsulate(ct) != ss:
                raise ValueError("decapsulation disagrees with encapsulation")
        except Exception as e:
            print("OpenSSL %s through python3 cryptography: not available (%s)" % (name, e))
            continue
        ops = (
            (name + "-keygen", priv_cls.generate),
            (name + "-encaps", pk.encapsulate),
            (name + "-decaps", lambda: sk.decapsulate(ct)),
        )
        for op, fn in ops:
            if args and op not in args:
                continue
            print(json.dumps({"op": op, "size": 0, "unit": "ops/s", "openssl": round(rate(fn), 1),
                              "peer": peer}))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
