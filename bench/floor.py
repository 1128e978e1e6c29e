"""The floor for the session benchmark: the same session from Python's
smtplib in one process (STARTTLS, AUTH LOGIN, one message, QUIT).
    python3 floor.py HOST PORT CAFILE USER MESSAGE-FILE   (password in $P)"""
import os
import smtplib
import ssl
import sys

host, port, cafile, user, msg = sys.argv[1:6]
ctx = ssl.create_default_context(cafile=cafile)
with smtplib.SMTP(host, int(port), local_hostname="localhost") as s:
    s.starttls(context=ctx)
    s.ehlo("localhost")
    s.user, s.password = user, os.environ["P"]
    s.auth("LOGIN", s.auth_login, initial_response_ok=False)
    with open(msg, "rb") as f:
        s.sendmail(user, [user], f.read())
