# Shared helpers of the CLI tests (sourced by tests/cli/*.sh).
# Usage in a test: CCE=/path/to/cce; . lib.sh; ...checks...; finish
# Each check prints "ok: ..." or "FAIL: ..."; finish prints "N passed, N failed"
# and exits non-zero on any failure.

set -u
n_pass=0
n_fail=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cce-cli-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

pass() { n_pass=$((n_pass + 1)); echo "ok: $*"; }

# flip_byte FILE OFFSET [MASK]: XOR the byte at OFFSET with MASK (default 1),
# so the file always changes, whatever the byte held (writing a fixed value
# would leave 1 file in 256 unchanged and make a tamper test flaky).
flip_byte() {
  local b
  b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf '%03o' $((b ^ ${3:-1})))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}
fail() { n_fail=$((n_fail + 1)); echo "FAIL: $*"; }

# check_eq WHAT GOT EXPECTED
check_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else
    fail "$1"
    echo "  got:      $(printf '%s' "$2" | head -c 400)"
    echo "  expected: $(printf '%s' "$3" | head -c 400)"
  fi
}

# check_rc WHAT GOT_RC EXPECTED_RC
check_rc() {
  if [ "$2" -eq "$3" ]; then pass "$1 (exit $2)"; else fail "$1: exit $2, expected $3"; fi
}

# check_contains WHAT TEXT NEEDLE
check_contains() {
  case "$2" in
    *"$3"*) pass "$1" ;;
    *) fail "$1: '$3' not found in:"; printf '%s\n' "$2" | head -20 | sed 's/^/  /' ;;
  esac
}

# check_not_contains WHAT TEXT NEEDLE
check_not_contains() {
  case "$2" in
    *"$3"*) fail "$1: '$3' unexpectedly found" ;;
    *) pass "$1" ;;
  esac
}

# random_file PATH BYTES
random_file() { head -c "$2" /dev/urandom > "$1"; }

# have CMD: is CMD on PATH?
have() { command -v "$1" > /dev/null 2>&1; }

finish() {
  echo "$n_pass passed, $n_fail failed"
  [ "$n_fail" -eq 0 ]
}
