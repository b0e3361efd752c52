#!/usr/bin/env python3
"""LMS crash test: the signer is killed (SIGKILL) at random points, many
times; every signature it released is collected. Then: no leaf index was
ever used twice (q parsed from each signature), every released signature
verifies, and the state still works (the next signature uses a leaf beyond
all of them).

  crash.py /path/to/cce [ROUNDS]

Kills come from three sources, with a fixed random seed:
  - a timer: `cce lms sign` is started and killed after a random delay
    within the time a signature normally takes (so it lands anywhere: before
    the state is read, during the fsync/rename of the new state, during the
    signature computation, while the signature file is written);
  - the CLI's test hook CCE_LMS_TEST_CRASH=before-commit (killed after the new
    state is written to its temporary file, before the rename);
  - CCE_LMS_TEST_CRASH=after-commit (killed right after the new state is
    durable, before any signature is computed: the leaf is wasted).
Runs with an HSS key of two levels (LMS_SHA256_M24_H5 over H5, W4), so the
global counter crosses from one bottom tree to the next.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def be32(b, o):
    return int.from_bytes(b[o:o + 4], "big")


# M24/N24 W4: p = 51; LMS signature = 4 + (4 + 24 + 51*24) + 4 + 5*24.
OTS_P = {1: 265, 2: 133, 3: 67, 4: 34, 5: 200, 6: 101, 7: 51, 8: 26}
OTS_N = {1: 32, 2: 32, 3: 32, 4: 32, 5: 24, 6: 24, 7: 24, 8: 24}
LMS_H = {t: 5 * ((t - 5) % 5 + 1) for t in range(5, 15)}
LMS_M = {t: (32 if t <= 9 else 24) for t in range(5, 15)}


def lms_sig_len(sig, at):
    ots = be32(sig, at + 4)
    n, p = OTS_N[ots], OTS_P[ots]
    lt_at = at + 4 + 4 + n + p * n
    lt = be32(sig, lt_at)
    return lt_at + 4 + LMS_H[lt] * LMS_M[lt] - at, lt


def global_q(sig):
    """The global leaf index of an HSS signature: top q, then each level."""
    nspk = be32(sig, 0)
    at = 4
    q = 0
    for level in range(nspk + 1):
        ln, lt = lms_sig_len(sig, at)
        q = (q << LMS_H[lt]) | be32(sig, at)
        at += ln
        if level < nspk:
            child_lt = be32(sig, at)
            at += 24 + LMS_M[child_lt]
    if at != len(sig):
        raise ValueError("bad signature length")
    return q


def main():
    cce = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    rng = random.Random(20260815)
    work = tempfile.mkdtemp(prefix="cce-lms-crash.")
    failures = 0
    try:
        state = os.path.join(work, "key.state")
        pub = os.path.join(work, "key.pub")
        subprocess.run([cce, "lms", "keygen", "-t", "lms-sha256-m24-h5,lms-sha256-m24-h5", "-w", "4",
                        "-o", state, "--pub", pub], check=True)
        # Calibrate: how long one signature takes here (fsync cost varies).
        msg0 = os.path.join(work, "m0")
        with open(msg0, "wb") as f:
            f.write(b"calibration")
        t0 = time.monotonic()
        subprocess.run([cce, "lms", "sign", "-k", state, "-o", os.path.join(work, "sig.cal"), msg0], check=True)
        t_sign = time.monotonic() - t0
        released = {}  # q -> round that released it
        reused = 0
        msgs = {}
        kills = {"timer": 0, "before-commit": 0, "after-commit": 0, "completed": 0}
        deadline = time.monotonic() + 25.0
        for i in range(rounds):
            if time.monotonic() > deadline:
                print(f"time budget reached after {i} rounds")
                break
            msg = os.path.join(work, f"m{i}")
            with open(msg, "wb") as f:
                f.write(f"message {i} {rng.random()}".encode())
            out = os.path.join(work, f"sig{i}")
            env = dict(os.environ)
            mode = rng.random()
            if mode < 0.15:
                env["CCE_LMS_TEST_CRASH"] = "before-commit"
            elif mode < 0.30:
                env["CCE_LMS_TEST_CRASH"] = "after-commit"
            proc = subprocess.Popen([cce, "lms", "sign", "-k", state, "-o", out, msg], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if mode >= 0.30:
                time.sleep(rng.uniform(0.0, 1.3 * t_sign))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    kills["timer"] += 1
                else:
                    kills["completed"] += 1
                proc.wait()
            else:
                rc = proc.wait()
                if rc != -signal.SIGKILL:
                    print(f"FAIL: crash hook {env['CCE_LMS_TEST_CRASH']} did not kill the signer (rc {rc})")
                    failures += 1
                kills[env["CCE_LMS_TEST_CRASH"]] += 1
            if os.path.exists(out):
                with open(out, "rb") as f:
                    sig = f.read()
                q = global_q(sig)
                if q in released:
                    print(f"FAIL: leaf {q} used twice (rounds {released[q]} and {i})")
                    failures += 1
                    reused += 1
                released[q] = i
                msgs[i] = (msg, out)
        # Every released signature verifies over its message.
        bad = 0
        for i, (msg, out) in msgs.items():
            r = subprocess.run([cce, "lms", "verify", "-p", pub, "-s", out, msg], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            if r.returncode != 0:
                bad += 1
        if bad:
            print(f"FAIL: {bad} released signatures do not verify")
            failures += 1
        # The state still works, and moves past every leaf released.
        final = os.path.join(work, "sig.final")
        r = subprocess.run([cce, "lms", "sign", "-k", state, "-o", final, msg0])
        if r.returncode != 0:
            print("FAIL: the state no longer signs")
            failures += 1
        else:
            with open(final, "rb") as f:
                qf = global_q(f.read())
            if released and qf <= max(released):
                print(f"FAIL: final leaf {qf} not beyond the released ones (max {max(released)})")
                failures += 1
            r = subprocess.run([cce, "lms", "verify", "-p", pub, "-s", final, msg0], stdout=subprocess.DEVNULL)
            if r.returncode != 0:
                print("FAIL: final signature does not verify")
                failures += 1
        info = subprocess.run([cce, "lms", "info", state], capture_output=True, text=True).stdout
        print(info.strip())
        print(f"rounds {i + 1}, signatures released {len(released) + reused} ({reused} reusing a leaf), "
              f"kills {kills}, one signature ~{t_sign * 1000:.0f} ms")
        if len(released) == 0 or kills["timer"] == 0:
            print("FAIL: the test did not exercise both outcomes (released signatures and timer kills)")
            failures += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("crash test:", "passed" if failures == 0 else f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
