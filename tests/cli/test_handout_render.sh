# The HTML handout rendered by a real browser: headless Chromium (Debian's
# chromium, installed by sh tests/deps.sh test) takes a screenshot of
# demo --html in the light and the dark theme; the PNG must not be blank,
# its background must be the theme's and the theme's colours must be drawn.
# It is printed to PDF too. Skips (77) with the reason when Chromium is
# missing or cannot start here (it runs as root with --no-sandbox).
. "$(dirname "$0")/lib.sh"
check="python3 $(dirname "$0")/handout_check.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

browser=
for b in chromium chromium-browser; do
	command -v "$b" >/dev/null 2>&1 && browser=$b && break
done
if [ -z "$browser" ]; then
	echo "skipped: chromium is not installed (sh tests/deps.sh test)"
	exit 77
fi

# chrome ARGS... URL: one headless run with a fresh profile, no network of
# its own (this machine has none), bounded in time.
chrome() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	HOME=$tmp timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --hide-scrollbars --user-data-dir="$profile" "$@" \
		>>"$tmp/chrome.log" 2>&1
}

printf '<!DOCTYPE html><title>t</title><p>t</p>\n' >"$tmp/probe.html"
if ! chrome --window-size=200,100 --screenshot="$tmp/probe.png" "file://$tmp/probe.html" ||
	[ ! -s "$tmp/probe.png" ]; then
	echo "skipped: $browser cannot run here (--headless --no-sandbox):"
	tail -n 5 "$tmp/chrome.log" | sed 's/^/  | /'
	exit 77
fi

# shot NAME DEMO-ARGS...: demo --html, then its screenshot NAME.png
shot() {
	name=$1; shift
	"$SMTPDBG" demo --html "$@" >"$tmp/$name.html"
	checks=$((checks + 1))
	if ! chrome --window-size=1280,1400 --screenshot="$tmp/$name.png" "file://$tmp/$name.html" ||
		[ ! -s "$tmp/$name.png" ]; then
		echo "FAIL: no screenshot of demo --html $*"
		tail -n 5 "$tmp/chrome.log" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}
ok() {
	name=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $name"
		failures=$((failures + 1))
	fi
}

# light: white page, 2xx codes #005f00, client lines #005f87 (themes/light.theme)
shot light --lesson auth-login
ok "the light handout drawn" $check png "$tmp/light.png" --bg ffffff --color 005f00 --color 005f87
# dark: black page, client lines #87d7ff, 2xx codes #87d787 (themes/dark.theme)
shot dark --lesson starttls --theme dark
ok "the dark handout drawn" $check png "$tmp/dark.png" --bg 000000 --color 87d7ff --color 87d787

# Printed: a PDF with at least one page.
checks=$((checks + 1))
chrome --no-pdf-header-footer --print-to-pdf="$tmp/light.pdf" "file://$tmp/light.html"
if ! head -c 5 "$tmp/light.pdf" 2>/dev/null | grep -q '%PDF-' ||
	! grep -aq '/Count [1-9]' "$tmp/light.pdf"; then
	echo "FAIL: the handout did not print to a PDF page"
	failures=$((failures + 1))
fi

finish
