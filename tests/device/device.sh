#!/bin/bash
# Device identity (DICE) and life-cycle commands, end to end:
#   - device init / status, init refused the second time;
#   - identity: deterministic keys (same firmware -> same Alias, new firmware
#     -> new Alias, same DeviceID), the X.509 chain verified by
#     `openssl verify`, the TcbInfo extension parsed by openssl and carrying
#     the measurement;
#   - attest: evidence verified by `cce attest --verify` and by
#     `openssl dgst`, wrong nonce / tampered evidence / other firmware refused;
#   - life cycle: the forward walk, refused backward transitions, services
#     refused in the wrong state (CCE_ERR_LIFECYCLE), tampered, truncated and
#     foreign records refused;
#   - decommission: the secret and keys/ are gone, nothing works afterwards.
# Usage: device.sh /path/to/cce [/path/to/openssl]
CCE=${1:?usage: device.sh /path/to/cce [openssl]}
OPENSSL=${2:-openssl}
case $CCE in /*) ;; *) CCE=$(cd "$(dirname "$CCE")" && pwd)/$(basename "$CCE") ;; esac
. "$(dirname "$0")/../cli/lib.sh"
cd "$TMP" || exit 1
if ! have "$OPENSSL"; then
  echo "openssl not found: skipped"
  exit 77
fi

N1=00112233445566778899aabbccddeeff
N2=ffeeddccbbaa99887766554433221100
random_file fw1.bin 70000
random_file fw2.bin 5000

# run WHAT EXPECTED_RC CMD...: runs, keeps stdout+stderr in $out.
run() {
  local what=$1 exp=$2
  shift 2
  out=$("$@" 2>&1)
  check_rc "$what" $? "$exp"
}

# ---- device init / status
run "device init" 0 "$CCE" device init --device dev
check_eq "device dir mode 0700" "$(stat -c %a dev)" 700
check_eq "uds mode 0600" "$(stat -c %a dev/uds)" 600
check_eq "uds is 32 bytes" "$(stat -c %s dev/uds)" 32
run "device status" 0 "$CCE" device status --device dev
check_contains "status shows MANUFACTURING" "$out" "state:      MANUFACTURING"
check_contains "status shows min-svn 0" "$out" "min-svn:    0"
check_not_contains "status never prints the secret" "$out" "$(od -An -tx1 dev/uds | tr -d ' \n' | head -c 16)"
cp -p dev/uds uds.before
run "device init twice refused" 1 "$CCE" device init --device dev
check_contains "init twice: CCE_ERR_LIFECYCLE" "$out" "CCE_ERR_LIFECYCLE"
if cmp -s uds.before dev/uds; then pass "second init left the secret alone"; else fail "second init changed the secret"; fi
run "CCE_DEVICE environment" 0 env CCE_DEVICE=dev "$CCE" lifecycle show
check_eq "lifecycle show" "$out" "MANUFACTURING"
run "no device given" 2 env -u CCE_DEVICE "$CCE" lifecycle show

# ---- services refused in MANUFACTURING
run "identity refused in MANUFACTURING" 1 "$CCE" identity --device dev --fw fw1.bin
check_contains "identity: CCE_ERR_LIFECYCLE" "$out" "CCE_ERR_LIFECYCLE"
run "attest refused in MANUFACTURING" 1 "$CCE" attest --device dev --fw fw1.bin --nonce $N1 -o ev.bin
check_contains "attest: CCE_ERR_LIFECYCLE" "$out" "CCE_ERR_LIFECYCLE"
[ -e ev.bin ] && fail "refused attest left a file" || pass "refused attest wrote nothing"

run "advance to PROVISIONED" 0 "$CCE" lifecycle --device dev advance provisioned
run "backward to MANUFACTURING refused" 1 "$CCE" lifecycle --device dev advance manufacturing
check_contains "backward: CCE_ERR_LIFECYCLE" "$out" "CCE_ERR_LIFECYCLE"
run "skip to RMA refused" 1 "$CCE" lifecycle --device dev advance rma
run "same state refused" 1 "$CCE" lifecycle --device dev advance provisioned
run "unknown state" 2 "$CCE" lifecycle --device dev advance flying

# ---- identity: keys
run "make manufacturer CA" 0 "$CCE" identity --make-mfr-ca -o mfr.pem --cert mfr.crt
check_eq "manufacturer key mode 0600" "$(stat -c %a mfr.pem)" 600
run "identity (fw1)" 0 "$CCE" identity --device dev --fw fw1.bin
id1=$out
run "identity (fw1 again)" 0 "$CCE" identity --device dev --fw fw1.bin
check_eq "same UDS + firmware -> same keys" "$out" "$id1"
run "identity (fw2)" 0 "$CCE" identity --device dev --fw fw2.bin
id2=$out
dev1=$(printf '%s\n' "$id1" | grep '^DeviceID public')
dev2=$(printf '%s\n' "$id2" | grep '^DeviceID public')
al1=$(printf '%s\n' "$id1" | grep '^Alias public')
al2=$(printf '%s\n' "$id2" | grep '^Alias public')
check_eq "new firmware -> same DeviceID" "$dev2" "$dev1"
if [ -n "$al1" ] && [ "$al1" != "$al2" ]; then pass "new firmware -> new Alias"; else fail "Alias did not change"; fi
m1=$("$OPENSSL" dgst -sha384 -r fw1.bin | cut -d' ' -f1)
run "identity --measurement" 0 "$CCE" identity --device dev --measurement "$m1"
check_eq "--measurement HEX == --fw FILE" "$out" "$id1"
run "bad measurement length" 2 "$CCE" identity --device dev --measurement 0011
run "fw and measurement both" 2 "$CCE" identity --device dev --fw fw1.bin --measurement "$m1"
run "missing firmware file" 1 "$CCE" identity --device dev --fw nosuch.bin

# ---- identity: chain
run "issue chain" 0 "$CCE" identity --device dev --fw fw1.bin --mfr-key mfr.pem --mfr-cert mfr.crt \
  -o chain.pem --deviceid-cert deviceid.crt --alias-cert alias.crt
run "openssl verify (brief's command)" 0 "$OPENSSL" verify -CAfile mfr.crt -untrusted deviceid.crt alias.crt
check_contains "openssl verify says OK" "$out" "alias.crt: OK"
run "openssl verify -x509_strict with the chain file" 0 "$OPENSSL" verify -x509_strict -CAfile mfr.crt -untrusted chain.pem chain.pem
run "chain without the manufacturer CA fails" 2 "$OPENSSL" verify -CAfile deviceid.crt alias.crt
"$CCE" identity --make-mfr-ca -o other.pem --cert other.crt > /dev/null 2>&1
run "openssl verify under another CA fails" 2 "$OPENSSL" verify -CAfile other.crt -untrusted deviceid.crt alias.crt
run "mismatched --mfr-key/--mfr-cert refused" 1 "$CCE" identity --device dev --fw fw1.bin --mfr-key other.pem --mfr-cert mfr.crt -o x.pem
text=$("$OPENSSL" x509 -in alias.crt -noout -text 2>&1)
check_contains "alias: ecdsa-with-SHA384" "$text" "ecdsa-with-SHA384"
check_contains "alias: TcbInfo extension" "$text" "2.23.133.5.4.1"
check_contains "alias: digitalSignature" "$text" "Digital Signature"
check_contains "alias: fixed notBefore" "$text" "Not Before: Jan  1 00:00:00 2025 GMT"
dtext=$("$OPENSSL" x509 -in deviceid.crt -noout -text 2>&1)
check_contains "deviceid: CA:TRUE, pathlen:0" "$dtext" "CA:TRUE, pathlen:0"
check_contains "deviceid: keyCertSign" "$dtext" "Certificate Sign"
check_contains "deviceid: SKI" "$dtext" "Subject Key Identifier"
check_contains "deviceid: AKI" "$dtext" "Authority Key Identifier"
# The TcbInfo, decoded by openssl asn1parse: the FWID is SHA2-384 of fw1.bin.
off=$("$OPENSSL" asn1parse -in alias.crt | awk '/2.23.133.5.4.1/ { getline; split($1, a, ":"); print a[1]; exit }')
tcb=$("$OPENSSL" asn1parse -in alias.crt -strparse "$off" 2>&1)
check_contains "TcbInfo FWID hashAlg sha384" "$tcb" "sha384"
m1u=$(printf '%s' "$m1" | tr a-f A-F)
check_contains "TcbInfo FWID digest == SHA2-384(fw1)" "$tcb" "$m1u"
cp chain.pem chain1.pem
run "chain is deterministic" 0 "$CCE" identity --device dev --fw fw1.bin --mfr-key mfr.pem --mfr-cert mfr.crt -o chain.pem
if cmp -s chain.pem chain1.pem; then pass "re-issued chain is identical"; else fail "re-issued chain differs"; fi
run "chain for fw2" 0 "$CCE" identity --device dev --fw fw2.bin --mfr-key mfr.pem --mfr-cert mfr.crt -o chain2.pem

# ---- attest
run "advance to DEPLOYED" 0 "$CCE" lifecycle --device dev advance deployed
run "attest" 0 "$CCE" attest --device dev --fw fw1.bin --nonce $N1 -o ev.bin
run "attest --verify" 0 "$CCE" attest --verify ev.bin --chain chain.pem --nonce $N1 --ca mfr.crt --fw fw1.bin
check_contains "verify: anchored" "$out" "anchored"
run "attest --verify without --ca" 0 "$CCE" attest --verify ev.bin --chain chain.pem --nonce $N1
check_contains "verify: not anchored reported" "$out" "NOT anchored"
run "wrong nonce refused" 1 "$CCE" attest --verify ev.bin --chain chain.pem --nonce $N2 --ca mfr.crt
check_contains "wrong nonce: message" "$out" "nonce mismatch"
run "other CA refused" 1 "$CCE" attest --verify ev.bin --chain chain.pem --nonce $N1 --ca other.crt
cat deviceid.crt alias.crt > swapped.pem
run "chain in the wrong order refused" 1 "$CCE" attest --verify ev.bin --chain swapped.pem --nonce $N1
cat alias.crt alias.crt > selfchain.pem
run "Alias posing as its own issuer refused" 1 "$CCE" attest --verify ev.bin --chain selfchain.pem --nonce $N1
run "chain of other firmware refused" 1 "$CCE" attest --verify ev.bin --chain chain2.pem --nonce $N1
run "expected other firmware refused" 1 "$CCE" attest --verify ev.bin --chain chain.pem --nonce $N1 --fw fw2.bin
run "evidence under fw2 vs chain fw1 refused" 0 "$CCE" attest --device dev --fw fw2.bin --nonce $N1 -o ev2.bin
run "  ... verify" 1 "$CCE" attest --verify ev2.bin --chain chain.pem --nonce $N1
sz=$(stat -c %s ev.bin)
for pos in 0 13 20 60 100 $((sz - 5)); do
  cp ev.bin evt.bin
  b=$(od -An -tu1 -j $pos -N1 evt.bin | tr -d ' ')
  printf "$(printf '\\%03o' $(( (b ^ 1) & 255 )))" | dd of=evt.bin bs=1 seek=$pos conv=notrunc 2> /dev/null
  run "evidence with byte $pos flipped refused" 1 "$CCE" attest --verify evt.bin --chain chain.pem --nonce $N1
done
head -c $((sz - 10)) ev.bin > evt.bin
run "truncated evidence refused" 1 "$CCE" attest --verify evt.bin --chain chain.pem --nonce $N1
# OpenSSL checks the evidence signature itself: body_len at offset 8.
bl=$(od -An -tu1 -j8 -N4 ev.bin | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
head -c "$bl" ev.bin > body.bin
tail -c +$((bl + 1)) ev.bin > sig.der
"$OPENSSL" x509 -in alias.crt -pubkey -noout > alias_pub.pem
run "openssl dgst verifies the evidence" 0 "$OPENSSL" dgst -sha384 -verify alias_pub.pem -signature sig.der body.bin
check_contains "openssl: Verified OK" "$out" "Verified OK"
if od -An -tx1 -v body.bin | tr -d ' \n' | grep -q "$N1"; then pass "evidence carries the nonce"; else fail "nonce not in evidence"; fi
if od -An -tx1 -v body.bin | tr -d ' \n' | grep -q "$m1"; then pass "evidence carries the measurement"; else fail "measurement not in evidence"; fi

# ---- life-cycle record tampering
cp -p dev/lifecycle lc.good
for pos in 0 5 8 15 16 47; do
  cp lc.good dev/lifecycle
  b=$(od -An -tu1 -j $pos -N1 dev/lifecycle | tr -d ' ')
  printf "$(printf '\\%03o' $(( (b ^ 1) & 255 )))" | dd of=dev/lifecycle bs=1 seek=$pos conv=notrunc 2> /dev/null
  run "record with byte $pos flipped refused" 1 "$CCE" lifecycle --device dev show
done
cp lc.good dev/lifecycle
printf 'CCLC\001\002\000\000\000\000\000\000\000\000\000\007' > dev/lifecycle
head -c 32 /dev/zero >> dev/lifecycle
run "forged record (bad MAC) refused" 1 "$CCE" lifecycle --device dev show
check_contains "forged: failed authentication" "$out" "failed authentication"
run "forged record: attest refused too" 1 "$CCE" attest --device dev --fw fw1.bin --nonce $N1 -o evx.bin
head -c 20 lc.good > dev/lifecycle
run "truncated record refused" 1 "$CCE" lifecycle --device dev show
check_contains "truncated: malformed" "$out" "malformed"
: > dev/lifecycle
run "empty record refused" 1 "$CCE" lifecycle --device dev show
# A record from another device (valid MAC under another secret).
"$CCE" device init --device dev2 > /dev/null 2>&1
"$CCE" lifecycle --device dev2 advance provisioned > /dev/null 2>&1
"$CCE" lifecycle --device dev2 advance deployed > /dev/null 2>&1
cp dev2/lifecycle dev/lifecycle
run "record of another device refused" 1 "$CCE" lifecycle --device dev show
check_contains "foreign: failed authentication" "$out" "failed authentication"
rm dev/lifecycle
run "missing record refused" 1 "$CCE" lifecycle --device dev show
cp -p lc.good dev/lifecycle
run "good record accepted again" 0 "$CCE" lifecycle --device dev show
check_eq "state DEPLOYED" "$out" "DEPLOYED"

# ---- RMA
run "advance to RMA" 0 "$CCE" lifecycle --device dev advance rma
run "attest allowed in RMA" 0 "$CCE" attest --device dev --fw fw1.bin --nonce $N2 -o ev3.bin
run "  ... and verifies" 0 "$CCE" attest --verify ev3.bin --chain chain.pem --nonce $N2 --ca mfr.crt
run "identity refused in RMA" 1 "$CCE" identity --device dev --fw fw1.bin
run "RMA -> DEPLOYED refused" 1 "$CCE" lifecycle --device dev advance deployed
run "RMA -> PROVISIONED refused" 1 "$CCE" lifecycle --device dev advance provisioned

# ---- decommission
mkdir -p dev/keys/lms
random_file dev/keys/lms/state 2000
random_file dev/keys/other.key 100
run "decommission" 0 "$CCE" lifecycle --device dev decommission
[ -e dev/uds ] && fail "uds still present" || pass "uds gone"
left=$(find dev/keys -type f | wc -l)
check_eq "no file left under keys/" "$left" 0
run "state DECOMMISSIONED" 0 "$CCE" lifecycle --device dev show
check_eq "show DECOMMISSIONED" "$out" "DECOMMISSIONED"
run "identity after decommission refused" 1 "$CCE" identity --device dev --fw fw1.bin
check_contains "identity after decommission: CCE_ERR_LIFECYCLE" "$out" "CCE_ERR_LIFECYCLE"
run "attest after decommission refused" 1 "$CCE" attest --device dev --fw fw1.bin --nonce $N1 -o ev4.bin
run "advance after decommission refused" 1 "$CCE" lifecycle --device dev advance deployed
run "decommission twice refused" 1 "$CCE" lifecycle --device dev decommission
run "device init after decommission refused" 1 "$CCE" device init --device dev
run "status after decommission" 0 "$CCE" device status --device dev
check_contains "status: secret absent" "$out" "absent (zeroized)"
# A forged "back to DEPLOYED" record cannot help: there is no secret left.
cp lc.good dev/lifecycle
run "old record after decommission refused" 1 "$CCE" attest --device dev --fw fw1.bin --nonce $N1 -o ev5.bin

# ---- an interrupted decommissioning is completed on the next access
"$CCE" device init --device dev3 > /dev/null 2>&1
mkdir -p dev3/keys && random_file dev3/keys/k 64
cp dev3/uds uds3.copy
cp dev3/keys/k k3.copy
run "decommission dev3" 0 "$CCE" lifecycle --device dev3 decommission
cp uds3.copy dev3/uds   # as if the power failed after the record was written
cp k3.copy dev3/keys/k
run "interrupted decommission: show" 0 "$CCE" lifecycle --device dev3 show
check_contains "interrupted decommission: completed" "$out" "completing the zeroization"
[ -e dev3/uds ] && fail "dev3 uds still present" || pass "dev3 uds zeroized on next access"
[ -e dev3/keys/k ] && fail "dev3 key still present" || pass "dev3 keys zeroized on next access"

# ---- help and usage
run "device --help" 0 "$CCE" device --help
run "identity --help" 0 "$CCE" identity --help
run "attest --help" 0 "$CCE" attest --help
run "lifecycle --help" 0 "$CCE" lifecycle --help
run "attest without nonce" 2 "$CCE" attest --device dev2 --fw fw1.bin -o x
run "short nonce" 2 "$CCE" attest --device dev2 --fw fw1.bin --nonce 0011 -o x
finish
