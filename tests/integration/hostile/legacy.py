"""The first scenarios: the 10 MB line, silence, SCRAM servers that cannot
prove themselves, and the MX personalities of the relay test."""
import base64
import os

from .core import pause_forever

MARKS = (512, 1000, 1024, 4096, 8192, 16384, 65536, 1 << 20)


def huge_line(c):
    """A 10 MB greeting line with "250 INJECTED-AT-n" planted at the offsets
    where a truncating reader would start a new line; then a normal 220."""
    size = 10 * 1024 * 1024
    line = bytearray(b"A" * size)
    line[0:4] = b"220 "
    for at in MARKS:
        mark = b"250 INJECTED-AT-%d " % at
        line[at:at + len(mark)] = mark
    for off in range(0, size, 65536):
        c.send(bytes(line[off:off + 65536]))
    c.send(b"\r\n220 normal greeting\r\n")
    for line in c.lines():
        if line.upper().startswith(b"QUIT"):
            c.send(b"221 bye\r\n")
            return
        c.send(b"250 ok\r\n")


def silent(c):
    pause_forever(c)


def scram(c, badsig):
    c.send(b"220 evil.test ESMTP\r\n")
    for line in c.lines():
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"EHLO":
            c.send(b"250-evil.test\r\n250 AUTH SCRAM-SHA-256\r\n")
        elif verb == b"AUTH":
            first = base64.b64decode(line.split(b" ")[2]).decode()
            nonce = first.split("r=", 1)[1].split(",")[0]
            server_first = "r=%sSRVNONCE,s=%s,i=4096" % (
                nonce, base64.b64encode(b"saltsalt").decode())
            c.send(b"334 " + base64.b64encode(server_first.encode()) + b"\r\n")
            c.line()  # the client's proof: not even checked
            if badsig:
                bogus = "v=" + base64.b64encode(os.urandom(32)).decode()
                c.send(b"334 " + base64.b64encode(bogus.encode()) + b"\r\n")
                c.line()  # "*" from a careful client
            c.send(b"235 2.7.0 trust me\r\n")
        elif verb == b"QUIT":
            c.send(b"221 bye\r\n")
            return
        else:
            c.send(b"250 ok\r\n")


def relay(c, rcpt_reply):
    """An MX for the relay test: rcpt_reply answers RCPT (None: drop)."""
    c.send(b"220 mx.relay.test ESMTP\r\n")
    for line in c.lines():
        verb = line.split(b" ", 1)[0].split(b":", 1)[0].upper()
        if verb == b"EHLO":
            c.send(b"250-mx.relay.test\r\n250 ENHANCEDSTATUSCODES\r\n")
        elif verb == b"RCPT":
            if rcpt_reply is None:
                return
            c.send(rcpt_reply)
        elif verb == b"QUIT":
            c.send(b"221 2.0.0 bye\r\n")
            return
        elif verb in (b"MAIL", b"RSET"):
            c.send(b"250 2.0.0 ok\r\n")
        else:
            c.send(b"502 5.5.2 not here\r\n")


SCENARIOS = {
    "huge-line": huge_line,
    "silent": silent,
    "scram-badsig": lambda c: scram(c, True),
    "scram-nosig": lambda c: scram(c, False),
    "relay-greylist": lambda c: relay(
        c, b"450 4.7.1 <x>: Recipient address rejected: greylisted, try again\r\n"),
    "relay-acceptall": lambda c: relay(c, b"250 2.1.5 ok\r\n"),
    "relay-dropmail": lambda c: relay(c, None),
}
