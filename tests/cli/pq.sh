#!/bin/bash
# Post-quantum commands of cce: keygen / pubkey / inspect / sign / verify for
# ML-DSA-44/65/87 and ML-KEM-512/768/1024, encap / decap, hybrid P-384 +
# ML-KEM-1024 sealed files, ML-DSA-87 signed sealed files; and, when the
# python3 `cryptography` package has ML-KEM / ML-DSA (OpenSSL 3.5+ inside),
# keys, signatures and ciphertexts exchanged with it both ways.
# Usage: pq.sh /path/to/cce
CCE=${1:?usage: pq.sh /path/to/cce}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
unset CCE_PASSPHRASE

expect_fail() {
  local what=$1 needle=$2; shift 2
  "$@" > fail.out 2> fail.err; local rc=$?
  if [ $rc -eq 1 ]; then
    case "$(cat fail.err)" in
      *"$needle"*) pass "$what" ;;
      *) fail "$what: '$needle' not in: $(head -c 300 fail.err)" ;;
    esac
  else
    fail "$what: exit $rc, expected 1 ($(head -c 200 fail.err))"
  fi
}
size() { wc -c < "$1" | tr -d ' '; }
flip() {  # flip PATH OFFSET (negative: from the end)
  python3 -c "import sys
p,o=sys.argv[1],int(sys.argv[2]); b=bytearray(open(p,'rb').read()); b[o]^=1; open(p,'wb').write(b)" "$1" "$2"
}

random_file msg 5000

# --- keygen / pubkey / inspect / sign / verify ---------------------------------
declare -A SIG=([mldsa44]=2420 [mldsa65]=3309 [mldsa87]=4627)
declare -A PUB=([mldsa44]=1312 [mldsa65]=1952 [mldsa87]=2592 [mlkem512]=800 [mlkem768]=1184 [mlkem1024]=1568)
declare -A NAME=([mldsa44]=ML-DSA-44 [mldsa65]=ML-DSA-65 [mldsa87]=ML-DSA-87 [mlkem512]=ML-KEM-512
                 [mlkem768]=ML-KEM-768 [mlkem1024]=ML-KEM-1024)
for a in mldsa44 mldsa65 mldsa87 mlkem512 mlkem768 mlkem1024; do
  "$CCE" keygen -a $a -o $a.key; check_rc "keygen $a" $? 0
  check_eq "keygen $a: mode 0600" "$(stat -c %a $a.key)" 600
  "$CCE" pubkey -i $a.key -o $a.pub; check_rc "pubkey $a" $? 0
  "$CCE" pubkey -i $a.key --der -o $a.pub.der; check_rc "pubkey --der $a" $? 0
  out=$("$CCE" inspect $a.key); check_contains "inspect $a private" "$out" "${NAME[$a]} private key"
  check_contains "inspect $a: seed form" "$out" "seed known"
  out=$("$CCE" inspect $a.pub.der); check_contains "inspect $a public (DER)" "$out" "${NAME[$a]} public key"
  check_contains "inspect $a: size" "$out" "${PUB[$a]} bytes"
  "$CCE" pubkey -i $a.pub -o $a.pub2 && cmp -s $a.pub $a.pub2; check_rc "pubkey of a public key $a" $? 0
done
expect_fail "keygen refuses to replace" "exists" "$CCE" keygen -a mldsa44 -o mldsa44.key
for a in mldsa44 mldsa65 mldsa87; do
  "$CCE" sign -k $a.key -i msg -o $a.sig; check_rc "sign $a" $? 0
  check_eq "sign $a: raw FIPS 204 size" "$(size $a.sig)" "${SIG[$a]}"
  out=$("$CCE" verify -p $a.pub -s $a.sig -i msg); check_rc "verify $a" $? 0
  check_eq "verify $a output" "$out" "Verified OK"
  "$CCE" verify -p $a.key -s $a.sig -i msg > /dev/null; check_rc "verify $a with the private key file" $? 0
  "$CCE" sign -k $a.key --context "flight 7" -i msg -o $a.ctx.sig; check_rc "sign $a --context" $? 0
  "$CCE" verify -p $a.pub --context "flight 7" -s $a.ctx.sig -i msg > /dev/null; check_rc "verify $a --context" $? 0
  "$CCE" verify -p $a.pub --context-hex 666c696768742037 -s $a.ctx.sig -i msg > /dev/null
  check_rc "verify $a --context-hex (same context)" $? 0
  "$CCE" verify -p $a.pub -s $a.ctx.sig -i msg > /dev/null; check_rc "verify $a: context missing fails" $? 1
  "$CCE" verify -p $a.pub --context "flight 8" -s $a.ctx.sig -i msg > /dev/null
  check_rc "verify $a: other context fails" $? 1
  cp $a.sig $a.bad.sig; flip $a.bad.sig 100
  out=$("$CCE" verify -p $a.pub -s $a.bad.sig -i msg); check_rc "verify $a: tampered signature fails" $? 1
  check_eq "tampered $a output" "$out" "Verification failure"
  cp msg msg.bad; flip msg.bad 0
  "$CCE" verify -p $a.pub -s $a.sig -i msg.bad > /dev/null; check_rc "verify $a: tampered message fails" $? 1
  head -c 100 $a.sig > $a.short.sig
  "$CCE" verify -p $a.pub -s $a.short.sig -i msg > /dev/null; check_rc "verify $a: short signature fails" $? 1
  "$CCE" sign -k $a.key --deterministic -i msg -o $a.d1 && "$CCE" sign -k $a.key --deterministic -i msg -o $a.d2
  cmp -s $a.d1 $a.d2; check_rc "sign $a --deterministic is deterministic" $? 0
  cmp -s $a.sig $a.d1; check_rc "hedged and deterministic signatures differ" $? 1
  cat msg | "$CCE" sign -k $a.key -o $a.stdin.sig && "$CCE" verify -p $a.pub -s $a.stdin.sig -i msg > /dev/null
  check_rc "sign $a from standard input" $? 0
done
"$CCE" verify -p mldsa65.pub -s mldsa44.sig -i msg > /dev/null; check_rc "verify: signature of another set fails" $? 1
"$CCE" sign -k mldsa44.key -a sha256 -i msg -o x.sig 2> /dev/null; check_rc "sign -a with an ML-DSA key: usage error" $? 2
"$CCE" verify -p mldsa44.pub -a sha256 -s mldsa44.sig -i msg > /dev/null 2>&1; check_rc "verify -a with ML-DSA: usage error" $? 2
expect_fail "sign with a public key" "is a public key" "$CCE" sign -k mldsa44.pub -i msg -o x.sig
expect_fail "sign with an ML-KEM key" "cannot sign" "$CCE" sign -k mlkem768.key -i msg -o x.sig
"$CCE" keygen -a p384 -o p384.key && "$CCE" pubkey -i p384.key -o p384.pub
"$CCE" sign -k p384.key --context x -i msg -o x.sig 2> err.txt; check_rc "--context with an EC key: usage error" $? 2
long=$(printf 'x%.0s' $(seq 256))
"$CCE" sign -k mldsa44.key --context "$long" -i msg -o x.sig 2> /dev/null; check_rc "--context over 255 bytes" $? 2

# --- encap / decap ---------------------------------------------------------------
declare -A CT=([mlkem512]=768 [mlkem768]=1088 [mlkem1024]=1568)
for a in mlkem512 mlkem768 mlkem1024; do
  "$CCE" encap -p $a.pub -o $a.ct --secret $a.ss; check_rc "encap $a" $? 0
  check_eq "encap $a: ciphertext size" "$(size $a.ct)" "${CT[$a]}"
  check_eq "encap $a: secret size" "$(size $a.ss)" 32
  check_eq "encap $a: secret mode 0600" "$(stat -c %a $a.ss)" 600
  "$CCE" decap -k $a.key -i $a.ct -o $a.ss2; check_rc "decap $a" $? 0
  cmp -s $a.ss $a.ss2; check_rc "decap $a: same shared secret" $? 0
  cp $a.ct $a.bad.ct; flip $a.bad.ct 10
  "$CCE" decap -k $a.key -i $a.bad.ct -o $a.ss3; check_rc "decap $a: tampered ciphertext accepted (implicit rejection)" $? 0
  cmp -s $a.ss $a.ss3; check_rc "decap $a: tampered ciphertext gives another secret" $? 1
  "$CCE" decap -k $a.key -i $a.bad.ct -o $a.ss4 && cmp -s $a.ss3 $a.ss4
  check_rc "decap $a: implicit rejection is deterministic" $? 0
  "$CCE" encap -p $a.key -o $a.ct5 --secret $a.ss5; check_rc "encap $a with the private key file" $? 0
  "$CCE" decap -k $a.key -i $a.ct5 -o - | cmp -s - $a.ss5; check_rc "decap $a to standard output" $? 0
  head -c 100 $a.ct > $a.short.ct
  expect_fail "decap $a: short ciphertext refused" "ciphertext" "$CCE" decap -k $a.key -i $a.short.ct -o x.ss
done
"$CCE" decap -k mlkem768.key -i mlkem1024.ct -o x.ss 2> /dev/null; check_rc "decap: ciphertext of another set refused" $? 1
expect_fail "decap with a public key" "is a public key" "$CCE" decap -k mlkem768.pub -i mlkem768.ct -o x.ss
expect_fail "encap with an ML-DSA key" "ML-KEM key is needed" "$CCE" encap -p mldsa44.pub -o x.ct --secret x.ss
expect_fail "encap with an EC key" "ML-KEM key is needed" "$CCE" encap -p p384.key -o x.ct --secret x.ss
"$CCE" encap -p mlkem768.pub -o - --secret - > /dev/null 2>&1; check_rc "encap: both to stdout is a usage error" $? 2

# --- hybrid sealed files -------------------------------------------------------------
"$CCE" keygen -a p384-mlkem1024 -o hy.key; check_rc "keygen p384-mlkem1024" $? 0
check_eq "hybrid key: two PKCS#8 blocks" "$(grep -c 'BEGIN PRIVATE KEY' hy.key)" 2
"$CCE" pubkey -i hy.key -o hy.pub; check_rc "pubkey of the hybrid key" $? 0
check_eq "hybrid public key: two SPKI blocks" "$(grep -c 'BEGIN PUBLIC KEY' hy.pub)" 2
out=$("$CCE" inspect hy.pub); check_contains "inspect hybrid public key" "$out" "hybrid P-384 + ML-KEM-1024 public key"
id=$(printf '%s\n' "$out" | sed -n 's/^key id: *\([0-9a-f]*\).*/\1/p')
# Split the pair into one file per key.
awk '/BEGIN/{n++} {print > ("hyk" n ".pem")}' hy.key
awk '/BEGIN/{n++} {print > ("hyp" n ".pem")}' hy.pub
out=$("$CCE" inspect hyk1.pem); check_contains "hybrid key: P-384 part first" "$out" "P-384 private key"
out=$("$CCE" inspect hyk2.pem); check_contains "hybrid key: ML-KEM-1024 part second" "$out" "ML-KEM-1024 private key"
random_file data 200000
"$CCE" seal -r hy.pub -i data -o h.cce; check_rc "seal to a hybrid recipient" $? 0
out=$("$CCE" inspect h.cce); check_contains "inspect: hybrid stanza" "$out" "P-384+ML-KEM-1024 key id $id"
"$CCE" open -k hy.key -i h.cce -o h.out && cmp -s data h.out; check_rc "open with the hybrid private key" $? 0
"$CCE" open -k hyk2.pem+hyk1.pem -i h.cce -o h2.out && cmp -s data h2.out
check_rc "open with the two key files (KEM+EC)" $? 0
"$CCE" seal -r hyp1.pem+hyp2.pem -r p384.pub -i data -o h3.cce; check_rc "seal to p384.pub+mlkem1024.pub and P-384" $? 0
"$CCE" open -k hy.key -i h3.cce -o - | cmp -s - data; check_rc "open the two-file-sealed file" $? 0
"$CCE" open -k p384.key -i h3.cce -o - | cmp -s - data; check_rc "the P-384 recipient beside it" $? 0
expect_fail "hybrid file: the P-384 key alone does not open it" "no matching recipient" \
  "$CCE" open -k hyk1.pem -i h.cce -o x.out
expect_fail "hybrid file: the ML-KEM-1024 key alone does not open it" "alone cannot open" \
  "$CCE" open -k hyk2.pem -i h.cce -o x.out
"$CCE" keygen -a mlkem1024 -o kem2.key
expect_fail "hybrid file: right P-384, other ML-KEM-1024 key" "wrong key" "$CCE" open -k hyk1.pem+kem2.key -i h.cce -o x.out
"$CCE" keygen -a p384 -o ec2.key
expect_fail "hybrid file: other P-384, right ML-KEM-1024 key" "wrong key" "$CCE" open -k ec2.key+hyk2.pem -i h.cce -o x.out
expect_fail "hybrid: a public key cannot open" "must be private" "$CCE" open -k hy.pub -i h.cce -o x.out
expect_fail "seal: an ML-KEM key alone is no recipient" "alone cannot be a recipient" \
  "$CCE" seal -r mlkem1024.pub -i data -o x.cce
expect_fail "seal: ML-KEM-768 + P-384 is not the hybrid" "one P-384 key and one ML-KEM-1024" \
  "$CCE" seal -r p384.key+mlkem768.pub -i data -o x.cce
# A corrupted ML-KEM ciphertext in the stanza (offset 53 + 3 + 8 + 97 + 10).
cp h.cce hbad.cce; flip hbad.cce 171
expect_fail "hybrid stanza: corrupted ML-KEM ciphertext" "corrupted header" "$CCE" open -k hy.key -i hbad.cce -o x.out
cp h.cce hbad.cce; flip hbad.cce 100
expect_fail "hybrid stanza: corrupted ephemeral P-384 key" "corrupted header" "$CCE" open -k hy.key -i hbad.cce -o x.out
[ -e x.out ]; check_rc "no output left by the failures" $? 1

# --- ML-DSA-87 device signature ------------------------------------------------------
"$CCE" seal -r hy.pub --sign mldsa87.key -i data -o s.cce; check_rc "seal signed with ML-DSA-87" $? 0
out=$("$CCE" inspect s.cce); check_contains "inspect: ML-DSA-87 signer" "$out" "signer:      ML-DSA-87"
check_contains "inspect: 4627-byte signature" "$out" "signature of 4627 bytes"
fp=$("$CCE" inspect mldsa87.pub | sed -n 's/^fingerprint: *\([0-9a-f]*\).*/\1/p')
check_contains "inspect: signer fingerprint is the key's" "$out" "fingerprint $fp"
"$CCE" open -k hy.key --verify mldsa87.pub -i s.cce -o s.out && cmp -s data s.out
check_rc "open --verify ML-DSA-87" $? 0
"$CCE" open -k hy.key --verify mldsa87.key --range 1000:5000 -i s.cce -o s.part && cmp -s s.part <(head -c 6000 data | tail -c 5000)
check_rc "open --verify --range ML-DSA-87" $? 0
"$CCE" seal -r p384.pub -r hy.pub --sign mldsa87.key --threads 3 --chunk-size 1024 -i data -o s2.cce
"$CCE" open -k p384.key --verify mldsa87.pub --threads 3 -i s2.cce -o - | cmp -s - data
check_rc "ML-DSA-87 signed, 1 KiB chunks, 3 threads, P-384 recipient" $? 0
cp s.cce sbad.cce; flip sbad.cce -10
expect_fail "ML-DSA-87: tampered signature" "bad signature" "$CCE" open -k hy.key --verify mldsa87.pub -i sbad.cce -o x.out
cp s.cce sbad.cce; flip sbad.cce -5000
expect_fail "ML-DSA-87: tampered chunk" "corrupted" "$CCE" open -k hy.key --verify mldsa87.pub -i sbad.cce -o x.out
out=$("$CCE" inspect --verify mldsa87.pub s.cce); check_rc "inspect --verify ML-DSA-87 (no decryption key)" $? 0
check_contains "inspect --verify: verdict" "$out" "signature:   verified (ML-DSA-87"
"$CCE" inspect --verify mldsa87.pub s2.cce > /dev/null; check_rc "inspect --verify, 1 KiB chunks" $? 0
"$CCE" keygen -a mldsa87 -o dev2.key && "$CCE" pubkey -i dev2.key -o dev2.pub
expect_fail "ML-DSA-87: another device key" "another device key" "$CCE" open -k hy.key --verify dev2.pub -i s.cce -o x.out
expect_fail "inspect --verify: another device key" "another device key" "$CCE" inspect --verify dev2.pub s.cce
cp s.cce sbad.cce; flip sbad.cce -10
expect_fail "inspect --verify: tampered signature" "bad signature" "$CCE" inspect --verify mldsa87.pub sbad.cce
cp s.cce sbad.cce; flip sbad.cce 5000
expect_fail "inspect --verify: tampered chunk" "bad signature" "$CCE" inspect --verify mldsa87.pub sbad.cce
random_file empty 0
"$CCE" seal -r hy.pub --sign mldsa87.key -i empty -o e0.cce && "$CCE" inspect --verify mldsa87.pub e0.cce > /dev/null
check_rc "inspect --verify: empty plaintext" $? 0
"$CCE" open -k hy.key --verify mldsa87.pub -i e0.cce -o e0.out && [ ! -s e0.out ]; check_rc "open: empty plaintext" $? 0
expect_fail "ML-DSA-65 cannot sign sealed files" "cannot sign sealed files" "$CCE" seal -r hy.pub --sign mldsa65.key -i data -o x.cce
"$CCE" seal -r hy.pub -i data -o u.cce
expect_fail "--verify on an unsigned file" "not signed" "$CCE" open -k hy.key --verify mldsa87.pub -i u.cce -o x.out
[ -e x.out ]; check_rc "no output left by the failures" $? 1

# --- interoperability with an independent implementation -----------------------------
if python3 -c 'from cryptography.hazmat.primitives.asymmetric import mldsa, mlkem' 2> /dev/null; then
  python3 - "$CCE" > interop.txt 2>&1 <<'PYEOF'
import subprocess, sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import mldsa, mlkem
cce = sys.argv[1]
msg = open("msg", "rb").read()
def run(*a):
    return subprocess.run([cce] + list(a), capture_output=True).returncode
ok = True
def check(what, cond):
    global ok
    print(("ok: " if cond else "FAIL: ") + what)
    ok = ok and cond
for a, cls in [("mldsa44", mldsa.MLDSA44PrivateKey), ("mldsa65", mldsa.MLDSA65PrivateKey), ("mldsa87", mldsa.MLDSA87PrivateKey)]:
    sk = s.load_pem_private_key(open(a + ".key", "rb").read(), None)   # our PKCS#8 (seed form)
    pk = s.load_pem_public_key(open(a + ".pub", "rb").read())         # our SPKI
    check(a + ": same public key", sk.public_key().public_bytes_raw() == pk.public_bytes_raw())
    try:
        pk.verify(open(a + ".ctx.sig", "rb").read(), msg, b"flight 7"); check(a + ": our signature verifies there", True)
    except Exception:
        check(a + ": our signature verifies there", False)
    theirs = cls.generate()
    open(a + ".py.key", "wb").write(theirs.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
    open(a + ".py.pub", "wb").write(theirs.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo))
    open(a + ".py.sig", "wb").write(theirs.sign(msg, b"ctx"))
    check(a + ": their signature verifies here", run("verify", "-p", a + ".py.pub", "--context", "ctx", "-s", a + ".py.sig", "-i", "msg") == 0)
    check(a + ": their key signs here", run("sign", "-k", a + ".py.key", "-i", "msg", "-o", a + ".py2.sig") == 0)
    try:
        theirs.public_key().verify(open(a + ".py2.sig", "rb").read(), msg); check(a + ": and verifies there", True)
    except Exception:
        check(a + ": and verifies there", False)
for a, cls in [("mlkem768", mlkem.MLKEM768PrivateKey), ("mlkem1024", mlkem.MLKEM1024PrivateKey)]:
    sk = s.load_pem_private_key(open(a + ".key", "rb").read(), None)
    pk = s.load_pem_public_key(open(a + ".pub", "rb").read())
    ss, ct = pk.encapsulate()
    open(a + ".py.ct", "wb").write(ct)
    check(a + ": their ciphertext decapsulates here", run("decap", "-k", a + ".key", "-i", a + ".py.ct", "-o", a + ".py.ss") == 0
          and open(a + ".py.ss", "rb").read() == ss)
    check(a + ": our ciphertext decapsulates there", sk.decapsulate(open(a + ".ct", "rb").read()) == open(a + ".ss", "rb").read())
    theirs = cls.generate()
    open(a + ".py.key", "wb").write(theirs.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption()))
    check(a + ": their key encapsulates here", run("encap", "-p", a + ".py.key", "-o", a + ".py2.ct", "--secret", a + ".py2.ss") == 0
          and theirs.decapsulate(open(a + ".py2.ct", "rb").read()) == open(a + ".py2.ss", "rb").read())
sys.exit(0 if ok else 1)
PYEOF
  rc=$?
  cat interop.txt
  check_rc "interoperability with python3 cryptography (OpenSSL 3.5+)" $rc 0
else
  echo "skip: python3 cryptography without ML-KEM/ML-DSA: no interoperability checks"
fi
finish
