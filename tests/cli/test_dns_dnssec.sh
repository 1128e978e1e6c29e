# smtpdbg dns and the AD bit: a signed zone (ldns-signzone) served by a
# validating resolver (unbound, the zone as an auth-zone and its key as the
# trust anchor), so "validated" is real; and the same zone with a TLSA
# record changed after signing, which the resolver refuses (SERVFAIL).
. "$(dirname "$0")/lib.sh"

PATH=$PATH:/usr/sbin
for tool in unbound ldns-keygen ldns-signzone; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (sh tests/deps.sh test)"
		exit 77
	fi
done
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1

hash=$(printf '%064d' 0)
for zone in good.lab bad.lab; do
	cat >"$zone.zone" <<ZONE
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
	ksk=$(ldns-keygen -a ECDSAP256SHA256 -k $zone)
	zsk=$(ldns-keygen -a ECDSAP256SHA256 $zone)
	ldns-signzone -n "$zone.zone" "$zsk" "$ksk" || exit 1
	cat "$ksk.key" >>anchors
done
# Changed after signing: the signature no longer matches.
sed -i "s/3 1 1 $hash/3 1 1 $(printf '%063d1' 0)/" bad.lab.zone.signed

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >unbound.conf <<CONF
server:
  interface: 127.0.0.1
  port: $port
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$work"
  pidfile: ""
  use-syslog: no
  logfile: "$work/unbound.log"
  module-config: "validator iterator"
  trust-anchor-file: "$work/anchors"
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
auth-zone:
  name: "good.lab"
  zonefile: "$work/good.lab.zone.signed"
  for-upstream: yes
  for-downstream: no
  fallback-enabled: no
auth-zone:
  name: "bad.lab"
  zonefile: "$work/bad.lab.zone.signed"
  for-upstream: yes
  for-downstream: no
  fallback-enabled: no
CONF
unbound -c unbound.conf &
pid=$!
d() { "$SMTPDBG" dns --resolver "127.0.0.1:$port" --timeout 2 "$@"; }
i=0
until d good.lab >probe.out 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: unbound did not start, or dns fails"; cat unbound.log probe.out; exit 1; }
	sleep 0.1
done

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
