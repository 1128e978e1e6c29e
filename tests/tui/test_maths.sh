# The maths on screen, in a real terminal (a private tmux server): the
# cram-md5 lesson (RFC 2195's example) shows the HMAC-MD5 steps and the
# RFC's digest, the key masked until S; the auth-plain lesson shows PLAIN's
# NUL-separated bytes; the auth-login lesson shows how "Max" becomes
# "TWF4", group by group, on B or :bits; and the live explanation pane
# shows the same against the embedded server on loopback. No lab.
# Run by ctest as: sh test_maths.sh PATH-TO-SMTPDBG.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_tmux
work=$(mktemp -d)
sock=$work/tmux.sock
pid=
cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"

start() {
	name=$1; shift
	cmd="env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	tui_window "$name" "$cmd"
}

# The right-hand pane as one line, spaces squeezed: wrapped text reads on.
pane() {
	screen "$1" | sed -n 's/^[^|]*|//p' | tr -s ' \n' '  '
}
# shows WIN TEXT...: the right-hand pane shows every TEXT (polled 15 s).
shows() {
	w=$1; shift
	for want in "$@"; do
		want=$(printf '%s' "$want" | tr -s ' ')
		checks=$((checks + 1))
		i=0
		while [ $i -lt 150 ]; do
			pane "$w" | grep -qF -- "$want" && break
			sleep 0.1
			i=$((i + 1))
		done
		[ $i -lt 150 ] || fail "window $w never showed '$want'" "$w"
	done
}
# hides WIN TEXT...: the pane does not show TEXT (after what was awaited).
hides() {
	w=$1; shift
	for what in "$@"; do
		checks=$((checks + 1))
		if screen "$w" | tr -s ' \n' '  ' | grep -qF -- "$what"; then
			fail "window $w shows '$what'" "$w"
		fi
	done
}
# steps WIN FROM TO OF: PgDn from row FROM to row TO of OF.
steps() {
	w=$1 k=$2 n=$3 of=$4
	while [ $k -lt "$n" ]; do
		k=$((k + 1))
		keys "$w" NPage
		wait_for "$w" "step $k/$of"
	done
}

# --- CRAM-MD5: RFC 2195's example, step by step ----------------------------
start cram demo --lesson cram-md5
wait_for cram "step 0/7"
steps cram 0 6 7
shows cram ">C  dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw" \
	"challenge: <1896.697170952@postoffice.reston.mci.net>" \
	"key K = the password: ********" \
	"K XOR ipad = ********" \
	"inner = MD5((K XOR ipad) || challenge) = 328f9bd73494a1c04a60bc24213a8e36" \
	"K XOR opad = ********" \
	"digest = MD5((K XOR opad) || inner) = b913a602c7eda7a495b4e6e7334d3890" \
	"response: tim b913a602c7eda7a495b4e6e7334d3890"
hides cram tanstaaf
# S: the lesson's published key, and the padded key XOR ipad, in hex.
keys cram S
shows cram "key K = the password: \"tanstaaftanstaaf\" = 74 61 6e 73 74 61 61 66" \
	"K XOR ipad = 42 57 58 45 42 57 57 50 42 57 58 45 42 57 57 50, then 36 repeated 48 times" \
	"digest = MD5((K XOR opad) || inner) = b913a602c7eda7a495b4e6e7334d3890"
keys cram S
shows cram "key K = the password: ********"
hides cram tanstaaf
keys cram q
clean_exit cram

# --- PLAIN: the NUL-separated fields ---------------------------------------
start plain demo --lesson auth-plain
wait_for plain "step 0/7"
steps plain 0 6 7
shows plain "PLAIN message = authzid NUL authcid NUL passwd (RFC 4616 section 2)" \
	"authzid: empty (act as the user who authenticates)" \
	"authcid: Max Mustermann" "passwd: ********" \
	"as bytes (00 is NUL): 00 4d 61 78 20 4d 75 73 74 65 72 6d 61 6e 6e 00 ********" \
	"as text: \\x00Max Mustermann\\x00********"
hides plain IchbinkeinSpammer
keys plain S
shows plain "passwd: IchbinkeinSpammer" \
	"6e 6e 00 49 63 68 62 69 6e 6b 65 69 6e 53 70 61 6d 6d 65 72"
keys plain q
clean_exit plain

# --- "Max" becomes "TWF4": the 6-bit groups on B and :bits -----------------
start login demo --lesson auth-login
wait_for login "step 0/9"
steps login 0 6 9
shows login ">C  TWF4IE11c3Rlcm1hbm4=  = Max Mustermann" \
	"14 bytes, in hex: 4d 61 78 20 4d 75 73 74 65 72 6d 61 6e 6e" \
	"(B or :bits shows how Base64 makes these bytes"
hides login "TWF4 " "010011 010110"
keys login B
shows login "\"Max\" 01001101 01100001 01111000" \
	"010011 010110 000101 111000 = 19 22 5 56 = TWF4" \
	"\"nn\" 01101110 01101110 + 2 zero bits" "= bm4, then \"=\""
keys login B
wait_for login "(B or :bits shows them)"
hides login "010011 010110"
# :bits at the lesson's visible Username: field (a step back): a tool
# command there, never the answer; at the hidden Password: field a line
# starting with ':' is the password.
keys login PPage
wait_for login "step 5/9"
keys login :
typed login "bits"
keys login Enter
keys login NPage
wait_for login "step 6/9"
shows login "010011 010110 000101 111000 = 19 22 5 56 = TWF4"
# The password's row: its bytes and groups never show masked.
steps login 6 8 9
shows login "bytes, in hex: ********"
hides login IchbinkeinSpammer "= SWNo" "49 63 68"
keys login Escape
keys login q
clean_exit login

# --- the live pane, against the embedded server -----------------------------
log=$work/serve.log
"$SMTPDBG" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
pid=$!
i=0
port=
while [ $i -lt 100 ] && [ -z "$port" ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; cat "$log"; exit 1; }

start live "127.0.0.1:$port"
wait_for live "| 127.0.0.1:$port | plain"
line live "EHLO x"
wait_for live "250 AUTH CRAM-MD5 LOGIN PLAIN"
line live ":auth CRAM-MD5"
wait_for live "Username:"
line live "Max Mustermann"
wait_for live "Password:"
line live "IchbinkeinSpammer"
wait_for live "235 OK"
# The response line: one up from the 235.
keys live Escape
keys live k
shows live "Explain: line" \
	"challenge: <" "key K = the password: ********" \
	"inner = MD5((K XOR ipad) || challenge) = " \
	"digest = MD5((K XOR opad) || inner) = " \
	"CRAM-MD5 response = user SP digest (RFC 2195 section 2)" "user: Max Mustermann"
hides live IchbinkeinSpammer
keys live S
shows live "key K = the password: \"IchbinkeinSpammer\""
keys live S
wait_for live "secrets masked"
hides live IchbinkeinSpammer
keys live q
wait_for live "(y/n)"
keys live y
clean_exit live
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=

finish
