# smtpdbg dns and the AD bit: a signed zone (ldns-signzone) served by a
# validating resolver (unbound, the zone as an auth-zone and its key as the
# trust anchor), so "validated" is real; and the same zone with a TLSA
# record changed after signing, which the resolver refuses (SERVFAIL).
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/dnssec_lib.sh"
dnssec_tools || exit 77
work=$(mktemp -d)
dnssec_pid=
trap '[ -n "$dnssec_pid" ] && kill "$dnssec_pid" 2>/dev/null; rm -rf "$work"' EXIT

hash=$(printf '%064d' 0)
for zone in good.lab bad.lab; do
	cat >"$work/$zone.zone" <<ZONE
\$ORIGIN $zone.
\$TTL 300
@ IN SOA ns.$zone. hostmaster.$zone. 1 3600 600 86400 300
@ IN NS ns
ns IN A 127.0.0.1
@ IN MX 10 mx1
mx1 IN A 127.0.0.2
_25._tcp.mx1 IN TLSA 3 1 1 $hash
@ IN TXT "v=spf1 mx -all"
ZONE
	dnssec_sign $zone
done
# Changed after signing: the signature no longer matches.
sed -i "s/3 1 1 $hash/3 1 1 $(printf '%063d1' 0)/" "$work/bad.lab.zone.signed"
dnssec_start good.lab bad.lab
d() { "$SMTPDBG" dns --resolver "127.0.0.1:$dnssec_port" --timeout 2 "$@"; }
cd "$work" || exit 1

expect_out "TLSA records present and validated by the resolver (AD bit)" d good.lab
expect_no_out "did not validate" d good.lab
d --json good.lab >good.json
checks=$((checks + 1))
python3 - good.json <<'PY' || failures=$((failures + 1))
import json, sys
r = json.load(open(sys.argv[1]))
dane = [i for i in r["items"] if i["record"] == "DANE"]
assert any(i["level"] == "ok" and "AD bit" in i["text"] for i in dane), dane
PY
# A record changed after signing: the validating resolver says SERVFAIL,
# which is a failure to answer (exit 10), not "no TLSA".
expect_status 10 d bad.lab
expect_out "SERVFAIL): a broken or unreachable name server, or a DNSSEC failure" d bad.lab
expect_no_out "no TLSA records" d bad.lab

finish
