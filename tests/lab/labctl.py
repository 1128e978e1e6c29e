"""Helpers for the test lab's shell scripts (Python 3 standard library only).

    labctl.py free PORT...              exit 1, naming them, if any 127.0.0.1:PORT is taken
    labctl.py greet SECS CAFILE NAME:PORT:plain|tls:PIDFILE...
                                        wait until every server sends its 220 greeting
                                        (tls: implicit TLS, verified against CAFILE);
                                        exit 1 naming those that did not within SECS,
                                        or whose process (PIDFILE) has exited; their
                                        names go to stdout, one a line
    labctl.py procs STATEDIR            print the pids of the lab's processes (Postfix,
                                        Dovecot and Exim of that STATEDIR, with children)
"""
import os
import socket
import ssl
import sys
import time


def port_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def cmd_free(ports):
    taken = [p for p in ports if not port_free(int(p))]
    if taken:
        print("port(s) already in use on 127.0.0.1: %s (set LAB_PORT_BASE to move the lab)"
              % " ".join(taken), file=sys.stderr)
        return 1
    return 0


def greeting(port, mode, cafile, timeout):
    """Return the first reply line, or raise."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
        sock = raw
        if mode == "tls":
            ctx = ssl.create_default_context(cafile=cafile)
            sock = ctx.wrap_socket(raw, server_hostname="localhost")
        data = b""
        while b"\n" not in data:
            chunk = sock.recv(512)
            if not chunk:
                break
            data += chunk
        return data.split(b"\n")[0].decode("ascii", "replace").rstrip("\r")


def exited(pidfile):
    """True if pidfile names a process that is no longer running."""
    try:
        with open(pidfile) as f:
            pid = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def cmd_greet(secs, cafile, specs):
    deadline = time.monotonic() + float(secs)
    pending = {}
    failed = {}
    for spec in specs:
        name, port, mode, pidfile = spec.split(":", 3)
        pending[name] = (int(port), mode, pidfile, "no answer yet")
    while pending and time.monotonic() < deadline:
        for name, (port, mode, pidfile, _) in list(pending.items()):
            try:
                line = greeting(port, mode, cafile, 2)
            except (OSError, ssl.SSLError) as e:
                why = str(e) or type(e).__name__
                if exited(pidfile):
                    failed[name] = (port, mode, "its process has exited (%s)" % why)
                    del pending[name]
                else:
                    pending[name] = (port, mode, pidfile, why)
                continue
            if line.startswith("220"):
                del pending[name]
            else:
                pending[name] = (port, mode, pidfile, "greeting was %r" % line)
        if pending and not failed:
            time.sleep(0.1)
        elif failed:
            break
    for name, (port, mode, _, why) in pending.items():
        failed[name] = (port, mode, "no 220 greeting within %ss: %s" % (secs, why))
    for name, (port, mode, why) in sorted(failed.items()):
        print("%s (127.0.0.1:%d, %s): %s" % (name, port, mode, why), file=sys.stderr)
        print(name)
    return 1 if failed else 0


def cmd_procs(statedir):
    """The lab's processes, recognised by what only they carry: Postfix's
    MAIL_CONFIG=STATEDIR/postfix/etc in the environment, and the -c/-C
    configuration file of Dovecot and Exim on the command line; plus every
    descendant of those. (A test that merely names a file of the lab on its
    command line, or has lab.env in its environment, is not matched.)"""
    root = os.path.abspath(statedir).encode()
    postfix_env = b"MAIL_CONFIG=" + root + b"/postfix/etc"
    dovecot_arg = b"\0-c\0" + root + b"/dovecot/dovecot.conf\0"
    exim_arg = b"\0-C\0" + root + b"/exim/exim.conf\0"
    parent = {}
    ours = set()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        pid = int(d)
        try:
            with open("/proc/%d/stat" % pid, "rb") as f:
                stat = f.read()
            parent[pid] = int(stat[stat.rindex(b")") + 2:].split()[1])
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = b"\0" + f.read()
            try:
                with open("/proc/%d/environ" % pid, "rb") as f:
                    environ = f.read().split(b"\0")
            except OSError:
                environ = []
        except (OSError, ValueError, IndexError):
            continue
        if postfix_env in environ or dovecot_arg in cmdline or exim_arg in cmdline:
            ours.add(pid)
    grew = True
    while grew:
        grew = False
        for pid, ppid in parent.items():
            if pid not in ours and ppid in ours:
                ours.add(pid)
                grew = True
    ours.discard(os.getpid())
    for pid in sorted(ours):
        print(pid)
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "free":
        return cmd_free(argv[2:])
    if len(argv) >= 4 and argv[1] == "greet":
        return cmd_greet(argv[2], argv[3], argv[4:])
    if len(argv) == 3 and argv[1] == "procs":
        return cmd_procs(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
