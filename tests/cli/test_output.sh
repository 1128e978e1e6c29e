# --output of run and relay-test against the embedded server on loopback:
# every write checked (/dev/full: exit 19 and the file named on stderr), no
# symbolic link followed, no existing file replaced without --force, new
# files mode 0600.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$work"' EXIT
umask 022

serve() {
	"$SMTPDBG" serve --personality "$1" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
	spid=$!
	port=
	i=0
	while [ -z "$port" ] && [ $i -lt 100 ]; do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log")
		[ -n "$port" ] || sleep 0.05
		i=$((i + 1))
	done
}

# check WHAT COND: count a check, fail with WHAT unless the test COND holds.
check() {
	what=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $what"
		failures=$((failures + 1))
	fi
}

mode() { stat -c %a "$1"; }

serve open-relay
target="127.0.0.1:$port"

for cmd in run relay-test; do
	# A write that fails is an error naming the file, exit 19.
	if [ -w /dev/full ]; then
		expect_status 19 "$SMTPDBG" $cmd --output /dev/full "$target"
		expect_out "cannot write /dev/full: No space left on device" \
			"$SMTPDBG" $cmd --output /dev/full "$target"
		# Standard output itself full: not a silent success either.
		expect_status 19 sh -c '"$1" '$cmd' "$2" >/dev/full' _ "$SMTPDBG" "$target"
		expect_out "cannot write to standard output" \
			sh -c '"$1" '$cmd' "$2" >/dev/full' _ "$SMTPDBG" "$target"
	fi
	# A directory that does not exist: 19 before connecting.
	expect_status 19 "$SMTPDBG" $cmd --output "$work/no/such/dir/t" "$target"

	# A new file: written, mode 0600 whatever the umask.
	file="$work/$cmd.t"
	expect_status 0 sh -c '"$1" '$cmd' --output "$2" "$3" >/dev/null; r=$?; [ $r -eq 0 ] || [ $r -eq 3 ]' \
		_ "$SMTPDBG" "$file" "$target"
	check "$cmd --output writes a transcript" grep -q '^smtpdbg-transcript' "$file"
	check "$cmd --output is mode 0600" [ "$(mode "$file")" = 600 ]

	# An existing file is refused without --force and left as it was.
	echo keep >"$file"
	chmod 644 "$file"
	expect_status 19 "$SMTPDBG" $cmd --output "$file" "$target"
	expect_out "exists; --force replaces it" "$SMTPDBG" $cmd --output "$file" "$target"
	check "$cmd: an existing file is untouched" [ "$(cat "$file")" = keep ]
	check "$cmd: an existing file keeps its mode" [ "$(mode "$file")" = 644 ]

	# With --force it is replaced, mode 0600.
	"$SMTPDBG" $cmd --force --output "$file" "$target" >/dev/null 2>&1
	check "$cmd --force replaces the file" grep -q '^smtpdbg-transcript' "$file"
	check "$cmd --force leaves it mode 0600" [ "$(mode "$file")" = 600 ]

	# A symbolic link is never followed, not even with --force.
	echo precious >"$work/victim"
	chmod 644 "$work/victim"
	ln -sf "$work/victim" "$work/link"
	expect_status 19 "$SMTPDBG" $cmd --output "$work/link" "$target"
	expect_status 19 "$SMTPDBG" $cmd --force --output "$work/link" "$target"
	expect_out "symbolic link" "$SMTPDBG" $cmd --output "$work/link" "$target"
	check "$cmd: the link's target is untouched" [ "$(cat "$work/victim")" = precious ]
	check "$cmd: the link's target keeps its mode" [ "$(mode "$work/victim")" = 644 ]
	check "$cmd: the link is still a link" [ -L "$work/link" ]
	ln -sf "$work/nowhere" "$work/dangling"
	expect_status 19 "$SMTPDBG" $cmd --output "$work/dangling" "$target"
	check "$cmd: nothing created through a dangling link" [ ! -e "$work/nowhere" ]

	# --force alone is a usage error.
	expect_status 2 "$SMTPDBG" $cmd --force "$target"
done

# Nothing but the files named above: no temporary file left behind.
check "no stray files" [ "$(ls -A "$work" | grep -v '^serve.log$' | sort | tr '\n' ' ')" = \
	"dangling link relay-test.t run.t victim " ]

finish
