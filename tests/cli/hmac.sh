#!/bin/bash
# cce hmac against `openssl dgst -hmac` / `-mac HMAC -macopt hexkey:`, plus
# the RFC 4231 test case 2 as a fixed known answer, key files and errors.
# Usage: hmac.sh /path/to/cce
CCE=${1:?usage: hmac.sh /path/to/cce}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

# RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
printf 'what do ya want for nothing?' > rfc
check_eq "RFC 4231 case 2 (HMAC-SHA-256)" "$("$CCE" hmac -a sha256 -k 4a656665 rfc 2> /dev/null)" \
  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843  rfc"
check_eq "RFC 4231 case 2 (HMAC-SHA-512)" "$("$CCE" hmac -a sha512 -k 4a656665 rfc 2> /dev/null | cut -d' ' -f1)" \
  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"

if ! have openssl; then
  echo "skip: openssl not found"
  finish
  exit $?
fi

for n in 0 1 64 1000 70000; do random_file "f$n" "$n"; done
key32=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
key200=$(head -c 200 /dev/urandom | od -An -tx1 | tr -d ' \n')   # longer than any block
key7=0102030405060708090a0b0c0d                                    # 13 bytes: not approved

for alg in sha1 sha224 sha256 sha384 sha512 sha512-224 sha512-256 sha3-224 sha3-256 sha3-384 sha3-512; do
  for key in "$key32" "$key200" "$key7"; do
    for f in f0 f1 f64 f1000 f70000; do
      got=$("$CCE" hmac -a "$alg" -k "$key" "$f" 2> /dev/null | cut -d' ' -f1)
      want=$(openssl dgst "-$alg" -mac HMAC -macopt "hexkey:$key" -r "$f" | cut -d' ' -f1)
      check_eq "hmac $alg key ${#key} hex $f" "$got" "$want"
    done
  done
done

# -hmac takes the key as a string.
check_eq "openssl -hmac string key" "$("$CCE" hmac -a sha256 -k "$(printf 'my secret key!' | od -An -tx1 | tr -d ' \n')" f1000 | cut -d' ' -f1)" \
  "$(openssl dgst -sha256 -hmac 'my secret key!' -r f1000 | cut -d' ' -f1)"

# Several files, stdin, output format.
want=$(for f in f0 f1 f1000; do
  printf '%s  %s\n' "$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key32" -r "$f" | cut -d' ' -f1)" "$f"
done)
check_eq "several files" "$("$CCE" hmac -a sha256 -k "$key32" f0 f1 f1000)" "$want"
check_eq "stdin" "$("$CCE" hmac -a sha256 -k "$key32" < f1000)" \
  "$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key32" -r f1000 | cut -d' ' -f1)  -"

# Key file (raw bytes) gives the same MAC as the hex key.
printf '%s' "$key200" | xxd -r -p > key.bin 2> /dev/null || \
  printf "$(printf '%s' "$key200" | sed 's/../\\x&/g')" > key.bin
check_eq "--key-file" "$("$CCE" hmac -a sha384 --key-file key.bin f1000)" "$("$CCE" hmac -a sha384 -k "$key200" f1000)"
check_eq "--key-file -" "$("$CCE" hmac -a sha384 --key-file - f1000 < key.bin)" "$("$CCE" hmac -a sha384 -k "$key200" f1000)"

# Warnings and errors.
"$CCE" hmac -a sha256 -k "$key7" f1 > /dev/null 2> err
check_contains "short key warning" "$(cat err)" "shorter than 112 bits"
"$CCE" hmac -a sha256 -k "$key32" f1 > /dev/null 2> err
check_eq "no warning with a 32-byte key" "$(cat err)" ""
out=$("$CCE" hmac -a sha256 -k "$key32" f1 missing f64 2> err); rc=$?
check_rc "missing file" $rc 1
check_eq "missing file: message" "$(cat err)" "cce hmac: missing: No such file or directory"
check_eq "missing file: the others still done" "$(echo "$out" | cut -d' ' -f3)" "$(printf 'f1\nf64')"
"$CCE" hmac -a sha256 f1 > /dev/null 2>&1; check_rc "no key" $? 2
"$CCE" hmac -a sha256 -k 00 --key-file key.bin f1 > /dev/null 2>&1; check_rc "two keys" $? 2
"$CCE" hmac -a sha256 -k 0g f1 > /dev/null 2>&1; check_rc "bad hex key" $? 2
"$CCE" hmac -a sha256 -k 123 f1 > /dev/null 2>&1; check_rc "odd hex key" $? 2
"$CCE" hmac -a shake128 -k 00 f1 > /dev/null 2> err; rc=$?
check_rc "SHAKE refused" $rc 2
check_contains "SHAKE refused: message" "$(cat err)" "unknown algorithm 'shake128'"
"$CCE" hmac -a sha256 --key-file nokey f1 > /dev/null 2> err; rc=$?
check_rc "missing key file" $rc 1
check_eq "missing key file: message" "$(cat err)" "cce hmac: nokey: No such file or directory"

finish
