"""A local MTA on standard input and output, as `sendmail -bs` is: enough
SMTP for a session, a line on stderr at the start, and the exit status
given as the first argument. For run --pipe's tests."""
import sys

status = int(sys.argv[1]) if len(sys.argv) > 1 else 0
out, inp = sys.stdout.buffer, sys.stdin.buffer


def say(line):
    out.write(line.encode() + b"\r\n")
    out.flush()


sys.stderr.write("stdio-mta: ready\n")
sys.stderr.flush()
say("220 localhost ESMTP stdio-mta")
in_data = False
for raw in inp:
    line = raw.rstrip(b"\r\n").decode("latin-1")
    if in_data:
        if line == ".":
            in_data = False
            say("250 2.0.0 Ok: queued as STDIO1")
        continue
    verb = line.split(" ", 1)[0].upper()
    if verb == "EHLO":
        say("250-localhost")
        say("250 8BITMIME")
    elif verb == "DATA":
        in_data = True
        say("354 End data with <CR><LF>.<CR><LF>")
    elif verb == "QUIT":
        say("221 2.0.0 Bye")
        break
    else:
        say("250 2.0.0 Ok")
sys.stderr.write("stdio-mta: done\n")
sys.exit(status)
