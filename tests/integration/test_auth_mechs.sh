# The mechanisms beyond the common ones, against the lab's real servers.
# NTLM against Exim (its "spa" authenticator, which checks an NTLMv1
# response only): v1 with the right password delivers, a wrong one is
# refused with 535, and the default NTLMv2 explains why this server cannot
# take it. --auth list before and after TLS, with the registry status of
# each mechanism; --auth-optional going on after a refusal.
# Run by ctest as: sh test_auth_mechs.sh PATH-TO-SMTPDBG
# Needs root and the lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work"
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
state=$work/lab
mkdir "$state"
trap 'sh "$lab/stop.sh" "$state" >/dev/null 2>&1; rm -rf "$work"' EXIT
if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/lab.env"
export P="$LAB_PASSWORD" WRONG="not-$LAB_PASSWORD"
H=127.0.0.1

run() { # run NAME WANT-EXIT ARGS...
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 25
		failures=$((failures + 1))
	fi
}
has() { # has NAME TEXT
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output lacks '$2'"
		failures=$((failures + 1))
	fi
}
lacks() { # lacks NAME TEXT
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output contains '$2'"
		failures=$((failures + 1))
	fi
}
delivered() { # delivered MAILDIR TAG, within 60 s (a bound against a hang)
	checks=$((checks + 1))
	i=0
	while [ $i -lt 600 ]; do
		grep -qsF -- "$2" "$1"/new/* && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: no message '$2' in $1"
	failures=$((failures + 1))
}

# NTLMv1, asked for, the right password: 235 and the message arrives.
tag="smtpdbg-ntlm-$$"
run v1 0 --auth NTLM --ntlm-v1 --user "$LAB_USER" --password-env P --explain-auth \
	--from "$LAB_USER" --to "$LAB_USER" --subject "$tag" "$H:$LAB_EXIM_PORT"
has v1 "S: 250-AUTH CRAM-MD5 NTLM"
has v1 "warning: NTLMv1 was asked for"
has v1 "NTLM message 1, NEGOTIATE"
has v1 "NTLM message 2, CHALLENGE"
has v1 "server challenge = "
has v1 "NTLMv1 response ([MS-NLMP] 3.3.1)"
has v1 "NTOWFv1 = MD4(UTF-16LE(password)) = ********"
has v1 "NTLM message 3, AUTHENTICATE"
has v1 "S: 235 "
lacks v1 "$LAB_PASSWORD"
delivered "$LAB_MAILDIR_EXIM" "$tag"

# The same with a wrong password: the server's 535, exit 14.
run v1_wrong 14 --auth NTLM --ntlm-v1 --user "$LAB_USER" --password-env WRONG \
	--from "$LAB_USER" --to "$LAB_USER" "$H:$LAB_EXIM_PORT"
has v1_wrong "S: 535 "
has v1_wrong "failed at the auth stage"

# NTLMv2 (the default): Exim's challenge has no target information, so the
# client says why it cannot answer and cancels; exit 14, nothing hangs.
run v2 14 --auth NTLM --user "$LAB_USER" --password-env P --explain-auth \
	--from "$LAB_USER" --to "$LAB_USER" "$H:$LAB_EXIM_PORT"
has v2 "this server speaks NTLMv1 only"
has v2 "C: *"
lacks v2 "warning: NTLMv1 was asked for"

# --ntlm-v1 with another mechanism is a usage error.
run v1_other 2 --auth CRAM-MD5 --ntlm-v1 --user "$LAB_USER" --password-env P \
	"$H:$LAB_EXIM_PORT"
has v1_other "--ntlm-v1 goes with --auth NTLM"

# --auth list: Exim without TLS (the status of each mechanism explained),
# Postfix's submission port before and after STARTTLS.
run list_exim 0 --auth list "$H:$LAB_EXIM_PORT"
has list_exim "AUTH offered without TLS: CRAM-MD5 NTLM; CRAM-MD5: does not send the password; NTLM: does not send the password"
has list_exim "add --starttls to see the list after TLS"
has list_exim "IANA registry: LIMITED, for limited use only"
has list_exim "C: QUIT"
lacks list_exim "C: AUTH"
run list_sub 0 --auth list --starttls --cafile "$LAB_CAFILE" "$H:$LAB_SUBMISSION_PORT"
has list_sub "AUTH offered before TLS: none; after TLS: PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-1 SCRAM-SHA-256"
has list_sub "PLAIN: sends the password itself (inside TLS here)"
has list_sub "IANA registry: OBSOLETE, should no longer be used"
run list_user 2 --auth list --user "$LAB_USER" "$H:$LAB_EXIM_PORT"
has list_user "--auth list only looks"

# --auth-optional: a wrong password is refused (535), the session goes on
# without AUTH, and Exim takes mail for its own domain anyway.
tag="smtpdbg-optional-$$"
run optional 0 --auth CRAM-MD5 --auth-optional --user "$LAB_USER" --password-env WRONG \
	--from "$LAB_USER" --to "$LAB_USER" --subject "$tag" "$H:$LAB_EXIM_PORT"
has optional "S: 535 "
has optional "AUTH did not succeed (the server answered 535); --auth-optional: going on without it"
delivered "$LAB_MAILDIR_EXIM" "$tag"
# Without it the same refusal ends the session: exit 14.
run not_optional 14 --auth CRAM-MD5 --user "$LAB_USER" --password-env WRONG \
	--from "$LAB_USER" --to "$LAB_USER" "$H:$LAB_EXIM_PORT"
# A mechanism the server does not offer, skipped.
run optional_absent 0 --auth SCRAM-SHA-256 --auth-optional --user "$LAB_USER" \
	--password-env P --from "$LAB_USER" --to "$LAB_USER" "$H:$LAB_EXIM_PORT"
has optional_absent "the server does not offer the mechanism"

finish
