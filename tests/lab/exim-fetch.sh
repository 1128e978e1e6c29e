#!/bin/sh
# Unpack Debian's Exim beside Postfix, for the test lab.
# Usage: sh tests/lab/exim-fetch.sh DIR [CACHE]
#
# Debian's exim4-daemon-* packages conflict with postfix (both provide
# mail-transport-agent), so the lab does not install Exim: it downloads
# exim4-daemon-heavy with `apt-get download` into CACHE (default DIR/debs),
# unpacks it with `dpkg-deb -x` into DIR (the binary is DIR/usr/sbin/exim4),
# installs the shared libraries the binary links if any is missing (as
# ordinary packages; `sh tests/deps.sh lab` normally has them already), and
# creates the system user the binary was built for (Debian-exim). Nothing of
# the package runs: no maintainer scripts, no system configuration.
# Does nothing when DIR already holds a working binary. Needs root.
set -eu

[ $# -ge 1 ] || { echo "usage: sh tests/lab/exim-fetch.sh DIR [CACHE]" >&2; exit 2; }
dir=$1
cache=${2:-$dir/debs}
pkg=exim4-daemon-heavy
export DEBIAN_FRONTEND=noninteractive

say() { echo "exim-fetch: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then say "must run as root"; exit 1; fi

# The system user and group the binary looks up at run time
# (EXIM_USER=ref:Debian-exim in Debian's build).
if ! getent group Debian-exim >/dev/null; then
	groupadd --system Debian-exim
fi
if ! getent passwd Debian-exim >/dev/null; then
	useradd --system --gid Debian-exim --home-dir /var/spool/exim4 \
		--no-create-home --shell /usr/sbin/nologin Debian-exim
fi

missing_libs() { ldd "$dir/usr/sbin/exim4" 2>/dev/null | grep 'not found' || true; }

if [ -x "$dir/usr/sbin/exim4" ] && [ -z "$(missing_libs)" ]; then
	exit 0
fi

mkdir -p "$cache"
deb=$(find "$cache" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n 1)
if [ -z "$deb" ]; then
	say "downloading $pkg into $cache"
	# apt-get download warns that it runs unsandboxed as root: harmless.
	if ! (cd "$cache" && apt-get download -q "$pkg" 2>&1); then
		say "apt-get download failed; updating the package lists and retrying"
		apt-get update -q >&2
		(cd "$cache" && apt-get download -q "$pkg" 2>&1)
	fi >&2
	deb=$(find "$cache" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n 1)
	[ -n "$deb" ] || { say "no $pkg .deb in $cache after download"; exit 1; }
fi

if [ ! -x "$dir/usr/sbin/exim4" ]; then
	tmp=$(mktemp -d "$dir.unpack.XXXXXX")
	dpkg-deb -x "$deb" "$tmp"
	mkdir -p "$dir"
	# Only the binary tree is needed; move it in whole so that a
	# half-unpacked directory is never taken for a finished one.
	rm -rf "${dir:?}/usr"
	mv "$tmp/usr" "$dir/usr"
	rm -rf "$tmp"
fi

if [ -n "$(missing_libs)" ]; then
	# Install the package's library dependencies (as named in its control
	# file; exim4-base and debconf are left out: the lab needs neither).
	libs=
	for p in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' |
		grep -v -e '^exim4' -e '^debconf' -e '^$'); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			libs="$libs $p"
	done
	say "installing the libraries Exim links:$libs"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $libs >&2 || {
		apt-get update -q >&2
		apt-get install -y -q --no-install-recommends $libs >&2
	}
fi
if [ -n "$(missing_libs)" ]; then
	say "Exim still misses shared libraries:"
	missing_libs >&2
	exit 1
fi
# -bV without a configuration file prints the version, then complains
# that the compiled-in configuration does not exist: that is enough.
if ! "$dir/usr/sbin/exim4" -bV 2>&1 | grep -q '^Exim version'; then
	say "the unpacked Exim does not run:"
	"$dir/usr/sbin/exim4" -bV >&2 || true
	exit 1
fi
