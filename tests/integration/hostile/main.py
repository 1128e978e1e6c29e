"""Command line: hostile.py SCENARIO PORTFILE [OPTIONS], or
hostile.py --multi PORTFILE to serve many connections, each the way the
line in PORTFILE.next says at the moment it is accepted."""
import argparse
import os
import shlex
import signal
import socket
import sys
import threading

from . import flood, framing, legacy, starttls
from .core import Conn

SCENARIOS = {}
for module in (legacy, framing, starttls, flood):
    SCENARIOS.update(module.SCENARIOS)
# The names the first tests used.
SCENARIOS["escapes"] = SCENARIOS["ansi-injection"]
SCENARIOS["hugeline"] = SCENARIOS["huge-line"]


def parse(argv):
    p = argparse.ArgumentParser(prog="hostile.py")
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    p.add_argument("portfile", help="where the port number goes; PORTFILE.rx gets what "
                   "the client sent, PORTFILE.log the server's notes")
    p.add_argument("--case", type=int, default=1, help="which case of a list")
    p.add_argument("--stage", default="ehlo", help="banner: misbehave in the greeting")
    p.add_argument("--reply", type=int, help="the code that refuses STARTTLS")
    p.add_argument("--cert", help="certificate (PEM) for STARTTLS or --implicit")
    p.add_argument("--key", help="its private key")
    p.add_argument("--implicit", action="store_true", help="TLS from the first byte")
    p.add_argument("--seconds", type=float, help="flood, binary60k: how long (default 20)")
    p.add_argument("--count", type=int, help="flood, binary60k: how many lines at most")
    return p.parse_args(argv)


def serve(sock, args):
    conn = Conn(sock, args.portfile, args)
    try:
        SCENARIOS[args.scenario](conn)
    except OSError as e:  # resets, broken pipes, TLS errors
        conn.log("connection ended: %s" % e)
    try:
        conn.sock.close()
    except OSError:
        pass
    conn.log("END")


def listen(portfile):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    return srv


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--multi":
        # One process for a whole test script: Python starts slowly on a
        # loaded machine. Each connection reads "SCENARIO OUTPREFIX
        # [OPTIONS]" from PORTFILE.next and runs in a thread of its own.
        signal.alarm(900)
        portfile = sys.argv[2]
        srv = listen(portfile)
        while True:
            sock, _ = srv.accept()
            with open(portfile + ".next") as f:
                args = parse(shlex.split(f.read()))
            threading.Thread(target=serve, args=(sock, args), daemon=True).start()
    args = parse(sys.argv[1:])
    signal.alarm(30)
    for ext in (".rx", ".log"):
        open(args.portfile + ext, "wb").close()
    srv = listen(args.portfile)
    sock, _ = srv.accept()
    serve(sock, args)
