#!/bin/sh
# Installs, with apt-get, whatever the tests need and this machine lacks.
# Debian 12 package names. Run as root (or with sudo available).
set -e
need=""
for p in cmake gcc clang pkg-config libjansson-dev libssl-dev libsodium-dev openssl valgrind python3 coreutils opensc gnutls-bin softhsm2 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "scripts/deps.sh: installing:$need"
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
