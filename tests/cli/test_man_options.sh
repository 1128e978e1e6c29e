# The man page's option lists are the program's own: every block between
# BEGIN OPTIONS and END OPTIONS in docs/smtpdbg.1 is exactly what
# `smtpdbg man-options` prints for that command, the page has no block the
# program no longer prints, and each command's --help mentions every long
# option its block lists.
. "$(dirname "$0")/lib.sh"
man="$(dirname "$0")/../../docs/smtpdbg.1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the defaults, not whatever the user running the tests has.
export XDG_CONFIG_HOME="$tmp/config"

# names FILE: the block names in FILE, in order.
names() {
	sed -n 's/^\.\\" BEGIN OPTIONS \([^ ]*\).*/\1/p' "$1"
}

# block FILE NAME: the block NAME in FILE, its two marker lines included.
block() {
	awk -v n="$2" '
		$0 == ".\\\" BEGIN OPTIONS " n ||
		index($0, ".\\\" BEGIN OPTIONS " n " ") == 1 { on = 1 }
		on { print }
		on && $0 == ".\\\" END OPTIONS " n { on = 0 }' "$1"
}

# long_options FILE: every \fB\-\-name\fR in FILE, as --name, one a line.
long_options() {
	awk '{
		s = $0
		while (match(s, /\\fB\\-\\-([A-Za-z0-9]|\\-)+\\fR/)) {
			o = substr(s, RSTART + 3, RLENGTH - 6)
			gsub(/\\-/, "-", o)
			print o
			s = substr(s, RSTART + RLENGTH)
		}
	}' "$1" | sort -u
}

checks=$((checks + 1))
if ! "$SMTPDBG" man-options >"$tmp/generated" 2>"$tmp/err"; then
	echo "FAIL: smtpdbg man-options failed:"
	sed 's/^/  | /' "$tmp/err"
	failures=$((failures + 1))
	finish
	exit
fi
names "$tmp/generated" >"$tmp/names"
if [ ! -s "$tmp/names" ]; then
	echo "FAIL: smtpdbg man-options printed no BEGIN OPTIONS block"
	failures=$((failures + 1))
fi
if [ ! -r "$man" ]; then
	echo "FAIL: cannot read $man"
	failures=$((failures + 1))
	finish
	exit
fi

# Every block the program prints is in the page, verbatim.
while read -r n; do
	checks=$((checks + 1))
	block "$tmp/generated" "$n" >"$tmp/want"
	block "$man" "$n" >"$tmp/got"
	if [ ! -s "$tmp/got" ]; then
		echo "FAIL: docs/smtpdbg.1: no options block for $n; paste in the output of: smtpdbg man-options $n"
		failures=$((failures + 1))
	elif [ "$(names "$tmp/got" | wc -l)" -ne 1 ]; then
		echo "FAIL: docs/smtpdbg.1: the options block of $n appears more than once, or is not closed by .\\\" END OPTIONS $n"
		failures=$((failures + 1))
	elif ! diff -u "$tmp/got" "$tmp/want" >"$tmp/diff"; then
		echo "FAIL: docs/smtpdbg.1: the options of $n are stale; regenerate with: sh docs/update-man-options.sh build/smtpdbg"
		echo "  (- the page, + what smtpdbg man-options prints)"
		sed -e '1,2d' -e 's/^/  | /' "$tmp/diff"
		failures=$((failures + 1))
	fi
done <"$tmp/names"

# The page has no block the program no longer prints.
for n in $(names "$man"); do
	checks=$((checks + 1))
	if ! grep -qxF -e "$n" "$tmp/names"; then
		echo "FAIL: docs/smtpdbg.1: has an options block for $n, which smtpdbg man-options no longer prints; remove it"
		failures=$((failures + 1))
	fi
done

# Each command's --help mentions every long option its block in the page
# lists. The interactive mode (tui) is asked as smtpdbg HOST --help.
while read -r n; do
	checks=$((checks + 1))
	block "$man" "$n" >"$tmp/got"
	if [ "$n" = tui ]; then
		"$SMTPDBG" localhost --help >"$tmp/help" 2>&1
	else
		"$SMTPDBG" "$n" --help >"$tmp/help" 2>&1
	fi
	missing=
	for o in $(long_options "$tmp/got"); do
		grep -qE -e "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$tmp/help" ||
			missing="$missing $o"
	done
	if [ -n "$missing" ]; then
		echo "FAIL: docs/smtpdbg.1 lists options of $n that 'smtpdbg $n --help' does not mention:$missing"
		failures=$((failures + 1))
	fi
done <"$tmp/names"

finish
