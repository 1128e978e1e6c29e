#!/bin/sh
# Long fuzz runs (not tests: the short, fixed-input runs are in the test
# suite). Builds the libFuzzer targets with clang, runs each for SECONDS
# (default 300) from its corpus, and prints per target the executions, the
# coverage reached and whether it crashed; a crashing input is kept in
# bench-fuzz/crashes/ for a regression seed.
# Usage: sh bench/fuzz.sh [SECONDS] [TARGET...]   (after sh tests/deps.sh test)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-300}
[ $# -gt 0 ] && shift
build=build-fuzz
CC=clang cmake -S . -B "$build" -DSMTPDBG_FUZZ=ON -DSMTPDBG_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
out=bench-fuzz
mkdir -p "$out/crashes"
targets=${*:-$(ls "$build"/tests/fuzz/fuzz_* 2>/dev/null | sed 's|.*/fuzz_||' | grep -v '\.')}
printf '%-16s %12s %8s %8s  %s\n' target executions cov ft result
status=0
for t in $targets; do
	bin=$build/tests/fuzz/fuzz_$t
	[ -x "$bin" ] || { echo "no target $t" >&2; status=2; continue; }
	corpus=$out/corpus-$t
	mkdir -p "$corpus"
	log=$out/$t.log
	result=ok
	# New inputs go to the scratch corpus; the committed seeds are read only.
	if ! "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$out/crashes/$t-" \
		"$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
		result="CRASH (see $log)"
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	printf '%-16s %12s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $status
