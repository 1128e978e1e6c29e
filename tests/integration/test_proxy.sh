# smtpdbg proxy between real mail programs (swaks, msmtp, curl) and the
# lab's Postfix: STARTTLS and AUTH through the proxy, the message in the
# Maildir, the transcript with the AUTH exchange decoded and the password
# masked; a server certificate the proxy cannot verify refused with a 4xx
# the client sees; SCRAM-SHA-256-PLUS not offered to the client; the local
# CA's name constraints checked with openssl verify.
# Run by ctest as: sh test_proxy.sh PATH-TO-SMTPDBG. Needs root and the lab.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/../lab/use.sh"

for tool in swaks msmtp curl openssl python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "skipped: $tool is missing (sh tests/deps.sh test)"
		exit 77
	fi
done
ppid_=
lab_cleanup='[ -n "$ppid_" ] && kill "$ppid_" 2>/dev/null'
lab_up
export P="$LAB_PASSWORD"
export XDG_DATA_HOME="$work/xdg"
checks=0 failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# has FILE TEXT / lacks FILE TEXT
has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$1" || { fail "$(basename "$1") lacks '$2'"; tail -n 15 "$1" | sed 's/^/  | /'; }
}
lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$1" || fail "$(basename "$1") contains '$2'"
}

# What would reveal the password: itself, its Base64, PLAIN's message.
b64() { printf '%s' "$1" | base64 -w0; }
no_secrets() {
	for s in "$P" "$(b64 "$P")" "$(printf '\0%s\0%s' "$LAB_USER" "$P" | base64 -w0)"; do
		lacks "$1" "$s"
	done
}

delivered() { # delivered MAILDIR TAG
	checks=$((checks + 1))
	i=0
	while [ $i -lt 600 ]; do
		grep -qsF -- "$2" "$1"/new/* && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "no message '$2' in $1"
}

# proxy NAME ARGS...: start smtpdbg proxy on a free loopback port (its
# narration in $work/NAME.out); sets $lport.
proxy() {
	pname=$1; shift
	"$SMTPDBG" proxy --listen 127.0.0.1:0 "$@" >"$work/$pname.out" 2>"$work/$pname.err" &
	ppid_=$!
	i=0
	lport=
	while [ -z "$lport" ] && [ $i -lt 300 ] && kill -0 "$ppid_" 2>/dev/null; do
		lport=$(sed -n 's/^proxying 127\.0\.0\.1:\([0-9]*\) to .*/\1/p' "$work/$pname.out" 2>/dev/null)
		[ -n "$lport" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$lport" ] || { fail "$pname: the proxy did not start"; cat "$work/$pname.err"; lport=1; }
}
# stop_proxy: the session is over (or never came); Ctrl-C's signal.
stop_proxy() {
	i=0
	while ! grep -q "connection closed" "$work/$pname.out" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -INT "$ppid_" 2>/dev/null
	wait "$ppid_"
	prc=$?
	ppid_=
	[ "$prc" -eq 0 ] || fail "$pname: the proxy exited $prc"
}

up="localhost:$LAB_SUBMISSION_PORT"

# 1. The CA: made on first use, private, exported by --print-ca.
checks=$((checks + 1))
"$SMTPDBG" proxy --upstream "$up" --print-ca >"$work/ca.pem" 2>"$work/print.err" ||
	fail "--print-ca exited $?"
has "$work/ca.pem" "BEGIN CERTIFICATE"
has "$work/print.err" "made a local CA for localhost"
cadir=$XDG_DATA_HOME/smtpdbg/proxy-ca/localhost
checks=$((checks + 1))
[ "$(stat -c %a "$cadir")" = 700 ] && [ "$(stat -c %a "$cadir/ca.key")" = 600 ] &&
	[ "$(stat -c %a "$XDG_DATA_HOME/smtpdbg/proxy-ca")" = 700 ] ||
	fail "CA modes: $(stat -c '%a %n' "$cadir" "$cadir"/*)"
"$SMTPDBG" proxy --upstream "$up" --print-ca >"$work/ca2.pem" 2>"$work/print2.err"
checks=$((checks + 1))
cmp -s "$work/ca.pem" "$work/ca2.pem" || fail "the CA changed between two runs"
lacks "$work/print2.err" "made"

# 2. Name constraints: even the CA's own key cannot vouch for another name.
leaf() { # leaf NAME SAN: a certificate signed with the CA's key
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-keyout "$work/$1.key" -out "$work/$1.csr" 2>/dev/null
	printf 'subjectAltName=%s\n' "$2" >"$work/$1.ext"
	openssl x509 -req -in "$work/$1.csr" -CA "$work/ca.pem" -CAkey "$cadir/ca.key" \
		-set_serial 7 -days 1 -extfile "$work/$1.ext" -out "$work/$1.pem" 2>/dev/null
}
leaf localhost DNS:localhost
leaf www.bank.example DNS:www.bank.example
checks=$((checks + 1))
openssl verify -CAfile "$work/ca.pem" -verify_hostname localhost "$work/localhost.pem" \
	>"$work/verify-ok.out" 2>&1 || fail "a leaf for localhost does not verify: $(cat "$work/verify-ok.out")"
checks=$((checks + 1))
if openssl verify -CAfile "$work/ca.pem" "$work/www.bank.example.pem" >"$work/verify-bad.out" 2>&1; then
	fail "a certificate for www.bank.example verifies against the proxy's CA"
fi
has "$work/verify-bad.out" "permitted subtree violation"

# 3. swaks: STARTTLS verified against the exported CA, AUTH LOGIN, a message.
proxy swaks --upstream "$up" --cafile "$LAB_CAFILE" --output "$work/swaks.transcript"
swaks --server "localhost:$lport" --tls --tls-verify --tls-ca-path "$work/ca.pem" \
	--auth LOGIN --auth-user "$LAB_USER" --auth-password "$P" --from "$LAB_USER" \
	--to "$LAB_USER" --header "Subject: proxy-swaks-$$" >"$work/swaks.client" 2>&1 ||
	fail "swaks through the proxy exited $?: $(tail -n 5 "$work/swaks.client")"
stop_proxy
delivered "$LAB_MAILDIR_POSTFIX" "proxy-swaks-$$"
has "$work/swaks.out" "verification: passed"
has "$work/swaks.out" "TLS with the mail program: TLSv1."
has "$work/swaks.out" "certificate shown to the client: localhost"
has "$work/swaks.out" "C: AUTH LOGIN"
has "$work/swaks.out" "Decoded challenge: Password:"
has "$work/swaks.out" "# Base64 of: $LAB_USER"
has "$work/swaks.out" "C: ********"
has "$work/swaks.out" "S: 235 2.7.0"
no_secrets "$work/swaks.out"
no_secrets "$work/swaks.transcript"
checks=$((checks + 1))
[ "$(stat -c %a "$work/swaks.transcript")" = 600 ] || fail "the transcript is not 0600"
"$SMTPDBG" replay --text "$work/swaks.transcript" >"$work/swaks.replay" 2>&1 ||
	fail "replay of the proxy's transcript exited $?"
has "$work/swaks.replay" "C: ********"
has "$work/swaks.replay" "Subject: proxy-swaks-$$"
no_secrets "$work/swaks.replay"

# 4. msmtp: STARTTLS, AUTH PLAIN (its password from a command).
proxy msmtp --upstream "$up" --cafile "$LAB_CAFILE"
printf 'From: <%s>\nTo: <%s>\nSubject: proxy-msmtp-%s\n\nhello\n.leading dot\n' \
	"$LAB_USER" "$LAB_USER" "$$" |
	msmtp --host=localhost --port="$lport" --tls=on --tls-starttls=on \
		--tls-trust-file="$work/ca.pem" --auth=plain --user="$LAB_USER" \
		--passwordeval='printf %s "$P"' --from="$LAB_USER" "$LAB_USER" \
		>"$work/msmtp.client" 2>&1 || fail "msmtp through the proxy exited $?: $(cat "$work/msmtp.client")"
stop_proxy
delivered "$LAB_MAILDIR_POSTFIX" "proxy-msmtp-$$"
has "$work/msmtp.out" "C: AUTH PLAIN ********"
has "$work/msmtp.out" "C: ..leading dot"
no_secrets "$work/msmtp.out"

# 5. curl: STARTTLS required, AUTH (curl's choice), a message.
proxy curl --upstream "$up" --cafile "$LAB_CAFILE"
printf 'From: <%s>\r\nTo: <%s>\r\nSubject: proxy-curl-%s\r\n\r\nhello\r\n' \
	"$LAB_USER" "$LAB_USER" "$$" >"$work/curl.eml"
curl -sS "smtp://localhost:$lport" --ssl-reqd --cacert "$work/ca.pem" \
	--user "$LAB_USER:$P" --mail-from "$LAB_USER" --mail-rcpt "$LAB_USER" \
	--upload-file "$work/curl.eml" >"$work/curl.client" 2>&1 ||
	fail "curl through the proxy exited $?: $(cat "$work/curl.client")"
stop_proxy
delivered "$LAB_MAILDIR_POSTFIX" "proxy-curl-$$"
has "$work/curl.out" "S: 235"
no_secrets "$work/curl.out"

# 6. Implicit TLS on both sides (465-style).
proxy smtps --tls --tls-listen --upstream "localhost:$LAB_SMTPS_PORT" --cafile "$LAB_CAFILE"
swaks --server "localhost:$lport" --tlsc --tls-verify --tls-ca-path "$work/ca.pem" \
	--auth PLAIN --auth-user "$LAB_USER" --auth-password "$P" --from "$LAB_USER" \
	--to "$LAB_USER" --header "Subject: proxy-smtps-$$" >"$work/smtps.client" 2>&1 ||
	fail "swaks --tlsc through the proxy exited $?: $(tail -n 5 "$work/smtps.client")"
stop_proxy
delivered "$LAB_MAILDIR_POSTFIX" "proxy-smtps-$$"
has "$work/smtps.out" "C: AUTH PLAIN ********"
no_secrets "$work/smtps.out"

# 7. A server certificate the proxy cannot verify (the lab's CA is not
# trusted without --cafile): the client is told, with a 4xx and the reason.
proxy wrongcert --upstream "$up"
swaks --server "localhost:$lport" --tls --tls-verify --tls-ca-path "$work/ca.pem" \
	--quit-after AUTH --from "$LAB_USER" --to "$LAB_USER" >"$work/wrongcert.client" 2>&1
rc=$?
checks=$((checks + 1))
[ $rc -ne 0 ] || fail "swaks succeeded through an unverified upstream"
stop_proxy
has "$work/wrongcert.client" "454 4.7.0 TLS not available: the proxy refused the server's certificate: certificate verify failed"
has "$work/wrongcert.out" "TLS with the server failed: certificate verify failed"

# 8. Credentials before TLS: the proxy warns (the legacy port offers AUTH in clear).
proxy clear --upstream "localhost:$LAB_LEGACY_PORT"
swaks --server "localhost:$lport" --auth PLAIN --auth-user "$LAB_USER" --auth-password "$P" \
	--quit-after AUTH >"$work/clear.client" 2>&1
stop_proxy
has "$work/clear.out" "the mail program logs in (AUTH PLAIN) before TLS"
no_secrets "$work/clear.out"

# 9. SCRAM-SHA-256-PLUS is not offered to the client, and the transcript says why.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -subj /CN=localhost \
	-addext subjectAltName=IP:127.0.0.1 -days 2 -nodes -keyout "$work/plus.key" \
	-out "$work/plus.pem" 2>/dev/null
rm -f "$work/port"
python3 "$here/scram_plus.py" good "$work/plus.pem" "$work/plus.key" "$work/port" \
	>"$work/plus.log" 2>&1 &
hpid=$!
i=0
while [ ! -s "$work/port" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
"$SMTPDBG" proxy --upstream "127.0.0.1:$(cat "$work/port")" --print-ca >"$work/ca-ip.pem" 2>/dev/null
proxy plus --upstream "127.0.0.1:$(cat "$work/port")" --cafile "$work/plus.pem"
swaks --server "127.0.0.1:$lport" --tls --tls-verify --tls-ca-path "$work/ca-ip.pem" \
	--quit-after HELO >"$work/plus.client" 2>&1 ||
	fail "swaks (TLS to an address) through the proxy exited $?: $(tail -n 5 "$work/plus.client")"
stop_proxy
kill "$hpid" 2>/dev/null
wait "$hpid" 2>/dev/null
has "$work/plus.client" "250 AUTH SCRAM-SHA-256"
lacks "$work/plus.client" "PLUS"
has "$work/plus.out" "S: 250 AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256"
has "$work/plus.out" "passed on to the mail program without SCRAM-SHA-256-PLUS"

# 10. Loopback only unless --allow-remote.
"$SMTPDBG" proxy --listen 0.0.0.0:0 --upstream "$up" >"$work/remote.out" 2>&1
rc=$?
checks=$((checks + 1))
[ $rc -eq 2 ] || fail "--listen 0.0.0.0 without --allow-remote exited $rc, want 2"
has "$work/remote.out" "refusing to listen on 0.0.0.0"

finish
