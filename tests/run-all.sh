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
# At the end (also after a failure) it prints the wall time of each stage
# and the total, for the CI budget.
# Usage: sh tests/run-all.sh   (from anywhere; builds in build/ and build-asan/)
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# Wall time per stage: stage NAME starts one (ending the one before),
# stage_done ends it; the table is printed on exit, whatever the outcome.
now() { date +%s; }
t_all=$(now)
stage_name= stage_t0=0 timings=
stage_done() {
	[ -n "$stage_name" ] || return 0
	s=$(($(now) - stage_t0))
	timings=$timings$(printf '  %-24s %5d s  %3d:%02d' "$stage_name" "$s" $((s / 60)) $((s % 60)))"
"
	stage_name=
}
stage() {
	stage_done
	stage_name=$1 stage_t0=$(now)
}
report() {
	status=$?
	failed=$stage_name
	stage_done
	s=$(($(now) - t_all))
	echo
	echo "== wall time per stage"
	printf '%s' "$timings"
	printf '  %-24s %5d s  %3d:%02d\n' total "$s" $((s / 60)) $((s % 60))
	[ -z "$failed" ] || echo "  (stopped in: $failed, exit status $status)"
	exit $status
}
trap report EXIT

stage deps
sh tests/deps.sh test

stage "build + test"
echo "== build and test (warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMTPDBG_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

# The heavy hostile scenarios (the 10 MB line, 100,000 EHLO lines, in
# tests/integration/test_hostile.sh and tests/tui/test_hostile.sh) run in
# this pass too: measured, they add at most a few seconds under ASan (either
# script takes 10-16 s with or without them), too little to be worth a
# switch to skip them. No memory bound is checked under a sanitizer.
stage "asan build + test"
echo "== build and test with ASan + UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSMTPDBG_SANITIZE=ON -DSMTPDBG_WERROR=ON
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j"$jobs"

stage valgrind
echo "== unit tests under valgrind"
sh tests/valgrind.sh build

stage fuzz
echo "== fuzz targets"
CC=clang cmake -S . -B build-fuzz -DSMTPDBG_FUZZ=ON -DSMTPDBG_TESTS=OFF -DSMTPDBG_WERROR=ON
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
stage_done
