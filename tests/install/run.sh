#!/bin/sh
# run.sh BUILD_DIR SOURCE_DIR CMAKE C_COMPILER
# Installs the OpenCCE build tree BUILD_DIR into a temporary prefix
# (cmake --install), then builds and runs the consumer in SOURCE_DIR
# (tests/install) three ways: find_package(cce) with cce::cce (shared), with
# cce::cce_static, and a plain compiler command line from `pkg-config cce`.
set -u
BUILD=${1:?usage: run.sh BUILD_DIR SOURCE_DIR CMAKE C_COMPILER}
SRC=${2:?}
CMAKE=${3:-cmake}
CC=${4:-cc}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cce-install-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix
fails=0
step() { echo "== $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

step "cmake --install $BUILD --prefix $PREFIX"
"$CMAKE" --install "$BUILD" --prefix "$PREFIX" > "$TMP/install.log" 2>&1 || {
  cat "$TMP/install.log"; echo "FAIL: cmake --install"; exit 1; }
for f in include/cce/hash.h include/cce/module.h; do
  [ -f "$PREFIX/$f" ] || bad "$f not installed"
done
CONFIG=$(find "$PREFIX" -name cceConfig.cmake | head -1)
[ -n "$CONFIG" ] || bad "cceConfig.cmake not installed"
PC=$(find "$PREFIX" -name cce.pc | head -1)
[ -n "$PC" ] || bad "cce.pc not installed"
CCE_TOOL=$PREFIX/bin/cce
if [ -x "$CCE_TOOL" ]; then
  # The installed tool finds the installed library through its RPATH.
  "$CCE_TOOL" --version > /dev/null || bad "installed cce --version"
  echo abc | env -u LD_LIBRARY_PATH "$CCE_TOOL" hash > /dev/null || bad "installed cce hash"
else
  bad "bin/cce not installed"
fi

for kind in shared static; do
  step "find_package(cce): $kind"
  opt=OFF
  [ $kind = static ] && opt=ON
  if "$CMAKE" -S "$SRC" -B "$TMP/build-$kind" -DCMAKE_PREFIX_PATH="$PREFIX" \
       -DCMAKE_C_COMPILER="$CC" -DCCE_CONSUMER_STATIC=$opt > "$TMP/cfg-$kind.log" 2>&1 &&
     "$CMAKE" --build "$TMP/build-$kind" > "$TMP/build-$kind.log" 2>&1; then
    if "$TMP/build-$kind/cce-consumer"; then
      echo "ok: find_package consumer ($kind)"
    else
      bad "find_package consumer ($kind) ran but failed"
    fi
  else
    cat "$TMP/cfg-$kind.log" "$TMP/build-$kind.log" 2> /dev/null | tail -30
    bad "find_package consumer ($kind) did not build"
  fi
done

step "pkg-config cce"
if command -v pkg-config > /dev/null 2>&1 && [ -n "$PC" ]; then
  PKG_CONFIG_PATH=$(dirname "$PC")
  export PKG_CONFIG_PATH
  cflags=$(pkg-config --cflags cce) && libs=$(pkg-config --libs cce) || bad "pkg-config cce"
  libdir=$(pkg-config --variable=libdir cce)
  # The .pc file must describe where the files are, not where the build
  # tree once meant to install them.
  case "$libdir" in
    "$PREFIX"/*) echo "ok: pkg-config libdir is in the prefix" ;;
    *) bad "pkg-config libdir '$libdir' is outside the install prefix $PREFIX" ;;
  esac
  echo "cc main.c $cflags $libs"
  # shellcheck disable=SC2086
  if "$CC" -std=c11 -o "$TMP/consumer-pc" "$SRC/main.c" $cflags $libs; then
    if LD_LIBRARY_PATH=$libdir "$TMP/consumer-pc"; then
      echo "ok: pkg-config consumer"
    else
      bad "pkg-config consumer ran but failed"
    fi
  else
    bad "pkg-config consumer did not build"
  fi
else
  echo "skip: pkg-config not found"
fi

echo "$fails failures"
[ "$fails" -eq 0 ]
