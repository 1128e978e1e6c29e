"""Scenarios about TLS: injection after the STARTTLS 220, a refused or
stripped STARTTLS, and certificates that must not verify. They need
--cert and --key (made by the test with the openssl command)."""
from .core import Server, multi


class Normal(Server):
    """normal: a well-behaved server; with --cert it offers STARTTLS, and
    with --implicit it speaks TLS from the first byte."""

    def run(self):
        if self.c.args.implicit and not self.c.start_tls():
            return
        Server.run(self)


class Injection(Server):
    """starttls-injection: the STARTTLS 220 comes in one segment with a
    plaintext capability list and a 235; the handshake follows. After TLS
    the genuine EHLO offers only CRAM-MD5."""

    def ehlo_lines(self):
        if self.c.tls:
            return [b"tls.test", b"PIPELINING", b"AUTH CRAM-MD5"]
        return [b"tls.test", b"PIPELINING", b"STARTTLS"]

    def starttls(self):
        self.c.send(b"220 2.0.0 Ready to start TLS\r\n"
                    b"250-injected.invalid X-INJECTED-PLAINTEXT\r\n"
                    b"250 AUTH PLAIN LOGIN\r\n"
                    b"235 2.7.0 Authentication successful\r\n")
        if not self.c.start_tls():
            return False
        self.after_tls = True
        return True

    def command(self, verb, line):
        if self.c.tls and verb == b"AUTH" and line.split(b" ")[1:2] in ([b"PLAIN"], [b"LOGIN"]):
            self.c.log("VIOLATION: used AUTH PLAIN/LOGIN, offered only in the injected plaintext")
        return Server.command(self, verb, line)


class Refused(Server):
    """starttls-refused [--reply CODE]: STARTTLS and AUTH PLAIN LOGIN are
    offered in clear; STARTTLS gets 454 (or CODE)."""

    def ehlo_lines(self):
        return [b"refuse.test", b"PIPELINING", b"STARTTLS", b"AUTH PLAIN LOGIN"]

    def starttls(self):
        code = self.c.args.reply or 454
        text = {454: b"4.7.0 TLS not available due to temporary reason",
                502: b"5.5.1 command not implemented",
                354: b"do something else"}.get(code, b"no")
        self.send(b"%d %s\r\n" % (code, text))
        return True

    def command(self, verb, line):
        if verb in (b"AUTH", b"MAIL"):
            self.c.log("VIOLATION: %s after STARTTLS was refused" % verb.decode())
        return Server.command(self, verb, line)


class Stripped(Server):
    """starttls-stripped: no STARTTLS, but AUTH PLAIN LOGIN in clear."""

    def ehlo_lines(self):
        return [b"strip.test", b"PIPELINING", b"AUTH PLAIN LOGIN"]

    def command(self, verb, line):
        if verb == b"AUTH":
            self.c.log("VIOLATION: AUTH in clear")
        return Server.command(self, verb, line)


SCENARIOS = {
    "normal": lambda c: Normal(c).run(),
    "starttls-injection": lambda c: Injection(c).run(),
    "starttls-refused": lambda c: Refused(c).run(),
    "starttls-stripped": lambda c: Stripped(c).run(),
    # Which certificate makes it "bad" is the test's choice (--cert):
    # self-signed, or signed by a CA the client trusts for another name.
    "tls-bad-cert": lambda c: Normal(c).run(),
    "tls-wrong-host": lambda c: Normal(c).run(),
}
