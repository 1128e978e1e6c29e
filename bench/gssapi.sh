#!/bin/sh
# GSSAPI against PLAIN on the same Postfix+Dovecot (tests/lab/gssapi.sh):
# one full session each (STARTTLS, AUTH, one small message), timed by
# farm-bench in turns (A B A B, medians). GSSAPI's extra cost is the
# service ticket (one round trip to the KDC on loopback, asked for afresh
# in every run: each run gets a new copy of the cache holding only the
# ticket-granting ticket), two more AUTH round trips and the ticket's
# decryption at the server. Usage, as root after a build:
#   sh bench/gssapi.sh [BUILD-DIR] [RUNS]
# Not a test: nothing here passes or fails on timing.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-20}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v farm-bench >/dev/null || { echo "farm-bench is missing" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/lab"
trap 'sh tests/lab/gssapi.sh stop "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
sh tests/lab/gssapi.sh start "$work/lab" >/dev/null
. "$work/lab/gss.env"
export KRB5_CONFIG
echo "$GSS_PASSWORD" | KRB5CCNAME=FILE:$work/tgt kinit "$GSS_USER" >/dev/null
printf 'Subject: bench\n\nhello\n' >"$work/msg"
U=tester@lab.test
common="--starttls --cafile $GSS_CAFILE --verify-name $GSS_HOST --from $U --to $U \
--body-file $work/msg 127.0.0.1:$GSS_PORT"

# A fresh copy of the TGT cache each run, so the service ticket is asked for.
cat >"$work/gss.sh" <<EOF
cp "$work/tgt" "$work/cc.\$\$"
KRB5CCNAME=FILE:$work/cc.\$\$ "$bin" run --auth GSSAPI --gss-host $GSS_HOST $common >/dev/null
rc=\$?
rm -f "$work/cc.\$\$"
exit \$rc
EOF
cat >"$work/plain.sh" <<EOF
P='$GSS_PASSWORD' exec "$bin" run --auth PLAIN --user tester --password-env P $common >/dev/null
EOF
sh "$work/gss.sh" && sh "$work/plain.sh" || { echo "a session failed" >&2; exit 1; }
farm-bench -n "$runs" --vs "sh $work/plain.sh" -- sh "$work/gss.sh"
