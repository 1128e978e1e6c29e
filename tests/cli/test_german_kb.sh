# German part 2: the knowledge base, the explanations, the SASL steps and
# the lessons speak German. Every msgstr of the catalogue, and the program's
# explanations and lessons as printed, hold no English sentence (a
# word-list heuristic, tests/i18n/english_check.py; quoted protocol text and
# the wire lines are left out).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
check=$root/tests/i18n/english_check.py
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# no_english NAME CMD...: CMD's output (without wire lines) is German.
no_english() {
	name=$1; shift
	checks=$((checks + 1))
	"$@" >"$work/$name.raw" 2>&1
	# Wire lines (S: / C: and the TUI's S  / C  columns) are protocol.
	grep -v '^[SC]: \|^[SC]  \|^  [0-9][0-9][0-9][ -]' "$work/$name.raw" >"$work/$name.txt"
	if ! python3 "$check" --text "$work/$name.txt" >"$work/$name.eng"; then
		echo "FAIL: $name: English where German is expected:"
		head -n 20 "$work/$name.eng" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}
has() {
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1.raw"; then
		echo "FAIL: $1 lacks '$2'"
		head -n 30 "$work/$1.raw" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}

checks=$((checks + 1))
if ! python3 "$check" --po "$root/po/de.po" >"$work/po.eng"; then
	echo "FAIL: po/de.po holds English msgstrs:"
	head -n 30 "$work/po.eng" | sed 's/^/  | /'
	failures=$((failures + 1))
fi

no_english explain "$SMTPDBG" --lang de explain 535 5.7.8
has explain "Anmeldedaten"
no_english starttls "$SMTPDBG" --lang de explain 250-STARTTLS
no_english keywords "$SMTPDBG" --lang de explain PIPELINING CHUNKING SMTPUTF8 SIZE DSN
no_english codes "$SMTPDBG" --lang de explain 421 450 451 452 500 501 502 503 504 530 550 552 553 554
no_english enhanced "$SMTPDBG" --lang de explain 5.1.1 5.7.1 4.7.0 5.7.26 X.7.8
no_english commands "$SMTPDBG" --lang de explain 'MAIL FROM:<a@example.org> SIZE=1000' RCPT DATA
no_english challenge "$SMTPDBG" --lang de explain '334 VXNlcm5hbWU6'
for l in $("$SMTPDBG" demo --list | awk 'NR > 1 {print $1}'); do
	no_english "demo-$l" "$SMTPDBG" --lang de demo --print --lesson "$l"
done
export P=tanstaaftanstaaf
no_english cram "$SMTPDBG" --lang de sasl cram-md5 --user tim --password-env P \
	--challenge PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
has cram "b913a602c7eda7a495b4e6e7334d3890"
export P=pencil
no_english scram "$SMTPDBG" --lang de sasl scram-sha-256 --user user --password-env P \
	--nonce rOprNGfwEbeRWgbNEkqO
# The lessons in German: the auth-login lesson's first explanation is not
# the English one.
checks=$((checks + 1))
if grep -qF "The TCP connection is open and the server speaks first" "$work/demo-auth-login.raw"; then
	echo "FAIL: the auth-login lesson is English under --lang de"
	failures=$((failures + 1))
fi

finish
