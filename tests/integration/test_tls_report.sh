# smtpdbg tls-report against small TLS servers serving certificates made
# here (tls_smtpd.py: expired, SHA-1, 1024-bit, missing intermediate, the
# name of another host, 50 certificates, a stall mid-handshake) and against
# the lab's Postfix (STARTTLS and implicit TLS): each finding, --json, the
# exit statuses.
# Run by ctest as: sh test_tls_report.sh PATH-TO-SMTPDBG. Needs root (the
# lab) and openssl, python3 (sh tests/deps.sh test).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)
. "$here/tls_certs.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work"
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
mkdir "$work/lab" "$work/c"
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; sh "$lab/stop.sh" "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
mkcerts "$work/c" || { echo "FAIL: cannot make the certificates"; exit 1; }
C=$work/c

serve() { # serve NAME MODE CHAIN KEY: the port in $port
	python3 "$here/tls_smtpd.py" "$2" "$C/$3" "$C/$4" "$work/$1.port" "$work/$1.sni" &
	pids="$pids $!"
	i=0
	while [ ! -s "$work/$1.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(cat "$work/$1.port")
}

report() { # report NAME WANT-EXIT ARGS...
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	timeout 60 "$SMTPDBG" tls-report "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 25
		failures=$((failures + 1))
	fi
}

has() { # has NAME TEXT
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output lacks '$2'"
		sed 's/^/  | /' "$work/$1.out" | tail -n 12
		failures=$((failures + 1))
	fi
}

lacks() { # lacks NAME TEXT
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output has '$2'"
		failures=$((failures + 1))
	fi
}

V="--cafile $C/ca.pem --verify-name mail.example.org"

serve good starttls good-chain.pem good.key
report good 0 $V "127.0.0.1:$port"
has good "TLS 1.3  accepted  TLS_"
has good "TLS 1.2  accepted  ECDHE-ECDSA-"
has good "TLS 1.1  refused"
has good "P-256    accepted"
has good "Certificate chain (2 certificates sent):"
has good "[ok] the chain leads to a trusted certificate authority"
has good '[ok] the certificate is valid for "mail.example.org"'
lacks good "[problem]"
has good "Verdict: note"
has good "Session resumption: accepted"
report goodjson 0 $V --json "127.0.0.1:$port"
checks=$((checks + 1))
python3 - "$work/goodjson.out" <<'PY' || { echo "FAIL: --json"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
v = {x["version"]: x["result"] for x in r["versions"]}
assert v == {"1.0": "refused", "1.1": "refused", "1.2": "accepted", "1.3": "accepted"}, v
assert len(r["chain"]) == 2 and r["chain"][0]["key_type"] == "EC", r["chain"]
assert r["chain"][1]["subject"] == "CN=Test-Intermediate"
assert not [f for f in r["findings"] if f["rating"] == "problem"], r["findings"]
assert 2 <= r["handshakes"] <= 10, r["handshakes"]
assert r["resumption"] == "accepted", r["resumption"]
PY
# The address alone is not the certificate's name.
report byaddr 0 --cafile "$C/ca.pem" "127.0.0.1:$port"
has byaddr '[problem] the certificate is not valid for "127.0.0.1" (its names: DNS:mail.example.org)'

serve expired starttls expired-chain.pem expired.key
report expired 0 $V "127.0.0.1:$port"
has expired "[problem] certificate 1 (CN=mail.example.org) expired on 2020-01-01 00:00:00 UTC"
serve sha1 starttls sha1-chain.pem sha1.key
report sha1 0 $V "127.0.0.1:$port"
has sha1 "[problem] certificate 1 (CN=mail.example.org) is signed with sha1WithRSAEncryption"
serve weak starttls weak-chain.pem weak.key
report weak 0 $V "127.0.0.1:$port"
has weak "[problem] certificate 1 (CN=mail.example.org) has a 1024-bit RSA key"
serve miss starttls good.pem good.key
report miss 0 $V "127.0.0.1:$port"
has miss '[problem] the chain stops at "CN=mail.example.org", whose issuer "CN=Test-Intermediate" is neither sent nor trusted'
serve implicit implicit good-chain.pem good.key
report implicit 0 $V --tls "127.0.0.1:$port"
checks=$((checks + 1))
SSLKEYLOGFILE=$work/envkeys timeout 60 "$SMTPDBG" tls-report $V --tls "127.0.0.1:$port" \
	>/dev/null 2>"$work/envkeys.err"
if ! grep -q "warning: the TLS session keys are being logged to \"$work/envkeys\"" \
	"$work/envkeys.err" || ! grep -q "^CLIENT_TRAFFIC_SECRET_0 " "$work/envkeys"; then
	echo "FAIL: SSLKEYLOGFILE: no warning or no keys"
	failures=$((failures + 1))
fi
has implicit "(implicit TLS)"
has implicit "TLS 1.3  accepted"

# Bad input: 50 certificates; a stall mid-handshake; no server; no TLS.
serve long starttls long-chain.pem good.key
report long 0 $V "127.0.0.1:$port"
has long "Certificate chain (50 certificates sent):"
has long "50. subject: CN=Filler 48"
serve stall stall good-chain.pem good.key
report stall 13 $V --timeout 2 "127.0.0.1:$port"
has stall "failed at the tls stage: the server stopped answering during the TLS handshake"
report stalljson 13 $V --timeout 2 --json "127.0.0.1:$port"
has stalljson '"stage":"tls","exit":13'
report refused 10 $V --timeout 2 "127.0.0.1:1"
has refused "failed at the connect stage"
serve plain plain good-chain.pem good.key
report notls 12 $V "127.0.0.1:$port"
has notls "the server does not offer STARTTLS"
expect_status 2 "$SMTPDBG" tls-report --tls-min 1.2 127.0.0.1:25
expect_out "a TLS report needs TLS" "$SMTPDBG" tls-report --no-tls 127.0.0.1:25
expect_status 2 "$SMTPDBG" tls-report --insecure 127.0.0.1:25
expect_status 2 "$SMTPDBG" tls-report

# The lab's Postfix: STARTTLS on the MX port, implicit TLS on its own.
if ! sh "$lab/start.sh" "$work/lab" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "$((checks - failures)) passed, $((failures + 1)) failed"
	exit 1
fi
. "$work/lab/lab.env"
before=$(grep -c " connect from" "$LAB_POSTFIX_LOG")
report pf 0 --cafile "$LAB_CAFILE" "$LAB_HOSTNAME:$LAB_MX_PORT"
has pf "TLS 1.3  accepted"
has pf "[ok] the chain leads to a trusted certificate authority"
has pf '[ok] the certificate is valid for "localhost"'
has pf "Session resumption: "
lacks pf "[problem]"
report pfs 0 --cafile "$LAB_CAFILE" "$LAB_HOST:$LAB_SMTPS_PORT" --tls --verify-name "$LAB_HOSTNAME"
has pfs "(implicit TLS)"
has pfs "TLS 1.2  accepted"
# Postfix logs every handshake: a report is a handful of connections.
checks=$((checks + 1))
n=$(($(grep -c " connect from" "$LAB_POSTFIX_LOG") - before))
if [ "$n" -gt 20 ] || [ "$n" -lt 4 ]; then
	echo "FAIL: $n connections for two reports"
	failures=$((failures + 1))
fi

finish
