#!/bin/sh
# Run every unit-test binary of a build under valgrind, as many at once as
# there are processors. Criterion runs each test in a child process and does
# not pass valgrind's verdict on, so every process writes its own log and
# any non-empty log is a failure.
# Usage: sh tests/valgrind.sh BUILD-DIR
set -eu

# One binary: sh tests/valgrind.sh --one BINARY LOGDIR writes LOGDIR/NAME.result
if [ "${1:-}" = --one ]; then
	t=$2 logs=$3
	name=$(basename "$t")
	result=ok
	if ! valgrind -q --trace-children=yes --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--log-file="$logs/$name.%p.log" "$t" --jobs 1 >"$logs/$name.out" 2>&1; then
		result="tests failed"
	fi
	if [ -n "$(find "$logs" -name "$name.*.log" -size +0)" ]; then
		result="memory errors"
	fi
	echo "$result" >"$logs/$name.result"
	exit 0
fi

build=${1:?usage: sh tests/valgrind.sh BUILD-DIR}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
jobs=$(nproc 2>/dev/null || echo 2)
for t in "$build"/tests/test_*; do
	[ -x "$t" ] && printf '%s\n' "$t"
done | xargs -P "$jobs" -I{} sh "$0" --one {} "$logs"

status=0
passed=0
failed=0
for r in "$logs"/*.result; do
	name=$(basename "$r" .result)
	result=$(cat "$r")
	if [ "$result" = ok ]; then
		passed=$((passed + 1))
		continue
	fi
	echo "valgrind: $name: $result"
	cat "$logs/$name.out"
	find "$logs" -name "$name.*.log" -size +0 -exec cat {} +
	failed=$((failed + 1))
	status=1
done
[ $((passed + failed)) -gt 0 ] || { echo "valgrind: no test binaries in $build/tests"; exit 1; }
echo "valgrind: $passed passed, $failed failed"
exit $status
