# The translation guards: the German catalogue, merged with the strings the
# sources mark today, is complete (no untranslated, no fuzzy entry, msgfmt
# --check clean); no German text merely repeats the English unless
# po/same-allow.txt says why; and no literal reaches an output or drawing
# function without a translation marker unless po/lint-allow.txt says why.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$(dirname "$SMTPDBG")" && pwd)
po=$build/po/de.po

if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed"
	exit 77
fi

checks=$((checks + 1))
if ! python3 "$root/tests/i18n/lint_unmarked.py" "$root" "$root/po/lint-allow.txt"; then
	echo "FAIL: literals reach output without a translation marker (above)"
	failures=$((failures + 1))
fi

if ! command -v msgfmt >/dev/null 2>&1 || [ ! -f "$po" ]; then
	echo "FAIL: no merged catalogue at $po (gettext missing? sh tests/deps.sh build)"
	failures=$((failures + 1))
	finish
	exit
fi

checks=$((checks + 1))
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
echo "msgfmt: $stats"
case "$stats" in
*untranslated* | *fuzzy* | *error*)
	echo "FAIL: the German catalogue is not complete; translate in po/de.po"
	echo "  (cmake --build build --target update-po merges the new strings in)"
	failures=$((failures + 1)) ;;
esac

checks=$((checks + 1))
if ! python3 "$root/tests/i18n/po_check.py" "$po" "$root/po/same-allow.txt"; then
	echo "FAIL: German texts that are the English (above)"
	failures=$((failures + 1))
fi

# The committed catalogue is the merged one: nothing is translated only in
# the build tree, nothing waits in po/de.po for a merge.
checks=$((checks + 1))
if ! LC_ALL=C msgfmt --check --statistics -o /dev/null "$root/po/de.po" 2>&1 |
	grep -qv 'untranslated\|fuzzy'; then
	echo "FAIL: po/de.po has untranslated or fuzzy entries"
	failures=$((failures + 1))
fi

# The catalogue the program loads is there, and it works.
checks=$((checks + 1))
[ -f "$build/share/locale/de/LC_MESSAGES/smtpdbg.mo" ] ||
	{ echo "FAIL: no build/share/locale/de/LC_MESSAGES/smtpdbg.mo"; failures=$((failures + 1)); }
expect_out "Aufruf: smtpdbg" env LC_ALL=C "$SMTPDBG" --lang de --help

finish
