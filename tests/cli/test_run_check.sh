# run --check, the monitoring plugin: a real TLS server (Python's ssl, that
# is OpenSSL) whose certificate the test makes to expire in 10 days gives
# WARNING with --warn-days 30, CRITICAL with --crit-days 15, OK with
# --warn-days 5; a failing stage is CRITICAL, usage errors UNKNOWN; one
# status line with performance data in the plugins' format.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
for tool in python3 openssl; do
	command -v $tool >/dev/null 2>&1 || { echo "skipped: $tool is needed"; exit 77; }
done
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
	-days 10 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
	>/dev/null 2>&1 || { echo "FAIL: openssl could not make the certificate"; exit 1; }
python3 "$here/starttls_server.py" "$work/cert.pem" "$work/key.pem" "$work/port" &
pid=$!
i=0
while [ $i -lt 100 ] && [ ! -s "$work/port" ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$work/port")
T="127.0.0.1:$port"

# check NAME WANT ARGS...: run --check; one line on stdout, the right code
check() {
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run --check --timeout 10 "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err"
		failures=$((failures + 1))
	fi
	checks=$((checks + 1))
	n=$(wc -l <"$work/$name.out")
	[ "$n" -eq 1 ] || { echo "FAIL: $name: $n lines on stdout, want 1"; failures=$((failures + 1)); }
}
has() {
	checks=$((checks + 1))
	grep -qE -- "$2" "$work/$1.out" || { echo "FAIL: $1 lacks /$2/"; sed 's/^/  | /' "$work/$1.out"
		failures=$((failures + 1)); }
}

check warn 1 --starttls --cafile "$work/cert.pem" --warn-days 30 "$T"
has warn '^SMTP WARNING - 127\.0\.0\.1:[0-9]+: session completed in [0-9]+\.[0-9]{3} s; the certificate expires in (9|10) days \|'
has warn ' cert_days=(9|10);30;7$'
has warn ' connect=[0-9]+\.[0-9]{3}s;;;0 banner=[0-9.]+s;;;0 tls=[0-9.]+s;;;0 time=[0-9.]+s;;;0 '
check crit 2 --starttls --cafile "$work/cert.pem" --crit-days 15 --warn-days 20 "$T"
has crit '^SMTP CRITICAL - '
check ok 0 --starttls --cafile "$work/cert.pem" --warn-days 5 --crit-days 2 "$T"
has ok '^SMTP OK - '
# Not trusted: the TLS stage fails, CRITICAL, the reason on the line.
check untrusted 2 --starttls "$T"
has untrusted '^SMTP CRITICAL - .*: failed at the tls stage: .*certificate'
# No server at all.
check refused 2 127.0.0.1:1
has refused '^SMTP CRITICAL - 127\.0\.0\.1:1: failed at the connect stage'
# Usage errors are UNKNOWN in this mode.
check usage 3 --bogus "$T"
has usage '^SMTP UNKNOWN - '
check json 3 --json "$T"
check days 3 --crit-days 30 --warn-days 10 "$T"
expect_status 2 "$SMTPDBG" run --warn-time 5 "$T"

finish
