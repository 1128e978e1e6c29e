#!/bin/sh
# What DANE costs `run`: the same STARTTLS session to the lab's Postfix MX
# port through `--mx`, with the TLSA lookup and OpenSSL's matching
# (`--dane auto`, a DANE-EE record validated by a local unbound) and
# without (`--dane off`), A B A B with farm-bench. A benchmark, not a
# test: nothing fails on timing. Needs root (the lab), farm-bench,
# unbound and ldnsutils.
# Usage, after a build: sh bench/dane.sh [BUILD-DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-10}
SMTPDBG=$(cd "$build" && pwd)/smtpdbg
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/lab"
dnssec_pid=
trap '[ -z "$dnssec_pid" ] || kill "$dnssec_pid" 2>/dev/null; sh "$here/tests/lab/stop.sh" "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
sh "$here/tests/lab/start.sh" "$work/lab" >"$work/start.log" 2>&1 || { cat "$work/start.log"; exit 1; }
. "$work/lab/lab.env"
. "$here/tests/cli/dnssec_lib.sh"
dnssec_tools
p=$LAB_MX_PORT
ee=$(openssl x509 -in "$LAB_STATEDIR/tls/server.pem" -noout -pubkey | openssl pkey -pubin -outform DER |
	openssl dgst -sha256 -binary | od -An -tx1 -v | tr -d ' \n')
cat >"$work/bench.lab.zone" <<ZONE
\$ORIGIN bench.lab.
\$TTL 300
@ IN SOA ns.bench.lab. hostmaster.bench.lab. 1 3600 600 86400 300
@ IN NS ns
ns IN A 127.0.0.1
@ IN MX 10 mx
mx IN A 127.0.0.1
_$p._tcp.mx IN TLSA 3 1 1 $ee
ZONE
dnssec_sign bench.lab
dnssec_start bench.lab
common="run --mx --resolver 127.0.0.1:$dnssec_port --starttls --quit-after tls --quiet --cafile $LAB_CAFILE --verify-name localhost bench.lab:$p"
"$SMTPDBG" $common --dane require >/dev/null || { echo "the DANE session failed"; exit 1; }
echo "== A: --dane auto (TLSA looked up, DANE-EE matched, validated); B: --dane off"
farm-bench -n "$runs" --vs "$SMTPDBG $common --dane off" -- "$SMTPDBG" $common --dane auto
