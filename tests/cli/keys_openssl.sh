#!/bin/bash
# Interoperability of the key commands (cce keygen, pubkey, sign, verify,
# derive) with the OpenSSL command line, both ways, for P-256, P-384, P-521,
# Ed25519 and X25519; plus the file rules (mode 0600, no overwrite without
# --force, no partial output on error) and the error messages.
# Usage: keys_openssl.sh /path/to/cce [/path/to/openssl]
CCE=${1:?usage: keys_openssl.sh /path/to/cce [openssl]}
OPENSSL=${2:-openssl}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

if ! have "$OPENSSL"; then
  echo "openssl not found: skipped"
  exit 77
fi
echo "using $("$OPENSSL" version)"

random_file msg 1000
random_file big $((300 * 1024))  # several CLI chunks
: > empty

# der FILE: the DER of a PEM or DER public key, through openssl.
der_pub() { "$OPENSSL" pkey -pubin -in "$1" -outform DER 2> /dev/null; }
same_file() { cmp -s "$1" "$2"; }
check_same() { if same_file "$2" "$3"; then pass "$1"; else fail "$1 ($2 and $3 differ)"; fi; }
mode_of() { stat -c %a "$1"; }

hash_default() {
  case $1 in p256) echo sha256 ;; p384) echo sha384 ;; p521) echo sha512 ;; esac
}
ossl_curve() {
  case $1 in p256) echo P-256 ;; p384) echo P-384 ;; p521) echo P-521 ;; esac
}

# openssl_genkey ALG FILE
openssl_genkey() {
  case $1 in
    p256 | p384 | p521) "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$(ossl_curve "$1")" -out "$2" 2> /dev/null ;;
    ed25519) "$OPENSSL" genpkey -algorithm ED25519 -out "$2" 2> /dev/null ;;
    x25519) "$OPENSSL" genpkey -algorithm X25519 -out "$2" 2> /dev/null ;;
  esac
}

# ---------------------------------------------------------------------------
# Key generation and public keys, both ways.
for alg in p256 p384 p521 ed25519 x25519; do
  "$CCE" keygen -a $alg -o $alg.cce.pem 2> err; rc=$?
  check_rc "keygen $alg" $rc 0
  check_eq "keygen $alg: mode 0600" "$(mode_of $alg.cce.pem)" "600"
  check_contains "keygen $alg: PKCS#8 PEM" "$(head -1 $alg.cce.pem)" "-----BEGIN PRIVATE KEY-----"
  if [ $alg != x25519 ] && [ $alg != ed25519 ]; then
    "$OPENSSL" pkey -in $alg.cce.pem -check -noout > check.out 2>&1; rc=$?
    check_rc "openssl pkey -check accepts the cce $alg key" $rc 0
  else
    "$OPENSSL" pkey -in $alg.cce.pem -noout > check.out 2>&1; rc=$?
    check_rc "openssl pkey reads the cce $alg key" $rc 0
  fi
  "$OPENSSL" pkey -in $alg.cce.pem -pubout -out $alg.cce.ossl.pub 2> /dev/null
  "$CCE" pubkey -i $alg.cce.pem -o $alg.cce.pub; rc=$?
  check_rc "cce pubkey $alg (cce key)" $rc 0
  check_same "cce pubkey = openssl pkey -pubout ($alg, cce key, PEM)" $alg.cce.pub $alg.cce.ossl.pub
  der_pub $alg.cce.pub > a.der; der_pub $alg.cce.ossl.pub > b.der
  if [ -s a.der ] && same_file a.der b.der; then pass "same SPKI DER ($alg, cce key)"; else fail "SPKI DER differs ($alg, cce key)"; fi
  "$CCE" pubkey -i $alg.cce.pem --der -o - > c.der
  check_same "cce pubkey --der = openssl DER ($alg)" c.der b.der
  # The private key round-trips through openssl unchanged.
  "$OPENSSL" pkey -in $alg.cce.pem -out rt.pem 2> /dev/null
  check_same "openssl pkey rewrites the cce $alg key identically" rt.pem $alg.cce.pem

  openssl_genkey $alg $alg.ossl.pem
  "$OPENSSL" pkey -in $alg.ossl.pem -pubout -out $alg.ossl.pub 2> /dev/null
  "$CCE" pubkey -i $alg.ossl.pem -o $alg.ossl.cce.pub; rc=$?
  check_rc "cce pubkey $alg (openssl key)" $rc 0
  check_same "cce pubkey = openssl pkey -pubout ($alg, openssl key)" $alg.ossl.cce.pub $alg.ossl.pub
  # DER private key input (openssl's DER: RFC 5915 for EC, PKCS#8 otherwise)
  # and PKCS#8 DER.
  "$OPENSSL" pkey -in $alg.ossl.pem -outform DER -out $alg.ossl.der 2> /dev/null
  "$CCE" pubkey -i $alg.ossl.der -o der.pub; rc=$?
  check_rc "cce pubkey reads openssl's DER private key ($alg)" $rc 0
  check_same "pubkey from DER key ($alg)" der.pub $alg.ossl.pub
  "$OPENSSL" pkcs8 -topk8 -nocrypt -in $alg.ossl.pem -outform DER -out $alg.ossl.p8 2> /dev/null
  "$CCE" pubkey -i $alg.ossl.p8 -o p8.pub && check_same "pubkey from PKCS#8 DER ($alg)" p8.pub $alg.ossl.pub
  # A public key as input gives itself back.
  "$CCE" pubkey -i $alg.ossl.pub -o pp.pub && check_same "pubkey of a public key ($alg)" pp.pub $alg.ossl.pub
done

# EC extras: the traditional "EC PRIVATE KEY" form and compressed points.
"$OPENSSL" ec -in p256.ossl.pem -out p256.trad.pem 2> /dev/null
"$CCE" pubkey -i p256.trad.pem -o trad.pub; rc=$?
check_rc "cce pubkey reads EC PRIVATE KEY PEM" $rc 0
check_same "EC PRIVATE KEY: same public key" trad.pub p256.ossl.pub
"$OPENSSL" ecparam -name prime256v1 -genkey -out ecparam.pem 2> /dev/null
"$CCE" pubkey -i ecparam.pem -o ecparam.pub; rc=$?
check_rc "cce pubkey reads openssl ecparam -genkey output (EC PARAMETERS + EC PRIVATE KEY)" $rc 0
for alg in p256 p384 p521; do
  "$OPENSSL" ec -pubin -in $alg.ossl.pub -conv_form compressed -pubout -out $alg.comp.pub 2> /dev/null
  "$CCE" pubkey -i $alg.comp.pub -o decomp.pub; rc=$?
  check_rc "cce pubkey reads a compressed $alg point" $rc 0
  check_same "compressed $alg point decompressed" decomp.pub $alg.ossl.pub
  "$CCE" pubkey -i $alg.ossl.pem --compressed -o comp.pub
  check_same "cce pubkey --compressed = openssl -conv_form compressed ($alg)" comp.pub $alg.comp.pub
done

# ---------------------------------------------------------------------------
# ECDSA signatures, both ways.
for alg in p256 p384 p521; do
  h=$(hash_default $alg)
  for who in cce ossl; do
    key=$alg.$who.pem pub=$alg.$who.pub
    [ $who = ossl ] && pub=$alg.ossl.pub
    [ $who = cce ] && pub=$alg.cce.pub
    # cce signs, openssl verifies (default hash, then others).
    "$CCE" sign -k $key -i msg -o sig.der; rc=$?
    check_rc "cce sign $alg ($who key, default $h)" $rc 0
    out=$("$OPENSSL" dgst -$h -verify $pub -signature sig.der msg 2>&1)
    check_eq "openssl dgst -$h -verify: cce $alg signature" "$out" "Verified OK"
    out=$("$CCE" verify -p $pub -s sig.der -i msg); rc=$?
    check_eq "cce verify: own $alg signature" "$out (exit $rc)" "Verified OK (exit 0)"
    for hh in sha256 sha384 sha512 sha3-256 sha3-512; do
      "$CCE" sign -k $key -a $hh -i big -o sig2.der || fail "cce sign -a $hh"
      out=$("$OPENSSL" dgst -$hh -verify $pub -signature sig2.der big 2>&1)
      check_eq "openssl verifies cce $alg/$hh ($who key)" "$out" "Verified OK"
      # openssl signs, cce verifies.
      "$OPENSSL" dgst -$hh -sign $key -out osig.der big 2> /dev/null
      out=$("$CCE" verify -p $pub -s osig.der -i big -a $hh); rc=$?
      check_eq "cce verifies openssl $alg/$hh ($who key)" "$out (exit $rc)" "Verified OK (exit 0)"
    done
    # Tampered data and signature.
    cp msg tampered; printf 'x' >> tampered
    out=$("$CCE" verify -p $pub -s sig.der -i tampered); rc=$?
    check_eq "cce verify $alg: tampered file" "$out (exit $rc)" "Verification failure (exit 1)"
    out=$("$OPENSSL" dgst -$h -verify $pub -signature sig.der tampered 2> /dev/null)
    check_eq "openssl rejects cce $alg signature of a tampered file" "$out" "Verification failure"
    # Flip the low bit of byte 10 (inside r): always a change, whatever the byte was.
    cp sig.der badsig.der; flip_byte badsig.der 10
    cmp -s sig.der badsig.der && fail "could not alter the $alg signature"
    out=$("$CCE" verify -p $pub -s badsig.der -i msg); rc=$?
    check_eq "cce verify $alg: altered signature" "$out (exit $rc)" "Verification failure (exit 1)"
    out=$("$CCE" verify -p $pub -s sig.der -i msg -a sha512); rc=$?
    [ $h = sha512 ] || check_eq "cce verify $alg: wrong hash" "$out (exit $rc)" "Verification failure (exit 1)"
  done
  # Deterministic ECDSA (RFC 6979): the same signature twice, and valid.
  "$CCE" sign -k $alg.ossl.pem --deterministic -i msg -o d1.der
  "$CCE" sign -k $alg.ossl.pem --deterministic -i msg -o d2.der
  check_same "deterministic $alg: identical signatures" d1.der d2.der
  out=$("$OPENSSL" dgst -$h -verify $alg.ossl.pub -signature d1.der msg 2>&1)
  check_eq "openssl verifies deterministic $alg" "$out" "Verified OK"
  "$CCE" sign -k $alg.ossl.pem -i msg -o r1.der; "$CCE" sign -k $alg.ossl.pem -i msg -o r2.der
  if same_file r1.der r2.der; then fail "random-nonce $alg signatures repeat"; else pass "random-nonce $alg signatures differ"; fi
  # Signature from stdin data, to stdout.
  "$CCE" sign -k $alg.cce.pem < msg > s.der && out=$("$OPENSSL" dgst -$h -verify $alg.cce.pub -signature s.der msg 2>&1)
  check_eq "cce sign stdin -> stdout ($alg)" "$out" "Verified OK"
  # Verification with a compressed public key.
  out=$("$CCE" verify -p $alg.comp.pub -s d1.der -i msg)
  check_eq "cce verify with a compressed $alg key" "$out" "Verified OK"
done
"$CCE" sign -k p256.cce.pem -a sha1 -i msg -o sha1.sig 2> err; rc=$?
check_rc "ECDSA with SHA-1 refused" $rc 1
check_contains "SHA-1 refusal says why" "$(cat err)" "SHA-1"
[ -e sha1.sig ] && fail "SHA-1: output file left behind" || pass "SHA-1: no output file"

# ---------------------------------------------------------------------------
# Ed25519 signatures, both ways.
for who in cce ossl; do
  key=ed25519.$who.pem pub=ed25519.$who.pub
  # (OpenSSL 3.0's pkeyutl -rawin cannot read an empty file: the empty
  # message is checked with cce alone below.)
  for m in msg big; do
    "$CCE" sign -k $key -i $m -o ed.sig; rc=$?
    check_rc "cce sign Ed25519 $m ($who key)" $rc 0
    check_eq "Ed25519 signature is 64 raw bytes" "$(stat -c %s ed.sig)" "64"
    "$OPENSSL" pkeyutl -sign -inkey $key -rawin -in $m -out ossl.sig 2> /dev/null
    check_same "Ed25519 $m: cce and openssl signatures identical ($who key)" ed.sig ossl.sig
    out=$("$OPENSSL" pkeyutl -verify -pubin -inkey $pub -rawin -in $m -sigfile ed.sig 2>&1)
    check_eq "openssl pkeyutl -verify: cce Ed25519 signature of $m" "$out" "Signature Verified Successfully"
    out=$("$CCE" verify -p $pub -s ossl.sig -i $m); rc=$?
    check_eq "cce verify: openssl Ed25519 signature of $m" "$out (exit $rc)" "Verified OK (exit 0)"
  done
  "$CCE" sign -k $key -i empty -o e.sig && out=$("$CCE" verify -p $pub -s e.sig -i empty)
  check_eq "Ed25519: empty message signs and verifies" "$out" "Verified OK"
  "$CCE" sign -k $key -i msg -o ed.sig
  cp msg tampered; printf 'x' >> tampered
  out=$("$CCE" verify -p $pub -s ed.sig -i tampered); rc=$?
  check_eq "cce verify Ed25519: tampered file" "$out (exit $rc)" "Verification failure (exit 1)"
  out=$("$OPENSSL" pkeyutl -verify -pubin -inkey $pub -rawin -in tampered -sigfile ed.sig 2> /dev/null)
  check_eq "openssl rejects cce Ed25519 signature of a tampered file" "$out" "Signature Verification Failure"
  head -c 63 ed.sig > short.sig
  out=$("$CCE" verify -p $pub -s short.sig -i msg); rc=$?
  check_eq "cce verify Ed25519: 63-byte signature" "$out (exit $rc)" "Verification failure (exit 1)"
done
"$CCE" sign -k ed25519.cce.pem -a sha256 -i msg -o x.sig 2> err; rc=$?
check_rc "Ed25519 with -a: usage error" $rc 2

# ---------------------------------------------------------------------------
# Key agreement, both directions: the same secret bytes as openssl.
for alg in p256 p384 p521 x25519; do
  "$CCE" derive -k $alg.cce.pem -p $alg.ossl.pub -o s1.bin; rc=$?
  check_rc "cce derive $alg (cce key, openssl peer)" $rc 0
  check_eq "derive $alg: secret mode 0600" "$(mode_of s1.bin)" "600"
  "$OPENSSL" pkeyutl -derive -inkey $alg.ossl.pem -peerkey $alg.cce.pub -out s2.bin 2> /dev/null
  if [ -s s1.bin ] && same_file s1.bin s2.bin; then pass "derive $alg: cce = openssl (direction 1)"; else fail "derive $alg: secrets differ (direction 1)"; fi
  "$CCE" derive -k $alg.ossl.pem -p $alg.cce.pub -o s3.bin
  "$OPENSSL" pkeyutl -derive -inkey $alg.cce.pem -peerkey $alg.ossl.pub -out s4.bin 2> /dev/null
  if [ -s s3.bin ] && same_file s3.bin s4.bin && same_file s1.bin s3.bin; then pass "derive $alg: cce = openssl (direction 2)"; else fail "derive $alg: secrets differ (direction 2)"; fi
  # A peer private key file gives its public part.
  "$CCE" derive -k $alg.cce.pem -p $alg.ossl.pem -o s5.bin && check_same "derive $alg with a peer private key file" s5.bin s1.bin
done
"$CCE" derive -k p256.cce.pem -p p384.ossl.pub -o mismatch.bin 2> err; rc=$?
check_rc "derive: curve mismatch fails" $rc 1
check_contains "derive: curve mismatch named" "$(cat err)" "curve mismatch"
check_contains "derive: curve mismatch names both curves" "$(cat err)" "P-384"
[ -e mismatch.bin ] && fail "derive mismatch: output left behind" || pass "derive mismatch: no output file"
"$CCE" derive -k x25519.cce.pem -p p256.ossl.pub -o m.bin 2> err; rc=$?
check_rc "derive: X25519 key with a P-256 peer fails" $rc 1
"$CCE" derive -k ed25519.cce.pem -p ed25519.ossl.pub -o m.bin 2> err; rc=$?
check_rc "derive: Ed25519 refused" $rc 1
check_contains "derive: Ed25519 refusal says why" "$(cat err)" "Ed25519"
"$CCE" derive -k p256.cce.pub -p p256.ossl.pub -o m.bin 2> err; rc=$?
check_rc "derive: public key as own key refused" $rc 1
check_contains "derive: says a private key is needed" "$(cat err)" "private key is needed"

# ---------------------------------------------------------------------------
# Wrong key types and unreadable or non-key files.
"$CCE" sign -k x25519.cce.pem -i msg -o x.sig 2> err; rc=$?
check_rc "sign with an X25519 key fails" $rc 1
check_contains "sign X25519: says why" "$(cat err)" "cannot sign"
"$CCE" sign -k p256.cce.pub -i msg -o x.sig 2> err; rc=$?
check_rc "sign with a public key fails" $rc 1
check_contains "sign with a public key: says why" "$(cat err)" "public key"
"$CCE" sign -k nonexistent.pem -i msg -o x.sig 2> err; rc=$?
check_rc "sign: missing key file" $rc 1
check_contains "missing key file named" "$(cat err)" "nonexistent.pem"
check_contains "missing key file: reason" "$(cat err)" "No such file"
"$CCE" pubkey -i msg -o x.pub 2> err; rc=$?
check_rc "pubkey: random bytes are not a key" $rc 1
check_contains "not a key: says so" "$(cat err)" "not a valid key"
echo "hello" > text.txt
"$CCE" pubkey -i text.txt 2> err > /dev/null; rc=$?
check_rc "pubkey: text is not a key" $rc 1
check_contains "text is not a key" "$(cat err)" "not a valid key"
"$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa.pem 2> /dev/null
"$CCE" pubkey -i rsa.pem 2> err > /dev/null; rc=$?
check_rc "pubkey: RSA key refused" $rc 1
check_contains "RSA key: says so" "$(cat err)" "RSA"
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out k1.pem 2> /dev/null
"$CCE" pubkey -i k1.pem 2> err > /dev/null; rc=$?
check_rc "pubkey: secp256k1 refused" $rc 1
check_contains "secp256k1: says the curve is unsupported" "$(cat err)" "unsupported EC curve"
"$OPENSSL" pkey -in p256.ossl.pem -aes128 -passout pass:secret -out enc.pem 2> /dev/null
"$CCE" sign -k enc.pem -i msg -o x.sig 2> err; rc=$?
check_rc "sign: encrypted key refused" $rc 1
check_contains "encrypted key: says so" "$(cat err)" "encrypted"
"$CCE" verify -p ed25519.cce.pub -s sig.der -i nonexistent 2> err; rc=$?
check_rc "verify: unreadable data file" $rc 1
check_contains "verify: unreadable data named" "$(cat err)" "nonexistent"
"$CCE" verify -p x25519.cce.pub -s ed.sig -i msg 2> err; rc=$?
check_rc "verify with an X25519 key fails" $rc 1
[ -e x.sig ] && fail "failed signs left x.sig behind" || pass "failed signs left no output file"

# ---------------------------------------------------------------------------
# Output files: no overwrite without --force, atomic replacement, no
# temporary files left, input never overwritten.
mkdir out && cd out || exit 1
echo "precious" > existing.pem
"$CCE" keygen -a p256 -o existing.pem 2> err; rc=$?
check_rc "keygen refuses to overwrite" $rc 1
check_eq "keygen left the existing file alone" "$(cat existing.pem)" "precious"
check_contains "keygen overwrite: says the file exists" "$(cat err)" "exists"
check_contains "keygen overwrite: mentions --force" "$(cat err)" "--force"
chmod 644 existing.pem
"$CCE" keygen -a p384 --force -o existing.pem; rc=$?
check_rc "keygen --force replaces" $rc 0
check_eq "replaced key has mode 0600" "$(mode_of existing.pem)" "600"
"$OPENSSL" pkey -in existing.pem -check -noout > /dev/null 2>&1; rc=$?
check_rc "replaced key is a valid key" $rc 0
ln -s existing.pem link.pem
"$CCE" keygen -a p256 -o link.pem 2> err; rc=$?
check_rc "keygen refuses to replace a symlink" $rc 1
(umask 000; "$CCE" keygen -a ed25519 -o umask.pem)
check_eq "keygen: mode 0600 whatever the umask" "$(mode_of umask.pem)" "600"
"$CCE" keygen -a p256 -o nodir/k.pem 2> err; rc=$?
check_rc "keygen into a missing directory fails" $rc 1
"$CCE" keygen -a p999 -o bad.pem 2> err; rc=$?
check_rc "keygen: unknown algorithm is a usage error" $rc 2
check_contains "keygen: lists the algorithms" "$(cat err)" "ed25519"
"$CCE" keygen -a p256 2> err; rc=$?
check_rc "keygen without -o is a usage error" $rc 2
"$CCE" pubkey -i existing.pem -o existing.pem 2> err; rc=$?
check_rc "pubkey refuses to overwrite its input" $rc 1
"$OPENSSL" pkey -in existing.pem -check -noout > /dev/null 2>&1; rc=$?
check_rc "the input key is intact" $rc 0
left=$(ls -A | grep '^\.' | tr '\n' ' ')
check_eq "no temporary files left" "$left" ""
cd .. || exit 1

# --help of each command.
for c in keygen pubkey sign verify derive; do
  out=$("$CCE" $c --help); rc=$?
  check_rc "cce $c --help" $rc 0
  check_contains "cce $c --help: usage" "$out" "Usage: cce $c"
done

finish
