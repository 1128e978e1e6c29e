#!/bin/sh
# Run every unit-test binary of a build under valgrind. Criterion runs each
# test in a child process and does not pass valgrind's verdict on, so every
# process writes its own log and any non-empty log is a failure.
# Usage: sh tests/valgrind.sh BUILD-DIR
set -eu
build=${1:?usage: sh tests/valgrind.sh BUILD-DIR}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
passed=0
failed=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if ! valgrind -q --trace-children=yes --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--log-file="$logs/$name.%p.log" "$t" --jobs 1 >"$logs/$name.out" 2>&1; then
		echo "valgrind: $name: tests failed"
		cat "$logs/$name.out"
		status=1
	fi
	bad=$(find "$logs" -name "$name.*.log" -size +0)
	if [ -n "$bad" ]; then
		echo "valgrind: $name: memory errors"
		cat $bad
		status=1
	fi
	if [ -z "$bad" ] && [ $status -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "valgrind: $passed passed, $failed failed"
exit $status
