#!/bin/sh
# `smtpdbg dns` for a domain that publishes every record (three MX hosts
# with addresses and PTR, TLSA, SPF with an include, DMARC, a DKIM key,
# MTA-STS, TLS-RPT), asked of dnsmasq on loopback, timed with farm-bench;
# and `dns --blocklists` for a listed address. A benchmark, not a test:
# nothing here fails on timing. Goal: the whole report under 1 s.
# Usage, after a build: sh bench/dns.sh [BUILD-DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-10}
smtpdbg=$(cd "$build" && pwd)/smtpdbg
command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq -k --conf-file=/dev/null --port="$port" --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --pid-file= --local=/test/ --local=/127.in-addr.arpa/ \
	--local=/org/ --local=/net/ --local=/com/ \
	--mx-host=mx.test,mx1.mx.test,10 --mx-host=mx.test,mx2.mx.test,20 --mx-host=mx.test,mx3.mx.test,20 \
	--host-record=mx1.mx.test,127.0.0.2 --host-record=mx2.mx.test,127.0.0.3 \
	--host-record=mx3.mx.test,127.0.0.4 \
	--txt-record=mx.test,"v=spf1 ip4:127.0.0.0/8 mx include:spf.mx.test -all" \
	--txt-record=spf.mx.test,"v=spf1 a ~all" \
	--txt-record=_dmarc.mx.test,"v=DMARC1; p=reject; rua=mailto:dmarc@mx.test" \
	--txt-record=_mta-sts.mx.test,"v=STSv1; id=20260101" \
	--txt-record=_smtp._tls.mx.test,"v=TLSRPTv1; rua=mailto:tls@mx.test" \
	--txt-record=s1._domainkey.mx.test,"v=DKIM1; k=rsa; p=MIIB" \
	--dns-rr=_25._tcp.mx1.mx.test,52,030101"$(printf '%064d' 0)" \
	--host-record=2.0.0.127.zen.spamhaus.org,127.0.0.2 >"$work/dnsmasq.log" 2>&1 &
pid=$!
i=0
until "$smtpdbg" dns --resolver "127.0.0.1:$port" --timeout 1 mx.test >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat "$work/dnsmasq.log"; exit 1; }
	sleep 0.1
done
"$smtpdbg" dns --resolver "127.0.0.1:$port" --dkim-selector s1 mx.test | tail -1
echo "== smtpdbg dns (every record), goal under 1 s"
farm-bench -n "$runs" -- "$smtpdbg" dns --resolver "127.0.0.1:$port" --dkim-selector s1 mx.test
echo "== smtpdbg dns --blocklists 127.0.0.2"
farm-bench -n "$runs" -- "$smtpdbg" dns --resolver "127.0.0.1:$port" --blocklists 127.0.0.2
