#!/bin/sh
# The whole test suite, from a machine with nothing installed:
#   1. install the Debian packages the build and the tests need;
#   2. build with warnings as errors and run every test (ctest);
#   3. build with AddressSanitizer + UndefinedBehaviorSanitizer and run
#      every test again;
#   4. run the unit tests under valgrind;
#   5. build the libFuzzer targets with clang and run each for a fixed
#      number of inputs.
# Integration tests start real mail servers (tests/lab) on 127.0.0.1: they
# need root, as CI runs this.
# Usage: sh tests/run-all.sh   (from anywhere; builds in build/ and build-asan/)
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

sh tests/deps.sh test

echo "== build and test (warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMTPDBG_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build and test with ASan + UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSMTPDBG_SANITIZE=ON -DSMTPDBG_WERROR=ON
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== unit tests under valgrind"
sh tests/valgrind.sh build

echo "== fuzz targets"
CC=clang cmake -S . -B build-fuzz -DSMTPDBG_FUZZ=ON -DSMTPDBG_TESTS=OFF -DSMTPDBG_WERROR=ON
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
