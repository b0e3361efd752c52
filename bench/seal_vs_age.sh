#!/bin/bash
# Seal and open a 1 GiB file on tmpfs (/dev/shm) with `cce seal/open`
# (P-384 recipient) on 1 thread, 2 threads and all cores, and with `age`
# (X25519 recipient) on the same file in the same run; print a table and
# the ratios, by wall time and by CPU seconds (user + sys: the more robust
# figure on a shared machine), each the median of R runs. Installs the
# Debian package `age` with apt-get if missing.
#
# Usage: bench/seal_vs_age.sh [--threads N] [--size MIB] [--reps R] [--cce PATH]
# Env:   CCE_THREADS (default for --threads: all cores), CCE (path to cce).
# Targets (issue): seal and open >= 2x age single-threaded, >= 3x with all
# cores, and the 2-thread figure >= 1.8x the 1-thread figure.
set -eu
cd "$(dirname "$0")/.."
THREADS=${CCE_THREADS:-$(nproc)}
MIB=1024
REPS=3
CCE=${CCE:-build/cce}
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --size) MIB=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --cce) CCE=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ! -x "$CCE" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build build -j"$(nproc)" --target cce > /dev/null
  CCE=build/cce
fi
if ! command -v age > /dev/null || ! command -v age-keygen > /dev/null; then
  echo "installing age (apt-get)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y age > /dev/null || { apt-get update > /dev/null && apt-get install -y age > /dev/null; }
  else sudo apt-get install -y age > /dev/null; fi
fi

D=$(mktemp -d /dev/shm/cce-bench.XXXXXX)
trap 'rm -rf "$D"' EXIT
echo "generating $MIB MiB of data in $D ..." >&2
head -c $((MIB * 1048576)) /dev/urandom > "$D/in"
"$CCE" keygen -a p384 -o "$D/op.key" && "$CCE" pubkey -i "$D/op.key" -o "$D/op.pub"
age-keygen -o "$D/age.key" 2> /dev/null
AGE_PUB=$(age-keygen -y "$D/age.key")

# median REAL USER SYS over $REPS runs of "$@" (by wall time; output file
# removed before each run, outside the timing).
TIMEFORMAT='%R %U %S'
best() {
  local out=$1; shift
  local lines="" line
  for ((r = 0; r < REPS; r++)); do
    rm -f "$out"
    line=$( { time "$@" > /dev/null 2>&1; } 2>&1 | tail -1)
    lines+="$line"$'\n'
  done
  printf '%s' "$lines" | sort -n -k1,1 | awk -v n="$REPS" 'NR == int((n + 1) / 2)'
}
declare -A R
R[age_seal]=$(best "$D/age.out" age -r "$AGE_PUB" -o "$D/age.out" "$D/in")
age -r "$AGE_PUB" -o "$D/in.age" "$D/in"
R[age_open]=$(best "$D/age.dec" age -d -i "$D/age.key" -o "$D/age.dec" "$D/in.age")
age -d -i "$D/age.key" -o "$D/age.dec" "$D/in.age"; cmp "$D/in" "$D/age.dec"; rm -f "$D/age.dec" "$D/in.age"
TLIST="1 2"; [ "$THREADS" -gt 2 ] && TLIST="1 2 $THREADS"; [ "$THREADS" -eq 1 ] && TLIST="1 2"
for t in $TLIST; do
  R[seal_$t]=$(best "$D/s.out" "$CCE" seal -q --threads $t -r "$D/op.pub" -i "$D/in" -o "$D/s.out")
  "$CCE" seal -q --threads $t -r "$D/op.pub" -i "$D/in" -o "$D/in.cce"
  R[open_$t]=$(best "$D/o.out" "$CCE" open -q --threads $t -k "$D/op.key" -i "$D/in.cce" -o "$D/o.out")
  "$CCE" open -q --threads $t -k "$D/op.key" -i "$D/in.cce" -o "$D/o.out"; cmp "$D/in" "$D/o.out"
  rm -f "$D/o.out" "$D/in.cce"
done

mbs() { awk -v s="$1" -v m="$MIB" 'BEGIN{printf "%.0f", m * 1.048576 / s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a / b}'; }
echo
echo "$MIB MiB on /dev/shm, $(nproc) cores online, median of $REPS; $("$CCE" --version | head -1)"
printf "%-22s %9s %9s %9s %9s %9s %10s %10s\n" "run" "real s" "user s" "sys s" "cpu s" "MB/s" "vs age" "cpu vs age"
cpu() { awk -v v="$1" 'BEGIN{split(v, a, " "); printf "%.3f", a[2] + a[3]}'; }
row() {
  local name=$1 v=$2 ref=$3
  read -r re us sy <<< "$v"
  printf "%-22s %9s %9s %9s %9s %9s %10s %10s\n" "$name" "$re" "$us" "$sy" "$(cpu "$v")" "$(mbs "$re")" \
    "$(ratio "${ref%% *}" "$re")" "$(ratio "$(cpu "$ref")" "$(cpu "$v")")"
}
row "age seal (X25519)" "${R[age_seal]}" "${R[age_seal]}"
for t in $TLIST; do row "cce seal --threads $t" "${R[seal_$t]}" "${R[age_seal]}"; done
row "age open" "${R[age_open]}" "${R[age_open]}"
for t in $TLIST; do row "cce open --threads $t" "${R[open_$t]}" "${R[age_open]}"; done
echo
for op in seal open; do
  s1=${R[${op}_1]%% *}; s2=${R[${op}_2]%% *}; sn=${R[${op}_$THREADS]%% *}; a=${R[age_$op]%% *}
  echo "$op: 1 thread $(ratio "$a" "$s1") age (target 2x), $THREADS threads $(ratio "$a" "$sn") age (target 3x), 2 threads $(ratio "$s1" "$s2") the 1-thread speed (target 1.8x)"
  echo "$op CPU seconds: age $(cpu "${R[age_$op]}"), cce 1 thread $(cpu "${R[${op}_1]}") ($(ratio "$(cpu "${R[age_$op]}")" "$(cpu "${R[${op}_1]}")") less), $THREADS threads $(cpu "${R[${op}_$THREADS]}")"
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); other work on the machine distorts the figures)"
