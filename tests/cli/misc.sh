#!/bin/bash
# cce selftest, cce info [--json], --help/help CMD, --version, usage errors.
# Usage: misc.sh /path/to/cce
CCE=${1:?usage: misc.sh /path/to/cce}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

# --- selftest -------------------------------------------------------------------
"$CCE" selftest > st.out 2> st.err; rc=$?
check_rc "cce selftest" $rc 0
check_eq "cce selftest: nothing on stderr" "$(cat st.err)" ""
check_contains "cce selftest: summary" "$(tail -1 st.out)" " 0 failed; total time "
check_not_contains "cce selftest: no failure" "$(cat st.out)" "FAIL "
# Test names from the per-test lines: "PASS     NAME   KIND   DURATION".
sed '$d' st.out | sed -E 's/^[A-Z ]{8} (.*[^ ]) +[a-zA-Z]+ +[0-9.]+ [a-z]+$/\1/' > st.names
n_tests=$(wc -l < st.names)
if [ "$n_tests" -ge 1 ]; then pass "cce selftest lists $n_tests tests"; else fail "cce selftest lists no test"; fi
check_contains "cce selftest counts them" "$(tail -1 st.out)" "$n_tests self-tests: $n_tests passed"
out=$("$CCE" selftest -q); check_eq "cce selftest -q: one line" "$(echo "$out" | wc -l)" "1"

# --- info -------------------------------------------------------------------------
"$CCE" info > info.out 2> info.err; rc=$?
check_rc "cce info" $rc 0
check_contains "info: module name" "$(cat info.out)" "OpenCCE Core Crypto Engine"
check_contains "info: state" "$(cat info.out)" "OPERATIONAL"
for p in sha256 sha1 sha512 keccak aes ghash; do
  check_contains "info: implementation of $p" "$(cat info.out)" "  $p "
done
while IFS= read -r name; do
  check_contains "info lists self-test '$name'" "$(cat info.out)" "$name"
done < st.names

"$CCE" info --json > info.json; rc=$?
check_rc "cce info --json" $rc 0
if have python3 && python3 -c 'import json' 2> /dev/null; then
  python3 -m json.tool info.json > /dev/null 2> json.err; rc=$?
  check_rc "info --json parses" $rc 0
  # The JSON names every self-test, in the registry's order.
  python3 - info.json > json.names << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["state"] == "OPERATIONAL", d["state"]
assert d["module"] == "OpenCCE Core Crypto Engine"
for p in ("sha256", "sha1", "sha512", "keccak", "aes", "ghash"):
    assert isinstance(d["implementations"][p], str), p
assert isinstance(d["cpu"]["detected"], list) and isinstance(d["cpu"]["in_use"], list)
assert "SHA2-256" in [a["name"] for a in d["algorithms"]], d["algorithms"]
for t in d["selftests"]:
    assert set(t) == {"name", "algorithm", "kind", "result", "duration_ns"}, t
    assert t["result"] in ("passed", "failed", "not run"), t
    print(t["name"])
PY
  check_rc "info --json has the expected fields" $? 0
  check_eq "info --json names every self-test" "$(cat json.names)" "$(cat st.names)"
  CCE_CPU=portable "$CCE" info --json > portable.json
  python3 - portable.json << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["cpu"]["in_use"] == [], d["cpu"]["in_use"]
assert d["cpu"]["override"] == "portable"
for p in ("sha256", "sha1", "sha512", "keccak"):
    assert d["implementations"][p] == "portable", (p, d["implementations"][p])
PY
  check_rc "CCE_CPU=portable: no feature in use, portable implementations" $? 0
else
  echo "skip: python3 not found, JSON not parsed"
fi
"$CCE" info extra > /dev/null 2>&1; check_rc "info with an argument" $? 2

# --- the module in its error state -------------------------------------------------
# A copy of libcce.so with one byte of read-only data changed fails the
# software integrity test at load: every command must then say so and exit 1.
lib=$(ldd "$CCE" 2> /dev/null | awk '/libcce\.so/ {print $3; exit}')
off=""
if [ -n "$lib" ] && [ -f "$lib" ]; then
  cp -L "$lib" corrupt.so
  off=$(grep -obUa "CCE_ERR_UNKNOWN" corrupt.so | head -1 | cut -d: -f1)
fi
if [ -z "$off" ]; then
  echo "skip: no shared libcce.so to corrupt (static build?)"
else
  printf 'X' | dd of=corrupt.so bs=1 seek="$off" conv=notrunc 2> /dev/null
  export LD_PRELOAD="$TMP/corrupt.so"   # same soname: it replaces the real library
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"  # sanitizer builds
  "$CCE" info > err.out 2> err.err; rc=$?
  check_rc "error state: cce info" $rc 1
  check_contains "error state: info shows ERROR" "$(cat err.out)" "ERROR"
  check_contains "error state: info says so on stderr" "$(cat err.err)" \
    "the module is in its error state (failed: Software integrity test)"
  "$CCE" info --json > err.json 2> /dev/null; rc=$?
  check_rc "error state: cce info --json" $rc 1
  check_contains "error state: JSON state" "$(cat err.json)" '"state": "ERROR"'
  check_contains "error state: JSON reason" "$(cat err.json)" '"error_reason": "Software integrity test"'
  "$CCE" selftest > err.out 2> err.err; rc=$?
  check_rc "error state: cce selftest" $rc 1
  check_contains "error state: selftest names the failing test" "$(cat err.err)" \
    "cce selftest: FAILED: Software integrity test"
  check_contains "error state: selftest FAIL line" "$(cat err.out)" "FAIL     Software integrity test"
  echo abc | "$CCE" hash > err.out 2> err.err; rc=$?
  check_rc "error state: cce hash" $rc 1
  check_eq "error state: cce hash prints no digest" "$(cat err.out)" ""
  check_contains "error state: cce hash message" "$(cat err.err)" "CCE_ERR_MODULE_STATE"
  "$CCE" hmac -k 00112233445566778899aabbccddeeff f > /dev/null 2> err.err < /dev/null; rc=$?
  check_rc "error state: cce hmac" $rc 1
  check_contains "error state: cce hmac message" "$(cat err.err)" "CCE_ERR_MODULE_STATE"
  "$CCE" --version > /dev/null; check_rc "error state: --version still answers" $? 0
  unset LD_PRELOAD
fi

# --- help and version ---------------------------------------------------------------
out=$("$CCE" --version); rc=$?
check_rc "--version" $rc 0
check_contains "--version: number" "$out" "0.1.0"
check_contains "--version: module" "$out" "OpenCCE"
out=$("$CCE" --help); rc=$?
check_rc "--help" $rc 0
for c in hash hmac info selftest; do check_contains "--help lists $c" "$out" "  $c "; done
for c in hash hmac info selftest; do
  h1=$("$CCE" help "$c"); r1=$?
  h2=$("$CCE" "$c" --help); r2=$?
  check_rc "help $c" $r1 0
  check_rc "$c --help" $r2 0
  check_eq "help $c == $c --help" "$h1" "$h2"
  check_contains "help $c: usage line" "$h1" "Usage: cce $c"
done
"$CCE" > /dev/null 2>&1; check_rc "no command" $? 2
"$CCE" frobnicate 2> err > /dev/null; rc=$?
check_rc "unknown command" $rc 2
check_contains "unknown command: message" "$(cat err)" "unknown command 'frobnicate'"
"$CCE" help frobnicate > /dev/null 2>&1; check_rc "help for an unknown command" $? 2
"$CCE" --frob > /dev/null 2>&1; check_rc "unknown global option" $? 2

finish
