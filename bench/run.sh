#!/bin/sh
# Benchmarks, side by side in one run (not tests: nothing here passes or
# fails on timing). Usage, as root after `sh tests/deps.sh lab` and a build:
#   sh bench/run.sh [BUILD-DIR] [ROUNDS]
# 1. The same full session (STARTTLS, AUTH LOGIN, one small message) against
#    the lab's Postfix: smtpdbg run, swaks, and Python's smtplib as the
#    floor of an in-process client. Median wall time of ROUNDS (default 30).
# 2. A 100 MB message streamed to a local sink: throughput and peak RSS of
#    smtpdbg run (and swaks with a 50 MB one, as LAB-NOTES measured).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-30}
bin=$build/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v swaks >/dev/null || { echo "swaks is missing: apt-get install swaks" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work" # the servers run as other users and must reach the lab
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
mkdir "$work/lab"
trap 'sh tests/lab/stop.sh "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
sh tests/lab/start.sh "$work/lab" >/dev/null
. "$work/lab/lab.env"
export P="$LAB_PASSWORD"
H=127.0.0.1
printf 'Subject: bench\n\nhello\n' >"$work/msg"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

time_it() { # time_it NAME CMD...: ROUNDS runs, one wall time (ms) per line
	name=$1; shift
	: >"$work/$name.ms"
	i=0
	while [ $i -lt "$rounds" ]; do
		t0=$(now_ms)
		"$@" >/dev/null 2>&1 || { echo "$name failed" >&2; "$@" | tail -5 >&2; exit 1; }
		echo $(($(now_ms) - t0)) >>"$work/$name.ms"
		i=$((i + 1))
	done
	echo "$(median <"$work/$name.ms")"
}

smtpdbg_ms=$(time_it smtpdbg "$bin" run --starttls --cafile "$LAB_CAFILE" --auth LOGIN \
	--user "$LAB_USER" --password-env P --from "$LAB_USER" --to "$LAB_USER" \
	--body-file "$work/msg" "$H:$LAB_SUBMISSION_PORT")
swaks_ms=$(time_it swaks swaks --server "$H" --port "$LAB_SUBMISSION_PORT" --tls \
	--tls-ca-path "$LAB_CAFILE" --tls-verify --auth LOGIN --auth-user "$LAB_USER" \
	--auth-password "$LAB_PASSWORD" --from "$LAB_USER" --to "$LAB_USER" \
	--data "@$work/msg" --helo localhost)
floor_ms=$(time_it floor python3 bench/floor.py "$H" "$LAB_SUBMISSION_PORT" "$LAB_CAFILE" \
	"$LAB_USER" "$work/msg")

echo "full session, median of $rounds (ms): smtpdbg $smtpdbg_ms, swaks $swaks_ms, python smtplib $floor_ms"
awk -v a="$smtpdbg_ms" -v b="$swaks_ms" -v f="$floor_ms" \
	'BEGIN {printf "smtpdbg/swaks = %.2f (budget <= 0.40); smtpdbg/floor = %.2f (budget <= 1.2)\n", a/b, a/f}'

# Streaming: a 100 MB body to the sink.
head -c 100000000 /dev/urandom | base64 -w 76 | head -c 100000000 >"$work/big"
rm -f "$work/port"
python3 bench/sink.py "$work/port" &
sink=$!
while [ ! -s "$work/port" ]; do sleep 0.05; done
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" run --from a@bench.test --to b@bench.test \
	--body-file "$work/big" "$H:$(cat "$work/port")" >/dev/null
wait $sink
read -r secs kb <"$work/time"
awk -v s="$secs" -v k="$kb" 'BEGIN {printf "100 MB body: %.1f s, %.0f MiB/s, peak RSS %.1f MB (budget >= 100 MiB/s, < 32 MB)\n", s, 100000000/1048576/s, k/1024}'
