#!/bin/bash
# Crash test of the token store: a writer (p11_writer write) creating token
# objects is killed with SIGKILL at random moments, round after round
# (deterministic seed); every few rounds, and at the end, a fresh process
# opens the store, logs in and checks that every object the writer reported
# as committed (C_CreateObject/C_GenerateKey returned CKR_OK) is present,
# exactly once, with its value intact. Some rounds run two writers at once,
# both killed. Then PIN_ROUNDS (default 8) rounds kill a process changing
# the user PIN in a loop: the token must open with the old or the new PIN.
#
#   crash.sh MODULE.so P11_WRITER [ROUNDS [SEED]]
set -u
. "$(dirname "$0")/lib.sh"
MOD=${1:?usage: crash.sh MODULE.so P11_WRITER [ROUNDS [SEED]]}
WRITER=${2:?usage: crash.sh MODULE.so P11_WRITER [ROUNDS [SEED]]}
ROUNDS=${3:-30}
SEED=${4:-20261123}
PIN_ROUNDS=${PIN_ROUNDS:-8}
BUDGET=35  # seconds: stop starting new object rounds after this
[ -f "$MOD" ] || { echo "SKIP: $MOD not built"; exit $P11_SKIP; }
[ -x "$WRITER" ] || { echo "SKIP: $WRITER not built"; exit $P11_SKIP; }
p11_env "$MOD"
D=$P11_DIR
RANDOM=$SEED
echo "== crash test on $MOD, store $D, $ROUNDS rounds, seed $SEED"
p11_step "token initialised" "$WRITER" "$MOD" init crash || { p11_summary; exit 1; }

check() {
  local outs=("$D"/out.*)
  if "$WRITER" "$MOD" check crash "${outs[@]}" >"$D/check.txt" 2>&1; then
    p11_ok "after round $1: store opens, $(tail -n 1 "$D/check.txt")"
  else
    p11_bad "after round $1: store check" "$(tr '\n' ' ' <"$D/check.txt" | cut -c1-400)"
  fi
}

start=$SECONDS
committed=0
r=0
# bash reports each SIGKILLed job ("line N: PID Killed ...") on its stderr:
# silence that for the loop (the writers' own stderr goes to files).
exec 3>&2 2>/dev/null
for r in $(seq 1 "$ROUNDS"); do
  if [ $((SECONDS - start)) -ge $BUDGET ]; then
    echo "time budget reached after $((r - 1)) rounds"
    r=$((r - 1))
    break
  fi
  # Odd rounds: kill 20..800 ms after the start (during C_Initialize,
  # C_Login or the first writes). Even rounds: 0..500 ms after the writer
  # has logged in (between objects or in the middle of a store write),
  # whatever the PIN-to-key derivation costs.
  "$WRITER" "$MOD" write crash "r$r" 1000000 >"$D/out.r$r" 2>"$D/err.r$r" &
  w1=$!
  w2=""
  if [ $((r % 3)) = 0 ]; then
    "$WRITER" "$MOD" write crash "r${r}b" 1000000 >"$D/out.r${r}b" 2>"$D/err.r${r}b" &
    w2=$!
  fi
  if [ $((r % 2)) = 1 ]; then
    ms=$((20 + RANDOM % 780))
    when="${ms} ms after start"
  else
    ms=$((RANDOM % 500))
    when="${ms} ms after login"
    for i in $(seq 1 1000); do
      grep -q '^# logged in' "$D/out.r$r" 2>/dev/null && break
      kill -0 "$w1" 2>/dev/null || break
      sleep 0.01
    done
  fi
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -KILL "$w1" 2>/dev/null
  if [ -n "$w2" ]; then
    sleep "0.0$((RANDOM % 10))"
    kill -KILL "$w2" 2>/dev/null
  fi
  { wait "$w1"; } 2>/dev/null
  [ -n "$w2" ] && { wait "$w2"; } 2>/dev/null
  n=$(grep -vc '^#' "$D/out.r$r")
  [ -n "$w2" ] && n="$n+$(grep -vc '^#' "$D/out.r${r}b")"
  for e in "$D/err.r$r" "$D/err.r${r}b"; do
    [ -s "$e" ] && { echo "  round $r writer error: $(head -n 2 "$e" | tr '\n' ' ')"; }
  done
  echo "  round $r: killed $when, objects reported committed: $n"
  [ $((r % 5)) = 0 ] && check "$r"
done
exec 2>&3 3>&-
[ $((r % 5)) = 0 ] || check "$r"
committed=$(cat "$D"/out.* | grep -vc '^#')
if [ "$committed" -gt 0 ]; then
  p11_ok "writers committed $committed objects in $r rounds"
else
  p11_bad "writers committed objects" "no object was ever committed (is login too slow for the kill window?)"
fi

# PIN changes killed midway: after each round the token must open with the
# last PIN reported as set, or, if the kill fell between the commit and the
# report, with the next one; never with neither, and every object intact.
pin=1234
changes=0
exec 3>&2 2>/dev/null
for q in $(seq 1 "$PIN_ROUNDS"); do
  P11_WRITER_PIN=$pin "$WRITER" "$MOD" pinloop crash 1000000 >"$D/pin.q$q" 2>"$D/pinerr.q$q" &
  w=$!
  for i in $(seq 1 1000); do
    grep -q '^# logged in' "$D/pin.q$q" 2>/dev/null && break
    kill -0 "$w" 2>/dev/null || break
    sleep 0.01
  done
  ms=$((RANDOM % 300))
  sleep "0.$(printf '%03d' "$ms")"
  kill -KILL "$w" 2>/dev/null
  { wait "$w"; } 2>/dev/null
  last=$(sed -n 's/^# pin //p' "$D/pin.q$q" | tail -n 1)
  n=$(grep -c '^# pin' "$D/pin.q$q")
  changes=$((changes + n))
  [ -n "$last" ] && pin=$last
  [ "$pin" = 1234 ] && other=5678 || other=1234
  if P11_WRITER_PIN=$pin "$WRITER" "$MOD" check crash "$D"/out.* >"$D/check.txt" 2>&1; then
    p11_ok "PIN round $q: killed ${ms} ms after login, $n PIN changes reported; opens with PIN $pin, objects intact"
  elif grep -q CKR_PIN_INCORRECT "$D/check.txt" &&
    P11_WRITER_PIN=$other "$WRITER" "$MOD" check crash "$D"/out.* >"$D/check2.txt" 2>&1; then
    p11_ok "PIN round $q: killed ${ms} ms after login, $n PIN changes reported; opens with PIN $other (committed, not reported)"
    pin=$other
  else
    p11_bad "PIN round $q (killed ${ms} ms after login, $n changes reported, last $pin)" \
      "$(cat "$D/check.txt" "$D/check2.txt" 2>/dev/null | tr '\n' ' ' | cut -c1-300)"
    break
  fi
done
exec 2>&3 3>&-
echo "  ($changes PIN changes in $PIN_ROUNDS killed rounds)"
echo "elapsed $((SECONDS - start)) s"
p11_summary
