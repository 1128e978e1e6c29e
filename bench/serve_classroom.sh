#!/bin/sh
# smtpdbg serve --allow-remote under a classroom's load and a hostile
# client's (a benchmark, not a test: nothing here fails). On loopback, no
# root needed: every client binds its own 127.x address, so the server sees
# as many machines as the bench wants. Prints:
#   (a) memory (VmRSS from /proc) idle, with SESSIONS sessions held open
#       (each from its own address), the same with STARTTLS done, and the
#       cost of one session;
#   (b) the peak (VmHWM) while 500 connections at once, 8 slowloris clients,
#       a 100 MB line and a 1 GB DATA hit it (each stopped at its refusal),
#       and a normal client's session times meanwhile (median, max);
#   (c) a 1 GB message accepted whole (--max-message 1024M): MB/s and the
#       peak memory, which must not grow with the message.
# Usage, after a build: sh bench/serve_classroom.sh [BUILD-DIR] [SESSIONS]
# (defaults: build, 64).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
sessions=${2:-64}
case $build in /*) bin=$build/smtpdbg ;; *) bin=$(pwd)/$build/smtpdbg ;; esac
clients=$(pwd)/tests/integration/serve_classroom.py
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is missing" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
printf 'normal:keeps-going\nhostile:big-data\n' >"$work/users"
chmod 600 "$work/users"

serve() {
	: >"$work/serve.log"
	"$bin" serve --allow-remote --listen 127.0.0.1:0 --users "$work/users" "$@" \
		>"$work/serve.log" 2>&1 &
	pid=$!
	port=
	i=0
	while [ -z "$port" ] && [ $i -lt 100 ]; do
		port=$(sed -n 's/^listening on [0-9.]*:\([0-9]*\),.*/\1/p' "$work/serve.log")
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || { cat "$work/serve.log"; exit 1; }
	sleep 0.2
}
stop() {
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
}
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }

# hold N TLS: N sessions from 127.1.x.y, EHLO (and STARTTLS), kept open
# until the file $work/release appears; prints "held N" when all are up.
cat >"$work/hold.py" <<'PY'
import os, smtplib, ssl, sys, time
port, n, tls, release = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "tls", sys.argv[4]
ctx = ssl.create_default_context()
ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
held = []
for i in range(n):
    s = smtplib.SMTP("127.0.0.1", port, timeout=10,
                     source_address=("127.1.%d.%d" % (i // 250, i % 250 + 1), 0))
    s.ehlo("held.test")
    if tls:
        s.starttls(context=ctx)
        s.ehlo("held.test")
    held.append(s)
print("held", len(held), flush=True)
for _ in range(600):
    if os.path.exists(release):
        break
    time.sleep(0.1)
PY

# held N TLS: hold them, print the server's VmRSS, let them go.
held() {
	rm -f "$work/release"
	python3 "$work/hold.py" "$port" "$1" "$2" "$work/release" >"$work/hold.out" 2>&1 &
	h=$!
	i=0
	until grep -q "^held" "$work/hold.out" || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3
	kb VmRSS
	touch "$work/release"
	wait $h || true
}

echo "(a) memory, $sessions sessions"
serve --max-clients "$sessions"
idle=$(kb VmRSS)
plain=$(held "$sessions" plain)
stop
serve --personality strict-submission --max-clients "$sessions"
idle_tls=$(kb VmRSS)
tls=$(held "$sessions" tls)
stop
echo "  idle:                               $idle kB"
echo "  $sessions sessions after EHLO:        $plain kB ($(((plain - idle) / sessions)) kB a session)"
echo "  idle (strict-submission):           $idle_tls kB"
echo "  $sessions sessions after STARTTLS:    $tls kB ($(((tls - idle_tls) / sessions)) kB a session)"

echo "(b) attacked, while a normal client works"
serve --idle-timeout 5
py() { python3 "$clients" "$@"; }
py normal 127.0.0.1 "$port" 127.0.0.4 normal keeps-going 20 >"$work/normal.out" 2>&1 &
n=$!
sleep 1
py flood 127.0.0.1 "$port" 127.0.0.5 500 >"$work/flood.out" 2>&1 &
a1=$!
py loris 127.0.0.1 "$port" 127.0.0.6 8 15 >"$work/loris.out" 2>&1 &
a2=$!
py longline 127.0.0.1 "$port" 127.0.0.7 100 >"$work/line.out" 2>&1 &
a3=$!
t0=$(date +%s%N)
py bigdata 127.0.0.1 "$port" 127.0.0.8 1024 hostile big-data >"$work/data.out" 2>&1 &
a4=$!
wait $a1 $a2 $a3 $a4 || true
wait $n || true
echo "  peak VmHWM: $(kb VmHWM) kB"
for f in flood line data normal; do sed 's/^/  /' "$work/$f.out" | tail -n 1; done
stop

echo "(c) a 1 GB message accepted whole"
serve --max-message 1024M
start=$(date +%s%N)
python3 - "$port" <<'PY'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=60, source_address=("127.0.0.9", 0))
s.ehlo("big.test")
s.login("hostile", "big-data")
s.mail("big@client.test")
s.rcpt("max@server.com")
assert s.docmd("DATA")[0] == 354
line = b"x" * 998 + b"\r\n"
chunk = line * 1024
for _ in range(1000):  # 1000 x 1 MB
    s.sock.sendall(chunk)
s.sock.sendall(b".\r\n")
print("  ", s.getreply())
s.quit()
PY
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
echo "  1000 MB in $ms ms: $((1000 * 1000 / ms)) MB/s; VmHWM $(kb VmHWM) kB"
stop
