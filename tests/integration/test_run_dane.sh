# smtpdbg run --mx with DANE (RFC 7672) against the lab's Postfix (its MX
# port, STARTTLS): TLSA records made from the lab's own certificate and
# CA with openssl. Served unsigned by dnsmasq (no AD bit: "matching, but
# NOT validated", never "DANE OK"; --dane require fails with exit 13) and
# signed by ldns-signzone behind a validating unbound (a real AD bit):
# DANE-EE(3) authenticates without a CA or a matching name, DANE-TA(2) at
# depth 1 with the name checked, a mismatching record fails the TLS stage
# (13), a PKIX-EE(1) record alone is unusable. A resolver that never
# answers the TLSA question does not hang run.
# Run by ctest as: sh test_run_dane.sh PATH-TO-SMTPDBG. Needs root, the
# lab's packages and dnsmasq, unbound, ldnsutils (sh tests/deps.sh test).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/dnssec_lib.sh"
. "$(dirname "$0")/../lab/use.sh"
here=$(cd "$(dirname "$0")" && pwd)

dnssec_tools || exit 77
command -v dnsmasq >/dev/null 2>&1 || { echo "SKIP: dnsmasq is not installed"; exit 77; }
lab_up
pids=
dnssec_pid=
lab_cleanup='for p in $pids $dnssec_pid; do kill "$p" 2>/dev/null; done'

# The hashes of the lab's certificate's key (3 1 1) and of its CA's
# certificate (2 0 1), and one that matches nothing.
tls=$LAB_STATEDIR/tls
hex() { od -An -tx1 -v | tr -d ' \n'; }
ee=$(openssl x509 -in "$tls/server.pem" -noout -pubkey | openssl pkey -pubin -outform DER |
	openssl dgst -sha256 -binary | hex)
ta=$(openssl x509 -in "$tls/ca.pem" -outform DER | openssl dgst -sha256 -binary | hex)
ta_full=$(openssl x509 -in "$tls/ca.pem" -outform DER | hex)
wrong=$(printf '%064d' 0)
[ ${#ee} -eq 64 ] && [ ${#ta} -eq 64 ] || { echo "FAIL: could not hash the lab's certificates"; exit 1; }
p=$LAB_MX_PORT

# --- Unsigned: dnsmasq ---------------------------------------------------
dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rr() { printf '%s,52,%s' "_$p._tcp.$1" "$2"; } # NAME HEX-RDATA
dnsmasq -k --conf-file=/dev/null --port="$dport" --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --pid-file= --local=/test/ \
	--mx-host=ee.test,mx.ee.test,10 --host-record=mx.ee.test,127.0.0.1 \
	--dns-rr="$(rr mx.ee.test "030101$ee")" \
	--dns-rr="_$LAB_SMTPS_PORT._tcp.mx.ee.test,52,030101$ee" \
	--mx-host=bad.test,mx.bad.test,10 --host-record=mx.bad.test,127.0.0.1 \
	--dns-rr="$(rr mx.bad.test "030101$wrong")" \
	--mx-host=none.test,mx.none.test,10 --host-record=mx.none.test,127.0.0.1 \
	>"$work/dnsmasq.log" 2>&1 &
pids="$pids $!"
i=0
until "$SMTPDBG" dns --resolver "127.0.0.1:$dport" --timeout 1 ee.test >"$work/probe.out" 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: dnsmasq did not start"; cat "$work/dnsmasq.log" "$work/probe.out"; exit 1; }
	sleep 0.1
done
u() { name=$1 want=$2; shift 2; run_keep "$name" "$want" --mx --resolver "127.0.0.1:$dport" --starttls \
	--quit-after tls "$@"; }

# Matching, unsigned: reported as such, never "DANE OK"; the WebPKI check
# decides (the lab's CA, its name).
u u-ee 0 --cafile "$LAB_CAFILE" --verify-name localhost "ee.test:$p"
out_has u-ee.out "DANE: 1 TLSA record at _$p._tcp.mx.ee.test, NOT validated by DNSSEC (no AD bit from the resolver)"
out_has u-ee.out "DANE: TLSA present and matching, but NOT validated by DNSSEC: not DANE-authenticated"
out_has u-ee.out "DANE: matched 3 1 1 $ee with the server's own certificate (depth 0)"
out_has u-ee.out "verification: passed (chain and name \"localhost\")"
out_lacks u-ee.out "DANE OK"
# Implicit TLS: the lookup before the handshake, for the port connected to.
run_keep u-implicit 0 --mx --resolver "127.0.0.1:$dport" --tls --quit-after tls --cafile "$LAB_CAFILE" \
	--verify-name localhost "ee.test:$LAB_SMTPS_PORT"
out_has u-implicit.out "DANE: 1 TLSA record at _$LAB_SMTPS_PORT._tcp.mx.ee.test, NOT validated by DNSSEC"
out_has u-implicit.out "DANE: TLSA present and matching, but NOT validated by DNSSEC"
# ... and the WebPKI still fails what it fails: the MX name is not in the
# certificate, and no unvalidated record excuses that.
u u-ee-name 13 --cafile "$LAB_CAFILE" "ee.test:$p"
out_has u-ee-name.out "certificate verify failed: hostname mismatch"
# --dane require: unvalidated records are not enough.
u u-ee-req 13 --cafile "$LAB_CAFILE" --verify-name localhost --dane require "ee.test:$p"
out_has u-ee-req.out "--dane require: the TLSA records are NOT validated by DNSSEC"
out_has u-ee-req.out "failed at the tls stage"
# Not matching, unsigned: reported, not binding.
u u-bad 0 --cafile "$LAB_CAFILE" --verify-name localhost "bad.test:$p"
out_has u-bad.out "DANE: TLSA present but matching nothing, and NOT validated by DNSSEC"
# No records at all; --dane off asks nothing.
u u-none 0 --cafile "$LAB_CAFILE" --verify-name localhost "none.test:$p"
out_has u-none.out "DANE: no TLSA records at _$p._tcp.mx.none.test"
out_has u-none.out "DANE: no TLSA records: DANE is not in use for this server"
u u-none-req 13 --cafile "$LAB_CAFILE" --verify-name localhost --dane require "none.test:$p"
u u-off 0 --cafile "$LAB_CAFILE" --verify-name localhost --dane off "ee.test:$p"
out_lacks u-off.out "TLSA"
# JSON: the dane object beside the TLS facts.
u u-json 0 --json --cafile "$LAB_CAFILE" --verify-name localhost "ee.test:$p"
checks=$((checks + 1))
python3 - "$work/u-json.out" "$ee" <<'PY' || failures=$((failures + 1))
import json, sys
tls = [json.loads(l) for l in open(sys.argv[1]) if '"type":"tls"' in l]
d = tls[0]["dane"]
assert d["result"] == "matching-not-validated", d
assert d["validated"] is False and d["lookup"] == "found", d
assert d["records"] == [{"usage": 3, "selector": 1, "mtype": 1, "data": sys.argv[2], "usable": True}], d
assert d["matched"] == {"record": 0, "depth": 0}, d
PY

# --- Signed: ldns-signzone and a validating unbound ------------------------
zone() { # NAME TLSA-RDATA...
	z=$1
	{
		printf '$ORIGIN %s.\n$TTL 300\n' "$1"
		printf '@ IN SOA ns.%s. hostmaster.%s. 1 3600 600 86400 300\n' "$1" "$1"
		printf '@ IN NS ns\nns IN A 127.0.0.1\n@ IN MX 10 mx\nmx IN A 127.0.0.1\n'
		shift
		for r in "$@"; do printf '_%s._tcp.mx IN TLSA %s\n' "$p" "$r"; done
	} >"$work/$z.zone"
	dnssec_sign "$z"
}
zone ee.lab "3 1 1 $ee" "3 1 1 $wrong"
zone bad.lab "3 1 1 $wrong"
zone ta.lab "2 0 0 $ta_full"
zone tadigest.lab "2 0 1 $ta"
zone pkix.lab "1 1 1 $ee"
# An unsigned zone (no trust anchor covers it: insecure, no AD bit) whose
# MX names the signed zone's host: the host's records are validated, the
# MX answer that chose it is not (RFC 7672 §2.2.1).
printf '$ORIGIN insec.lab.\n$TTL 300\n@ IN SOA ns.insec.lab. hostmaster.insec.lab. 1 3600 600 86400 300\n@ IN NS ns\nns IN A 127.0.0.1\n@ IN MX 10 mx.ee.lab.\n' \
	>"$work/insec.lab.zone.signed"
dnssec_start ee.lab bad.lab ta.lab tadigest.lab pkix.lab insec.lab
s() { name=$1 want=$2; shift 2; run_keep "$name" "$want" --mx --resolver "127.0.0.1:$dnssec_port" \
	--starttls --quit-after tls "$@"; }

# DANE-EE(3), validated: authenticated with no CA and a name the
# certificate does not carry (RFC 7672 §3.1.1); the other record is
# listed, the matching one named.
s s-ee 0 "ee.lab:$p"
out_has s-ee.out "DANE: 2 TLSA records at _$p._tcp.mx.ee.lab, validated by DNSSEC (the resolver set the AD bit)"
out_has s-ee.out "DANE: DANE OK: a TLSA record validated by DNSSEC matches the server's certificate (RFC 7672)"
out_has s-ee.out "DANE: matched 3 1 1 $ee with the server's own certificate (depth 0)"
out_has s-ee.out "verification: passed by DANE"
s s-ee-req 0 --dane require "ee.lab:$p"
out_has s-ee-req.out "session completed"
s s-ee-json 0 --json "ee.lab:$p"
checks=$((checks + 1))
python3 - "$work/s-ee-json.out" "$ee" <<'PY' || failures=$((failures + 1))
import json, sys
tls = [json.loads(l) for l in open(sys.argv[1]) if '"type":"tls"' in l]
d = tls[0]["dane"]
assert d["result"] == "authenticated" and d["validated"] is True, d
# An RRset has no order: the matched one is named by its index.
m = d["matched"]
assert m["depth"] == 0 and len(d["records"]) == 2, d
assert d["records"][m["record"]]["data"] == sys.argv[2], d
assert tls[0]["verified"] is True, tls[0]
PY
# The same host reached through an MX answer DNSSEC did not validate: its
# matching, validated records do not authenticate it; --dane require fails.
s s-insec 0 --cafile "$LAB_CAFILE" --verify-name localhost "insec.lab:$p"
out_has s-insec.out "but the MX answer that named this host was NOT"
out_lacks s-insec.out "DANE OK"
s s-insec-req 13 --dane require "insec.lab:$p"
out_lacks s-insec-req.out "DANE OK"
# Both JSON outputs against the documented schema.
checks=$((checks + 1))
python3 "$here/../cli/json_check.py" "$here/../../docs/json-lines.schema.json" \
	"$work/u-json.out" "$work/s-ee-json.out" >"$work/schema.out" 2>&1 ||
	{ echo "FAIL: the JSON does not fit the schema"; cat "$work/schema.out"; failures=$((failures + 1)); }
# Mismatching, validated: a DANE failure, the TLS stage's exit code.
s s-bad 13 "bad.lab:$p"
out_has s-bad.out "DANE FAILED: the TLSA records of _$p._tcp.mx.bad.lab, validated by DNSSEC, match none"
out_has s-bad.out "failed at the tls stage"
# DANE-TA(2): the lab's CA, which its Postfix does not send, so the
# record carries the whole certificate (2 0 0) and OpenSSL puts it at
# depth 1; the name is checked (RFC 7672 §3.1.2), so the certificate's own
# name is given. A digest of it (2 0 1) has nothing in the chain to match:
# a DANE failure.
s s-ta 0 --verify-name localhost "ta.lab:$p"
out_has s-ta.out "DANE: matched 2 0 0 $(printf '%.64s' "$ta_full")... with the certificate at depth 1 of the chain"
out_has s-ta.out "DANE: DANE OK"
s s-ta-name 13 "ta.lab:$p"
out_has s-ta-name.out "hostname mismatch"
s s-ta-digest 13 --verify-name localhost "tadigest.lab:$p"
out_has s-ta-digest.out "no matching DANE TLSA records"
# PKIX-EE(1) only: unusable for SMTP, so the WebPKI decides and require fails.
s s-pkix 0 --cafile "$LAB_CAFILE" --verify-name localhost "pkix.lab:$p"
out_has s-pkix.out "PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP (RFC 7672 §3.1.3)"
out_has s-pkix.out "DANE: TLSA records present, but none that SMTP can use"
s s-pkix-req 13 --cafile "$LAB_CAFILE" --verify-name localhost --dane require "pkix.lab:$p"

# A resolver that answers the MX question but never the TLSA one: the
# lookup ends within --timeout, says so, and auto goes on without DANE.
python3 "$here/../cli/dns_bad_server.py" silent "$work/dns-silent.port" &
pids="$pids $!"
i=0
while [ ! -s "$work/dns-silent.port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
checks=$((checks + 1))
"$SMTPDBG" run --resolver "127.0.0.1:$(cat "$work/dns-silent.port")" --timeout 2 --starttls \
	-4 --quit-after tls --cafile "$LAB_CAFILE" --verify-name localhost "localhost:$p" \
	>"$work/silent.out" 2>&1
got=$?
[ $got -eq 0 ] || { echo "FAIL: silent resolver: exit $got"; cat "$work/silent.out"; failures=$((failures + 1)); }
out_has silent.out "DANE: the TLSA lookup of _$p._tcp.localhost failed: no answer within 2000 ms"
out_has silent.out "DANE: the TLSA lookup failed"

finish
