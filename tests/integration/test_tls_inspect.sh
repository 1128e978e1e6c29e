# The TLS choice and inspection of smtpdbg run against a small STARTTLS
# server (tls_smtpd.py) serving certificates made here: --verify-name and
# --sni, versions and cipher lists, the whole chain with keys, signatures
# and fingerprints, --show-chain, --keylog (a tcpdump capture on lo that
# tshark decrypts with it), SSLKEYLOGFILE's warning, the stapled OCSP status
# (openssl s_server with a response made by openssl ocsp), a chain of 50
# certificates, a server that stalls in the handshake.
# Run by ctest as: sh test_tls_inspect.sh PATH-TO-SMTPDBG. Needs root
# (tcpdump) and tshark, tcpdump, openssl, python3 (sh tests/deps.sh test).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tls_certs.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the capture needs root (CI runs as root)"
	exit 77
fi
for t in tshark tcpdump openssl python3; do
	command -v $t >/dev/null || { echo "FAIL: $t is missing (sh tests/deps.sh test)"; exit 1; }
done
work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && echo "work: $work"
mkcerts "$work" || { echo "FAIL: cannot make the certificates"; exit 1; }
C=$work
unset SSLKEYLOGFILE

serve() { # serve NAME MODE CHAIN KEY [MAXVER]: the port in $port
	python3 "$here/tls_smtpd.py" "$2" "$C/$3" "$C/$4" "$work/$1.port" "$work/$1.sni" \
		${5:-} &
	pids="$pids $!"
	i=0
	while [ ! -s "$work/$1.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(cat "$work/$1.port")
}

run() { # run NAME WANT-EXIT ARGS...
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	timeout 20 "$SMTPDBG" run --from a@example.org --to b@example.org "$@" \
		>"$work/$name.out" 2>"$work/$name.err"
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

check() { # check WHAT COMMAND...: COMMAND must succeed
	what=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $what"
		failures=$((failures + 1))
	fi
}

fp() { # the SHA-256 fingerprint of a PEM file as openssl prints it
	openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//'
}

serve good starttls good-chain.pem good.key
T=127.0.0.1:$port
gport=$port

# The name verified apart from the address connected to; the SNI follows it.
run byaddr 13 --starttls --cafile "$C/ca.pem" "$T"
has byaddr 'not valid for "127.0.0.1"'
: >"$work/good.sni"
run vname 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org "$T"
has vname 'verification: passed (chain and name "mail.example.org")'
check "--verify-name sends its name as the SNI" grep -qx mail.example.org "$work/good.sni"
# --sni sets only the SNI: the name checked stays the target's.
: >"$work/good.sni"
run sni 13 --starttls --cafile "$C/ca.pem" --sni mail.example.org "$T"
has sni 'not valid for "127.0.0.1"'
check "--sni is sent" grep -qx mail.example.org "$work/good.sni"
: >"$work/good.sni"
run sni2 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org --sni other.example "$T"
check "--sni wins over --verify-name's SNI" grep -qx other.example "$work/good.sni"

# The whole chain: the leaf's and the intermediate's key, signature, fingerprint.
has vname "key: EC 256 bits (prime256v1)"
has vname "signature: sha256WithRSAEncryption"
has vname "SHA-256 fingerprint: $(fp "$C/good.pem")"
has vname "chain certificate 2 of 2:"
has vname "  subject: CN=Test-Intermediate"
has vname "  key: RSA 2048 bits"
has vname "  SHA-256 fingerprint: $(fp "$C/int.pem")"
has vname "days left)"
has vname "OCSP stapling: asked for; the server stapled no response"
has vname "session: new"
lacks vname "BEGIN CERTIFICATE"
lacks vname "session keys"

# --show-chain: the PEM the server sent, certificate for certificate.
run pem 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org --show-chain "$T"
sed -n 's/^  # //p' "$work/pem.out" |
	sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' >"$work/pem.pem"
check "--show-chain prints the served chain" cmp -s "$work/pem.pem" "$C/good-chain.pem"

# Versions and cipher lists.
run v12 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org --tls-max 1.2 \
	--ciphers ECDHE-ECDSA-AES128-GCM-SHA256 "$T"
has v12 "protocol: TLSv1.2"
has v12 "cipher: ECDHE-ECDSA-AES128-GCM-SHA256"
run v13 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org --tls-min 1.3 \
	--ciphersuites TLS_CHACHA20_POLY1305_SHA256 --groups P-384 "$T"
has v13 "protocol: TLSv1.3"
has v13 "cipher: TLS_CHACHA20_POLY1305_SHA256"
serve old starttls good-chain.pem good.key 1.2
run toonew 13 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org --tls-min 1.3 \
	"127.0.0.1:$port"
has toonew "protocol version"
run badlist 2 --starttls --cafile "$C/ca.pem" --ciphers NO-SUCH-CIPHER "$T"
has badlist '--ciphers "NO-SUCH-CIPHER": OpenSSL knows none of it'
run badgroup 2 --starttls --cafile "$C/ca.pem" --groups P-999 "$T"
has badgroup '--groups "P-999": OpenSSL knows none of it'
lacks badgroup "connected to"
expect_status 2 "$SMTPDBG" run --tls-min 1.3 --tls-max 1.2 --from a@b --to c@d "$T"
expect_out "is newer than --tls-max" "$SMTPDBG" run --tls-min 1.3 --tls-max 1.2 --from a@b \
	--to c@d "$T"
expect_status 2 "$SMTPDBG" run --tls-min 1.4 --from a@b --to c@d "$T"

# --keylog: 0600, appended, and what Wireshark needs: tshark decrypts a
# capture of the session with it and finds the commands sent after STARTTLS.
tcpdump -i lo -U --immediate-mode -w "$work/cap.pcap" "tcp port $gport" >"$work/tcpdump.log" 2>&1 &
dump=$!
pids="$pids $dump"
i=0
while ! grep -q "listening on" "$work/tcpdump.log" && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
run keylog 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org \
	--keylog "$work/keys" --to secret-rcpt@example.org "$T"
sleep 0.3
kill "$dump"; wait "$dump" 2>/dev/null
has keylog "the TLS session keys are logged to"
check "the key log is 0600" test "$(stat -c %a "$work/keys")" = 600
check "the key log has TLS 1.3 secrets" grep -q '^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]\{64\} ' \
	"$work/keys"
tshark -r "$work/cap.pcap" -d "tcp.port==$gport,smtp" -o "tls.keylog_file:$work/keys" \
	-Y smtp -V >"$work/tshark.txt" 2>&1
check "tshark decrypts the session with the key log" grep -q "secret-rcpt@example.org" \
	"$work/tshark.txt"
tshark -r "$work/cap.pcap" -d "tcp.port==$gport,smtp" -Y smtp -V >"$work/tshark0.txt" 2>&1
check "without the key log the capture stays opaque" \
	sh -c "! grep -q secret-rcpt@example.org '$work/tshark0.txt'"
lines=$(wc -l <"$work/keys")
run keylog2 0 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org \
	--keylog "$work/keys" "$T"
check "the key log is appended to" test "$(wc -l <"$work/keys")" -gt "$lines"
chmod 644 "$work/keys"
run keyloose 13 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org \
	--keylog "$work/keys" "$T"
has keyloose "others may read it"
ln -s "$work/keys" "$work/keylink"
run keylink 13 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org \
	--keylog "$work/keylink" "$T"
has keylink "cannot write the key log"

# SSLKEYLOGFILE: honoured, with a warning in the session.
checks=$((checks + 1))
SSLKEYLOGFILE=$work/envkeys timeout 20 "$SMTPDBG" run --from a@b --to c@d --starttls \
	--cafile "$C/ca.pem" --verify-name mail.example.org "$T" >"$work/env.out" 2>&1 ||
	{ echo "FAIL: SSLKEYLOGFILE run"; failures=$((failures + 1)); }
has env "warning: the TLS session keys are being logged to"
has env "(SSLKEYLOGFILE is set)"
check "SSLKEYLOGFILE is written" grep -q '^SERVER_HANDSHAKE_TRAFFIC_SECRET ' "$work/envkeys"

# Bad input: a chain of 50 certificates is described, not choked on; a
# server that stalls in the handshake meets the timeout.
serve long starttls long-chain.pem good.key
run long 0 --starttls --insecure --verify-name mail.example.org "127.0.0.1:$port"
has long "chain certificate 50 of 50:"
has long "  subject: CN=Filler 48"
run longv 13 --starttls --cafile "$C/ca.pem" --verify-name mail.example.org "127.0.0.1:$port"
has longv "failed at the tls stage"
serve stall stall good-chain.pem good.key
run stall 13 --starttls --timeout 2 --cafile "$C/ca.pem" "127.0.0.1:$port"
has stall "failed at the tls stage"


# OCSP stapling: openssl s_server staples a response made here with
# openssl ocsp (good, then revoked); implicit TLS, so the description
# comes before the greeting s_server never sends.
ocsp() { # ocsp NAME STATUS-LINE-FLAG: a response for good.pem, served
	serial=$(openssl x509 -in "$C/good.pem" -noout -serial | cut -d= -f2)
	if [ "$2" = R ]; then
		printf 'R\t301231000000Z\t200101000000Z\t%s\tunknown\t/CN=mail.example.org\n' \
			"$serial" >"$work/$1.idx"
	else
		printf 'V\t301231000000Z\t\t%s\tunknown\t/CN=mail.example.org\n' "$serial" \
			>"$work/$1.idx"
	fi
	openssl ocsp -index "$work/$1.idx" -rsigner "$C/int.pem" -rkey "$C/int.key" \
		-CA "$C/int.pem" -issuer "$C/int.pem" -cert "$C/good.pem" -respout "$work/$1.der" \
		-ndays 1 >/dev/null 2>&1
	openssl s_server -accept 127.0.0.1:0 -cert "$C/good.pem" -key "$C/good.key" \
		-cert_chain "$C/int.pem" -status_file "$work/$1.der" -www >"$work/$1.ss" 2>&1 </dev/null &
	pids="$pids $!"
	i=0
	while ! grep -qs "^ACCEPT" "$work/$1.ss" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$work/$1.ss")
}
ocsp ogood V
run ocspgood 11 --tls --timeout 2 --cafile "$C/ca.pem" --verify-name mail.example.org \
	"127.0.0.1:$port"
has ocspgood 'OCSP stapling: stapled, certificate status "good"'
ocsp orevoked R
run ocsprevoked 11 --tls --timeout 2 --cafile "$C/ca.pem" --verify-name mail.example.org \
	"127.0.0.1:$port"
has ocsprevoked 'OCSP stapling: stapled, certificate status "revoked"'

finish
