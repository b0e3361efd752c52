#!/bin/bash
# Concurrency test of the token store: NPROC processes (p11_writer write)
# create COUNT token objects each, at the same time, on the same token;
# then a fresh process checks that all NPROC*COUNT objects are there, each
# exactly once with its value intact, and nothing else. Then the same with
# 2 processes of 4 threads each (one session per thread).
#
#   concurrency.sh MODULE.so P11_WRITER [NPROC [COUNT]]
set -u
. "$(dirname "$0")/lib.sh"
MOD=${1:?usage: concurrency.sh MODULE.so P11_WRITER [NPROC [COUNT]]}
WRITER=${2:?usage: concurrency.sh MODULE.so P11_WRITER [NPROC [COUNT]]}
NPROC=${3:-4}
COUNT=${4:-40}
[ -f "$MOD" ] || { echo "SKIP: $MOD not built"; exit $P11_SKIP; }
[ -x "$WRITER" ] || { echo "SKIP: $WRITER not built"; exit $P11_SKIP; }
p11_env "$MOD"
D=$P11_DIR
echo "== concurrency test on $MOD, store $D: $NPROC writers x $COUNT objects"
p11_step "token initialised" "$WRITER" "$MOD" init conc || { p11_summary; exit 1; }
start=$SECONDS
pids=()
for i in $(seq 1 "$NPROC"); do
  "$WRITER" "$MOD" write conc "w$i" "$COUNT" >"$D/out.w$i" 2>"$D/err.w$i" &
  pids+=($!)
done
i=0
for p in "${pids[@]}"; do
  i=$((i + 1))
  if wait "$p"; then
    p11_ok "writer $i created $(grep -vc '^#' "$D/out.w$i") objects"
  else
    p11_bad "writer $i" "exit $?: $(head -n 3 "$D/err.w$i" | tr '\n' ' ') after $(grep -vc '^#' "$D/out.w$i") objects"
  fi
done
echo "writers done in $((SECONDS - start)) s"
if "$WRITER" "$MOD" check conc "$D"/out.w* >"$D/check.txt" 2>&1; then
  p11_ok "fresh process: $(tail -n 1 "$D/check.txt")"
else
  p11_bad "fresh process check" "$(tr '\n' ' ' <"$D/check.txt" | cut -c1-400)"
fi
want=$((NPROC * COUNT))
count_is() {
  local got
  got=$(sed -n 's/^objects on token \([0-9]*\),.*/\1/p' "$D/check.txt")
  if [ "${got:-0}" = "$1" ]; then
    p11_ok "exactly $1 objects on the token"
  else
    p11_bad "object count" "expected $1 got ${got:-?}"
  fi
}
count_is $want

# Threads too: 2 processes x 4 threads (own session each, CKF_OS_LOCKING_OK)
# x COUNT/2 objects, all at once.
per=$((COUNT / 2))
start=$SECONDS
pids=()
for i in 1 2; do
  "$WRITER" "$MOD" twrite conc "t$i" "$per" 4 >"$D/out.t$i" 2>"$D/err.t$i" &
  pids+=($!)
done
i=0
for p in "${pids[@]}"; do
  i=$((i + 1))
  if wait "$p"; then
    p11_ok "threaded writer $i (4 threads) created $(grep -vc '^#' "$D/out.t$i") objects"
  else
    p11_bad "threaded writer $i" "exit $?: $(head -n 3 "$D/err.t$i" | tr '\n' ' ') after $(grep -vc '^#' "$D/out.t$i") objects"
  fi
done
echo "threaded writers done in $((SECONDS - start)) s"
if "$WRITER" "$MOD" check conc "$D"/out.* >"$D/check.txt" 2>&1; then
  p11_ok "fresh process: $(tail -n 1 "$D/check.txt")"
else
  p11_bad "fresh process check" "$(tr '\n' ' ' <"$D/check.txt" | cut -c1-400)"
fi
count_is $((want + 2 * 4 * per))
p11_summary
