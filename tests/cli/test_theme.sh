# smtpdbg theme: list, show, check; bad lines are reported with file and
# line; the shipped themes are clean.
. "$(dirname "$0")/lib.sh"
themes=$(cd "$(dirname "$0")/../../themes" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the shipped themes, not whatever the user running the tests has.
export XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$XDG_CONFIG_HOME/smtpdbg/themes"

# every shipped theme passes the linter, mono check included
expect_status 0 "$SMTPDBG" theme check "$themes"/*.theme
for t in default dark light high-contrast mono okabe-ito; do
	expect_out "$t.theme: ok" "$SMTPDBG" theme check "$themes/$t.theme"
	expect_out "$t" "$SMTPDBG" theme list
done
expect_out 'okabe-ito.theme: ok' "$SMTPDBG" theme check okabe-ito

# list: name, background, description, file
expect_out 'light            light  Darker shades' "$SMTPDBG" theme list
# Found beside the executable (the build links share/smtpdbg to the sources).
expect_out "$(dirname "$SMTPDBG")/share/smtpdbg/themes/dark.theme" "$SMTPDBG" theme list

# show: every role, resolved, per tier
expect_out 'transcript.client        cyan/117/#87d7ff' "$SMTPDBG" theme show dark
expect_out 'code.enhanced' "$SMTPDBG" theme show dark
expect_out 'background   dark #000000' "$SMTPDBG" theme show dark
expect_out 'code.5xx                 bright-red/203/#ff5f5f' "$SMTPDBG" theme show dark
expect_out 'code.5xx                 red                    default                bold' \
	"$SMTPDBG" theme show --colors 8 dark
expect_out 'code.5xx                 203 ' "$SMTPDBG" theme show --colors 256 dark
expect_out 'code.5xx                 #ff5f5f' "$SMTPDBG" theme show -c 16777216 dark
checks=$((checks + 1))
n=$("$SMTPDBG" theme show default | sed '1,/^ROLE/d' | wc -l)
if [ "$n" -ne 44 ]; then
	echo "FAIL: theme show printed $n roles, want 44"
	failures=$((failures + 1))
fi
expect_status 2 "$SMTPDBG" theme show no-such-theme
expect_out 'no-such-theme: no such theme; looked in' "$SMTPDBG" theme show no-such-theme

# a user theme overrides the shipped one of the same name
printf 'description "mine"\ninherit -\ncolor code.2xx 1 -\n' \
	>"$XDG_CONFIG_HOME/smtpdbg/themes/dark.theme"
expect_out 'description  mine' "$SMTPDBG" theme show dark
expect_out "$XDG_CONFIG_HOME/smtpdbg/themes/dark.theme" "$SMTPDBG" theme list
rm "$XDG_CONFIG_HOME/smtpdbg/themes/dark.theme"

# check: FILE:LINE: MESSAGE for each problem, exit 2
cat >"$tmp/bad.theme" <<'THEME'
format 1
colour code.2xx red -
color code.2xx reddish -
color code.9xx red -
mono code.4xx bold
THEME
expect_status 2 "$SMTPDBG" theme check "$tmp/bad.theme"
expect_out "$tmp/bad.theme:2: unknown directive 'colour'" "$SMTPDBG" theme check "$tmp/bad.theme"
expect_out "$tmp/bad.theme:3: unknown colour 'reddish'" "$SMTPDBG" theme check "$tmp/bad.theme"
expect_out "$tmp/bad.theme:4: warning: unknown role 'code.9xx'" "$SMTPDBG" theme check "$tmp/bad.theme"
expect_out "$tmp/bad.theme: mono attributes of code.2xx (bold), code.4xx (bold)" \
	"$SMTPDBG" theme check "$tmp/bad.theme"
# a warning alone is not an error
printf 'color code.9xx red -\n' >"$tmp/warn.theme"
expect_status 0 "$SMTPDBG" theme check "$tmp/warn.theme"
expect_out 'warn.theme: ok, 1 warning' "$SMTPDBG" theme check "$tmp/warn.theme"
# one bad file among good ones still fails, and the good ones are reported
expect_status 2 "$SMTPDBG" theme check "$themes/default.theme" "$tmp/bad.theme"
expect_status 2 "$SMTPDBG" theme check "$tmp/missing.theme"
expect_out 'missing.theme: No such file' "$SMTPDBG" theme check "$tmp/missing.theme"
# limits
awk 'BEGIN { for (i = 0; i < 7000; i++) print "# padding" }' >"$tmp/big.theme"
expect_out 'big.theme: file larger than 64 KiB' "$SMTPDBG" theme check "$tmp/big.theme"
awk 'BEGIN { printf "format 1"; for (i = 0; i < 1100; i++) printf " "; print "" }' >"$tmp/long.theme"
expect_out 'long.theme:1: line longer than 1024 bytes' "$SMTPDBG" theme check "$tmp/long.theme"
# inherit cycles
printf 'inherit b\n' >"$tmp/a.theme"
printf 'inherit a\n' >"$tmp/b.theme"
expect_out "b.theme:1: inherit 'a' makes a cycle" "$SMTPDBG" theme check "$tmp/a.theme"
# a hostile file cannot reach the terminal through the messages
printf 'color x\033]0;pwned\007 red -\ndescription "\033[2J"\n' >"$tmp/esc.theme"
checks=$((checks + 1))
if "$SMTPDBG" theme check "$tmp/esc.theme" 2>&1 | od -An -c | grep -q '033'; then
	echo "FAIL: check echoed a raw ESC"
	failures=$((failures + 1))
fi

# usage
expect_status 2 "$SMTPDBG" theme
expect_status 2 "$SMTPDBG" theme frobnicate
expect_status 2 "$SMTPDBG" theme show
expect_status 2 "$SMTPDBG" theme check
expect_status 2 "$SMTPDBG" theme list extra
expect_status 2 "$SMTPDBG" theme show --colors 3 dark
expect_status 0 "$SMTPDBG" theme --help
expect_out 'Usage: smtpdbg theme list' "$SMTPDBG" theme --help

finish
