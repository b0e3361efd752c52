#!/usr/bin/env bash
# Tests of `cce lms`: keygen (single tree and HSS), sign/verify round trips,
# the PEM SubjectPublicKeyInfo (OID 1.2.840.113549.1.9.16.3.17, checked with
# openssl asn1parse when available), DER and raw public keys, tampering,
# info/remaining, the state discipline (state never replaced by keygen, a
# failing persist releases no signature but consumes the leaf, the state is
# rewritten atomically with mode 0600), usage errors and --help.
# Usage: cli.sh /path/to/cce
CCE=$1
. "$(dirname "$0")/../cli/lib.sh"
cd "$TMP" || exit 1

printf 'firmware image v1\n' > msg
random_file big 300000

# --- keygen / info ---
"$CCE" lms keygen -t lms-sha256-m24-h5 -w 4 -o k.state --pub k.pub
check_rc "keygen M24 H5 W4" $? 0
check_eq "state file is CCE_HSS_PRIVATE_LEN bytes" "$(stat -c %s k.state)" "16640"
check_eq "state file mode 0600" "$(stat -c %a k.state)" "600"
check_contains "public key is PEM" "$(cat k.pub)" "-----BEGIN PUBLIC KEY-----"
info=$("$CCE" lms info k.state)
check_contains "info: type" "$info" "level 0: LMS_SHA256_M24_H5 / LMOTS_SHA256_N24_W4"
check_contains "info: remaining" "$info" "remaining: 32"
check_contains "info: signature length" "$info" "signature length: 1384 bytes"
if have openssl; then
  asn=$(openssl asn1parse -in k.pub 2>&1)
  check_contains "SPKI OID id-alg-hss-lms-hashsig" "$asn" "1.2.840.113549.1.9.16.3.17"
  check_contains "SPKI BIT STRING" "$asn" "BIT STRING"
  # The raw key inside the BIT STRING: L=1, LMS_SHA256_M24_H5, LMOTS_SHA256_N24_W4.
  hexkey=$(openssl asn1parse -in k.pub -strparse 17 -noout -out raw.pub 2>/dev/null; od -An -tx1 -N12 raw.pub 2>/dev/null | tr -d ' \n')
  check_eq "raw key header" "$hexkey" "000000010000000a00000007"
fi

"$CCE" lms keygen -t lms-sha256-m24-h5 -o k.state --pub other.pub 2> err
check_rc "keygen never replaces a state" $? 1
check_contains "keygen: message" "$(cat err)" "exists"
check_eq "state unchanged after refused keygen" "$("$CCE" lms info k.state | grep remaining)" "remaining: 32"

# --- sign / verify ---
"$CCE" lms sign -k k.state -o s1 msg
check_rc "sign" $? 0
check_eq "signature length" "$(stat -c %s s1)" "1384"
check_contains "counter advanced" "$("$CCE" lms info k.state)" "remaining: 31"
check_eq "state mode still 0600" "$(stat -c %a k.state)" "600"
out=$("$CCE" lms verify -p k.pub -s s1 msg)
check_rc "verify" $? 0
check_eq "verify message" "$out" "Verified OK"
"$CCE" lms sign -k k.state -o s2 msg
check_rc "second signature" $? 0
if cmp -s s1 s2; then fail "two signatures of one message differ (new leaf)"; else pass "two signatures of one message differ (new leaf)"; fi
"$CCE" lms verify -p k.pub -s s2 msg > /dev/null
check_rc "verify second" $? 0
"$CCE" lms sign -k k.state < big > sbig
check_rc "sign stdin to stdout" $? 0
"$CCE" lms verify -p k.pub -s sbig < big > /dev/null
check_rc "verify stdin" $? 0

# Tampering: message, signature (first, middle, last byte), key.
printf 'firmware image v2\n' > msg2
out=$("$CCE" lms verify -p k.pub -s s1 msg2)
check_rc "other message refused" $? 1
check_eq "failure message" "$out" "Verification failure"
for off in 0 3 7 100 700 1383; do
  cp s1 bad
  printf '\x55' | dd of=bad bs=1 seek=$off conv=notrunc 2> /dev/null
  if cmp -s s1 bad; then printf '\xaa' | dd of=bad bs=1 seek=$off conv=notrunc 2> /dev/null; fi
  "$CCE" lms verify -p k.pub -s bad msg > /dev/null 2>&1
  check_rc "signature byte $off changed" $? 1
done
head -c 1383 s1 > short
"$CCE" lms verify -p k.pub -s short msg > /dev/null
check_rc "truncated signature" $? 1
"$CCE" lms verify -p other.pub -s s1 msg > /dev/null 2>&1
check_rc "other key" $? 1

# Public key forms: pubkey from the state, DER, raw.
"$CCE" lms pubkey -k k.state -o k2.pub
check_rc "pubkey from state" $? 0
if cmp -s k.pub k2.pub; then pass "pubkey from state == keygen's"; else fail "pubkey from state == keygen's"; fi
if have openssl; then
  openssl base64 -d -in <(grep -v -- ----- k.pub) -out k.der
  "$CCE" lms verify -p k.der -s s1 msg > /dev/null
  check_rc "DER public key" $? 0
  tail -c 52 k.der > k.raw
  "$CCE" lms verify -p k.raw -s s1 msg > /dev/null
  check_rc "raw public key" $? 0
fi
printf 'not a key' > junk.pub
"$CCE" lms verify -p junk.pub -s s1 msg 2> err
check_rc "junk public key" $? 1
check_contains "junk key message" "$(cat err)" "not an HSS public key"

# --- persist failure: no signature, leaf consumed in memory only ---
before=$("$CCE" lms info k.state | grep remaining)
CCE_LMS_TEST_PERSIST_FAIL=1 "$CCE" lms sign -k k.state -o s3 msg 2> err
check_rc "persist failure" $? 1
check_contains "persist failure message" "$(cat err)" "no signature released"
[ -e s3 ] && fail "no signature file after persist failure" || pass "no signature file after persist failure"
check_eq "state untouched on disk after persist failure" "$("$CCE" lms info k.state | grep remaining)" "$before"
ls -a | grep -q '^\.k\.state\.' && fail "no temporary state left" || pass "no temporary state left"

# --- HSS: two levels, comma lists and --levels ---
"$CCE" lms keygen -t lms-sha256-m32-h5,lms-sha256-m32-h5 -w 8,4 -o h.state --pub h.pub
check_rc "keygen HSS L2 (lists)" $? 0
check_contains "HSS info" "$("$CCE" lms info h.state)" "level 1: LMS_SHA256_M32_H5 / LMOTS_SHA256_N32_W4"
check_contains "HSS remaining" "$("$CCE" lms info h.state)" "remaining: 1024"
"$CCE" lms sign -k h.state -o hs msg && "$CCE" lms verify -p h.pub -s hs msg > /dev/null
check_rc "HSS sign/verify" $? 0
"$CCE" lms keygen -t lms-sha256-m24-h5 -w 2 --levels 3 -o h3.state --pub h3.pub
check_rc "keygen --levels 3" $? 0
check_contains "L3 remaining" "$("$CCE" lms info h3.state)" "remaining: 32768"
"$CCE" lms sign -k h3.state -o h3s big && "$CCE" lms verify -p h3.pub -s h3s big > /dev/null
check_rc "L3 sign/verify" $? 0

# --- usage errors ---
"$CCE" lms keygen -t lms-sha256-m24-h7 -o x.state --pub x.pub 2> /dev/null
check_rc "bad type" $? 2
"$CCE" lms keygen -t lms-sha256-m24-h5 -w 3 -o x.state --pub x.pub 2> /dev/null
check_rc "bad W" $? 2
"$CCE" lms keygen -t lms-sha256-m24-h5 --levels 9 -o x.state --pub x.pub 2> /dev/null
check_rc "9 levels" $? 2
"$CCE" lms keygen -t lms-sha256-m24-h5 -o x.state 2> /dev/null
check_rc "keygen without --pub" $? 2
[ -e x.state ] && fail "no state written on usage errors" || pass "no state written on usage errors"
"$CCE" lms sign -o s msg 2> /dev/null
check_rc "sign without -k" $? 2
"$CCE" lms sign -k k.state -o k.state msg 2> /dev/null
check_rc "sign -o onto the state" $? 2
"$CCE" lms verify -p k.pub msg 2> /dev/null
check_rc "verify without -s" $? 2
"$CCE" lms frobnicate 2> /dev/null
check_rc "unknown subcommand" $? 2
"$CCE" lms sign -k msg -o s msg 2> err
check_rc "not a state file" $? 1
check_contains "not a state message" "$(cat err)" "not an LMS state file"
head -c 16640 /dev/zero > zero.state
"$CCE" lms sign -k zero.state -o s msg 2> err
check_rc "damaged state" $? 1
"$CCE" lms info missing.state 2> /dev/null
check_rc "info on a missing file" $? 1
for sub in "" keygen sign verify pubkey info; do
  out=$("$CCE" lms $sub --help)
  check_rc "lms $sub --help" $? 0
  check_contains "help text ($sub)" "$out" "Usage: cce lms keygen"
done
"$CCE" help lms > /dev/null
check_rc "cce help lms" $? 0

# --- exhaustion through the CLI (H5: 32 signatures) ---
"$CCE" lms keygen -t lms-sha256-m24-h5 -w 1 -o e.state --pub e.pub
ok=1
for i in $(seq 1 32); do "$CCE" lms sign -k e.state -o es msg || ok=0; done
[ $ok = 1 ] && pass "32 signatures from an H5 key" || fail "32 signatures from an H5 key"
"$CCE" lms sign -k e.state -o es2 msg 2> err
check_rc "33rd signature refused" $? 1
check_contains "exhaustion message" "$(cat err)" "cannot sign any more"
check_contains "remaining 0" "$("$CCE" lms info e.state)" "remaining: 0"

finish
