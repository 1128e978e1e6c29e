#!/bin/sh
# smtpdbg against the floor: the same full session (STARTTLS, AUTH LOGIN,
# one small message, QUIT) against the lab's Postfix submission port, from
# `smtpdbg run` (A) and from bench/floor_client.c (B), a minimal blocking C
# client with OpenSSL that does that exchange and nothing else. Prints the
# median wall time of each and the median of the ratio A/B taken pair by
# pair; the project's goal is A/B <= 1.2. A benchmark, not a test: nothing
# here fails on timing. See bench/README.md for what it found.
# Usage, as root after `sh tests/deps.sh lab` and a build:
#   sh bench/floor.sh [BUILD-DIR] [RUNS]        (RUNS pairs, default 30)
# LAB=STATEDIR uses a lab already started with tests/lab/start.sh STATEDIR
# instead of starting (and stopping) one.
# PAIR_TIMER=CMD times the pairs with CMD instead of the loop below: it is
# called as `CMD -n RUNS --vs 'B' -- A...`, must run A and B in turn, and
# its output is printed as it is.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-30}
bin=$build/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v cc >/dev/null || { echo "a C compiler (cc) is missing" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work" # the servers run as other users and must reach the lab
if [ -n "${LAB:-}" ]; then
	trap 'rm -rf "$work"' EXIT
	. "$LAB/lab.env"
else
	: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
	export LAB_CACHE
	mkdir "$work/lab"
	trap 'sh tests/lab/stop.sh "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
	sh tests/lab/start.sh "$work/lab" >/dev/null
	. "$work/lab/lab.env"
fi
export P="$LAB_PASSWORD"
H=127.0.0.1

cc -O2 -o "$work/floor_client" bench/floor_client.c -lssl -lcrypto
# The floor sends this message too (CRLF line ends, "." added).
printf 'Subject: bench\n\nhello\n' >"$work/msg"

set -- "$bin" run --starttls --cafile "$LAB_CAFILE" --auth LOGIN --user "$LAB_USER" \
	--password-env P --from "$LAB_USER" --to "$LAB_USER" --body-file "$work/msg" \
	"$H:$LAB_SUBMISSION_PORT"
floor="$work/floor_client $H $LAB_SUBMISSION_PORT $LAB_CAFILE $LAB_USER P $LAB_USER $LAB_USER"

# Both must succeed (and the floor must see the same replies) before timing.
"$@" >"$work/check.out" 2>&1 || { echo "smtpdbg run failed:" >&2; tail -5 "$work/check.out" >&2; exit 1; }
$floor || { echo "the floor client failed" >&2; exit 1; }

if [ -n "${PAIR_TIMER:-}" ]; then
	$PAIR_TIMER -n "$runs" --vs "$floor" -- "$@"
	exit
fi

now_ns() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: >"$work/a" && : >"$work/b" && : >"$work/ratio"
"$@" >/dev/null 2>&1 && $floor # one warm-up pair, not counted
i=0
while [ $i -lt "$runs" ]; do # A B A B ...: a drift of the machine's speed hits both
	t0=$(now_ns)
	"$@" >/dev/null 2>&1 || { echo "smtpdbg run failed" >&2; exit 1; }
	t1=$(now_ns)
	$floor || exit 1
	t2=$(now_ns)
	a=$(((t1 - t0) / 1000)) b=$(((t2 - t1) / 1000))
	echo $a >>"$work/a"
	echo $b >>"$work/b"
	awk -v a=$a -v b=$b 'BEGIN {printf "%.4f\n", a / b}' >>"$work/ratio"
	i=$((i + 1))
done
awk -v a="$(median <"$work/a")" -v b="$(median <"$work/b")" -v r="$(median <"$work/ratio")" \
	-v n="$runs" 'BEGIN {printf "full session, median of %d pairs: smtpdbg %.1f ms, floor %.1f ms; smtpdbg/floor = %.2f (goal <= 1.2)\n", n, a / 1000, b / 1000, r}'
