#!/bin/bash
# cce fw sign / verify / inspect / counter, as a new user would run them:
# round trips with each signer type (ECDSA P-384, ML-DSA-87, LMS/HSS) and
# combinations, policies, adding a signer, detached images, every kind of
# tampering (image, manifest, signatures, key ids), rollback attempts
# against a device directory, wrong target, truncated and extended files,
# corrupted and missing counters -- each refused with its own error, exit 1,
# and the device's min-svn file byte-for-byte unchanged after every refusal.
# Usage: fw_cli.sh /path/to/cce
CCE=${1:?usage: fw_cli.sh /path/to/cce}
. "$(dirname "$0")/../cli/lib.sh"
cd "$TMP" || exit 1
unset CCE_DEVICE

# expect_fail WHAT NEEDLE CMD...: exit 1, NEEDLE in stderr, nothing on stdout.
expect_fail() {
  local what=$1 needle=$2; shift 2
  "$@" > fail.out 2> fail.err; local rc=$?
  if [ $rc -eq 1 ]; then
    case "$(cat fail.err)" in
      *"$needle"*)
        if [ -s fail.out ]; then fail "$what: output on stdout: $(head -c 200 fail.out)"; else pass "$what"; fi ;;
      *) fail "$what: '$needle' not in: $(head -c 300 fail.err)" ;;
    esac
  else
    fail "$what: exit $rc, expected 1 ($(head -c 200 fail.err))"
  fi
}
# expect_usage WHAT CMD...: exit 2.
expect_usage() {
  local what=$1; shift
  "$@" > /dev/null 2> usage.err; local rc=$?
  check_rc "$what" $rc 2
}
# flip FILE OFFSET: XOR the byte at OFFSET with 0x01 (in place).
flip() {
  python3 - "$1" "$2" <<'PY'
import sys
p, o = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read()); b[o] ^= 1; open(p, 'wb').write(b)
PY
}
# header_len FILE: manifest + signature block length (from inspect --json).
header_len() { "$CCE" fw inspect --json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["header_len"])'; }
# sig_offset FILE INDEX: offset of signature INDEX's entry header.
sig_offset() {
  python3 - "$1" "$2" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read(); want = int(sys.argv[2])
off = (b[10] << 8) | b[11]; off += 4
for i in range(want):
    off += 40 + int.from_bytes(b[off + 36:off + 40], 'big')
print(off)
PY
}
# same_state WHAT: the device's min-svn is byte-for-byte what it was.
same_state() {
  if cmp -s dev/min-svn state.before; then pass "$1: min-svn untouched"; else fail "$1: min-svn changed"; fi
}
snap() { cp dev/min-svn state.before; }

if ! have python3; then echo "python3 needed"; exit 1; fi

# --- keys and device ---------------------------------------------------------------
"$CCE" keygen -a p384 -o p384.key && "$CCE" pubkey -i p384.key -o p384.pub || fail "keygen p384"
"$CCE" keygen -a p384 -o other.key && "$CCE" pubkey -i other.key -o other.pub || fail "keygen p384 (other)"
"$CCE" keygen -a mldsa87 -o mldsa.key && "$CCE" pubkey -i mldsa.key -o mldsa.pub || fail "keygen mldsa87"
HAVE_LMS=0
if "$CCE" lms keygen -t lms-sha256-m32-h5 -w 8 -o lms.state --pub lms.pub > /dev/null 2>&1; then
  HAVE_LMS=1
else
  echo "note: 'cce lms keygen' unavailable: LMS cases skipped"
fi
"$CCE" keygen -a p256 -o p256.key || fail "keygen p256"

if "$CCE" device init --device dev > /dev/null 2>&1; then
  pass "device init"
else
  mkdir -p dev && "$CCE" fw counter --device dev --init 0 > /dev/null || fail "fw counter --init"
fi
check_eq "new device: min-svn 0" "$("$CCE" fw counter --device dev)" "min-svn 0"

random_file fw.bin 70001
random_file fw2.bin 4096

# --- round trips, one signer each ---------------------------------------------------
sign() { "$CCE" fw sign --image fw.bin --version 1.2.3 --svn 5 --target drone-x1 "$@"; }
verify() { "$CCE" fw verify --target drone-x1 --device dev "$@"; }

for k in p384 mldsa $([ $HAVE_LMS = 1 ] && echo lms); do
  key=$k.key; [ $k = lms ] && key=lms.state
  sign --key $key -o $k.cimg; check_rc "sign with $k" $? 0
  out=$(verify $k.cimg --pub $k.pub); check_rc "verify $k" $? 0
  check_contains "verify $k: OK" "$out" "$k.cimg: OK"
done
out=$("$CCE" fw inspect p384.cimg)
check_contains "inspect: version" "$out" "1.2.3"
check_contains "inspect: ECDSA" "$out" "ECDSA-P384-SHA384"
check_contains "inspect: image matches" "$out" "attached, hash matches"
check_contains "inspect mldsa" "$("$CCE" fw inspect mldsa.cimg)" "ML-DSA-87"
"$CCE" fw inspect --json p384.cimg > insp.json; check_rc "inspect --json" $? 0
check_eq "inspect --json parses" "$(python3 -c 'import json; d=json.load(open("insp.json")); print(d["svn"], d["target"], d["signatures"][0]["algorithm"], d["image_len"])')" \
  "5 drone-x1 ECDSA-P384-SHA384 70001"
[ $HAVE_LMS = 1 ] && check_contains "inspect lms" "$("$CCE" fw inspect lms.cimg)" "HSS-LMS-SHA256"

# SHA3-512 image hash; description.
sign --key p384.key --hash sha3-512 --description "night build" -o sha3.cimg; check_rc "sign sha3-512" $? 0
verify sha3.cimg --pub p384.pub > /dev/null; check_rc "verify sha3-512" $? 0
check_contains "inspect sha3" "$("$CCE" fw inspect sha3.cimg)" "SHA3-512"
check_contains "inspect description" "$("$CCE" fw inspect sha3.cimg)" "night build"

# --- combinations and policies -------------------------------------------------------
sign --key p384.key --key mldsa.key -o both.cimg; check_rc "sign ECDSA + ML-DSA" $? 0
verify both.cimg --pub p384.pub --pub mldsa.pub > /dev/null; check_rc "policy all (2 keys)" $? 0
verify both.cimg --pub p384.pub --pub mldsa.pub --policy ecdsa+mldsa > /dev/null; check_rc "policy ecdsa+mldsa" $? 0
verify both.cimg --pub p384.pub --pub mldsa.pub --pub other.pub --policy 2-of-3 > /dev/null; check_rc "policy 2-of-3" $? 0
snap
expect_fail "policy all of 3, 2 signed" "CCE_ERR_POLICY" verify both.cimg --pub p384.pub --pub mldsa.pub --pub other.pub --policy all --commit
same_state "policy refused"
expect_fail "ECDSA only, policy ecdsa+mldsa" "CCE_ERR_POLICY" verify p384.cimg --pub p384.pub --pub mldsa.pub --policy ecdsa+mldsa --commit
expect_fail "unknown signer" "CCE_ERR_POLICY" verify p384.cimg --pub other.pub --commit
same_state "unknown signer"
expect_usage "policy 2-of-3 with 2 keys" verify both.cimg --pub p384.pub --pub mldsa.pub --policy 2-of-3
expect_usage "unknown policy" verify both.cimg --pub p384.pub --policy most

if [ $HAVE_LMS = 1 ]; then
  sign --key p384.key --key mldsa.key --key lms.state -o three.cimg; check_rc "sign with three signer types" $? 0
  verify three.cimg --pub p384.pub --pub mldsa.pub --pub lms.pub > /dev/null; check_rc "verify all three" $? 0
  verify three.cimg --pub lms.pub --pub mldsa.pub --policy mldsa+lms > /dev/null; check_rc "policy mldsa+lms" $? 0
  out=$(verify three.cimg --pub p384.pub --pub mldsa.pub --pub lms.pub --policy 2-of-3 --json)
  check_eq "verify --json signers" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["signers"]), d["result"])')" "3 OK"
  # LMS state advanced: two signatures differ in their leaf.
  sign --key lms.state -o lms2.cimg
  h1=$(tail -c +1 lms.cimg | head -c 2000 | od -An -tx1 | tr -d ' \n' | sha256sum)
  h2=$(tail -c +1 lms2.cimg | head -c 2000 | od -An -tx1 | tr -d ' \n' | sha256sum)
  [ "$h1" != "$h2" ] && pass "LMS: new leaf per image" || fail "LMS: same signature twice"
fi

# Trust list file.
cat > trust.list <<EOF
# device drone-x1 trust anchors
target drone-x1
policy ecdsa+mldsa
key p384.pub
key $TMP/mldsa.pub
EOF
"$CCE" fw verify both.cimg --trust trust.list --device dev > /dev/null; check_rc "verify --trust" $? 0
expect_fail "--trust policy refuses ECDSA only" "CCE_ERR_POLICY" "$CCE" fw verify p384.cimg --trust trust.list --device dev

# Adding a signer.
"$CCE" fw sign --add-signature p384.cimg --key mldsa.key -o added.cimg; check_rc "--add-signature" $? 0
verify added.cimg --pub p384.pub --pub mldsa.pub --policy ecdsa+mldsa > /dev/null; check_rc "verify added signer" $? 0
expect_fail "--add-signature: signer already there" "already signed" "$CCE" fw sign --add-signature added.cimg --key p384.key -o x.cimg
[ -e x.cimg ] && fail "no output after refusal" || pass "no output after refusal"
expect_fail "--add-signature -o IN" "refusing to overwrite" "$CCE" fw sign --add-signature p384.cimg --key mldsa.key -o p384.cimg
verify p384.cimg --pub p384.pub > /dev/null; check_rc "input intact after refusal" $? 0

# Detached image.
sign --key p384.key --detached -o det.cimg; check_rc "sign --detached" $? 0
check_eq "detached: no image bytes" "$(stat -c %s det.cimg)" "$(header_len det.cimg)"
verify det.cimg --image fw.bin --pub p384.pub > /dev/null; check_rc "verify detached" $? 0
check_contains "inspect detached" "$("$CCE" fw inspect det.cimg)" "detached"
snap
expect_fail "detached: other image" "CCE_ERR_INVALID_LENGTH" verify det.cimg --image fw2.bin --pub p384.pub --commit
cp fw.bin fwt.bin; flip fwt.bin 1000
expect_fail "detached: tampered image" "CCE_ERR_AUTH" verify det.cimg --image fwt.bin --pub p384.pub --commit
expect_fail "detached without --image" "CCE_ERR_INVALID_LENGTH" verify det.cimg --pub p384.pub --commit
same_state "detached refusals"

# --- tampering ----------------------------------------------------------------------------
H=$(header_len both.cimg)
snap
cp both.cimg t.cimg; flip t.cimg $((H + 12345))
expect_fail "tampered image byte" "CCE_ERR_AUTH" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg 39   # svn
expect_fail "tampered svn" "CCE_ERR_SIGNATURE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg 60   # image hash
expect_fail "tampered image hash" "CCE_ERR_SIGNATURE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg 100  # target
expect_fail "tampered target" "CCE_ERR_SIGNATURE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg 0    # magic
expect_fail "tampered magic" "CCE_ERR_DECODE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg 9    # format version
expect_fail "unknown format version" "CCE_ERR_DECODE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
S0=$(sig_offset both.cimg 0); S1=$(sig_offset both.cimg 1)
cp both.cimg t.cimg; flip t.cimg $((S0 + 50))   # ECDSA signature
expect_fail "tampered ECDSA signature" "CCE_ERR_SIGNATURE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg $((S1 + 40 + 2000))   # ML-DSA signature
expect_fail "tampered ML-DSA signature" "CCE_ERR_SIGNATURE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg $((S1 + 4))   # ML-DSA key id
expect_fail "tampered key id" "CCE_ERR_POLICY" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
cp both.cimg t.cimg; flip t.cimg $((S0 + 37))  # ECDSA sig_len
expect_fail "tampered signature length" "CCE_ERR_DECODE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
if [ $HAVE_LMS = 1 ]; then
  S2=$(sig_offset three.cimg 2)
  cp three.cimg t.cimg; flip t.cimg $((S2 + 40 + 100))
  expect_fail "tampered LMS signature" "CCE_ERR_SIGNATURE" verify t.cimg --pub p384.pub --pub mldsa.pub --pub lms.pub --policy any --commit
fi
same_state "tampering"

# --- truncation and extension -------------------------------------------------------------
head -c $(( $(stat -c %s both.cimg) - 1 )) both.cimg > t.cimg
expect_fail "truncated by one byte" "CCE_ERR_INVALID_LENGTH" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
head -c $((H + 100)) both.cimg > t.cimg
expect_fail "truncated image" "CCE_ERR_INVALID_LENGTH" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
head -c 200 both.cimg > t.cimg
expect_fail "truncated header" "CCE_ERR_DECODE" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
: > t.cimg
expect_fail "empty file" "CCE_ERR_DECODE" verify t.cimg --pub p384.pub --commit
cp both.cimg t.cimg; printf 'x' >> t.cimg
expect_fail "a byte appended" "CCE_ERR_INVALID_LENGTH" verify t.cimg --pub p384.pub --pub mldsa.pub --commit
same_state "truncation"

# --- wrong target -------------------------------------------------------------------------
"$CCE" fw sign --image fw.bin --version 1.2.3 --svn 9 --target drone-x2 --key p384.key -o x2.cimg
expect_fail "wrong target" "CCE_ERR_WRONG_TARGET" verify x2.cimg --pub p384.pub --commit
same_state "wrong target"

# --- anti-rollback ----------------------------------------------------------------------------
out=$(verify p384.cimg --pub p384.pub --commit); check_rc "commit svn 5" $? 0
check_contains "commit: minimum advanced" "$out" "advanced from 0 to 5"
check_eq "min-svn now 5" "$("$CCE" fw counter --device dev)" "min-svn 5"
"$CCE" fw sign --image fw2.bin --version 1.0.0 --svn 4 --target drone-x1 --key p384.key -o old.cimg
snap
expect_fail "rollback to svn 4" "CCE_ERR_ROLLBACK" verify old.cimg --pub p384.pub --commit
same_state "rollback"
check_contains "rollback message" "$(cat fail.err)" "below the device minimum 5"
out=$(verify p384.cimg --pub p384.pub --commit); check_rc "same svn again" $? 0
check_contains "same svn: unchanged" "$out" "minimum unchanged"
same_state "same svn"
"$CCE" fw sign --image fw2.bin --version 2.0.0 --svn 7 --target drone-x1 --key p384.key -o new.cimg
verify new.cimg --pub p384.pub > /dev/null; check_rc "newer image without --commit" $? 0
same_state "verify without --commit"
verify new.cimg --pub p384.pub --commit > /dev/null; check_rc "newer image --commit" $? 0
check_eq "min-svn now 7" "$("$CCE" fw counter --device dev)" "min-svn 7"
expect_fail "svn 5 after 7" "CCE_ERR_ROLLBACK" verify p384.cimg --pub p384.pub
expect_fail "counter --init twice" "already exists" "$CCE" fw counter --device dev --init 0
check_eq "min-svn still 7" "$("$CCE" fw counter --device dev)" "min-svn 7"

# Corrupted and missing counters: refused, never read as 0, left as they are.
cp dev/min-svn good.svn
sed 's/ 7 / 3 /' good.svn > dev/min-svn; snap
expect_fail "corrupted min-svn (value edited)" "corrupted" verify p384.cimg --pub p384.pub --commit
same_state "corrupted counter"
printf 'garbage' > dev/min-svn; snap
expect_fail "corrupted min-svn (garbage)" "corrupted" verify p384.cimg --pub p384.pub --commit
same_state "garbage counter"
expect_fail "fw counter on a corrupted file" "corrupted" "$CCE" fw counter --device dev
rm dev/min-svn
expect_fail "missing min-svn" "missing" verify p384.cimg --pub p384.pub --commit
[ -e dev/min-svn ] && fail "missing min-svn: created by verify" || pass "missing min-svn: not created by verify"
cp good.svn dev/min-svn
verify new.cimg --pub p384.pub > /dev/null; check_rc "restored counter" $? 0
"$CCE" fw verify new.cimg --pub p384.pub --target drone-x1 --no-device > /dev/null; check_rc "--no-device" $? 0

# A decommissioned device verifies nothing and its counter stays as it is.
if "$CCE" device init --device dev2 > /dev/null 2>&1 && "$CCE" lifecycle --device dev2 decommission > /dev/null 2>&1; then
  cp dev2/min-svn dev2.before
  expect_fail "decommissioned device" "CCE_ERR_LIFECYCLE" "$CCE" fw verify p384.cimg --pub p384.pub --target drone-x1 --device dev2 --commit
  cmp -s dev2/min-svn dev2.before && pass "decommissioned: min-svn untouched" || fail "decommissioned: min-svn changed"
else
  echo "note: 'cce device' / 'cce lifecycle' unavailable: life-cycle case skipped"
fi

# --- sign: inputs and outputs -------------------------------------------------------------------
expect_fail "sign -o the image" "refusing to overwrite" sign --key p384.key -o fw.bin
check_eq "image intact" "$(stat -c %s fw.bin)" "70001"
expect_fail "sign -o a key file" "refusing to overwrite" sign --key p384.key -o p384.key
expect_fail "P-256 signer refused" "P-256" sign --key p256.key -o p256.cimg
[ -e p256.cimg ] && fail "no output after failed sign" || pass "no output after failed sign"
expect_fail "public key as signer" "public key" sign --key p384.pub -o pub.cimg
expect_fail "same key twice" "same signing key" sign --key p384.key --key p384.key -o twice.cimg
expect_fail "missing image" "cannot open" "$CCE" fw sign --image nope.bin --version 1.0.0 --svn 1 --target t --key p384.key -o n.cimg
ls -a | grep -q '^\.n\.cimg\.' && fail "temporary output left" || pass "no temporary output left"

# --- usage --------------------------------------------------------------------------------------------
for sub in sign verify inspect counter; do
  "$CCE" fw $sub --help > help.out; check_rc "fw $sub --help" $? 0
done
"$CCE" fw --help > /dev/null; check_rc "fw --help" $? 0
expect_usage "no --svn" "$CCE" fw sign --image fw.bin --version 1.2.3 --target x --key p384.key -o u.cimg
expect_usage "bad version" "$CCE" fw sign --image fw.bin --version 1.2 --svn 1 --target x --key p384.key -o u.cimg
expect_usage "bad svn" "$CCE" fw sign --image fw.bin --version 1.2.3 --svn -1 --target x --key p384.key -o u.cimg
expect_usage "target with a space" "$CCE" fw sign --image fw.bin --version 1.2.3 --svn 1 --target "a b" --key p384.key -o u.cimg
expect_usage "no key" "$CCE" fw sign --image fw.bin --version 1.2.3 --svn 1 --target x -o u.cimg
expect_usage "verify without trust" "$CCE" fw verify both.cimg --device dev --target drone-x1
expect_usage "verify without device" "$CCE" fw verify both.cimg --pub p384.pub --target drone-x1
expect_usage "verify without target" "$CCE" fw verify both.cimg --pub p384.pub --device dev
expect_usage "unknown fw command" "$CCE" fw frobnicate
expect_fail "inspect garbage" "CCE_ERR_DECODE" "$CCE" fw inspect fw.bin

finish
