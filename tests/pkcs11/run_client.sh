#!/bin/bash
# run_client.sh MODULE.so PROGRAM ARGS...: runs PROGRAM ARGS with a fresh,
# empty token store for MODULE (CCE_P11_STORE or SOFTHSM2_CONF in a
# temporary directory, removed afterwards); exits with PROGRAM's status, or
# 77 (skipped) if MODULE does not exist.
set -u
. "$(dirname "$0")/lib.sh"
MOD=${1:?usage: run_client.sh MODULE.so PROGRAM ARGS...}
shift
[ -f "$MOD" ] || { echo "SKIP: $MOD not found"; exit $P11_SKIP; }
p11_env "$MOD"
"$@"
