"""Scenarios that push bytes at the client faster than it can use them:
the unsolicited flood and 60 KB binary lines. Both behave like the normal
server until EHLO has been answered, then flood for a bounded time and
count; every loop here is bounded."""
import os
import select
import socket
import time

from .core import Server

LINE = b"250 2.0.0 unsolicited\r\n"
CHUNK = 65536


def binary_lines(size, how_many):
    """how_many different lines of "250 " and size random bytes that hold
    no CR or LF, each ended by CRLF."""
    lines = []
    for _ in range(how_many):
        body = os.urandom(size + size // 64 + 64).replace(b"\r", b"").replace(b"\n", b"")
        lines.append(b"250 " + body[:size] + b"\r\n")
    return lines


class Flood(Server):
    """flood [--seconds S] [--count N] [--case 2]: after the EHLO reply,
    "250 2.0.0 unsolicited" lines as fast as the client takes them, for S
    seconds (20) or N lines (1,000,000,000), or until the client goes away.
    Commands that arrive meanwhile are answered between two whole lines
    (QUIT: 221, then the connection is closed); --case 2 answers nothing
    until the flood is over; --case 3 floods "250-2.0.0 unsolicited" as
    the EHLO reply itself, a reply that does not end until the flood does
    (then "250 PIPELINING"). After it, the normal server. The log gets
    "progress: N lines" about once a second (N at most one chunk short),
    and "flood: N lines sent (REASON)" with N the lines sent whole."""

    def flood_lines(self):
        if self.c.args.case == 3:
            return [b"250-2.0.0 unsolicited\r\n"]
        return [LINE]

    def command(self, verb, line):
        if self.c.args.case == 3 and verb in (b"EHLO", b"HELO") and \
                not getattr(self, "flooded", False):
            self.flooded = True
            ok = self.flood()
            if ok:
                self.c.send(b"250 PIPELINING\r\n")
            return ok
        ok = Server.command(self, verb, line)
        if ok and verb in (b"EHLO", b"HELO") and not getattr(self, "flooded", False):
            self.flooded = True
            return self.flood()
        return ok

    def flood(self):
        c = self.c
        args = c.args
        lines = self.flood_lines()
        per_chunk = max(1, CHUNK // len(lines[0]))
        limit = args.count if args.count is not None else 1000000000
        deadline = time.monotonic() + (args.seconds if args.seconds is not None else 20.0)
        answer_now = args.case not in (2, 3)
        c.raw.setblocking(False)
        queued = 0           # flood lines handed to pending so far
        pending = b""        # bytes not yet written
        pending_lines = 0    # flood lines in pending, the last maybe partial
        answers = b""        # replies waiting for a line boundary
        inbuf = b""
        reason = "time"
        quit_seen = False
        k = 0
        progress = time.monotonic()
        while True:
            if time.monotonic() - progress >= 1:
                progress = time.monotonic()
                c.log("progress: %d lines" % (queued - pending_lines))
            if not pending:
                if answers:
                    pending, answers, pending_lines = answers, b"", 0
                elif quit_seen:
                    reason = "QUIT"
                    break
                elif queued >= limit:
                    reason = "count"
                    break
                elif time.monotonic() >= deadline:
                    break
                else:
                    n = min(per_chunk if len(lines) == 1 else 1, limit - queued)
                    if len(lines) == 1:
                        pending = lines[0] * n
                    else:
                        pending = lines[k % len(lines)]
                        k += 1
                    queued += n
                    pending_lines = n
            if time.monotonic() >= deadline + 5:
                reason = "time (the client stopped reading)"
                break
            try:
                r, w, _ = select.select([c.raw], [c.raw], [], 0.5)
            except (OSError, ValueError):
                reason = "error"
                break
            if r:
                try:
                    got = c.recv()
                except BlockingIOError:
                    got = None
                except OSError:
                    got = b""
                if got == b"":
                    reason = "the client went away"
                    break
                if got:
                    inbuf += got
                    while b"\n" in inbuf:
                        cmd, inbuf = inbuf.split(b"\n", 1)
                        verb = cmd.rstrip(b"\r").split(b" ", 1)[0].upper()
                        if not answer_now:
                            continue
                        if verb == b"QUIT":
                            answers += b"221 2.0.0 bye\r\n"
                            quit_seen = True
                        elif verb == b"NOOP" or verb in (b"RSET", b"MAIL", b"RCPT"):
                            answers += b"250 2.0.0 ok\r\n"
                        else:
                            answers += b"502 5.5.2 not during the flood\r\n"
            if w and pending:
                try:
                    sent = c.raw.send(pending)
                except BlockingIOError:
                    sent = 0
                except OSError:
                    reason = "the client went away"
                    break
                pending = pending[sent:]
                if not pending:
                    pending_lines = 0
        whole = queued
        if pending_lines:
            size = len(lines[0])
            whole -= (len(pending) + size - 1) // size
        c.log("flood: %d lines sent (%s)" % (whole, reason))
        c.raw.setblocking(True)
        if quit_seen or reason.startswith("the client") or reason == "error":
            return False
        # The flood is over: the normal server again. Lines that came
        # during a --case 2 flood are answered now.
        c.buf = inbuf
        return True


class Binary60k(Flood):
    """binary60k [--seconds S] [--count N] [--case 2]: like flood, but
    every line is "250 " and 60 KB of random bytes without CR or LF."""

    def flood_lines(self):
        return binary_lines(60 * 1024, 8)


SCENARIOS = {
    "flood": lambda c: Flood(c).run(),
    "binary60k": lambda c: Binary60k(c).run(),
}
