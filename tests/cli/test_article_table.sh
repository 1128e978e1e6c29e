# The default lesson reproduces the seed article's AUTH LOGIN table
# character for character: every row's party and protocol line, in order,
# as `smtpdbg demo --print`, `--markdown` and the tour (smtpdbg without
# arguments, not on a terminal) show them. The rows below are the table's
# protocol column only (its German explanations are not copied here).
# With SMTPDBG_ARTICLE=FILE (the article as text) the rows are also checked
# against the article itself: each of its table lines must start with
# "Party: LINE " (a multi-line reply's lines joined by a space, as the
# article's table cell shows them).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# party|line, a multi-line reply as several lines of one party in a row.
table='Server|220 smtp.server.com ESMTP Postfix
Client|EHLO relay.client.com
Server|250-smtp.server.com Guten Tag
Server|250 AUTH CRAM-MD5 LOGIN PLAIN
Client|AUTH LOGIN
Server|334 VXNlcm5hbWU6
Client|TWF4IE11c3Rlcm1hbm4=
Server|334 UGFzc3dvcmQ6
Client|SWNoYmlua2VpblNwYW1tZXI=
Server|235 OK'

# The S:/C: form of the table.
want=$(printf '%s\n' "$table" | sed 's/^Server|/S: /; s/^Client|/C: /')

compare() { # WHAT GOT
	checks=$((checks + 1))
	if [ "$2" != "$want" ]; then
		echo "FAIL: $1 differs from the article's table:"
		printf '%s\n' "$2" >"$tmp/got"
		printf '%s\n' "$want" | diff - "$tmp/got" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}

compare "demo --print" "$("$SMTPDBG" demo --lesson auth-login --print | grep -E '^(S|C): ')"
compare "the default lesson" "$("$SMTPDBG" demo --print | grep -E '^(S|C): ')"
compare "the tour" "$("$SMTPDBG" | grep -E '^(S|C): ' | head -n 10)"

# Markdown: one table row per party's turn, the lines of a reply joined
# by <br>, each in backticks.
md=$("$SMTPDBG" demo --lesson auth-login --markdown | awk -F' [|] ' '
	/^[|] (Server|Client) [|] / {
		p = substr($1, 3) == "Server" ? "S" : "C"
		n = split($2, part, "<br>")
		for (i = 1; i <= n; i++) { gsub(/`/, "", part[i]); print p ": " part[i] }
	}')
compare "demo --markdown" "$md"

# The article itself, when given: its table lines in order.
if [ -n "${SMTPDBG_ARTICLE:-}" ]; then
	rows=$(printf '%s\n' "$table" | awk -F'|' '
		$1 == last { cell = cell " " $2; next }
		{ if (last != "") print last "|" cell; last = $1; cell = $2 }
		END { print last "|" cell }')
	lines=$(grep -E '^(Server|Client): ' "$SMTPDBG_ARTICLE")
	checks=$((checks + 1))
	if [ "$(printf '%s\n' "$rows" | wc -l)" != "$(printf '%s\n' "$lines" | wc -l)" ]; then
		echo "FAIL: the article's table has another number of rows:"
		printf '%s\n' "$lines" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
	i=0
	printf '%s\n' "$rows" | while IFS='|' read -r party line; do
		i=$((i + 1))
		got=$(printf '%s\n' "$lines" | sed -n "${i}p")
		case "$got" in
		"$party: $line "*) ;;
		*) echo "FAIL: article row $i: '$got' does not start with '$party: $line '"
		   echo x >>"$tmp/article" ;;
		esac
	done
	checks=$((checks + 1))
	if [ -s "$tmp/article" ]; then
		failures=$((failures + 1))
	fi
	rm -f "$tmp/article"
fi
finish
