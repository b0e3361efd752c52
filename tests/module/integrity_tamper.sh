#!/bin/sh
# integrity_tamper.sh CCE LIBCCE WORKDIR
set -u
cce=$1 lib=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir/good" "$dir/bad"
soname=$(readelf -dW "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
[ -n "$soname" ] || { echo "no SONAME in $lib"; exit 1; }
cp "$lib" "$dir/good/$soname"
cp "$lib" "$dir/bad/$soname"
fails=0
LD_LIBRARY_PATH="$dir/good" "$cce" selftest >"$dir/good.out" 2>&1 || { echo "FAIL: unmodified library fails its self-tests"; cat "$dir/good.out"; fails=$((fails+1)); }
# First executable PT_LOAD segment: offset and file size (hex).
set -- $(readelf -lW "$lib" | awk '$1=="LOAD" && $0 ~ / R E / {print $2, $5; exit}')
off=$(( $1 + $2 / 2 ))
byte=$(od -An -tu1 -j "$off" -N1 "$dir/bad/$soname" | tr -d ' ')
new=$(( byte ^ 1 ))
printf "$(printf '\\%03o' "$new")" | dd of="$dir/bad/$soname" bs=1 seek="$off" conv=notrunc status=none
if LD_LIBRARY_PATH="$dir/bad" "$cce" selftest >"$dir/bad.out" 2>&1; then
  echo "FAIL: a changed code byte at offset $off was not detected"; fails=$((fails+1))
fi
grep -qi "integrity" "$dir/bad.out" || { echo "FAIL: cce selftest does not name the integrity test"; cat "$dir/bad.out"; fails=$((fails+1)); }
if LD_LIBRARY_PATH="$dir/bad" "$cce" hash -a sha256 "$0" >"$dir/bad-hash.out" 2>&1; then
  echo "FAIL: cce hash worked with a tampered module"; fails=$((fails+1))
fi
if LD_LIBRARY_PATH="$dir/bad" "$cce" info >"$dir/bad-info.out" 2>&1; then
  echo "FAIL: cce info exits 0 with a tampered module"; fails=$((fails+1))
fi
echo "$((5 - fails)) passed, $fails failed"
[ $fails -eq 0 ]
