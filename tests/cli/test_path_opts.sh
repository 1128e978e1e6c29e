# The path options without a lab: each bad value a usage error (exit 2)
# that says what is wrong, a proxy that is not there a connect-stage
# failure (exit 10) that names it, and ALL_PROXY left alone unless
# --proxy-env is given. Talks only to 127.0.0.1 ports nothing listens on.
# Run by ctest as: sh test_path_opts.sh PATH-TO-SMTPDBG
. "$(dirname "$0")/lib.sh"

# A port nothing listens on: one python3 binds and lets go of.
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run() { "$SMTPDBG" run --from a@example.org --to b@example.org --timeout 5 "$@"; }

expect_status 2 run --proxy ftp://127.0.0.1:21 127.0.0.1:25
expect_out "the proxy must be socks5h://HOST:PORT" run --proxy ftp://127.0.0.1:21 127.0.0.1:25
expect_out "port must be a number from 1 to 65535" run --proxy socks5h://h:99999 127.0.0.1:25
expect_out "has a path or query" run --proxy http://h:3128/x 127.0.0.1:25
expect_out "use socks5h://" run --proxy socks5://127.0.0.1:1080 mx.example.org
expect_status 2 run --proxy socks5://127.0.0.1:1080 mx.example.org
expect_out "--proxy-user and --proxy-password-env go with --proxy" run --proxy-user u 127.0.0.1:25
expect_out "the variable SMTPDBG_NO_SUCH_VAR is not set" \
	run --proxy http://127.0.0.1:3128 --proxy-user u --proxy-password-env SMTPDBG_NO_SUCH_VAR 127.0.0.1:25
expect_out "--proxy-password-env needs a user" \
	env PW=x "$SMTPDBG" run --to b@example.org --proxy http://127.0.0.1:3128 --proxy-password-env PW 127.0.0.1:25
expect_out "--proxy-protocol is v1 (text) or v2 (binary)" run --proxy-protocol v3 127.0.0.1:25
expect_out "--proxy-source goes with --proxy-protocol" run --proxy-source 192.0.2.1:1 127.0.0.1:25
expect_out "--proxy-source is an address and port" \
	run --proxy-protocol v1 --proxy-source host.example:1 127.0.0.1:25
expect_out "no port given" run --proxy-protocol v1 --proxy-source 192.0.2.1 127.0.0.1:25
expect_out "must both be IPv4 or both IPv6" \
	run --proxy-protocol v2 --proxy-source '[2001:db8::1]:1' 127.0.0.1:25
expect_out "give the server as an address" \
	run --proxy socks5h://127.0.0.1:1080 --proxy-protocol v1 mx.example.org
expect_out "--local-address is an IP address of this machine" run --local-address mybox 127.0.0.1:25
expect_out "--local-address is not of the family -4 or -6 asks for" \
	run -6 --local-address 127.0.0.1 127.0.0.1:25
expect_out "need a network server, not --pipe or unix:" \
	run --proxy socks5h://127.0.0.1:1080 unix:/run/none.sock
expect_out "unknown attribute FOO" run --xclient FOO=1 127.0.0.1:25
expect_out "is not NAME=value" run --xclient ADDR 127.0.0.1:25
expect_status 2 run --xclient 'ADDR=1 ADDR=2' 127.0.0.1:25

# A password in the URL works, with a warning; the proxy is not there.
expect_status 10 run --proxy "socks5h://u:secret@127.0.0.1:$closed" 127.0.0.1:25
expect_out "warning: the proxy's password in --proxy can be seen" \
	run --proxy "socks5h://u:secret@127.0.0.1:$closed" 127.0.0.1:25
expect_out "failed at the connect stage: 127.0.0.1:$closed: Connection refused" \
	run --proxy "socks5h://127.0.0.1:$closed" 127.0.0.1:25

# ALL_PROXY only with --proxy-env: without it the target itself is tried.
expect_out "failed at the connect stage: 127.0.0.1:$closed: Connection refused" \
	env ALL_PROXY=socks5h://127.0.0.1:1 "$SMTPDBG" run --from a@example.org --to b@example.org --timeout 5 \
	"127.0.0.1:$closed"
expect_out "failed at the connect stage: 127.0.0.1:$closed: Connection refused" \
	env ALL_PROXY="socks5h://127.0.0.1:$closed" "$SMTPDBG" run --from a@example.org --to b@example.org --timeout 5 \
	--proxy-env 127.0.0.1:1
expect_out "ALL_PROXY: the proxy must be" \
	env ALL_PROXY=ftp://x "$SMTPDBG" run --to b@example.org --proxy-env 127.0.0.1:1
# NO_PROXY covers the target: straight there.
expect_out "failed at the connect stage: 127.0.0.1:$closed: Connection refused" \
	env ALL_PROXY=socks5h://127.0.0.1:1 NO_PROXY=localhost,127.0.0.1 "$SMTPDBG" run --from a@example.org \
	--to b@example.org --timeout 5 --proxy-env "127.0.0.1:$closed"

finish
