#!/bin/sh
# PIPELINING and CHUNKING against plain sessions (a benchmark, not a test:
# nothing here fails on timing). The goal: a session with --pipeline, with
# --chunking, or with both is at least as fast as the same session without.
# Each pair is timed by farm-bench, A and B in turn (A B A B ...), so the
# ratio A/B is taken pair by pair; quote the medians.
#   1. a small message to four recipients on Postfix and on Exim: --pipeline
#      (one round trip for MAIL, RCPT x4, DATA) against one at a time;
#   2. a 20 MB message on Postfix: --chunking (1 MiB BDAT chunks) against
#      DATA, and --chunking --pipeline against DATA.
# Usage, as root after `sh tests/deps.sh lab` and a build:
#   sh bench/pipelining.sh [BUILD-DIR] [RUNS]
# LAB=STATEDIR uses a running lab instead of starting one.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-20}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v farm-bench >/dev/null || { echo "farm-bench is missing" >&2; exit 2; }

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
H=127.0.0.1
printf 'Subject: bench\n\nhello\n' >"$work/small"
python3 - "$work/big" <<'PY'
import sys
line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"Subject: bench big\n\n")
    for _ in range((20 << 20) // len(line)):
        f.write(line)
PY
rcpts="--to $LAB_USER --to postmaster@$LAB_DOMAIN --to $LAB_USER --to postmaster@$LAB_DOMAIN"

pair() { # pair TITLE 'A ARGS' 'B ARGS': A against B, B the plain session
	echo "== $1"
	# shellcheck disable=SC2086 # the arguments are words on purpose
	farm-bench -n "$runs" --timeout 900 --vs "$bin run $3" -- \
		"$bin" run $2
	echo
}

# the session's own check first: each variant must succeed
for args in "--pipeline --from $LAB_USER $rcpts --body-file $work/small $H:$LAB_MX_PORT" \
	"--chunking --pipeline --from $LAB_USER --to $LAB_USER --body-file $work/big $H:$LAB_MX_PORT"; do
	# shellcheck disable=SC2086
	"$bin" run $args >/dev/null || { echo "failed: smtpdbg run $args" >&2; exit 1; }
done

small="--from $LAB_USER $rcpts --body-file $work/small"
big="--from $LAB_USER --to $LAB_USER --body-file $work/big $H:$LAB_MX_PORT"
pair "Postfix, 4 recipients: --pipeline (A) vs one at a time (B)" \
	"--pipeline $small $H:$LAB_MX_PORT" "$small $H:$LAB_MX_PORT"
pair "Exim, 2 recipients: --pipeline (A) vs one at a time (B)" \
	"--pipeline --from $LAB_USER --to $LAB_USER --to $LAB_USER --body-file $work/small $H:$LAB_EXIM_PORT" \
	"--from $LAB_USER --to $LAB_USER --to $LAB_USER --body-file $work/small $H:$LAB_EXIM_PORT"
pair "Postfix, 20 MB: --chunking (A) vs DATA (B)" "--chunking $big" "$big"
pair "Postfix, 20 MB: --chunking --pipeline (A) vs DATA (B)" "--chunking --pipeline $big" "$big"
