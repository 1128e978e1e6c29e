# The one command-line layer, through the real binary: strict values name
# the option and exit 2, every command takes -h/-V/--, nothing the user
# typed reaches the terminal raw, and the config file is read and checked.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"

expect_status 2 "$SMTPDBG" relay-test --timeout 5x 127.0.0.1:1
expect_out "relay-test: --timeout '5x': not a duration" "$SMTPDBG" relay-test --timeout 5x 127.0.0.1:1
expect_status 2 "$SMTPDBG" run --timeout -1 127.0.0.1:1
expect_out "--timeout '-1'" "$SMTPDBG" run --timeout -1 127.0.0.1:1
expect_status 2 "$SMTPDBG" run 127.0.0.1:99999
expect_out '99999' "$SMTPDBG" run 127.0.0.1:99999
expect_status 2 "$SMTPDBG" sasl OAUTHBEARER --port 99999 --user u --token-env T
expect_out "--port '99999': not a port number" "$SMTPDBG" sasl OAUTHBEARER --port 99999
expect_status 2 "$SMTPDBG" serve --max-clients 5x
expect_status 2 "$SMTPDBG" serve --idle-timeout 0
expect_status 2 "$SMTPDBG" theme show --colors 7 default
expect_status 2 "$SMTPDBG" run --starttls --tls 127.0.0.1:1
expect_out "--starttls and --tls exclude each other" "$SMTPDBG" run --starttls --tls 127.0.0.1:1
expect_status 2 "$SMTPDBG" run --json=yes 127.0.0.1:1
expect_out "--json takes no value" "$SMTPDBG" run --json=yes 127.0.0.1:1
expect_status 2 "$SMTPDBG" run --ehlo
expect_out "--ehlo needs a value" "$SMTPDBG" run --ehlo

# EHLO takes one name: no space or escape goes to the server as typed.
expect_status 2 "$SMTPDBG" run --ehlo 'a b' 127.0.0.1:1
expect_status 2 "$SMTPDBG" run --ehlo "$(printf 'x\033[31m')" 127.0.0.1:1
expect_out "--ehlo must be one name without spaces or <>" "$SMTPDBG" run --ehlo 'a b' 127.0.0.1:1
expect_out "unknown option '--bogus'" "$SMTPDBG" --bogus

# A mistyped theme is said at once (it was the default, silently).
expect_status 2 "$SMTPDBG" demo --print --theme nosuchtheme
expect_out "--theme 'nosuchtheme': no such theme" "$SMTPDBG" demo --print --theme nosuchtheme
expect_status 2 "$SMTPDBG" replay --text --theme nosuchtheme /dev/null
expect_status 2 "$SMTPDBG" 127.0.0.1:1 --theme nosuchtheme
expect_status 0 "$SMTPDBG" demo --print --theme mono
expect_status 0 "$SMTPDBG" demo --print --theme dark

# -h, -V and -- everywhere.
for c in explain b64 sasl run relay-test serve demo replay theme completion; do
	expect_status 0 "$SMTPDBG" "$c" --help
	expect_out "Usage: smtpdbg $c" "$SMTPDBG" "$c" -h
	expect_out "smtpdbg 0" "$SMTPDBG" "$c" -V
	expect_status 0 "$SMTPDBG" "$c" --version
done
expect_out "Usage: smtpdbg HOST[:PORT]" "$SMTPDBG" mx.example.org --help
expect_out "-- ends the options" "$SMTPDBG" run --help
expect_status 0 "$SMTPDBG" b64 decode -- TWF4
expect_out "Max" "$SMTPDBG" b64 decode -- TWF4

# No raw control byte of a bad argument reaches the terminal.
esc=$(printf '\033')
for c in run relay-test serve demo replay sasl theme b64 explain; do
	checks=$((checks + 1))
	out=$("$SMTPDBG" "$c" "--bad${esc}[31m" 2>&1)
	case $out in
	*"$esc"*) echo "FAIL: $c echoed a raw ESC"; failures=$((failures + 1)) ;;
	esac
	expect_out 'bad\x1b[31m' "$SMTPDBG" "$c" "--bad${esc}[31m"
done
checks=$((checks + 1))
out=$("$SMTPDBG" "host${esc}]0;x" 2>&1)
case $out in *"$esc"*) echo "FAIL: a bad target echoed a raw ESC"; failures=$((failures + 1)) ;; esac

# The config file: a default is used, the command line wins, a bad line
# stops with FILE:LINE and exit 2, unsafe options are refused.
mkdir -p "$XDG_CONFIG_HOME/smtpdbg"
cfg=$XDG_CONFIG_HOME/smtpdbg/config
printf '[run]\nehlo = a b\nquit-after = lunch\n' >"$cfg"
chmod 600 "$cfg"
expect_status 2 "$SMTPDBG" run 127.0.0.1:1
expect_out "$cfg:3: quit-after 'lunch': choose one of connect" "$SMTPDBG" run 127.0.0.1:1
expect_out "$cfg:3:" "$SMTPDBG" demo --print
printf 'timeout = 5x\n' >"$cfg"
expect_out "$cfg:1: timeout '5x'" "$SMTPDBG" relay-test 127.0.0.1:1
printf '[host 127.0.0.1:1]\ninsecure = true\n' >"$cfg"
expect_status 2 "$SMTPDBG" run 127.0.0.1:1
expect_out "$cfg:2: 'insecure' is not allowed here" "$SMTPDBG" run 127.0.0.1:1
printf 'theme = mono\n' >"$cfg"
chmod 620 "$cfg"
expect_status 2 "$SMTPDBG" demo --print
expect_out "writable by group or others" "$SMTPDBG" demo --print
chmod 600 "$cfg"
expect_status 0 "$SMTPDBG" demo --print
# A default from the file is used; the command line wins.
printf '[demo]\nlesson = nonexistent-lesson\n' >"$cfg"
expect_status 2 "$SMTPDBG" demo --print
expect_out "no lesson 'nonexistent-lesson'" "$SMTPDBG" demo --print
expect_status 0 "$SMTPDBG" demo --print --lesson auth-plain
expect_out "auth-plain" "$SMTPDBG" demo --print --lesson auth-plain
printf '[demo]\nlesson = cram-md5\n' >"$cfg"
expect_out "cram-md5" "$SMTPDBG" demo --print

finish
