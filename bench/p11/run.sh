#!/bin/bash
# PKCS#11 benchmark: the same client (cce-p11-bench) against
# libcce-pkcs11.so and SoftHSMv2 in one run, each on a fresh token store,
# then the ratios. Target: ECDSA P-256 signing >= 3x SoftHSMv2.
#
#   bench/p11/run.sh [BUILD_DIR [SECONDS [ROUNDS]]]
#
# BUILD_DIR (default ./build) holds cce-p11-bench and libcce-pkcs11.so;
# SECONDS per measurement (default 1); ROUNDS (default 6) alternate the two
# modules and keep each one's best figure, so that background load hurts
# neither more than the other. SOFTHSM_MODULE overrides the SoftHSMv2 path
# (default /usr/lib/softhsm/libsofthsm2.so).
set -eu
BUILD=${1:-build}
SECS=${2:-1}
ROUNDS=${3:-6}
BENCH=$BUILD/cce-p11-bench
[ -x "$BENCH" ] || BENCH=$BUILD/bench/p11/cce-p11-bench
CCE=$BUILD/libcce-pkcs11.so
SOFTHSM=${SOFTHSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
for f in "$BENCH" "$CCE" "$SOFTHSM"; do
  [ -e "$f" ] || { echo "run.sh: $f not found" >&2; exit 2; }
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/cce" "$TMP/softhsm"
printf 'directories.tokendir = %s/softhsm\nobjectstore.backend = file\nlog.level = ERROR\n' "$TMP" >"$TMP/softhsm2.conf"

echo "cce-p11-bench, $SECS s per measurement, best of $ROUNDS rounds, $(nproc) CPU(s):" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "reproduce: bench/p11/run.sh $BUILD $SECS $ROUNDS"
: >"$TMP/cce.txt"
: >"$TMP/softhsm.txt"
for r in $(seq 1 "$ROUNDS"); do
  echo
  echo "round $r"
  CCE_P11_STORE=$TMP/cce "$BENCH" "$CCE" --seconds "$SECS" | tee -a "$TMP/cce.txt"
  SOFTHSM2_CONF=$TMP/softhsm2.conf "$BENCH" "$SOFTHSM" --seconds "$SECS" | tee -a "$TMP/softhsm.txt"
done
echo
awk '
  FNR == 1 { file++ }
  /^RESULT/ {
    if (!((file, $2) in v) || $3 > v[file, $2]) v[file, $2] = $3
    u[$2] = $4
    if (file == 1 && !($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
  }
  END {
    printf "%-20s %14s %14s %8s\n", "measurement", "libcce-pkcs11", "SoftHSMv2", "ratio"
    for (i = 1; i <= n; i++) {
      k = order[i]; a = v[1, k]; b = v[2, k]
      r = (b > 0) ? a / b : 0
      printf "%-20s %10.1f %-4s %10.1f %-4s %7.2fx\n", k, a, u[k], b, u[k], r
      if (k == "ecdsa-p256-sign") sign = r
    }
    verdict = (sign >= 3) ? "met" : "NOT met"
    printf "\nECDSA P-256 signing: %.2fx SoftHSMv2 (target >= 3x): %s\n", sign, verdict
  }' "$TMP/cce.txt" "$TMP/softhsm.txt"
