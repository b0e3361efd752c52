#!/bin/sh
# run_ct.sh VALGRIND PROGRAM [ARGS...]
# Runs PROGRAM under valgrind memcheck and classifies the result:
#   exit 0  clean: no memcheck error and the program's own checks passed
#   exit 1  a secret-dependent branch, conditional move or memory index was
#           reported ("Conditional jump or move depends on uninitialised
#           value(s)", "Use of uninitialised value of size N")
#   exit 2  anything else went wrong (other memcheck error, crash, functional
#           failure, valgrind could not run)
# The constant-time test expects 0; the deliberately leaky program is run with
# WILL_FAIL (and SKIP_RETURN_CODE 2), so it passes only when exit 1 proves the
# leak was caught.
VALGRIND=${1:?usage: run_ct.sh VALGRIND PROGRAM [ARGS...]}
shift
LOG=$(mktemp "${TMPDIR:-/tmp}/cce-ct.XXXXXX") || exit 2
trap 'rm -f "$LOG"' EXIT

"$VALGRIND" --tool=memcheck --error-exitcode=1 --track-origins=yes --num-callers=20 \
  --log-file="$LOG" "$@"
rc=$?
cat "$LOG"
n_branch=$(grep -c "Conditional jump or move depends on uninitialised value" "$LOG")
n_index=$(grep -c "Use of uninitialised value" "$LOG")
n_other=$(grep -cE "Invalid (read|write|free)|Syscall param .* uninitialised|Process terminating" "$LOG")
echo "run_ct: valgrind exit $rc; secret-dependent branches/moves: $n_branch;" \
     "secret-dependent indexes/uses: $n_index; other errors: $n_other"
if [ "$n_branch" -gt 0 ] || [ "$n_index" -gt 0 ]; then
  echo "run_ct: FAIL: secret-dependent control flow or memory access (see the stacks above)"
  exit 1
fi
if [ "$rc" -ne 0 ] || [ "$n_other" -gt 0 ]; then
  echo "run_ct: ERROR: the run did not complete cleanly (exit $rc)"
  exit 2
fi
echo "run_ct: PASS: no secret-dependent branch or index"
exit 0
