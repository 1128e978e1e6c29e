# Handouts: demo and replay as Markdown and as one HTML file, parsed by a
# real HTML parser (tests/cli/handout_check.py) and, for Markdown, first
# rendered by cmark-gfm with raw HTML let through, so that any markup a
# hostile reply smuggled in would show as an element. Every row's wire text
# must be there, no element or attribute may come from the text, and the
# colours must be the theme's. Needs python3 and cmark-gfm
# (sh tests/deps.sh test).
. "$(dirname "$0")/lib.sh"
check="python3 $(dirname "$0")/handout_check.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v cmark-gfm >/dev/null 2>&1; then
	echo "FAIL: cmark-gfm is not installed (sh tests/deps.sh test)"
	exit 1
fi

# ok NAME CMD...: CMD must succeed (a check of its own).
ok() {
	name=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $name"
		failures=$((failures + 1))
	fi
}

# wire_of LESSON-ARGS...: the lesson's wire lines, as --print shows them.
wire_of() { "$SMTPDBG" demo --print "$@" | sed -n 's/^[SC]: //p'; }

# --- every shipped lesson as HTML and as Markdown --------------------------
for l in auth-login auth-plain cram-md5 starttls open-relay-test ports client-settings; do
	wire_of --lesson "$l" >"$tmp/$l.wire"
	"$SMTPDBG" demo --lesson "$l" --html >"$tmp/$l.html"
	ok "demo --lesson $l --html" $check html "$tmp/$l.html" "$tmp/$l.wire" \
		--css '.c2{color:#005f00;font-weight:bold;}' --css 'body{color:#000000;background:#ffffff}'
	"$SMTPDBG" demo --lesson "$l" --markdown | cmark-gfm --unsafe -e table >"$tmp/$l.md.html"
	ok "demo --lesson $l --markdown" $check md "$tmp/$l.md.html" "$tmp/$l.wire"
done
# The lesson's words beside the rows, its introduction above them.
ok "the explanation beside the row" $check html "$tmp/auth-login.html" "$tmp/auth-login.wire" \
	--text 'The user name, "Max Mustermann", in Base64.' \
	--text 'Before a submission server accepts mail for other domains'
expect_out '<td class="dec"><div>Username:</div></td>' cat "$tmp/auth-login.html"
expect_out '<span class="c3">334</span> VXNlcm5hbWU6' cat "$tmp/auth-login.html"
expect_no_out "IchbinkeinSpammer" cat "$tmp/auth-login.html" "$tmp/auth-plain.html"
expect_out "IchbinkeinSpammer" "$SMTPDBG" demo --lesson auth-login --html --show-secrets
# No script, nothing from outside: a policy that forbids both.
expect_no_out "<script" cat "$tmp/auth-login.html"
expect_out "default-src 'none'; style-src 'unsafe-inline'" cat "$tmp/auth-login.html"
expect_out '<html lang="de">' "$SMTPDBG" demo --html --lang de

# --- the theme's colours ----------------------------------------------------
"$SMTPDBG" demo --html --theme dark >"$tmp/dark.html"
ok "--theme dark" $check html "$tmp/dark.html" "$tmp/auth-login.wire" \
	--css 'body{color:#e5e5e5;background:#000000}' --css '.c5{color:#ff5f5f;font-weight:bold;}' \
	--css 'tr.cli .wire{color:#87d7ff;}'
# A theme for any background: the page its colours read best on (black for
# the terminal's own ANSI colours).
"$SMTPDBG" demo --html --theme default >"$tmp/default.html"
ok "--theme default" $check html "$tmp/default.html" "$tmp/auth-login.wire" \
	--css 'body{color:#e5e5e5;background:#000000}' --css '.c2{color:#00cd00;font-weight:bold;}'
# Without colours: the attributes alone, black on white.
"$SMTPDBG" demo --html --no-color >"$tmp/mono.html"
ok "--no-color" $check html "$tmp/mono.html" "$tmp/auth-login.wire" \
	--css 'body{color:#000000;background:#ffffff}' --css '.c2{font-weight:bold;}'
expect_no_out ".c2{color" cat "$tmp/mono.html"
expect_status 2 "$SMTPDBG" demo --html --markdown
expect_status 2 "$SMTPDBG" demo --html --print
expect_status 2 "$SMTPDBG" replay --html --text "$tmp/x"

# --- hostile text: a server's replies in a transcript -----------------------
cat >"$tmp/evil.txt" <<'EOF'
smtpdbg-transcript 1
@peer evil.example<script>alert(1)</script>`|
@start 2024-05-01T10:00:00Z
S 0 - 220 evil <script>alert(1)</script> | x `y` *z* [a](javascript:alert(1)) &amp; "q" 'r'
C 10 - EHLO <img src=x onerror=alert(1)>|
S 20 - 250-evil.example <b>bold</b> ``` <!-- c -->
S 20 - 250 AUTH PLAIN
C 30 - NOOP
S 40 - 550 5.7.1 <x@y>: </td></tr><tr><td>injected | col \\| `` ` ``
C 50 - QUIT
S 60 - 221 2.0.0 <style>body{display:none}</style>
EOF
# (a backslash is "\\" in the file and on screen alike)
sed -n 's/^[SC] [0-9]* [^ ]* //p' "$tmp/evil.txt" >"$tmp/evil.wire"
"$SMTPDBG" replay --html "$tmp/evil.txt" >"$tmp/evil.html"
ok "replay --html of hostile replies" $check html "$tmp/evil.html" "$tmp/evil.wire" \
	--text '<script>alert(1)</script>' --text '</td></tr><tr><td>injected' \
	--text 'evil.example<script>alert(1)</script>`|' --text '<style>body{display:none}</style>'
expect_no_out "<script" cat "$tmp/evil.html"
expect_no_out "<img" cat "$tmp/evil.html"
"$SMTPDBG" replay --markdown "$tmp/evil.txt" | cmark-gfm --unsafe -e table >"$tmp/evil.md.html"
ok "replay --markdown of hostile replies" $check md "$tmp/evil.md.html" "$tmp/evil.wire" \
	--text '<script>alert(1)</script>' --text 'evil.example<script>alert(1)</script>`|'

# --- hostile text: a lesson file of someone else's ---------------------------
cat >"$tmp/evil.lesson" <<'EOF'
smtpdbg-lesson 1
title <script>alert(1)</script> | *t* `x
personality tutorial
about 1. not a list <img src=x onerror=alert(1)> | [l](javascript:x)
about
about - not a list either # nor a heading
about
about     not code

step server
expect 220
explain <b>bold?</b> | a pipe, `code`, *stars*, &amp; an entity

step client
send NOOP <script>x</script> | y
explain </td><td>a fifth cell?
EOF
printf '%s\n' '220 smtp.server.com ESMTP Postfix' 'NOOP <script>x</script> | y' >"$tmp/evil-lesson.wire"
"$SMTPDBG" demo --lesson "$tmp/evil.lesson" --html >"$tmp/evil-lesson.html"
ok "demo --html of a hostile lesson" $check html "$tmp/evil-lesson.html" "$tmp/evil-lesson.wire" \
	--text '<script>alert(1)</script> | *t* `x' --text '1. not a list <img src=x onerror=alert(1)>' \
	--text '<b>bold?</b> | a pipe' --text '</td><td>a fifth cell?'
"$SMTPDBG" demo --lesson "$tmp/evil.lesson" --markdown | cmark-gfm --unsafe -e table \
	>"$tmp/evil-lesson.md.html"
ok "demo --markdown of a hostile lesson" $check md "$tmp/evil-lesson.md.html" "$tmp/evil-lesson.wire" \
	--text '<script>alert(1)</script> | *t* `x' --text '1. not a list <img src=x onerror=alert(1)>' \
	--text '- not a list either # nor a heading' --text 'not code' \
	--text '<b>bold?</b> | a pipe, `code`, *stars*, &amp; an entity'

finish
