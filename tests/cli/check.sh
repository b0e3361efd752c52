#!/bin/bash
# cce hash -c: checking lists like `sha256sum -c`, with good, bad, missing
# and malformed lines.
# Usage: check.sh /path/to/cce
CCE=${1:?usage: check.sh /path/to/cce}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

for n in 0 1 100 5000; do random_file "f$n" "$n"; done
printf 'x' > 'back\slash'
sha256sum f0 f1 f100 f5000 'back\slash' > good.sum

# --- all good -----------------------------------------------------------------
out=$("$CCE" hash -c good.sum 2> err); rc=$?
check_rc "good list" $rc 0
check_eq "good list: output as sha256sum -c" "$out" "$(sha256sum -c good.sum)"
check_eq "good list: nothing on stderr" "$(cat err)" ""
check_eq "good list from stdin" "$("$CCE" hash -c < good.sum)" "$(sha256sum -c < good.sum)"
check_eq "--quiet prints nothing when all match" "$("$CCE" hash -c --quiet good.sum)" ""
out=$("$CCE" hash -c --status good.sum 2>&1); rc=$?
check_rc "--status good" $rc 0
check_eq "--status prints nothing" "$out" ""

# Lists written by cce are read by sha256sum and the other way round.
"$CCE" hash f0 f1 f100 'back\slash' > cce.sum
check_eq "cce list == sha256sum list" "$(cat cce.sum)" "$(sha256sum f0 f1 f100 'back\slash')"
sha256sum -c cce.sum > /dev/null 2>&1; check_rc "sha256sum -c accepts cce's list" $? 0

# Binary-mode lines (" *name"), upper-case hex, comments and blank lines.
sha256sum -b f1 f100 > bin.sum
check_eq "binary-mode lines" "$("$CCE" hash -c bin.sum)" "$(printf 'f1: OK\nf100: OK')"
{ echo "# a comment"; echo; sed 's/^\(\\\?\)\([0-9a-f]*\)/\1\U\2/' good.sum; } > upper.sum
"$CCE" hash -c upper.sum > out 2> err; rc=$?
check_rc "upper-case hex, comment, blank line" $rc 0
check_eq "upper-case hex: no warning" "$(cat err)" ""

# Other algorithms.
"$CCE" hash -a sha3-256 f1 f5000 > sha3.sum
check_eq "sha3-256 -c" "$("$CCE" hash -a sha3-256 -c sha3.sum)" "$(printf 'f1: OK\nf5000: OK')"
"$CCE" hash -a shake128 -l 20 f1 > shake.sum
check_eq "shake128 -l 20 -c" "$("$CCE" hash -a shake128 -l 20 -c shake.sum)" "f1: OK"

# --- a changed file -------------------------------------------------------------
printf 'changed' > f100
out=$("$CCE" hash -c good.sum 2> err); rc=$?
check_rc "one mismatch" $rc 1
check_eq "one mismatch: output as sha256sum -c" "$out" "$(sha256sum -c good.sum 2> /dev/null)"
check_contains "one mismatch: FAILED line" "$out" "f100: FAILED"
check_eq "one mismatch: warning" "$(cat err)" "cce hash: WARNING: 1 computed checksum did NOT match"
printf 'changed' > f1
"$CCE" hash -c good.sum > /dev/null 2> err
check_eq "two mismatches: warning" "$(cat err)" "cce hash: WARNING: 2 computed checksums did NOT match"
out=$("$CCE" hash -c --quiet good.sum 2> /dev/null); rc=$?
check_rc "--quiet with mismatches" $rc 1
check_eq "--quiet prints only the failures" "$out" "$(printf 'f1: FAILED\nf100: FAILED')"
out=$("$CCE" hash -c --status good.sum 2>&1); rc=$?
check_rc "--status with mismatches" $rc 1
check_eq "--status prints nothing on failure" "$out" ""

# --- missing files --------------------------------------------------------------
sha256sum f0 > miss.sum
echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  gone" >> miss.sum
out=$("$CCE" hash -c miss.sum 2> err); rc=$?
check_rc "missing listed file" $rc 1
check_eq "missing listed file: output" "$out" "$(printf 'f0: OK\ngone: FAILED open or read')"
check_eq "missing listed file: messages" "$(cat err)" \
  "$(printf 'cce hash: gone: No such file or directory\ncce hash: WARNING: 1 listed file could not be read')"
out=$("$CCE" hash -c --ignore-missing miss.sum 2> err); rc=$?
check_rc "--ignore-missing" $rc 0
check_eq "--ignore-missing: output" "$out" "f0: OK"
"$CCE" hash -c no-such-list > /dev/null 2> err; rc=$?
check_rc "missing list file" $rc 1
check_eq "missing list file: message" "$(cat err)" "cce hash: no-such-list: No such file or directory"

# --- malformed lines ------------------------------------------------------------
{
  sha256sum f0
  echo "this is not a checksum line"
  echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b78  f0"   # short hex
  sha1sum f0                                                            # SHA-1 length
  echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g  f0"  # not hex
  echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 f0"   # one space
  echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  "    # no name
  echo '\e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  bad\qescape'
} > mal.sum
out=$("$CCE" hash -c mal.sum 2> err); rc=$?
check_rc "malformed lines" $rc 1
check_eq "malformed lines: good line still checked" "$out" "f0: OK"
for l in 2 3 4 5 6 7 8; do
  check_contains "malformed line $l named" "$(cat err)" "cce hash: mal.sum: $l: improperly formatted sha256 checksum line"
done
check_not_contains "line 1 is fine" "$(cat err)" "mal.sum: 1:"
check_contains "malformed lines: summary" "$(cat err)" "cce hash: WARNING: 7 lines are improperly formatted"
printf 'garbage\n' > allbad.sum
"$CCE" hash -c allbad.sum > /dev/null 2> err; rc=$?
check_rc "no good line at all" $rc 1
check_contains "no good line: message" "$(cat err)" "allbad.sum: no properly formatted checksum lines found"
check_contains "no good line: line named" "$(cat err)" "allbad.sum: 1: improperly formatted"

finish
