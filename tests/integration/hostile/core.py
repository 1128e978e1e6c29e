"""What every scenario shares: the listener, the connection wrapper that
records what the client sent, line reading, TLS, and a small SMTP loop
that the scenarios bend one way each."""
import base64
import os
import socket
import time


class Conn:
    """One accepted connection. Everything the client sends is appended to
    PORTFILE.rx (decrypted, once TLS is up); notes go to PORTFILE.log."""

    def __init__(self, sock, portfile, args):
        self.sock = sock
        self.raw = sock
        self.args = args
        self.buf = b""
        self.rx = open(portfile + ".rx", "ab", buffering=0)
        self.logf = open(portfile + ".log", "a", buffering=1)
        self.per_byte = False  # one byte per segment (or per TLS record)
        self.tls = False

    def log(self, text):
        self.logf.write(text + "\n")

    def recv(self):
        chunk = self.sock.recv(65536)
        self.rx.write(chunk)
        return chunk

    def send(self, data):
        if not self.per_byte:
            self.sock.sendall(data)
            return
        for i in range(len(data)):
            self.sock.sendall(data[i:i + 1])

    def line(self):
        """The next line without its end, or None at EOF."""
        while b"\n" not in self.buf:
            chunk = self.recv()
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r")

    def lines(self):
        while True:
            line = self.line()
            if line is None:
                return
            yield line

    def start_tls(self):
        """Server side of a TLS handshake with --cert/--key. Bytes the
        client sent in clear before it are a client bug: logged."""
        if self.buf:
            self.log("VIOLATION: client bytes pending before the handshake: %r" % self.buf)
            self.buf = b""
        import ssl  # only here: it is slow to import
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.args.cert, self.args.key)
        try:
            self.sock = ctx.wrap_socket(self.raw, server_side=True)
        except (ssl.SSLError, OSError) as e:
            self.log("OK: handshake failed: %s" % e)
            return False
        self.tls = True
        self.log("TLS up")
        return True

    def reset(self):
        """Close with a TCP RST instead of a FIN."""
        self.raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        self.raw.close()


def b64(text):
    if isinstance(text, str):
        text = text.encode()
    return base64.b64encode(text)


def verb_of(line):
    return line.split(b" ", 1)[0].split(b":", 1)[0].upper()


class Server:
    """A plain SMTP server whose replies can be changed per scenario.
    Subclass it and override what misbehaves."""

    host = b"hostile.test"

    def __init__(self, conn):
        self.c = conn
        self.password = os.environ.get("HOSTILE_PASSWORD", "").encode()

    # What the server says. Each returns the bytes of a whole reply.
    def greeting(self):
        return b"220 " + self.host + b" ESMTP\r\n"

    def ehlo_lines(self):
        caps = [self.host, b"PIPELINING", b"8BITMIME"]
        if self.c.args.cert and not self.c.tls:
            caps.append(b"STARTTLS")
        caps.append(b"AUTH PLAIN LOGIN CRAM-MD5")
        return caps

    def ehlo(self, line):
        return multi(250, self.ehlo_lines())

    def reply(self, text):
        """Every reply goes through here: scenarios decorate it."""
        return text

    def send(self, text):
        self.c.send(self.reply(text))

    def starttls(self):
        self.send(b"220 2.0.0 ready to start TLS\r\n")
        return self.c.start_tls()

    def auth(self, line):
        """A correct AUTH PLAIN/LOGIN/CRAM-MD5 exchange that accepts any
        user whose password is HOSTILE_PASSWORD (CRAM-MD5: any answer)."""
        parts = line.split(b" ")
        mech = parts[1].upper() if len(parts) > 1 else b""
        if mech == b"PLAIN":
            resp = parts[2] if len(parts) > 2 else self.ask(b"")
            ok = resp is not None and base64.b64decode(resp).split(b"\0")[-1] == self.password
        elif mech == b"LOGIN":
            user = parts[2] if len(parts) > 2 else self.ask(b"Username:")
            pw = self.ask(b"Password:") if user not in (None, b"*") else None
            ok = pw is not None and pw != b"*" and base64.b64decode(pw) == self.password
        elif mech == b"CRAM-MD5":
            resp = self.ask(b"<1896.697170952@hostile.test>")
            ok = resp not in (None, b"*")
        else:
            self.send(b"504 5.5.4 unknown mechanism\r\n")
            return
        self.send(b"235 2.7.0 authenticated\r\n" if ok else b"535 5.7.8 no\r\n")

    def ask(self, prompt):
        self.send(b"334 " + b64(prompt) + b"\r\n")
        answer = self.c.line()
        if answer == b"*":
            self.c.log("OK: the client cancelled with *")
        return answer

    def command(self, verb, line):
        """Answer one command; False ends the session."""
        if verb in (b"EHLO", b"HELO"):
            self.send(self.ehlo(line))
        elif verb == b"STARTTLS":
            return self.starttls()
        elif verb == b"AUTH":
            self.auth(line)
        elif verb == b"DATA":
            self.send(b"354 go ahead\r\n")
            for body in self.c.lines():
                if body == b".":
                    break
            self.send(b"250 2.0.0 queued\r\n")
        elif verb == b"QUIT":
            self.send(b"221 2.0.0 bye\r\n")
            return False
        elif verb == b"*":
            self.send(b"501 5.7.0 cancelled\r\n")
        else:
            self.send(b"250 2.0.0 ok\r\n")
        return True

    def run(self):
        self.c.send(self.reply(self.greeting()))
        for line in self.c.lines():
            if not self.command(verb_of(line), line):
                return


def multi(code, lines):
    out = b""
    for i, text in enumerate(lines):
        sep = b" " if i == len(lines) - 1 else b"-"
        out += str(code).encode() + sep + text + b"\r\n"
    return out


def pause_forever(c):
    """Say nothing more; return when the client goes away."""
    while c.recv():
        pass
