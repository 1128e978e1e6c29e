# smtpdbg serve --allow-remote as a classroom uses it, with real clients on
# another "machine": a network namespace with a veth pair (10.x addresses),
# the server on the host side, every student on an address of its own in
# the namespace. swaks, Python's smtplib, curl and msmtp log in at once,
# each with its own account from a --users file, and send a message. Then
# the untrusted clients: 500 connections at once, slowloris clients, a
# 100 MB line and a 1 GB DATA (each stops once the server has refused),
# all while a normal client keeps getting 235 and 250. The server's memory
# stays bounded; the log names every limit; SIGTERM ends it with 0.
# Also 0.0.0.0 with a loopback client, the start-up warning included.
# Run by ctest as: sh test_serve_classroom.sh PATH-TO-SMTPDBG.
# Needs root (a network namespace) and iproute2, swaks, curl, msmtp and
# python3: sh tests/deps.sh test.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: a network namespace needs root"
	exit 77
fi
for tool in ip swaks curl msmtp python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAIL: $tool is missing: sh tests/deps.sh test installs it"
		exit 1
	fi
done

work=$(mktemp -d)
ns=smtpdbg-t20-$$
host_if=sdh$$
ns_if=sdn$$
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	ip link del "$host_if" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# A /24 nobody here uses: 10.231-250.x.0/24, from the process id.
o2=$((231 + $$ % 20))
o3=$(($$ / 20 % 250))
while ip -4 addr | grep -q "inet 10\.$o2\.$o3\."; do o3=$(((o3 + 1) % 250)); done
net=10.$o2.$o3
ip netns add "$ns" || { echo "FAIL: ip netns add"; exit 1; }
ip link add "$host_if" type veth peer name "$ns_if" netns "$ns" || exit 1
ip addr add "$net.1/24" dev "$host_if"
ip link set "$host_if" up
ip -n "$ns" link set lo up
ip -n "$ns" addr add "$net.2/24" dev "$ns_if"
for i in $(seq 3 30); do ip -n "$ns" addr add "$net.$i/32" dev "$ns_if"; done
ip -n "$ns" link set "$ns_if" up
inns() { ip netns exec "$ns" "$@"; }
py() { inns python3 "$here/serve_classroom.py" "$@"; }
# the veth pair needs a moment before packets pass
i=0
until ip link show "$host_if" | grep -q LOWER_UP || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

# The class: eight students, four programs, one account each. Names may
# have spaces, passwords colons.
users=$work/users
cat >"$users" <<'EOF'
# class 3b, smtpdbg serve --users
student1:swaks-one
student2:swaks:two
student3:python three
student4:python-four
Student Five:curl5
student6:curl-six
student7:msmtp-7
student8:msmtp:acht
normal:keeps-going
hostile:big-data
EOF
chmod 600 "$users"

# serve NAME ARGS...: start on $net.1 (port chosen by the kernel); sets
# $pid and $port.
serve() {
	name=$1
	shift
	: >"$work/$name.log"
	"$SMTPDBG" serve --allow-remote --users "$users" "$@" >"$work/$name.log" 2>&1 &
	pid=$!
	i=0
	port=
	while [ $i -lt 100 ] && [ -z "$port" ]; do
		port=$(sed -n 's/^listening on [0-9.]*:\([0-9]*\),.*/\1/p' "$work/$name.log")
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$port" ]; then
		echo "FAIL: $name: the server did not start"
		cat "$work/$name.log"
		exit 1
	fi
}

stop() {
	checks=$((checks + 1))
	kill -TERM "$pid"
	wait "$pid"
	got=$?
	pid=
	[ "$got" -eq 0 ] || fail "$1: serve exited $got after SIGTERM"
}

has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1" || { fail "$1 lacks '$2'"; tail -n 20 "$work/$1" | sed 's/^/  | /'; }
}

# ok NAME CMD...: CMD must exit 0; its output is kept in NAME.out. Often
# run in the background: the verdict goes to a file, counted by tally.
: >"$work/verdicts"
ok() {
	name=$1
	shift
	if "$@" >"$work/$name.out" 2>&1; then
		echo "ok $name" >>"$work/verdicts"
	else
		echo "FAIL: $name"
		tail -n 25 "$work/$name.out" | sed 's/^/  | /'
		echo "FAIL $name" >>"$work/verdicts"
	fi
}
tally() {
	checks=$((checks + $(wc -l <"$work/verdicts")))
	failures=$((failures + $(grep -c '^FAIL' "$work/verdicts")))
	: >"$work/verdicts"
}

printf 'Subject: homework\r\n\r\nhello\r\n' >"$work/msg"
# msmtp keeps the password in its configuration file, which must be private.
msmtprc() {
	f=$work/msmtprc-$1
	printf 'account default\nhost %s\nport %s\nfrom %s@client.test\nauth %s\nuser %s\n' \
		"$net.1" "$port" "$1" "$4" "$1" >"$f"
	printf 'password %s\ntls off\nsource_ip %s\n' "$2" "$3" >>"$f"
	chmod 600 "$f"
	echo "$f"
}

# the students, all at once; $1 names the round
class() {
	r=$1
	ok "$r-swaks1" inns swaks --server "$net.1:$port" --local-interface "$net.11" \
		--auth PLAIN --auth-user student1 --auth-password swaks-one \
		--from student1@client.test --to max@server.com &
	p1=$!
	ok "$r-swaks2" inns swaks --server "$net.1:$port" --local-interface "$net.12" \
		--auth CRAM-MD5 --auth-user student2 --auth-password swaks:two \
		--from student2@client.test --to max@server.com &
	p2=$!
	ok "$r-py3" py student "$net.1" "$port" "$net.13" student3 "python three" LOGIN &
	p3=$!
	ok "$r-py4" py student "$net.1" "$port" "$net.14" student4 python-four CRAM-MD5 &
	p4=$!
	ok "$r-curl5" inns curl -sS --interface "$net.15" --user "Student Five:curl5" \
		--login-options AUTH=PLAIN --mail-from s5@client.test --mail-rcpt max@server.com \
		--upload-file "$work/msg" "smtp://$net.1:$port" &
	p5=$!
	ok "$r-curl6" inns curl -sS --interface "$net.16" --user "student6:curl-six" \
		--mail-from s6@client.test --mail-rcpt max@server.com \
		--upload-file "$work/msg" "smtp://$net.1:$port" &
	p6=$!
	# msmtp refuses PLAIN and LOGIN without TLS unless told: the lesson's point
	ok "$r-msmtp7" inns msmtp -C "$(msmtprc student7 msmtp-7 "$net.17" plain)" \
		max@server.com <"$work/msg" &
	p7=$!
	ok "$r-msmtp8" inns msmtp -C "$(msmtprc student8 msmtp:acht "$net.18" login)" \
		max@server.com <"$work/msg" &
	p8=$!
	wait $p1 $p2 $p3 $p4 $p5 $p6 $p7 $p8
	tally
}

# --- a class of eight, from their own addresses ------------------------------
serve class --listen "$net.1:0" --idle-timeout 5
has class.log "REACHABLE FROM THE NETWORK (--allow-remote)"
has class.log "and 10 accounts from $users (their passwords are not shown)"
class one
for s in one-swaks1 one-swaks2; do
	has "$s.out" "<-  235 OK"
	has "$s.out" "<-  250 2.0.0 Ok"
done
# each login is in the log, with the student's address; no password is
for i in 11 12 13 14 15 16 17 18; do has class.log "connection from $net.$i:"; done
checks=$((checks + 1))
n235=$(grep -c '] S: 235 OK' "$work/class.log")
[ "$n235" -eq 8 ] || fail "8 logins in the log, found $n235"
for pw in swaks-one swaks:two "python three" python-four curl5 curl-six msmtp-7 msmtp:acht; do
	checks=$((checks + 1))
	! grep -qF -- "$pw" "$work/class.log" || fail "the log shows a password: $pw"
done
# a wrong password is refused, and a student cannot use another's password
ok wrong-pw sh -c "! ip netns exec $ns swaks --server $net.1:$port --local-interface $net.19 \
	--auth PLAIN --auth-user student1 --auth-password swaks:two --quit-after AUTH"
tally
has wrong-pw.out "535 5.7.8"

# --- untrusted clients, while the class and a normal client go on -----------
py normal "$net.1" "$port" "$net.4" normal keeps-going 25 >"$work/normal.out" 2>&1 &
normal=$!
sleep 1
ok flood py flood "$net.1" "$port" "$net.5" 500 &
f=$!
ok loris py loris "$net.1" "$port" "$net.6" 8 15 &
l=$!
ok longline py longline "$net.1" "$port" "$net.7" 100 &
g=$!
ok bigdata py bigdata "$net.1" "$port" "$net.8" 1024 hostile big-data &
b=$!
# RSS while it all runs: the peak, every 0.2 s
rss_max=0
while kill -0 $f 2>/dev/null || kill -0 $l 2>/dev/null || kill -0 $g 2>/dev/null ||
	kill -0 $b 2>/dev/null; do
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
	[ "${rss:-0}" -gt "$rss_max" ] && rss_max=$rss
	sleep 0.2
done
wait $f $l $g $b
tally
class two # the class again, right after the attacks
checks=$((checks + 1))
wait $normal || { fail "the normal client was not served"; }
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
for o in normal flood loris longline bigdata; do sed "s/^/  $o | /" "$work/$o.out" | tail -n 3; done
echo "  serve's memory: VmRSS at most $rss_max kB while attacked, VmHWM $hwm kB"
checks=$((checks + 1))
[ "$hwm" -lt 65536 ] || fail "serve's peak memory $hwm kB is over 64 MB"
stop class
has class.log "refused: as many sessions from this address as --max-per-address allows (421)"
has class.log "from $net.5 refused in the last 10 s"
has class.log "a line still without its end after 1048576 bytes: 421"
has class.log "message over twice the limit of 10485760 bytes: cut off"
has class.log "idle timeout"
checks=$((checks + 1))
! grep -q "$(printf '\033')" "$work/class.log" || fail "a raw ESC in the log"

# --- a burst of connections from one address: the rate limit -----------------
serve rate --listen "$net.1:0" --max-connect-rate 5 --max-per-address 0
ok rate inns python3 - "$net.1" "$port" "$net.9" <<'PY'
import socket, sys
host, port, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
got = []
for i in range(8):
    s = socket.create_connection((host, port), timeout=5, source_address=(src, 0))
    got.append(s.makefile("rb").readline()[:3])
    s.close()
print(got)
assert got == [b"220"] * 5 + [b"421"] * 3, got
PY
tally
py student "$net.1" "$port" "$net.10" student1 swaks-one PLAIN >"$work/rate-other.out" 2>&1 ||
	fail "another address is not affected by the rate limit"
stop rate
has rate.log "more connections a minute from this address than --max-connect-rate allows"
has rate.out "421"

# --- a session that never ends: --max-session ---------------------------------
serve session --listen "$net.1:0" --max-session 2
ok session inns python3 - "$net.1" "$port" "$net.9" <<'PY'
import socket, sys, time
host, port, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((host, port), timeout=5, source_address=(src, 0))
f = s.makefile("rb")
f.readline()
t0 = time.monotonic()
for _ in range(20):  # a NOOP every 0.5 s: never idle, but never done
    s.sendall(b"NOOP\r\n")
    line = f.readline()
    if not line.startswith(b"250"):
        break
    time.sleep(0.5)
print("%r after %.1f s" % (line, time.monotonic() - t0))
assert line.startswith(b"421 4.4.2") and time.monotonic() - t0 < 5, line
PY
tally
stop session
has session.log "session time limit"

# --- 0.0.0.0 with a loopback client ------------------------------------------
serve any --listen 0.0.0.0:0
has any.log "anyone who can reach 0.0.0.0:$port may connect"
has any.log "  # Students connect to " # this machine's addresses, for the teacher
has any.log "$net.1:$port"
ok any-swaks swaks --server "127.0.0.1:$port" --auth LOGIN --auth-user "Max Mustermann" \
	--auth-password IchbinkeinSpammer --from max@client.test --to friend@elsewhere.test
tally
has any-swaks.out "<-  235 OK"
stop any
# and without --allow-remote, as before
expect_out "loopback only" "$SMTPDBG" serve --listen "$net.1:0"

finish
