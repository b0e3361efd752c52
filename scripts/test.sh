#!/bin/sh
# The test command: installs what the tests need, builds everything with gcc
# (-Werror) and runs the whole suite with ctest (which also builds and tests
# the clang, ASan+UBSan and ThreadSanitizer configurations).
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
: "${CCE_VECTORS:=$(cd .. && pwd)/shared/vectors}"
export CCE_VECTORS
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 1200
