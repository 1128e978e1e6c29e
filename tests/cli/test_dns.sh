# smtpdbg dns DOMAIN against a real DNS server (dnsmasq) on loopback with a
# test zone, and against servers that stay silent, cut or lie.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")

expect_status 0 "$SMTPDBG" dns --help
expect_out "10 the resolver did" "$SMTPDBG" dns --help
expect_status 2 "$SMTPDBG" dns
expect_status 2 "$SMTPDBG" dns a.example b.example
expect_out "not a domain name" "$SMTPDBG" dns 'a b.example'
long=$(python3 -c "print('.'.join(['a' * 63] * 3) + '.' + 'b' * 62)")
expect_out "not a domain name" "$SMTPDBG" dns "$long"
expect_out "--resolver:" "$SMTPDBG" dns --resolver dns.example example.org

command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
if ! command -v dnsmasq >/dev/null 2>&1; then
	echo "SKIP: dnsmasq is not installed (sh tests/deps.sh test)"
	exit 77
fi

work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

# A free port for dnsmasq (UDP and TCP); taken again at once, so a clash
# is unlikely, and dnsmasq then fails loudly.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tlsa=$(printf '%064d' 0)
includes=
set --
for i in 1 2 3 4 5 6 7 8 9 10 11; do
	includes="$includes include:i$i.many.test"
	set -- "$@" --txt-record=i$i.many.test,"v=spf1 -all"
done
dnsmasq -k --conf-file=/dev/null --port="$port" --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --pid-file= --local=/test/ --local=/127.in-addr.arpa/ \
	--mx-host=mx.test,mx1.mx.test,10 --mx-host=mx.test,mx2.mx.test,20 --mx-host=mx.test,mx3.mx.test,20 \
	--host-record=mx1.mx.test,127.0.0.2 --host-record=mx2.mx.test,127.0.0.3 \
	--host-record=mx3.mx.test,127.0.0.4 --ptr-record=5.0.0.127.in-addr.arpa,liar.mx.test \
	--host-record=nofcrdns.mx.test,127.0.0.5 \
	--txt-record=mx.test,"v=spf1 ip4:127.0.0.0/8 mx include:spf.mx.test -all" \
	--txt-record=spf.mx.test,"v=spf1 a ~all" \
	--txt-record=_dmarc.mx.test,"v=DMARC1; p=reject; rua=mailto:dmarc@mx.test" \
	--txt-record=_mta-sts.mx.test,"v=STSv1; id=20260101" \
	--txt-record=_smtp._tls.mx.test,"v=TLSRPTv1; rua=mailto:tls@mx.test" \
	--txt-record=s1._domainkey.mx.test,"v=DKIM1; k=rsa; p=MIIB" \
	--dns-rr=_25._tcp.mx1.mx.test,52,030101"$tlsa" \
	--dns-rr=null.test,15,000000 \
	--cname=alias.mx.test,mx1.mx.test --mx-host=cname.test,alias.mx.test,10 \
	--mx-host=nowhere.test,missing.nowhere.test,10 \
	--host-record=implicit.test,127.0.0.3 \
	--txt-record=plusall.test,"v=spf1 +all" --txt-record=plusall.test,"v=spf1 -all" \
	--host-record=plusall.test,127.0.0.3 --txt-record=open.test,"v=spf1 +all" \
	--host-record=open.test,127.0.0.3 --txt-record=_dmarc.open.test,"v=DMARC1; p=none" \
	--txt-record=many.test,"v=spf1$includes -all" --host-record=many.test,127.0.0.3 \
	--mx-host=fc.test,nofcrdns.mx.test,10 \
	--local=/org/ --local=/net/ --local=/com/ \
	--host-record=2.0.0.127.zen.spamhaus.org,127.0.0.2 \
	--txt-record=2.0.0.127.zen.spamhaus.org,"https://check.spamhaus.org/sbl/query/SBL1" \
	--host-record=4.0.0.127.zen.spamhaus.org,127.255.255.254 \
	--host-record=5.0.0.127.bl.spamcop.net,192.0.2.80 \
	--host-record=spam.example.dbl.spamhaus.org,127.0.1.2 \
	--host-record=spam.example.multi.uribl.com,127.0.0.1 \
	"$@" >"$work/dnsmasq.log" 2>&1 &
pids="$pids $!"
i=0
until "$SMTPDBG" dns --resolver "127.0.0.1:$port" --timeout 1 null.test >"$work/probe" 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: dnsmasq did not start, or dns fails (its last answer below)"
		cat "$work/dnsmasq.log" "$work/probe"; exit 1; }
	sleep 0.1
done
d() { "$SMTPDBG" dns --resolver "127.0.0.1:$port" "$@"; }

# Every record of a well-kept domain: exit 0, the MX in preference order.
expect_status 0 d mx.test
expect_out "mx.test  10 mx1.mx.test" d mx.test
d mx.test >"$work/mx.txt"
first=$(grep -n ' 10 mx1' "$work/mx.txt" | cut -d: -f1)
second=$(grep -n ' 20 mx[23]' "$work/mx.txt" | head -1 | cut -d: -f1)
checks=$((checks + 1))
[ "$first" -lt "$second" ] || { echo "FAIL: MX not in preference order"; failures=$((failures + 1)); }
expect_out "127.0.0.2 is mx1.mx.test, and that name has the address again" d mx.test
expect_out "3 of at most 10 DNS lookups" d mx.test
expect_out "-all: mail from other servers fails SPF" d mx.test
expect_out "p=reject: receivers refuse" d mx.test
expect_out "aggregate reports go to mailto:dmarc@mx.test" d mx.test
expect_out "this report does not fetch it yet" d mx.test
expect_out "senders report TLS failures" d mx.test
expect_out "DANE-EE(3) SPKI(1) SHA2-256(1)" d mx.test
# dnsmasq does not validate: the TLSA records are present, and not DANE.
expect_out "did not validate them (no AD bit)" d mx.test
expect_no_out "validated by the resolver (AD bit)" d mx.test
expect_out "a DKIM public key" d --dkim-selector s1 mx.test
expect_out "no DKIM key for the selector s2" d --dkim-selector s1 --dkim-selector s2 mx.test
expect_status 1 d --dkim-selector s2 mx.test

# JSON: one object, every finding with its record and level.
d --json mx.test >"$work/mx.json"
checks=$((checks + 1))
python3 - "$work/mx.json" <<'PY' || failures=$((failures + 1))
import json, sys
r = json.load(open(sys.argv[1]))
assert r["domain"] == "mx.test" and r["exit"] == 0, r
dane = [i for i in r["items"] if i["record"] == "DANE"]
assert any(i["level"] == "warn" and "AD" in i["text"] for i in dane), dane
assert any(i.get("value") == "10 mx1.mx.test" for i in r["items"])
PY

# MX that route nowhere.
expect_out "null MX (RFC 7505): this domain accepts no mail" d null.test
expect_out "is an alias (CNAME) of mx1.mx.test" d cname.test
expect_out "has no address (neither A nor AAAA)" d nowhere.test
expect_status 1 d nowhere.test
expect_out "the domain's own address as the implicit MX" d implicit.test
expect_out "implicit.test has the address 127.0.0.3" d implicit.test
expect_out "does not exist (NXDOMAIN)" d nx.test
expect_status 10 d nx.test
expect_out "but that name does not have the address" d fc.test

# SPF mistakes.
expect_out "2 SPF records" d plusall.test
expect_out "+all: every server on the Internet may send as open.test" d open.test
expect_out "p=none: monitoring only" d open.test
expect_out "11 DNS lookups (include, a, mx, ptr, exists, redirect, counted through every include): more than 10" d many.test
expect_status 1 d many.test

# Blocklists: a listed and an unlisted address, the public-resolver
# refusal code, a resolver that makes up answers, a listed domain.
bl() { d --blocklists "$@"; }
expect_status 1 bl 127.0.0.2
expect_out "Spamhaus ZEN lists 127.0.0.2 (answer 127.0.0.2): SBL" bl 127.0.0.2
expect_out "https://check.spamhaus.org/sbl/query/SBL1" bl 127.0.0.2
expect_out "SpamCop: 127.0.0.2 is not listed" bl 127.0.0.2
expect_status 0 bl 127.0.0.3
expect_out "Spamhaus ZEN: 127.0.0.3 is not listed" bl 127.0.0.3
expect_status 0 bl 127.0.0.4
expect_out "Spamhaus ZEN did not answer the question, so this says nothing about 127.0.0.4" bl 127.0.0.4
expect_out "public or shared resolver" bl 127.0.0.4
expect_no_out "lists 127.0.0.4" bl 127.0.0.4
expect_out "makes up answers" bl 127.0.0.5
expect_out "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org" bl 2001:db8::1
expect_status 1 bl spam.example
expect_out "Spamhaus DBL lists spam.example (answer 127.0.1.2): DBL: a spam domain" bl spam.example
expect_out "URIBL did not answer the question" bl spam.example
expect_no_out "zen.spamhaus.org" bl spam.example
expect_status 2 d --blocklists --dkim-selector s1 spam.example
d --json --blocklists 127.0.0.2 >"$work/bl.json"
checks=$((checks + 1))
python3 - "$work/bl.json" <<'PY' || failures=$((failures + 1))
import json, sys
r = json.load(open(sys.argv[1]))
assert r["exit"] == 1, r
bad = [i for i in r["items"] if i["level"] == "bad"]
assert len(bad) == 1 and bad[0]["record"] == "DNSBL" and bad[0]["name"] == "2.0.0.127.zen.spamhaus.org", bad
PY

# Servers that misbehave: clear words, exit 10, and no hang (--timeout 1).
for mode in silent cut lying; do
	python3 "$here/dns_bad_server.py" $mode "$work/$mode.port" &
	pids="$pids $!"
done
for mode in silent cut lying; do
	i=0
	while [ ! -s "$work/$mode.port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
done
bad() { "$SMTPDBG" dns --timeout 1 --resolver "127.0.0.1:$(cat "$work/$1.port")" mx.test; }
expect_status 10 bad silent
expect_out "no answer within 1000 ms" bad silent
expect_status 10 bad cut
expect_out "the answer is malformed" bad cut
expect_status 10 bad lying
expect_out "no answer from the resolver" bad lying

finish
