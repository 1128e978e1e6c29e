# Shell completions: the installed bash script completes commands, options
# and values from the option tables; the zsh one is installed and parses.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build=$(dirname "$SMTPDBG")
cmake --install "$build" --prefix "$tmp" >/dev/null 2>&1
bashc=$tmp/share/bash-completion/completions/smtpdbg
zshc=$tmp/share/zsh/site-functions/_smtpdbg
expect_status 0 test -s "$bashc"
expect_status 0 test -s "$zshc"

# complete WORDS...: what bash's completion function offers for the last
# word, one per line, sorted.
complete_words() {
	PATH="$tmp/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_smtpdbg
		printf "%s\n" "${COMPREPLY[@]}" | sort' sh "$bashc" "$@"
}

# expect_complete "WANT LINES" WORDS...
expect_complete() {
	want=$1; shift
	checks=$((checks + 1))
	got=$(complete_words "$@")
	if [ "$got" != "$want" ]; then
		echo "FAIL: completing '$*' gave:"; echo "$got" | sed 's/^/  | /'
		echo "  want:"; echo "$want" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}

nl='
'
expect_complete "relay-test${nl}replay" smtpdbg re
expect_complete "--starttls" smtpdbg run --star
expect_complete "--no-color${nl}--no-tls" smtpdbg mx.example.org --no-
expect_complete "rcpt" smtpdbg run --quit-after rc
expect_complete "CRAM-MD5" smtpdbg run --auth CRAM
expect_complete "auth-login${nl}auth-plain" smtpdbg demo --lesson auth-
expect_complete "open-relay" smtpdbg serve --personality open-
expect_complete "high-contrast" smtpdbg demo --theme hi
expect_complete "decode" smtpdbg b64 de
expect_complete "check" smtpdbg theme ch
expect_complete "--colors" smtpdbg theme --col
expect_complete "SCRAM-SHA-1${nl}SCRAM-SHA-1-PLUS${nl}SCRAM-SHA-256${nl}SCRAM-SHA-256-PLUS" \
	smtpdbg sasl SCRAM
# The hidden build helper is not offered.
expect_complete "" smtpdbg man-o

# The generated scripts match what the program prints now.
expect_status 0 sh -c '"$1" completion bash | cmp -s - "$2"' sh "$SMTPDBG" "$bashc"
expect_status 0 sh -c '"$1" completion zsh | cmp -s - "$2"' sh "$SMTPDBG" "$zshc"
expect_status 0 sh -c 'head -1 "$1" | grep -qx "#compdef smtpdbg"' sh "$zshc"
if command -v zsh >/dev/null 2>&1; then
	expect_status 0 zsh -n "$zshc"
fi
expect_status 2 "$SMTPDBG" completion fish
expect_status 2 "$SMTPDBG" completion words nothing

finish
