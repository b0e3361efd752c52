#!/bin/bash
# OpenCCE's ML-KEM/ML-DSA against OpenSSL 4.0 (python3 `cryptography`) on
# this machine, robust to a noisy host: each op is measured ROUNDS times,
# cce-bench and the python peer alternating slice by slice (SECONDS each),
# and each side keeps its best slice (background load only ever slows a
# side down). Prints one line per op: best cce, best OpenSSL, ratio, target.
#
#   bench/pq_ratio.sh [--build DIR] [--rounds N] [--seconds S] [OP...]
#
# Default ops: the six of the issue's targets, and mldsa65-keygen-seed (the
# key expansion without the FIPS 140-3 pairwise test, which OpenSSL's
# default provider does not run either) against OpenSSL's keygen. Needs build/cce-bench and
# python3 with cryptography >= 45 (prints "not available" otherwise).
set -eu
cd "$(dirname "$0")/.."
BUILD=build
ROUNDS=5
SECS=0.4
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECS=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    --*) echo "pq_ratio.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
OPS=${*:-mlkem768-keygen mlkem768-encaps mlkem768-decaps mldsa65-keygen mldsa65-keygen-seed mldsa65-sign mldsa65-verify}
BENCH=$BUILD/cce-bench
[ -x "$BENCH" ] || { echo "pq_ratio.sh: $BENCH not found (build first)" >&2; exit 2; }
declare -A TARGET=([mlkem768-keygen]=5 [mlkem768-encaps]=1.2 [mlkem768-decaps]=1.5
                   [mldsa65-keygen]=2 [mldsa65-sign]=3.5 [mldsa65-verify]=2)
num() { sed -n "s/.*\"$1\": \\([0-9.]*\\).*/\\1/p" | head -1; }
max() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN{print (a > b) ? a : b}'; }
echo "best of $ROUNDS alternating slices of ${SECS} s; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-20s %12s %12s %8s %8s\n" op "cce ops/s" "OpenSSL 4.0" ratio target
for op in $OPS; do
  peer=bench/pq_openssl.py
  case $op in mldsa*) peer=bench/pq_openssl_mldsa.py ;; esac
  bc=0 bo=0
  for ((r = 0; r < ROUNDS; r++)); do
    c=$("$BENCH" --time "$SECS" --filter "^$op\$" | num cce)
    o=$(python3 "$peer" --seconds "$SECS" "${op%-seed}" | num openssl)
    bc=$(max "$bc" "$c")
    bo=$(max "$bo" "$o")
  done
  if [ "$bo" = 0 ]; then
    printf "%-20s %12.0f %12s %8s %8s\n" "$op" "$bc" "n/a" "-" "${TARGET[$op]:--}"
  else
    t=${TARGET[$op]:-}; if [ -n "$t" ]; then t=${t}x; else t=-; fi
    printf "%-20s %12.0f %12.0f %7.2fx %8s\n" "$op" "$bc" "$bo" "$(awk -v a="$bc" -v b="$bo" 'BEGIN{print a / b}')" "$t"
  fi
done
