"""A misbehaving SMTP server on 127.0.0.1 for the integration tests.

    python3 hostile.py SCENARIO PORTFILE

Listens on an ephemeral port of 127.0.0.1, writes the port number to
PORTFILE, serves ONE connection the way SCENARIO says, then exits. It stops
by itself after 30 seconds whatever happens.

Scenarios:
  escapes   every reply carries terminal escape sequences, C1 controls, BEL,
            backspaces, bidi overrides and invalid UTF-8; otherwise a
            normal session (EHLO, MAIL, RCPT, DATA, QUIT)
  hugeline  the greeting is a 10 MB line, then a normal 220
  silent    accepts the connection and never says anything
  scram-badsig  offers AUTH SCRAM-SHA-256 and answers the client's proof with
            a server signature that is wrong, then 235 whatever the client says
  scram-nosig   the same, but says 235 at once, never proving itself
  relay-greylist  an MX that answers every RCPT with 450 (greylisting)
  relay-acceptall an MX that accepts every MAIL and RCPT: an open relay
  relay-dropmail  an MX that accepts MAIL, then drops the connection when
            the first RCPT arrives
"""
import base64
import os
import signal
import socket
import sys

EVIL = (b"\x1b[2J\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\x1b]8;;http://x\x1b\\"
        b"\xc2\x9b6n\x08\x08\x08\xe2\x80\xae\xff\xc0\xaf\x7f")


def lines(conn):
    buf = b""
    while True:
        while b"\n" not in buf:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        yield line.rstrip(b"\r")


def escapes(conn):
    conn.sendall(b"220 evil.test ESMTP " + EVIL + b"\r\n")
    data = False
    for line in lines(conn):
        if data:
            if line == b".":
                data = False
                conn.sendall(b"250 2.0.0 queued " + EVIL + b"\r\n")
            continue
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"EHLO":
            conn.sendall(b"250-evil.test " + EVIL + b"\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
        elif verb == b"DATA":
            data = True
            conn.sendall(b"354 go " + EVIL + b"\r\n")
        elif verb == b"QUIT":
            conn.sendall(b"221 bye " + EVIL + b"\r\n")
            return
        else:
            conn.sendall(b"250 ok " + EVIL + b"\r\n")


def hugeline(conn):
    chunk = b"A" * 65536
    conn.sendall(b"220 ")
    for _ in range(160):
        conn.sendall(chunk)
    conn.sendall(b"\r\n220 normal greeting\r\n")
    for line in lines(conn):
        if line.upper().startswith(b"QUIT"):
            conn.sendall(b"221 bye\r\n")
            return
        conn.sendall(b"250 ok\r\n")


def scram(conn, badsig):
    conn.sendall(b"220 evil.test ESMTP\r\n")
    for line in lines(conn):
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"EHLO":
            conn.sendall(b"250-evil.test\r\n250 AUTH SCRAM-SHA-256\r\n")
        elif verb == b"AUTH":
            first = base64.b64decode(line.split(b" ")[2]).decode()
            nonce = first.split("r=", 1)[1].split(",")[0]
            server_first = "r=%sSRVNONCE,s=%s,i=4096" % (
                nonce, base64.b64encode(b"saltsalt").decode())
            conn.sendall(b"334 " + base64.b64encode(server_first.encode()) + b"\r\n")
            next(lines(conn))  # the client's proof: not even checked
            if badsig:
                bogus = "v=" + base64.b64encode(os.urandom(32)).decode()
                conn.sendall(b"334 " + base64.b64encode(bogus.encode()) + b"\r\n")
                next(lines(conn))  # "*" from a careful client
            conn.sendall(b"235 2.7.0 trust me\r\n")
        elif verb == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            return
        else:
            conn.sendall(b"250 ok\r\n")


def relay(conn, rcpt_reply):
    """An MX for the relay test: rcpt_reply answers RCPT (None: drop)."""
    conn.sendall(b"220 mx.relay.test ESMTP\r\n")
    for line in lines(conn):
        verb = line.split(b" ", 1)[0].split(b":", 1)[0].upper()
        if verb == b"EHLO":
            conn.sendall(b"250-mx.relay.test\r\n250 ENHANCEDSTATUSCODES\r\n")
        elif verb == b"RCPT":
            if rcpt_reply is None:
                return
            conn.sendall(rcpt_reply)
        elif verb == b"QUIT":
            conn.sendall(b"221 2.0.0 bye\r\n")
            return
        elif verb in (b"MAIL", b"RSET"):
            conn.sendall(b"250 2.0.0 ok\r\n")
        else:
            conn.sendall(b"502 5.5.2 not here\r\n")


def silent(conn):
    signal.pause()


def main():
    scenario, portfile = sys.argv[1], sys.argv[2]
    signal.alarm(30)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    conn, _ = srv.accept()
    try:
        {"escapes": escapes, "hugeline": hugeline, "silent": silent,
         "scram-badsig": lambda c: scram(c, True),
         "scram-nosig": lambda c: scram(c, False),
         "relay-greylist": lambda c: relay(
             c, b"450 4.7.1 <x>: Recipient address rejected: greylisted, try again\r\n"),
         "relay-acceptall": lambda c: relay(c, b"250 2.1.5 ok\r\n"),
         "relay-dropmail": lambda c: relay(c, None)}[scenario](conn)
    except (BrokenPipeError, ConnectionResetError):
        pass
    conn.close()


main()
