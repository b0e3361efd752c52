# tests/pkcs11/lib.sh: shared helpers of the PKCS#11 client tests (sourced
# by bash scripts). Every test runs on a fresh token store in a temporary
# directory: CCE_P11_STORE for libcce-pkcs11.so, SOFTHSM2_CONF (a
# softhsm2.conf whose directories.tokendir is in the same directory) for
# SoftHSMv2, chosen by p11_env from the module's file name.

P11_SKIP=77

# A low PBKDF2 iteration count for the PIN keys of test tokens, so that PIN
# changes complete between the crash test's kills and the tests stay quick
# on 2 cores (the default, 100000, is for real tokens; docs/pkcs11.md).
: "${CCE_P11_PBKDF2_ITERATIONS:=1000}"
export CCE_P11_PBKDF2_ITERATIONS
P11_TMPS=""
P11_PIDS=""
p11_pass=0
p11_fail=0
p11_ref=0  # 1: reference run (SoftHSMv2): report, never fail

p11_cleanup() {
  for p in $P11_PIDS; do kill "$p" 2>/dev/null; done
  for p in $P11_PIDS; do wait "$p" 2>/dev/null; done
  for d in $P11_TMPS; do rm -rf "$d"; done
}
trap p11_cleanup EXIT

# p11_need PROGRAM...: exit with the skip code if one is not installed.
p11_need() {
  for p in "$@"; do
    if ! command -v "$p" >/dev/null 2>&1; then
      echo "SKIP: $p not installed"
      exit $P11_SKIP
    fi
  done
}

# p11_abs PATH: PATH made absolute (GnuTLS resolves a relative --provider
# in its own module directory).
p11_abs() {
  case "$1" in /*) echo "$1" ;; "") echo "" ;; *) echo "$PWD/$1" ;; esac
}

# p11_is_softhsm MODULE: true for SoftHSMv2.
p11_is_softhsm() {
  case "$(basename "$1")" in *softhsm*) return 0 ;; *) return 1 ;; esac
}

# p11_env MODULE: a fresh, empty token store for MODULE in a new temporary
# directory (printed in $P11_DIR); exports the variable the module reads.
p11_env() {
  P11_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cce-p11.XXXXXX")
  P11_TMPS="$P11_TMPS $P11_DIR"
  mkdir -p "$P11_DIR/store"
  if p11_is_softhsm "$1"; then
    printf 'directories.tokendir = %s/store\nobjectstore.backend = file\nlog.level = ERROR\n' "$P11_DIR" \
      >"$P11_DIR/softhsm2.conf"
    export SOFTHSM2_CONF="$P11_DIR/softhsm2.conf"
    unset CCE_P11_STORE
  else
    export CCE_P11_STORE="$P11_DIR/store"
  fi
}

# p11_ok NAME / p11_bad NAME DETAIL: record a step's outcome.
p11_ok() {
  p11_pass=$((p11_pass + 1))
  echo "ok    $1"
}
p11_bad() {
  p11_fail=$((p11_fail + 1))
  if [ "$p11_ref" = 1 ]; then
    echo "diff  $1: $2"
  else
    echo "FAIL  $1: $2"
  fi
}

# p11_step NAME CMD...: run CMD (output in $P11_DIR/out.txt); ok if it
# exits 0. On failure prints the command, exit code and the output tail.
p11_step() {
  local name=$1
  shift
  "$@" >"$P11_DIR/out.txt" 2>&1
  local rc=$?
  if [ $rc = 0 ]; then
    p11_ok "$name"
    return 0
  fi
  p11_bad "$name" "exit $rc from: $*"
  sed 's/^/        | /' "$P11_DIR/out.txt" | tail -n 12
  return 1
}

# p11_summary: the totals; exit status for the test.
p11_summary() {
  if [ "$p11_ref" = 1 ]; then
    echo "reference run: $p11_pass passed, $p11_fail differ"
    return 0
  fi
  echo "$p11_pass passed, $p11_fail failed"
  [ "$p11_fail" = 0 ]
}

# p11_port: a random high loopback port that nothing listens on.
p11_port() {
  local p i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo 0
}
