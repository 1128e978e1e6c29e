#!/bin/sh
# Install the Debian packages smtpdbg needs. Usage: sh tests/deps.sh build|test|lab|bench
# "build" is enough to compile and run smtpdbg; "test" adds what the test
# suite uses (Criterion, valgrind, clang with libFuzzer, tmux, cmark-gfm and
# Chromium for the handouts: tests/cli/test_handout*.sh), including "lab": the
# real mail servers of tests/lab/ (Postfix,
# Dovecot with its GSSAPI plugin, an MIT Kerberos KDC (kadmin.local makes its
# principals) with kinit/klist and
# faketime for tests/integration/test_gssapi.sh, and the shared libraries of the Exim binary that tests/lab/
# unpacks beside Postfix, since Debian's exim4 and postfix packages conflict).
# The test set also has the students of tests/integration/test_serve_classroom.sh
# (swaks, curl, msmtp, and iproute2 for its network namespace).
# The DNS tests (tests/cli/test_dns*.sh, test_run_mx.sh) serve their zones
# from dnsmasq, and a signed zone (ldnsutils) from a validating unbound.
# "bench" adds what bench/run.sh compares against (swaks, GNU time).
# Runs apt-get through sudo unless already root. Packages that are already
# installed are not fetched again. The lab packages are installed without
# questions and without starting any daemon (no system mail server runs).
set -eu

build="build-essential cmake pkg-config gettext libssl-dev libncurses-dev libreadline-dev libc-ares-dev
	libkrb5-dev"
# exim4-daemon-heavy's Depends in Debian 12, less exim4-base and debconf.
exim_libs="libc6 libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0
	libldap-2.5-0 libmariadb3 libnsl2 libpam0g libpcre2-8-0 libperl5.36 libpq5
	libsasl2-2 libspf2-2 libsqlite3-0"
lab="postfix dovecot-core dovecot-lmtpd dovecot-gssapi krb5-kdc krb5-admin-server krb5-user faketime openssl python3 $exim_libs"
test="$build dnsmasq-base unbound ldnsutils libcriterion-dev valgrind clang libclang-rt-14-dev tmux zsh gdb cmark-gfm chromium
	iproute2 swaks curl msmtp dante-server tinyproxy tshark tcpdump $lab"
bench="$lab swaks libnet-ssleay-perl libio-socket-ssl-perl time"

case "${1:-}" in
build) want=$build ;;
test) want=$test ;;
lab) want=$lab ;;
bench) want=$bench ;;
*) echo "usage: sh tests/deps.sh build|test|lab|bench" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
echo "Installing:$missing"

case " $missing " in
*" postfix "* | *" dovecot-core "* | *" dovecot-lmtpd "* | *" krb5-kdc "* | *" krb5-admin-server "*)
	# No questions, no system Postfix: "No configuration" leaves it
	# unconfigured. A policy-rc.d that refuses keeps the packages from
	# starting their daemons; ours is removed again afterwards.
	echo 'postfix postfix/main_mailer_type select No configuration' |
		$sudo debconf-set-selections
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
		$sudo chmod 755 /usr/sbin/policy-rc.d
		trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
		trap 'exit 1' HUP INT TERM
	fi
	;;
esac

$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
