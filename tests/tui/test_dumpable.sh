# The TUI holds passwords typed by hand: from the start it makes itself
# non-dumpable with no core file (as run does before it reads one), so a
# process of the same user cannot read its memory or dump a core. Checked
# at the Password: field, with the TUI running as an unprivileged user:
# /proc/PID belongs to root then (the kernel's sign of a non-dumpable
# process), its core limit is 0, and gcore by the same user fails.
# Needs root (to run the TUI as another user), as CI has.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v tmux >/dev/null 2>&1 ||
	! command -v setpriv >/dev/null 2>&1; then
	echo "skipped: needs root, tmux and setpriv"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work"
sock=$work/tmux.sock
spid=
cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

"$SMTPDBG" serve --personality tutorial --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
spid=$!
port=
i=0
while [ -z "$port" ] && [ $i -lt 600 ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; exit 1; }

# The binary must be reachable by the unprivileged user.
cp "$SMTPDBG" "$work/smtpdbg"
chmod 755 "$work/smtpdbg"
tm -f /dev/null new-session -d -s d -x 120 -y 40 \
	"setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent \
	 XDG_STATE_HOME=$work/state LANG=C.UTF-8 TERM=xterm-256color \
	 $work/smtpdbg 127.0.0.1:$port; sleep 600"

# check WHAT CMD...: CMD must succeed.
check() {
	what=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $what"
		failures=$((failures + 1))
	fi
}

screen() { tm capture-pane -p -t d; }
wait_for() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 600 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: never showed '$1'"
	screen | sed 's/^/  | /'
	failures=$((failures + 1))
}

wait_for "220 smtp.server.com"
tm send-keys -t d "EHLO x" Enter
wait_for "250 AUTH"
tm send-keys -t d "AUTH LOGIN" Enter
wait_for "(y/N)"
tm send-keys -t d y Enter
wait_for "Username:"
tm send-keys -t d "Max Mustermann" Enter
wait_for "Password:"
tm send-keys -t d "IchbinkeinSpammer"

pid=
for p in $(pgrep -x smtpdbg); do
	grep -q "$work/smtpdbg" "/proc/$p/cmdline" 2>/dev/null &&
		[ "$(awk '/^Uid:/ {print $2}' "/proc/$p/status")" = "$(id -u nobody)" ] && pid=$p
done
check "the TUI runs as nobody" [ -n "$pid" ]
if [ -n "$pid" ]; then
	check "its /proc entries belong to root: not dumpable" \
		[ "$(stat -c %U "/proc/$pid/mem")" = root ]
	check "no core file (limit 0)" \
		sh -c 'grep "^Max core file size" "/proc/$1/limits" | grep -q " 0 "' _ "$pid"
	if command -v gcore >/dev/null 2>&1; then
		check "gcore by the same user fails" \
			sh -c '! setpriv --reuid=nobody --regid=nogroup --clear-groups \
				timeout 60 gcore -o "$1/core" "$2" >/dev/null 2>&1' _ "$work" "$pid"
		checks=$((checks + 1))
		if ls "$work"/core* >/dev/null 2>&1; then
			echo "FAIL: a core file was written"
			failures=$((failures + 1))
		fi
	fi
fi
finish
