#!/usr/bin/env python3
"""A proxy that misbehaves, for the path tests: python3 badproxy.py MODE PORT.

MODE: hang (reads, never answers), lie (answers SOCKS or HTTP with an SMTP
greeting), noauth (a SOCKS server that accepts none of the methods),
close (accepts and closes at once), half (half a SOCKS connect reply, then
silence). Listens on 127.0.0.1 only (PORT 0: a free port); prints "ready
PORT" once listening."""
import socket
import sys
import threading


def serve(conn, mode):
    with conn:
        try:
            if mode == "close":
                return
            first = conn.recv(512)
            if mode == "hang":
                while conn.recv(512):
                    pass
                return
            if mode == "lie":
                conn.sendall(b"220 mx.example ESMTP not a proxy\r\n")
            elif mode == "noauth":
                conn.sendall(b"\x05\xff")
            elif mode == "half":
                if first[:1] == b"\x05":
                    conn.sendall(b"\x05\x00")
                    conn.recv(512)
                    conn.sendall(b"\x05\x00\x00\x01\x7f")
            while conn.recv(512):
                pass
        except OSError:
            pass


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(8)
    print("ready", s.getsockname()[1], flush=True)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()


if __name__ == "__main__":
    main()
