#!/bin/bash
# cce seal / open / inspect: round trips, several recipients, passphrases,
# signatures, random access, every tampering case, atomic output.
# Usage: seal.sh /path/to/cce
# Env: CCE_SEAL_BIG_MIB (default 2048): size of the streamed pipe test.
CCE=${1:?usage: seal.sh /path/to/cce}
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
export CCE_PASSPHRASE=
unset CCE_PASSPHRASE

# expect_fail WHAT NEEDLE CMD...: exit 1 and NEEDLE in stderr.
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
# no_file WHAT PATH: PATH and its temporaries do not exist.
no_file() {
  if [ -e "$2" ] || ls -a "$(dirname "$2")" | grep -q "^\.$(basename "$2")\."; then fail "$1: output left behind"; else pass "$1: nothing left behind"; fi
}

# --- keys ---------------------------------------------------------------------
for k in p256 p384 x25519 ed25519 p521; do
  "$CCE" keygen -a $k -o $k.key && "$CCE" pubkey -i $k.key -o $k.pub || fail "keygen $k"
done
"$CCE" keygen -a p384 -o p384b.key && "$CCE" pubkey -i p384b.key -o p384b.pub
"$CCE" keygen -a p384 -o dev384.key && "$CCE" pubkey -i dev384.key -o dev384.pub

# --- round trips at the chunk boundaries, 1 and 3 threads -------------------------
C=65536
for n in 0 1 $((C - 1)) $C $((C + 1)) $((3 * C)) $((3 * C + 17)); do
  random_file in.$n $n
  for t in 1 3; do
    "$CCE" seal -r p384.pub --threads $t -i in.$n -o s.$n.$t && \
      "$CCE" open -k p384.key --threads $((4 - t)) -i s.$n.$t -o o.$n.$t && cmp -s in.$n o.$n.$t
    check_rc "round trip $n bytes, seal $t thread(s), open $((4 - t))" $? 0
  done
  exp=$(( $(stat -c %s s.$n.1) ))
  check_eq "sealed size of $n bytes is the same on both paths" "$(stat -c %s s.$n.3)" "$exp"
done
# The format is canonical: each sealed size is header + plaintext + 16 per chunk.
h=$("$CCE" inspect s.1.1 | sed -n 's/^header: *\([0-9]*\) bytes.*/\1/p')
check_eq "size formula, 0 bytes" "$(stat -c %s s.0.1)" "$((h + 16))"
check_eq "size formula, C bytes" "$(stat -c %s s.$C.1)" "$((h + C + 16))"
check_eq "size formula, C+1 bytes" "$(stat -c %s s.$((C + 1)).1)" "$((h + C + 1 + 32))"

# stdin -> stdout
random_file in.pipe 300000
cat in.pipe | "$CCE" seal -r p256.pub | "$CCE" open -k p256.key > out.pipe; check_rc "pipe round trip (P-256)" $? 0
cmp -s in.pipe out.pipe; check_rc "pipe output matches" $? 0

# --- several recipients, each alone opens -----------------------------------------
CCE_PASSPHRASE="correct horse battery staple" "$CCE" seal -r p256.pub -r p384.pub -r x25519.pub -r p384b.pub -p \
  --iterations 2000 -i in.pipe -o multi.cce; check_rc "seal to 5 recipients" $? 0
for k in p256 p384 x25519 p384b; do
  "$CCE" open -k $k.key -i multi.cce -o m.$k && cmp -s in.pipe m.$k; check_rc "recipient $k alone opens" $? 0
done
CCE_PASSPHRASE="correct horse battery staple" "$CCE" open -p -i multi.cce -o m.pass && cmp -s in.pipe m.pass
check_rc "passphrase recipient opens" $? 0
printf 'correct horse battery staple\n' > pass.txt
"$CCE" open --passphrase-file pass.txt -i multi.cce -o m.pf && cmp -s in.pipe m.pf; check_rc "--passphrase-file" $? 0
ins=$("$CCE" inspect multi.cce)
check_contains "inspect: recipients count" "$ins" "recipients:  5"
check_contains "inspect: passphrase iterations" "$ins" "PBKDF2-HMAC-SHA-512, 2000 iterations"
check_contains "inspect: X25519 not approved" "$ins" "(not approved)"
kid=$(openssl pkey -pubin -in p384.pub -outform DER 2> /dev/null | sha256sum | cut -c1-16)
[ -n "$kid" ] && check_contains "inspect: key id = SHA-256(SPKI) as openssl computes it" "$ins" "key id $kid"
check_contains "inspect: plaintext size" "$ins" "(300000 bytes)"

# --- wrong key, no matching recipient, wrong passphrase ---------------------------
"$CCE" seal -r p384.pub -i in.1 -o one.cce
expect_fail "wrong key (another P-384 key)" "wrong key" "$CCE" open -k p384b.key -i one.cce -o bad.out
no_file "wrong key" bad.out
expect_fail "no matching recipient (P-256 key, P-384 file)" "no matching recipient" "$CCE" open -k p256.key -i one.cce -o bad.out
expect_fail "no passphrase recipient" "no matching recipient" env CCE_PASSPHRASE=x "$CCE" open -p -i one.cce -o bad.out
expect_fail "Ed25519 key cannot open" "wrong key" "$CCE" open -k ed25519.key -i one.cce -o bad.out
expect_fail "public key given to open" "private key is needed" "$CCE" open -k p384.pub -i one.cce -o bad.out
expect_fail "wrong passphrase" "wrong passphrase" env CCE_PASSPHRASE=nope "$CCE" open -p -i multi.cce -o bad.out
no_file "wrong passphrase" bad.out
expect_fail "P-521 recipient refused" "cannot be a recipient" "$CCE" seal -r p521.pub -i in.1 -o bad.out
expect_fail "not a sealed file" "not a sealed file" "$CCE" open -k p384.key -i in.pipe -o bad.out

# --- signatures ---------------------------------------------------------------------
for d in dev384 ed25519; do
  "$CCE" seal -r p384.pub --sign $d.key -i in.pipe -o sig.$d.cce
  "$CCE" open -k p384.key --verify $d.pub -i sig.$d.cce -o sig.$d.out && cmp -s in.pipe sig.$d.out
  check_rc "signed by $d, verified" $? 0
  cat sig.$d.cce | "$CCE" open -k p384.key --verify $d.pub --threads 1 | cmp -s - in.pipe
  check_rc "signed by $d, verified from a pipe" $? 0
  "$CCE" open -k p384.key -i sig.$d.cce | cmp -s - in.pipe; check_rc "signed file opens without --verify" $? 0
done
check_contains "inspect: signer" "$("$CCE" inspect sig.dev384.cce)" "signer:      ECDSA P-384"
expect_fail "verify with another device key" "bad signature" "$CCE" open -k p384.key --verify dev384.pub -i sig.ed25519.cce -o bad.out
expect_fail "verify an unsigned file" "bad signature: the file is not signed" "$CCE" open -k p384.key --verify dev384.pub -i one.cce -o bad.out
cp sig.dev384.cce sigbad.cce
sz=$(stat -c %s sigbad.cce)
flip_byte sigbad.cce $((sz - 5))
expect_fail "altered signature" "bad signature" "$CCE" open -k p384.key --verify dev384.pub -i sigbad.cce -o bad.out
no_file "altered signature" bad.out
expect_fail "altered signature (range)" "bad signature" "$CCE" open -k p384.key --verify dev384.pub --range 0:10 -i sigbad.cce
expect_fail "sign with an X25519 key" "cannot sign" "$CCE" seal -r p384.pub --sign x25519.key -i in.1 -o bad.out

# --- random access -------------------------------------------------------------------
random_file big.in 1000000
"$CCE" seal -r p384.pub --sign dev384.key -i big.in -o big.cce
for r in 0:1 65535:2 65536:65536 123456:300000 999999:1 999990:100 0:1000000 500000:; do
  off=${r%%:*}; len=${r#*:}
  if [ -z "$len" ]; then len=$((1000000 - off)); fi
  [ $((off + len)) -gt 1000000 ] && len=$((1000000 - off))
  "$CCE" open -k p384.key --range "$r" -i big.cce > r.out && cmp -s r.out <(tail -c +$((off + 1)) big.in | head -c $len)
  check_rc "--range $r" $? 0
done
"$CCE" open -k p384.key --verify dev384.pub --range 10:10 -i big.cce | cmp -s - <(tail -c +11 big.in | head -c 10)
check_rc "--range with --verify" $? 0
expect_fail "--range beyond the end" "beyond the end" "$CCE" open -k p384.key --range 1000001:1 -i big.cce
cp big.cce bigbad.cce
flip_byte bigbad.cce $((h + 65552 * 3 + 100)) 255
expect_fail "--range over a corrupted chunk" "chunk 3 does not authenticate" "$CCE" open -k p384.key --range 200000:10 -i bigbad.cce
"$CCE" open -k p384.key --range 0:10 -i bigbad.cce > /dev/null; check_rc "--range elsewhere does not read the bad chunk" $? 0

# --- tampering: every header byte ------------------------------------------------------
# Small chunks (1 KiB) so that a file has many chunks.
CS=1024; ST=$((CS + 16))
random_file t.in $((5 * CS + 100))
"$CCE" seal -r p384.pub --sign dev384.key --chunk-size $CS -i t.in -o t.cce
"$CCE" seal -r p384.pub --chunk-size $CS -i t.in -o u.cce   # unsigned
"$CCE" seal -r p384.pub --chunk-size $CS -i t.in -o other.cce
H=$("$CCE" inspect u.cce | sed -n 's/^header: *\([0-9]*\) bytes.*/\1/p')
HS=$("$CCE" inspect t.cce | sed -n 's/^header: *\([0-9]*\) bytes.*/\1/p')
"$CCE" open -k p384.key -i u.cce -o u.out && cmp -s u.out t.in; check_rc "1 KiB chunks round trip" $? 0
bad=0
for ((i = 0; i < HS; i++)); do
  cp t.cce x.cce
  b=$(od -An -tu1 -j$i -N1 x.cce | tr -d ' ')
  printf "$(printf '\\%03o' $(( (b ^ 0x04) & 255 )))" | dd of=x.cce bs=1 seek=$i conv=notrunc 2> /dev/null
  "$CCE" open -k p384.key --verify dev384.pub -i x.cce -o x.out 2> x.err
  rc=$?
  if [ $rc -ne 1 ] || [ -e x.out ] || ! grep -qE "corrupted|not a sealed file|not supported|unsupported|wrong key|no matching recipient|truncated|bad signature" x.err; then
    bad=$((bad + 1)); echo "  header byte $i: exit $rc: $(cat x.err)"
  fi
done
[ $bad -eq 0 ] && pass "every one of the $HS header bytes altered: detected, nothing written" || fail "$bad header bytes altered undetected"
# The header MAC catches what the parser accepts (a salt byte), with its own message.
cp u.cce x.cce; printf '\x00\x00' | dd of=x.cce bs=1 seek=16 conv=notrunc 2> /dev/null
expect_fail "altered nonce prefix: header MAC" "header MAC" "$CCE" open -k p384.key -i x.cce -o x.out

# --- tampering: chunks (unsigned file; H header bytes, 6 chunks) ---------------------
chunk() { tail -c +$((H + $2 * ST + 1)) "$1" | head -c $ST; }
hdr() { head -c $H "$1"; }
cp u.cce x.cce; flip_byte x.cce $((H + 2 * ST + 7)) 128
expect_fail "flipped bit in chunk 2" "chunk 2 (plaintext offset 2048) does not authenticate" "$CCE" open -k p384.key -i x.cce -o x.out
no_file "flipped bit" x.out
cp u.cce x.cce; flip_byte x.cce $((H + 1 * ST + CS + 3)) 128
expect_fail "flipped bit in the tag of chunk 1" "chunk 1 " "$CCE" open -k p384.key -i x.cce -o x.out
{ hdr u.cce; chunk u.cce 0; chunk u.cce 2; chunk u.cce 3; chunk u.cce 4; chunk u.cce 5; } > x.cce
expect_fail "dropped chunk 1" "chunk 1 " "$CCE" open -k p384.key -i x.cce -o x.out
{ hdr u.cce; chunk u.cce 0; chunk u.cce 1; chunk u.cce 1; chunk u.cce 2; chunk u.cce 3; chunk u.cce 4; chunk u.cce 5; } > x.cce
expect_fail "duplicated chunk 1" "chunk 2 " "$CCE" open -k p384.key -i x.cce -o x.out
{ hdr u.cce; chunk u.cce 0; chunk u.cce 2; chunk u.cce 1; chunk u.cce 3; chunk u.cce 4; chunk u.cce 5; } > x.cce
expect_fail "reordered chunks 1 and 2" "chunk 1 " "$CCE" open -k p384.key -i x.cce -o x.out
{ hdr u.cce; chunk u.cce 0; chunk other.cce 1; chunk u.cce 2; chunk u.cce 3; chunk u.cce 4; chunk u.cce 5; } > x.cce
expect_fail "foreign chunk 1 (same recipient, another file)" "chunk 1 " "$CCE" open -k p384.key -i x.cce -o x.out
{ hdr other.cce; chunk u.cce 0; chunk other.cce 1; chunk other.cce 2; chunk other.cce 3; chunk other.cce 4; chunk other.cce 5; } > x.cce
expect_fail "foreign chunk 0" "chunk 0 " "$CCE" open -k p384.key -i x.cce -o x.out
# Truncation at every chunk boundary (0 .. 5 whole chunks) and inside a chunk.
for k in 0 1 2 3 4 5; do
  head -c $((H + k * ST)) u.cce > x.cce
  expect_fail "truncated after $k chunks" "truncated" "$CCE" open -k p384.key -i x.cce -o x.out
  no_file "truncated after $k chunks" x.out
  cat x.cce | "$CCE" open -k p384.key --threads 2 > x.pipe 2> x.err; rc=$?
  [ $rc -eq 1 ] && grep -q truncated x.err && pass "truncated after $k chunks, stdout: exit 1" || fail "truncated after $k chunks, stdout: exit $rc"
done
head -c $((H + 2 * ST + 500)) u.cce > x.cce
expect_fail "truncated inside chunk 2" "chunk 2 (plaintext offset 2048) does not authenticate (corrupted, or the file was truncated)" "$CCE" open -k p384.key -i x.cce -o x.out
head -c $(( $(stat -c %s u.cce) - 1 )) u.cce > x.cce
expect_fail "last byte cut" "chunk 5 " "$CCE" open -k p384.key -i x.cce -o x.out
head -c $((H - 3)) u.cce > x.cce
expect_fail "truncated inside the header" "truncated" "$CCE" open -k p384.key -i x.cce -o x.out
# Appended bytes.
{ cat u.cce; printf 'x'; } > x.cce
expect_fail "one byte appended" "chunk 5 " "$CCE" open -k p384.key -i x.cce -o x.out
{ cat u.cce; chunk u.cce 1; } > x.cce
expect_fail "a chunk appended" "does not authenticate" "$CCE" open -k p384.key -i x.cce -o x.out
{ cat t.cce; printf 'x'; } > x.cce
expect_fail "byte appended after the signature" "chunk 5 " "$CCE" open -k p384.key --verify dev384.pub -i x.cce -o x.out
# Swap the signature onto another file.
{ cat u.cce; tail -c 96 t.cce; } > x.cce
expect_fail "unsigned header with a signature appended" "chunk" "$CCE" open -k p384.key -i x.cce -o x.out

# --- output safety ---------------------------------------------------------------------
expect_fail "refuse to overwrite the input" "refusing to overwrite the input" "$CCE" seal -r p384.pub -i in.1 -o in.1
cmp -s in.1 <(head -c 1 in.1) && pass "input untouched"
echo old > keep.out
expect_fail "failed open keeps the old output" "wrong key" "$CCE" open -k p384b.key -i one.cce -o keep.out
check_eq "old output still there" "$(cat keep.out)" "old"
# A killed seal (SIGKILL and SIGTERM) leaves no output and no temporary file.
for sig in KILL TERM; do
  mkdir -p kill.$sig
  head -c 100000000000 /dev/zero | "$CCE" seal -r p384.pub -q -o kill.$sig/out.cce 2> /dev/null &
  pid=$!
  sleep 1.5
  kill -$sig $pid 2> /dev/null
  wait $pid 2> /dev/null
  check_eq "killed (SIG$sig) seal leaves nothing" "$(ls -A kill.$sig)" ""
done

# --- a large stream through a pipe (generated, not stored) ----------------------------
MIB=${CCE_SEAL_BIG_MIB:-2048}
want=$(head -c $((MIB * 1048576)) /dev/zero | "$CCE" hash -a sha256 - | cut -c1-64)
t0=$(date +%s.%N)
got=$(head -c $((MIB * 1048576)) /dev/zero | "$CCE" seal -r p384.pub -q | "$CCE" open -k p384.key -q | "$CCE" hash -a sha256 - | cut -c1-64)
t1=$(date +%s.%N)
check_eq "$MIB MiB stream through seal | open ($(echo "$t1 - $t0" | bc 2> /dev/null || echo ?) s)" "$got" "$want"

finish
