#!/bin/sh
# Install the Debian packages smtpdbg needs. Usage: sh tests/deps.sh build|test
# "build" is enough to compile and run smtpdbg; "test" adds what the test
# suite uses. Runs apt-get through sudo unless already root. Packages that
# are already installed are not fetched again.
set -eu

build="build-essential cmake pkg-config libssl-dev libncurses-dev libreadline-dev"
test="$build libcriterion-dev valgrind"

case "${1:-}" in
build) want=$build ;;
test) want=$test ;;
*) echo "usage: sh tests/deps.sh build|test" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
echo "Installing:$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
