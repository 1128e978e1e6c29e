"""Scenarios about the bytes of replies: escapes, codes, NUL, line ends,
floods, fragmentation, unsolicited and early replies."""
import base64
import socket
import time

from .core import Server, b64, multi, pause_forever

# Everything a terminal might act on, in one string: CSI (clear screen,
# cursor report, device attributes, window report, alternate screen, hidden
# cursor), OSC 0 title, OSC 52 clipboard, OSC 8 hyperlink, DECRQSS, RIS,
# BEL, backspaces hiding text, a bare CR, VT, FF, DEL, raw and UTF-8-encoded
# C1 controls, invalid UTF-8 (0xff, an overlong '/', a surrogate), and the
# bidi override, isolate and zero-width space.
EVIL = (b"\x1b[2J\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07"
        b"\x1b]8;;http://evil.invalid/\x1b\\link\x1b]8;;\x1b\\"
        b"\x1b[6n\x1b[c\x1bP$qm\x1b\\\x1b[21t\x1b[?1049h\x1b[?25l\x1bc"
        b"\x07hidden\x08\x08\x08\x08\x08\x08 over\rCR\x0b\x0c\x7f"
        b"\x9b6n\x9d0;t\x9c\xc2\x9b2J"
        b"\xff\xc0\xaf\xed\xa0\x80"
        b"\xe2\x80\xaeevil\xe2\x81\xa6\xe2\x80\x8b")


class Escapes(Server):
    """ansi-injection: EVIL in every reply line of a whole session,
    greeting, EHLO, AUTH LOGIN prompts (inside the Base64), MAIL, RCPT,
    DATA, the end of data and QUIT."""

    host = b"evil.test"

    def greeting(self):
        return b"220 evil.test ESMTP " + EVIL + b"\r\n"

    def ehlo(self, line):
        return multi(250, [b"evil.test " + EVIL, b"PIPELINING " + EVIL,
                           b"8BITMIME " + EVIL, b"X-EVIL " + EVIL,
                           b"AUTH LOGIN"])  # a tainted AUTH line is ignored

    def reply(self, text):
        if text.startswith((b"220 ", b"250-", b"334 ")) or b"\x1b" in text:
            return text  # greeting and EHLO carry it already; 334 is Base64
        return text.rstrip(b"\r\n") + b" " + EVIL + b"\r\n"

    def ask(self, prompt):
        return Server.ask(self, prompt + b" " + EVIL)

    def command(self, verb, line):
        if verb == b"HELP":
            self.send(b"214 help " + EVIL + b"\r\n")
            return True
        return Server.command(self, verb, line)


BAD_CODES = [
    b"2500 ok", b"abc", b"25", b"999 x", b"25O ok", b"250x ok", b" 250 ok",
    b"250\tok", b"100 continue", b"650 x", b"-250 x",
    "\u0662\u0665\u0660 ok".encode(),  # Arabic-Indic digits
    b"250ok",                       # no space or hyphen
    b"250-first\r\n251 second",     # mixed codes in one reply
    b"250-first\r\n250x middle\r\n250 last",  # a malformed middle line
    b"250-first\r\n252-second\r\n250 last",   # a different code in the middle
]


class BadCodes(Server):
    """bad-codes --case K: the EHLO reply (--stage banner: the greeting) is
    BAD_CODES[K-1]; after it the server behaves."""

    def bad(self):
        return BAD_CODES[self.c.args.case - 1] + b"\r\n"

    def greeting(self):
        return self.bad() if self.c.args.stage == "banner" else Server.greeting(self)

    def ehlo(self, line):
        return self.bad() if self.c.args.stage != "banner" else Server.ehlo(self, line)


class NulBytes(Server):
    """nul-bytes: NUL in the greeting, inside EHLO keywords (STARTTLS,
    AUTH, SIZE) and in a decoded AUTH LOGIN prompt."""

    def greeting(self):
        return b"220 nul\0.test ESMTP\r\n"

    def ehlo(self, line):
        return multi(250, [b"nul.test", b"STARTTLS\0IGNORED", b"AUTH PLAIN\0 LOGIN",
                           b"SIZE 10\x000000000", b"X-NUL\0"])


class LfOnly(Server):
    """lf-only: replies end with a bare LF, CR CR LF, or CRLF and LF mixed
    within one reply."""

    def reply(self, text):
        n = getattr(self, "n", 0)
        self.n = n + 1
        if n % 3 == 0:
            return text.replace(b"\r\n", b"\n")
        if n % 3 == 1:
            return text.replace(b"\r\n", b"\r\r\n")
        parts = text.split(b"\r\n")
        return b"".join(p + (b"\n" if i % 2 else b"\r\n")
                        for i, p in enumerate(parts[:-1]))

    def ehlo(self, line):
        return multi(250, [b"lf.test", b"PIPELINING", b"8BITMIME", b"SIZE 1000000"])


class ManyLines(Server):
    """many-lines: 100,000 EHLO continuation lines before the real ones."""

    def ehlo(self, line):
        flood = b"".join(b"250-X-FLOOD-%06d\r\n" % i for i in range(100000))
        return flood + multi(250, [b"PIPELINING", b"8BITMIME", b"AUTH PLAIN LOGIN"])


class Unsolicited(Server):
    """pipelining-desync: every reply is followed, in the same segment, by
    a 550 nobody asked for."""

    def reply(self, text):
        return text + b"550 5.0.0 EXTRA-UNSOLICITED\r\n"


class EarlyTalker(Server):
    """early-talker: the greeting comes with a capability list, a 235 and a
    250 before the client has said anything. The real EHLO offers only
    CRAM-MD5."""

    def greeting(self):
        return (b"220 early.test ESMTP\r\n250-early.invalid\r\n250 AUTH PLAIN LOGIN\r\n"
                b"235 2.7.0 Authentication successful\r\n250 2.1.0 ok\r\n")

    def ehlo_lines(self):
        return [b"early.test", b"PIPELINING", b"AUTH CRAM-MD5"]


class Fragmented(Server):
    """fragmented: the normal server, every byte in its own TCP segment
    (and after STARTTLS in its own TLS record)."""

    def run(self):
        self.c.raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.c.per_byte = True
        Server.run(self)


class Slowloris(Server):
    """slowloris: the greeting, one byte a second."""

    def run(self):
        self.c.raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in self.greeting():
            self.c.send(bytes([byte]))
            time.sleep(1)
            self.c.raw.setblocking(False)
            try:
                got = self.c.recv()  # recorded in .rx like everything else
            except BlockingIOError:
                got = None
            finally:
                self.c.raw.setblocking(True)
            if got == b"":
                return  # the client gave up
            if got:
                self.c.log("VIOLATION: the client spoke before the greeting ended")

    def greeting(self):
        return b"220 slow.test ESMTP, one byte a second\r\n"


class StallMidReply(Server):
    """stall-mid-reply: the EHLO reply stops after "250-PIPE"."""

    def ehlo(self, line):
        return b"250-stall.test\r\n250-PIPE"

    def command(self, verb, line):
        Server.command(self, verb, line)
        if verb == b"EHLO":
            pause_forever(self.c)
            return False
        return True


class DropMidReply(Server):
    """drop-mid-reply: the EHLO reply (--stage banner: the greeting) is cut
    at "250-SIZ", then the server closes the connection."""

    def greeting(self):
        if self.c.args.stage == "banner":
            return b"220-drop.test ESMTP\r\n220-SIZ"
        return Server.greeting(self)

    def run(self):
        self.c.send(self.greeting())
        if self.c.args.stage == "banner":
            return
        line = self.c.line()
        if line is not None:
            self.c.send(b"250-drop.test\r\n250-SIZ")


class Reset(Server):
    """rst: the greeting, then a TCP reset when the client speaks."""

    def run(self):
        self.c.send(self.greeting())
        self.c.line()
        self.c.reset()


class AuthLoop(Server):
    """auth-loop: every AUTH step and every answer to one is met with
    another 334, up to 50 rounds; --case 2: even the "*" that cancels."""

    def auth(self, line):
        for rounds in range(50):
            self.c.send(b"334 " + b64("Password:") + b"\r\n")
            answer = self.c.line()
            if answer is None:
                return
            if answer == b"*":
                self.c.log("OK: the client cancelled with * after %d round(s)" % (rounds + 1))
                if self.c.args.case != 2:
                    self.c.send(b"501 5.7.0 cancelled\r\n")
                    return
        self.c.log("VIOLATION: the client answered 50 rounds")
        self.c.send(b"535 5.7.8 enough\r\n")


BAD_B64 = [b"!!!not*base64@@@", b"====", b"QQ", b"QU JD", b"Q===", b"QU\0JD", b"Rubbish"]


class BadBase64(Server):
    """bad-base64 --case K: the CRAM-MD5 challenge is BAD_B64[K-1]; case 0
    is a valid challenge of 65,528 Base64 characters (49,145 bytes): with
    "334 " in front, the longest line the client keeps whole (a longer one
    is cut, and a cut challenge is refused with "*")."""

    def ehlo_lines(self):
        return [b"b64.test", b"AUTH CRAM-MD5"]

    def auth(self, line):
        k = self.c.args.case
        chal = b64(b"<" + b"x" * 49143 + b">") if k == 0 else BAD_B64[k - 1]
        self.c.send(b"334 " + chal + b"\r\n")
        answer = self.c.line()
        if answer == b"*":
            self.c.log("OK: the client cancelled with *")
            self.c.send(b"501 5.7.0 cancelled\r\n")
        elif answer is not None:
            self.c.log("answer of %d bytes" % len(answer))
            self.c.send(b"235 2.7.0 ok\r\n" if k == 0 else b"535 5.7.8 no\r\n")


LOGIN_PROMPTS = [(b"Username:", b"Kennwort:"), (b"", b""), (b"\x1b[2J\x07", b"\xff\xfe\x00")]


class LoginPrompts(Server):
    """login-prompts --case K: AUTH LOGIN asks with the prompts
    LOGIN_PROMPTS[K-1] (a password prompt without "pass" in it, empty
    prompts, binary prompts); the second answer is the password whatever
    the prompt says, and must be treated as one. The answers are logged
    decoded, so the test can check what was sent."""

    def ehlo_lines(self):
        return [b"login.test", b"AUTH LOGIN"]

    def auth(self, line):
        first, second = LOGIN_PROMPTS[self.c.args.case - 1]
        self.c.send(b"334 " + b64(first) + b"\r\n")
        user = self.c.line()
        if user is None:
            return
        self.c.send(b"334 " + b64(second) + b"\r\n")
        password = self.c.line()
        if password is None:
            return
        self.c.log("answers: %s %s" % (user.decode("latin-1"), password.decode("latin-1")))
        self.c.send(b"235 2.7.0 ok\r\n")


def _ntlm_challenge(flags, target=b"", info=None, info_len=None, target_len=None):
    """A CHALLENGE message (type 2); the lengths may lie about the payload."""
    import struct
    payload_at = 48
    t_len = len(target) if target_len is None else target_len
    body = target + (info or b"")
    i_len = len(info or b"") if info_len is None else info_len
    return (b"NTLMSSP\0" + struct.pack("<IHHI", 2, t_len, t_len, payload_at) +
            struct.pack("<I", flags) + bytes.fromhex("0123456789abcdef") + b"\0" * 8 +
            struct.pack("<HHI", i_len, i_len, payload_at + len(target)) + body)


NTLM_GARBAGE = [
    b"\x1b[2J not NTLM at all \x07",
    _ntlm_challenge(0x00808201, target_len=60000),                  # target name past the end
    _ntlm_challenge(0x00808201, info=b"\x02\x00\xff\x00ab"),        # an AV pair past the end
    _ntlm_challenge(0x00808201, info=b"\x02\x00\x02\x00ab", info_len=40000),  # info past the end
    _ntlm_challenge(0x00808201, info=b"\x07\x00\x08\x00" + b"\0" * 8),  # no MsvAvEOL
]


class NtlmGarbage(Server):
    """ntlm-garbage --case K: AUTH NTLM's CHALLENGE is NTLM_GARBAGE[K-1]:
    no NTLM message, or one whose fields point outside it. The client must
    cancel with "*", never answer."""

    def ehlo_lines(self):
        return [b"ntlm.test", b"AUTH NTLM"]

    def auth(self, line):
        if len(line.split(b" ")) < 3:  # no initial response: ask for it
            self.c.send(b"334 \r\n")
            if self.c.line() is None:
                return
        self.c.send(b"334 " + b64(NTLM_GARBAGE[self.c.args.case - 1]) + b"\r\n")
        answer = self.c.line()
        if answer == b"*":
            self.c.log("OK: the client cancelled with *")
            self.c.send(b"501 5.7.0 cancelled\r\n")
        elif answer is not None:
            self.c.log("VIOLATION: the client answered a garbage CHALLENGE")
            self.c.send(b"535 5.7.8 no\r\n")


_KRB5_OID = b"\x06\x09\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"


def _gss_token(inner, length=None):
    """An RFC 2743 initial-context token around inner; the length may lie."""
    body = _KRB5_OID + inner
    n = len(body) if length is None else length
    if n < 0x80:
        return b"\x60" + bytes([n]) + body
    return b"\x60\x82" + n.to_bytes(2, "big") + body


GSS_GARBAGE = [
    b"\x1b[2J not a GSSAPI token \x07",
    _gss_token(b"\x02\x00" + b"\x30" * 40, length=60000),           # length past the end
    _gss_token(b"\x02\x00" + b"\x6f\x05garbage-not-an-ap-rep"),   # an AP-REP of junk
    _gss_token(b"\x03\x00" + b"\x7e\x03junk"),                     # a KRB-ERROR of junk
    b"",                                                             # no AP-REP at all
]


class GssGarbage(Server):
    """gss-garbage --case K: AUTH GSSAPI's answer to the client's AP-REQ is
    GSS_GARBAGE[K-1] instead of an AP-REP. The client must cancel with "*",
    never answer or hang."""

    def ehlo_lines(self):
        return [b"gss.test", b"AUTH GSSAPI"]

    def auth(self, line):
        if len(line.split(b" ")) < 3:  # no initial response: ask for it
            self.c.send(b"334 \r\n")
            if self.c.line() is None:
                return
        self.c.send(b"334 " + b64(GSS_GARBAGE[self.c.args.case - 1]) + b"\r\n")
        answer = self.c.line()
        if answer == b"*":
            self.c.log("OK: the client cancelled with *")
            self.c.send(b"501 5.7.0 cancelled\r\n")
        elif answer is not None:
            self.c.log("VIOLATION: the client answered a garbage token")
            self.c.send(b"535 5.7.8 no\r\n")


SCENARIOS = {
    "gss-garbage": lambda c: GssGarbage(c).run(),
    "ntlm-garbage": lambda c: NtlmGarbage(c).run(),
    "login-prompts": lambda c: LoginPrompts(c).run(),
    "ansi-injection": lambda c: Escapes(c).run(),
    "bad-codes": lambda c: BadCodes(c).run(),
    "nul-bytes": lambda c: NulBytes(c).run(),
    "lf-only": lambda c: LfOnly(c).run(),
    "many-lines": lambda c: ManyLines(c).run(),
    "pipelining-desync": lambda c: Unsolicited(c).run(),
    "early-talker": lambda c: EarlyTalker(c).run(),
    "fragmented": lambda c: Fragmented(c).run(),
    "slowloris": lambda c: Slowloris(c).run(),
    "stall-mid-reply": lambda c: StallMidReply(c).run(),
    "drop-mid-reply": lambda c: DropMidReply(c).run(),
    "rst": lambda c: Reset(c).run(),
    "auth-loop": lambda c: AuthLoop(c).run(),
    "bad-base64": lambda c: BadBase64(c).run(),
}
