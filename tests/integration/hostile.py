"""A misbehaving SMTP server on 127.0.0.1 for the integration tests.

    python3 hostile.py SCENARIO PORTFILE [--case K] [--stage banner]
                       [--reply CODE] [--cert PEM --key PEM [--implicit]]

Listens on an ephemeral port of 127.0.0.1, writes the port number to
PORTFILE, serves ONE connection the way SCENARIO says, then exits. It stops
by itself after 30 seconds whatever happens. Every byte the client sends
(decrypted, once TLS is up) is appended to PORTFILE.rx, so a test can check
what was and was not sent; PORTFILE.log has the server's notes (OK and
VIOLATION lines) and "END" when it is done.

    python3 hostile.py --multi PORTFILE

serves any number of connections from one process, each the way the line
in PORTFILE.next (SCENARIO OUTPREFIX [OPTIONS]) says when it is accepted;
OUTPREFIX.rx and OUTPREFIX.log are its files.

The scenarios live in hostile/: framing.py (escapes, codes, NUL, line ends,
floods, fragments, early and unsolicited replies, stalls, drops, resets,
SASL loops and bad Base64), starttls.py (injection, refusal, stripping,
certificates), legacy.py (the 10 MB line, silence, SCRAM, the relay-test
MX personalities) and flood.py (the unsolicited flood and 60 KB binary
lines, bounded by --seconds and --count). `python3 hostile.py --help` lists them all.
"""
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
from hostile.main import main  # noqa: E402

main()
