#!/bin/sh
# Self-test of the test lab, without smtpdbg: proves the real servers work.
# Usage: sh tests/lab/selftest.sh        (no arguments; as root)
#
# Starts the lab (tests/lab/start.sh) in a new mktemp -d directory, runs
# tests/lab/selftest.py against it with Debian's /usr/bin/python3 (Python's
# smtplib: STARTTLS and AUTH PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5, SCRAM on
# Postfix + Dovecot, implicit TLS verified against the lab CA, a wrong
# password, relaying refused and allowed, Exim STARTTLS with AUTH PLAIN,
# LOGIN and CRAM-MD5, each delivery checked in the Maildir), then stops the
# lab and checks that none of its processes is left. The lab is stopped and
# its directory removed however the script ends.
# The last line printed is "N passed, N failed"; the exit status is 0 only
# if nothing failed. Not root: prints "0 passed, 0 failed, 1 skipped" and
# exits 77 (for ctest's SKIP_RETURN_CODE). Needs the packages of
# `sh tests/deps.sh lab`; LAB_PORT_BASE and LAB_CACHE are passed on to
# start.sh. Takes a few seconds (the first run also downloads Exim).
set -u

here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "lab selftest: needs root (the lab starts real mail servers)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 77
fi

state=$(mktemp -d)
counts=$(mktemp)
stopped=
finish() {
	[ -n "$stopped" ] || sh "$here/stop.sh" "$state" >&2
	rm -rf "$state" "$counts"
}
trap finish EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0

t0=$(date +%s.%N)
if sh "$here/start.sh" "$state"; then
	t1=$(date +%s.%N)
	passed=$((passed + 1))
	echo "ok - the lab starts ($(echo "$t1 - $t0" | awk '{ printf "%.1f", $1 - $3 }') s)"
	(
		set -a
		# shellcheck disable=SC1091
		. "$state/lab.env"
		exec /usr/bin/python3 "$here/selftest.py" "$counts"
	)
	if read -r p f <"$counts" && [ -n "$p" ]; then
		passed=$((passed + p))
		failed=$((failed + f))
	else
		failed=$((failed + 1))
		echo "FAIL - selftest.py did not finish"
	fi
else
	failed=$((failed + 1))
	echo "FAIL - the lab starts (see above)"
fi

stopped=yes
if sh "$here/stop.sh" "$state" && [ -z "$(/usr/bin/python3 "$here/labctl.py" procs "$state")" ]; then
	passed=$((passed + 1))
	echo "ok - the lab stops and leaves no process behind"
else
	failed=$((failed + 1))
	echo "FAIL - the lab stops and leaves no process behind"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
