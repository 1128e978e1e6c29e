#!/bin/sh
# Rewrite the generated option lists in docs/smtpdbg.1 from the program's
# own tables. Usage: sh docs/update-man-options.sh PATH-TO-SMTPDBG
# (tests/cli/test_man_options.sh fails when the page is stale).
set -eu
smtpdbg=${1:?usage: sh docs/update-man-options.sh PATH-TO-SMTPDBG}
page=$(dirname "$0")/smtpdbg.1
blocks=$(mktemp)
out=$(mktemp)
trap 'rm -f "$blocks" "$out"' EXIT
"$smtpdbg" man-options >"$blocks"
awk -v blocks="$blocks" '
BEGIN {
	while ((getline line < blocks) > 0) {
		if (line ~ /^\.\\" BEGIN OPTIONS /) { split(line, w, " "); name = w[4]; text[name] = "" }
		text[name] = text[name] line "\n"
	}
}
/^\.\\" BEGIN OPTIONS / { split($0, w, " "); skip = 1; printf "%s", text[w[4]]; next }
/^\.\\" END OPTIONS / { skip = 0; next }
!skip { print }
' "$page" >"$out"
cat "$out" >"$page"
