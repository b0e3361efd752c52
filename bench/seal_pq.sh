#!/bin/bash
# Cost of the post-quantum sealed-file options (docs/sealed-file-format.md
# revision 1.1): `cce seal` / `cce open` of a small file (per-file cost: key
# loading, stanza, header, signature; process start included) and of a large
# file on tmpfs (throughput), for a P-384 recipient, the hybrid P-384 +
# ML-KEM-1024 recipient, and the hybrid recipient with an ML-DSA-87 device
# signature (verified on open). Prints a table.
#
# Usage: bench/seal_pq.sh [--files N] [--size MIB] [--cce PATH]
set -eu
cd "$(dirname "$0")/.."
N=200
MIB=256
CCE=${CCE:-build/cce}
while [ $# -gt 0 ]; do
  case "$1" in
    --files) N=$2; shift 2 ;;
    --size) MIB=$2; shift 2 ;;
    --cce) CCE=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$CCE" ] || { echo "no cce at $CCE (build first or pass --cce)" >&2; exit 2; }
D=$(mktemp -d /dev/shm/cce-pqbench.XXXXXX 2> /dev/null || mktemp -d)
trap 'rm -rf "$D"' EXIT
"$CCE" keygen -a p384 -o "$D/ec.key" && "$CCE" pubkey -i "$D/ec.key" -o "$D/ec.pub"
"$CCE" keygen -a p384-mlkem1024 -o "$D/hy.key" && "$CCE" pubkey -i "$D/hy.key" -o "$D/hy.pub"
"$CCE" keygen -a mldsa87 -o "$D/dev.key" && "$CCE" pubkey -i "$D/dev.key" -o "$D/dev.pub"
head -c 1024 /dev/urandom > "$D/small"
head -c $((MIB * 1048576)) /dev/urandom > "$D/big"

now() { date +%s%N; }
# per_file NAME SEAL_ARGS OPEN_ARGS: ms per seal and per open of the small file.
per_file() {
  local t0 t1 t2 i
  t0=$(now)
  for ((i = 0; i < N; i++)); do "$CCE" seal -q --threads 1 $2 -i "$D/small" -o "$D/s$i.cce"; done
  t1=$(now)
  for ((i = 0; i < N; i++)); do "$CCE" open -q --threads 1 $3 -i "$D/s0.cce" -o - > /dev/null; done
  t2=$(now)
  rm -f "$D"/s*.cce
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$N" -v name="$1" \
    'BEGIN{printf "%-34s %10.2f %10.2f\n", name, (b-a)/n/1e6, (c-b)/n/1e6}'
}
throughput() {
  local t0 t1 t2
  t0=$(now); "$CCE" seal -q $2 -i "$D/big" -o "$D/b.cce"; t1=$(now)
  "$CCE" open -q $3 -i "$D/b.cce" -o "$D/b.out"; t2=$(now)
  cmp -s "$D/big" "$D/b.out" || { echo "round trip failed" >&2; exit 1; }
  rm -f "$D/b.cce" "$D/b.out"
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v m="$MIB" -v name="$1" \
    'BEGIN{printf "%-34s %10.0f %10.0f\n", name, m*1.048576/((b-a)/1e9), m*1.048576/((c-b)/1e9)}'
}
echo "$("$CCE" --version | head -1); $(nproc) cores"
echo
printf "%-34s %10s %10s\n" "1 KiB file, one process per file" "seal ms" "open ms"
per_file "P-384" "-r $D/ec.pub" "-k $D/ec.key"
per_file "P-384 + ML-KEM-1024 (hybrid)" "-r $D/hy.pub" "-k $D/hy.key"
per_file "hybrid + ML-DSA-87 signature" "-r $D/hy.pub --sign $D/dev.key" "-k $D/hy.key --verify $D/dev.pub"
echo
printf "%-34s %10s %10s\n" "$MIB MiB file, all cores" "seal MB/s" "open MB/s"
throughput "P-384" "-r $D/ec.pub" "-k $D/ec.key"
throughput "P-384 + ML-KEM-1024 (hybrid)" "-r $D/hy.pub" "-k $D/hy.key"
throughput "hybrid + ML-DSA-87 signature" "-r $D/hy.pub --sign $D/dev.key" "-k $D/hy.key --verify $D/dev.pub"
