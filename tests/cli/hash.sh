#!/bin/bash
# cce hash: byte-identical to the coreutils sha*sum tools; SHA-3, SHA-512/t
# and SHAKE against `openssl dgst`; errors and exit codes.
# Usage: hash.sh /path/to/cce
CCE=${1:?usage: hash.sh /path/to/cce}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

sizes="0 1 55 56 63 64 65 127 128 1000 65536 65537 1048576"
files=""
for n in $sizes; do random_file "f$n" "$n"; files="$files f$n"; done

# --- coreutils: one file at a time, all files at once, stdin -----------------
for pair in sha1:sha1sum sha224:sha224sum sha256:sha256sum sha384:sha384sum sha512:sha512sum; do
  alg=${pair%%:*} tool=${pair#*:}
  if ! have "$tool"; then echo "skip: $tool not found"; continue; fi
  for f in $files; do
    check_eq "$alg $f" "$("$CCE" hash -a "$alg" "$f")" "$("$tool" "$f")"
  done
  # shellcheck disable=SC2086
  check_eq "$alg all files at once" "$("$CCE" hash -a "$alg" $files)" "$("$tool" $files)"
  check_eq "$alg stdin" "$("$CCE" hash -a "$alg" < f1000)" "$("$tool" < f1000)"
  check_eq "$alg stdin as -" "$("$CCE" hash -a "$alg" - < f65537)" "$("$tool" - < f65537)"
  check_eq "$alg stdin from a pipe" "$(cat f1048576 | "$CCE" hash -a "$alg")" "$(cat f1048576 | "$tool")"
done
check_eq "default algorithm is sha256" "$("$CCE" hash f55)" "$(sha256sum f55)"
check_eq "--algorithm=SHA2-256 (ACVP name)" "$("$CCE" hash --algorithm=SHA2-256 f55)" "$(sha256sum f55)"

# Names that sha256sum escapes (backslash, newline).
printf 'x' > 'back\slash'
printf 'y' > "$(printf 'new\nline')"
check_eq "escaped name: backslash" "$("$CCE" hash 'back\slash')" "$(sha256sum 'back\slash')"
check_eq "escaped name: newline" "$("$CCE" hash "$(printf 'new\nline')")" "$(sha256sum "$(printf 'new\nline')")"
check_eq "name with spaces" "$(cp f1 'a b'; "$CCE" hash 'a b')" "$(sha256sum 'a b')"

# Known answers (FIPS 180-4 / FIPS 202 examples), independent of any tool.
printf abc > abc
check_eq "SHA-256 abc" "$("$CCE" hash -a sha256 abc)" \
  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc"
check_eq "SHA3-256 abc" "$("$CCE" hash -a sha3-256 abc)" \
  "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532  abc"
check_eq "SHA-512/256 abc" "$("$CCE" hash -a sha512-256 abc)" \
  "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23  abc"

# --- OpenSSL: SHA-3, SHA-512/t, SHAKE (compare the hex) -----------------------
if have openssl; then
  for pair in sha3-224:sha3-224 sha3-256:sha3-256 sha3-384:sha3-384 sha3-512:sha3-512 \
              sha512-224:sha512-224 sha512-256:sha512-256; do
    alg=${pair%%:*} o=${pair#*:}
    for f in f0 f1 f55 f64 f1000 f65537 f1048576; do
      got=$("$CCE" hash -a "$alg" "$f" | cut -d' ' -f1)
      want=$(openssl dgst "-$o" -r "$f" | cut -d' ' -f1)
      check_eq "$alg $f vs openssl" "$got" "$want"
    done
  done
  for f in f0 f1 f1000 f65537; do
    check_eq "shake128 default 32 bytes $f" "$("$CCE" hash -a shake128 "$f" | cut -d' ' -f1)" \
      "$(openssl dgst -shake128 -xoflen 32 -r "$f" | cut -d' ' -f1)"
    check_eq "shake256 default 64 bytes $f" "$("$CCE" hash -a shake256 "$f" | cut -d' ' -f1)" \
      "$(openssl dgst -shake256 -xoflen 64 -r "$f" | cut -d' ' -f1)"
    check_eq "shake256 -l 300 $f" "$("$CCE" hash -a shake256 -l 300 "$f" | cut -d' ' -f1)" \
      "$(openssl dgst -shake256 -xoflen 300 -r "$f" | cut -d' ' -f1)"
  done
else
  echo "skip: openssl not found"
fi

# --- errors -------------------------------------------------------------------
out=$("$CCE" hash f1 missing f55 2> err); rc=$?
check_rc "missing file among others" $rc 1
check_eq "missing file: other files still hashed" "$out" "$(sha256sum f1 f55)"
check_eq "missing file: message" "$(cat err)" "cce hash: missing: No such file or directory"

mkdir adir
"$CCE" hash adir > /dev/null 2> err; rc=$?
check_rc "directory" $rc 1
check_eq "directory: message" "$(cat err)" "cce hash: adir: Is a directory"

"$CCE" hash -a md5 f1 > out 2> err; rc=$?
check_rc "unknown algorithm" $rc 2
check_contains "unknown algorithm: names it" "$(cat err)" "unknown algorithm 'md5'"
check_contains "unknown algorithm: lists the valid ones" "$(cat err)" "sha512-256 sha3-224"
check_eq "unknown algorithm: no output" "$(cat out)" ""

"$CCE" hash -a sha256 -l 10 f1 > /dev/null 2>&1; check_rc "-l with a fixed-length hash" $? 2
"$CCE" hash -a shake128 -l 0 f1 > /dev/null 2>&1; check_rc "-l 0" $? 2
"$CCE" hash -a shake128 -l x f1 > /dev/null 2>&1; check_rc "-l x" $? 2
"$CCE" hash --bogus f1 > /dev/null 2>&1; check_rc "unknown option" $? 2
"$CCE" hash --quiet f1 > /dev/null 2>&1; check_rc "--quiet without -c" $? 2

finish
