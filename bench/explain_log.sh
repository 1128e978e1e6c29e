#!/bin/sh
# `smtpdbg explain` over a mail log (a benchmark, not a test: nothing here
# fails). Makes a syslog-style mail.log of LINES lines, one in ten a
# refusal (Postfix smtp bounces and deferrals, smtpd rejects, SASL
# failures, Exim, Sendmail, Dovecot), the rest the everyday lines of a
# busy server, and times `smtpdbg explain --brief` and the full form over
# it with farm-bench, beside `wc -l` as the floor of reading the file.
# Goal: at least 50,000 lines a second.
# Usage, after a build: sh bench/explain_log.sh [BUILD-DIR] [LINES]
set -eu
build=${1:-build}
lines=${2:-500000}
smtpdbg=$(cd "$build" && pwd)/smtpdbg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/mail.log
python3 - "$log" "$lines" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
everyday = [
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtpd[{p}]: connect from unknown[192.0.2.{a}]",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtpd[{p}]: {q}: client=unknown[192.0.2.{a}]",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/cleanup[{p}]: {q}: message-id=<{q}@example.org>",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/qmgr[{p}]: {q}: from=<a{a}@example.org>, size=2{a}4, nrcpt=1 (queue active)",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtp[{p}]: {q}: to=<b{a}@example.net>, relay=mx.example.net[198.51.100.7]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {q})",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/qmgr[{p}]: {q}: removed",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtpd[{p}]: disconnect from unknown[192.0.2.{a}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
    "Dec  7 10:{m:02d}:{s:02d} mx1 dovecot: imap-login: Login: user=<u{a}>, method=PLAIN, rip=192.0.2.{a}, lip=192.0.2.1, mpid={p}, TLS",
    "Dec  7 10:{m:02d}:{s:02d} mx1 CRON[{p}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
]
refusals = [
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtp[{p}]: {q}: to=<b{a}@example.org>, relay=mx.example.org[192.0.2.25]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.25] said: 550 5.1.1 <b{a}@example.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtpd[{p}]: NOQUEUE: reject: RCPT from unknown[192.0.2.{a}]: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.{a}]; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<laptop>",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtp[{p}]: {q}: to=<c{a}@example.com>, relay=mx.example.com[203.0.113.5]:25, delay=3, dsn=4.7.1, status=deferred (host mx.example.com[203.0.113.5] said: 450 4.7.1 <c{a}@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html (in reply to RCPT TO command))",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtpd[{p}]: warning: unknown[192.0.2.{a}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
    "Dec  7 10:{m:02d}:{s:02d} mx1 postfix/smtp[{p}]: {q}: to=<d{a}@example.net>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)",
    "2026-12-07 10:{m:02d}:{s:02d} 1vAbCd-000{a}-XY ** e{a}@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.25]: SMTP error from remote mail server after end of data: 550 5.7.1 Message rejected as spam",
    "Dec  7 10:{m:02d}:{s:02d} mx1 sm-mta[{p}]: {q}: ruleset=check_rcpt, arg1=<f{a}@example.org>, relay=[192.0.2.{a}], reject=550 5.7.1 <f{a}@example.org>... Relaying denied",
    "Dec  7 10:{m:02d}:{s:02d} mx1 dovecot: auth: passwd-file(u{a},192.0.2.{a}): Password mismatch",
]
with open(path, "w") as out:
    for i in range(n):
        pool = refusals if i % 10 == 0 else everyday
        t = pool[(i // 10 if pool is refusals else i) % len(pool)]
        out.write(t.format(m=(i // 60) % 60, s=i % 60, p=1000 + i % 9000, a=i % 250,
                           q="%010X" % i) + "\n")
PY
size=$(wc -c <"$log")
echo "mail.log: $lines lines, $((size / 1048576)) MB; goal: at least 50,000 lines a second"
farm-bench -n 5 --timeout 600 --vs "sh -c 'wc -l < $log'" -- \
	sh -c "'$smtpdbg' explain --brief < '$log' > /dev/null"
farm-bench -n 5 --timeout 600 --vs "sh -c 'wc -l < $log'" -- \
	sh -c "'$smtpdbg' explain < '$log' > /dev/null"
