#!/bin/bash
# Interoperability of the RSA key commands (cce keygen -a rsaN, sign, verify)
# with the OpenSSL command line, both ways: PKCS#1 v1.5 and PSS signatures
# (openssl dgst -sign/-verify, -sigopt rsa_padding_mode:pss), PKCS#8 keys
# written by cce read by openssl and keys of openssl (PKCS#8 and the
# traditional "RSA PRIVATE KEY") read by cce; tampered data rejected.
# Usage: rsa_openssl.sh /path/to/cce [/path/to/openssl]
CCE=${1:?usage: rsa_openssl.sh /path/to/cce [openssl]}
OPENSSL=${2:-openssl}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

if ! have "$OPENSSL"; then
  echo "openssl not found: skipped"
  exit 77
fi
echo "using $("$OPENSSL" version)"
random_file msg 5000
random_file big $((200 * 1024))
cp msg msg2
printf 'x' >> msg2

# cce key -> openssl
"$CCE" keygen -a rsa2048 -o cce.pem > /dev/null 2>&1
check_rc "cce keygen -a rsa2048" $? 0
check_eq "key file mode 0600" "$(stat -c %a cce.pem)" 600
"$OPENSSL" pkey -in cce.pem -check -noout > /dev/null 2>&1
check_rc "openssl accepts the cce key (pkey -check)" $? 0
"$OPENSSL" pkey -in cce.pem -pubout -out cce_pub.pem 2> /dev/null
bits=$("$OPENSSL" pkey -in cce.pem -text -noout 2> /dev/null | head -1)
check_contains "2048-bit key" "$bits" "2048 bit"

for h in sha256 sha384 sha512 sha3-256; do
  # cce signs, openssl verifies
  "$CCE" sign -k cce.pem -a pkcs1-$h -i msg -o s.bin
  out=$("$OPENSSL" dgst -$h -verify cce_pub.pem -signature s.bin msg 2>&1)
  check_contains "pkcs1-$h: cce sign, openssl verify" "$out" "Verified OK"
  "$CCE" sign -k cce.pem -a pss-$h -i big -o p.bin
  out=$("$OPENSSL" dgst -$h -sigopt rsa_padding_mode:pss -verify cce_pub.pem -signature p.bin big 2>&1)
  check_contains "pss-$h: cce sign, openssl verify" "$out" "Verified OK"
  # openssl signs, cce verifies (public key and private key as the key)
  "$OPENSSL" dgst -$h -sign cce.pem -out os.bin msg 2> /dev/null
  out=$("$CCE" verify -p cce_pub.pem -a pkcs1-$h -s os.bin -i msg 2>&1)
  check_contains "pkcs1-$h: openssl sign, cce verify" "$out" "Verified OK"
  "$OPENSSL" dgst -$h -sign cce.pem -sigopt rsa_padding_mode:pss -out op.bin big 2> /dev/null
  out=$("$CCE" verify -p cce.pem -a pss-$h -s op.bin -i big 2>&1)
  check_contains "pss-$h (max salt): openssl sign, cce verify" "$out" "Verified OK"
  "$OPENSSL" dgst -$h -sign cce.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:0 -out op0.bin big 2> /dev/null
  out=$("$CCE" verify -p cce_pub.pem -a pss-$h -s op0.bin -i big 2>&1)
  check_contains "pss-$h (salt 0): openssl sign, cce verify" "$out" "Verified OK"
  # tampering
  "$CCE" verify -p cce_pub.pem -a pkcs1-$h -s os.bin -i msg2 > /dev/null 2>&1
  check_rc "pkcs1-$h: modified data rejected" $? 1
  "$CCE" verify -p cce_pub.pem -a pss-$h -s op.bin -i msg > /dev/null 2>&1
  check_rc "pss-$h: wrong data rejected" $? 1
  "$CCE" verify -p cce_pub.pem -a pkcs1-$h -s op.bin -i big > /dev/null 2>&1
  check_rc "pss signature rejected as pkcs1-$h" $? 1
done

# default algorithm: pkcs1-sha256 (openssl dgst -sha256 -sign)
"$CCE" sign -k cce.pem -i msg -o d.bin
out=$("$OPENSSL" dgst -sha256 -verify cce_pub.pem -signature d.bin msg 2>&1)
check_contains "default pkcs1-sha256" "$out" "Verified OK"

# openssl keys -> cce: PKCS#8 and traditional PKCS#1, 3072 bits
"$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out o.pem 2> /dev/null
"$OPENSSL" rsa -in o.pem -traditional -out o_trad.pem 2> /dev/null
"$OPENSSL" pkey -in o.pem -pubout -out o_pub.pem 2> /dev/null
"$OPENSSL" pkey -in o.pem -pubout -outform DER -out o_pub.der 2> /dev/null
for k in o.pem o_trad.pem; do
  "$CCE" sign -k $k -a pss-sha384 -i msg -o s3.bin
  out=$("$OPENSSL" dgst -sha384 -sigopt rsa_padding_mode:pss -verify o_pub.pem -signature s3.bin msg 2>&1)
  check_contains "openssl key $k: cce pss sign, openssl verify" "$out" "Verified OK"
done
"$OPENSSL" dgst -sha512 -sign o.pem -out o5.bin msg 2> /dev/null
out=$("$CCE" verify -p o_pub.der -a pkcs1-sha512 -s o5.bin -i msg 2>&1)
check_contains "DER SPKI: openssl sign, cce verify" "$out" "Verified OK"

# errors
"$CCE" sign -k cce_pub.pem -a pss-sha256 -i msg -o x.bin > /dev/null 2>&1
check_rc "public key cannot sign" $? 1
"$CCE" sign -k cce.pem -a pss-sha1 -i msg -o x.bin > /dev/null 2>&1
check_rc "SHA-1 signing refused" $? 1
"$CCE" sign -k cce.pem -a pss-md5 -i msg -o x.bin > /dev/null 2>&1
check_rc "unknown hash: usage error" $? 2
"$CCE" keygen -a rsa1024 -o small.pem > /dev/null 2>&1
check_rc "rsa1024 not generated" $? 2
"$CCE" keygen -a rsa2048 -o cce.pem > /dev/null 2>&1
check_rc "existing key not replaced" $? 1

finish
