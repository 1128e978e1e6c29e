"""A minimal, fast SMTP sink on 127.0.0.1 for the body-streaming benchmark.

    python3 sink.py PORTFILE

Serves one connection: answers EHLO/MAIL/RCPT with 250, DATA with 354,
swallows the message (it only looks for the final CRLF.CRLF, so its own cost
stays small), then 250 and 221. Writes its port to PORTFILE; exits after the
session or after 120 s.
"""
import os
import signal
import socket
import sys

signal.alarm(120)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conn, _ = srv.accept()
conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
conn.sendall(b"220 sink ESMTP\r\n")
buf = b""
total = 0
while True:
    while b"\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            sys.exit(0)
        buf += chunk
    line, buf = buf.split(b"\r\n", 1)
    verb = line[:4].upper()
    if verb == b"DATA":
        conn.sendall(b"354 go\r\n")
        tail = b"\r\n" + buf
        while b"\r\n.\r\n" not in tail:
            chunk = conn.recv(1 << 20)
            if not chunk:
                sys.exit(1)
            total += len(chunk)
            tail = tail[-4:] + chunk
        buf = b""
        conn.sendall(b"250 2.0.0 %d bytes\r\n" % total)
    elif verb == b"QUIT":
        conn.sendall(b"221 bye\r\n")
        break
    else:
        conn.sendall(b"250 ok\r\n")
