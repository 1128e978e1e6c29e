#!/usr/bin/env python3
"""Find string literals that reach an output or drawing function without a
translation marker: the program's own words must pass through _(), N_() or
P_() (include/smtpdbg/i18n.h), so that a German user reads them in German.

Usage: lint_unmarked.py SOURCE_DIR [ALLOWLIST]

For every call of a function that prints, draws, or builds a message
(FUNCS below), each string literal among its arguments that is not inside
_(), N_() or P_() is checked: after format directives and escapes are
removed, a literal with a word in it (two letters or more) is reported,
unless the allowlist (po/lint-allow.txt) names it. The allowlist is for
protocol text (what goes on the wire, "EHLO %s"), fixed words scripts match
on, and names (file names, "smtpdbg"); each line is
    FILE<TAB>LITERAL    or    *<TAB>LITERAL
with LITERAL as written in the source between the quotes; FILE<TAB>*
exempts a whole file (one that writes code, such as the completions). Exit status 1
when something is reported or an allowlist line matches nothing."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from refs import is_reference  # noqa: E402

FUNCS = {
    "printf", "fprintf", "dprintf", "fputs", "puts", "buf_adds", "buf_printf",
    "snprintf", "ui_message", "session_say", "cli_fail", "cli_usage_error",
    "bad", "srv_note", "set_error", "report", "annot_add", "annot_add_esc",
    "drive_note", "info_note", "mvaddnstr", "mvaddstr", "addstr", "waddstr",
    "mvwaddstr", "mvprintw", "printw", "wprintw", "mvwprintw", "ui_put", "title",
    "add", "narrate_note", "drive_result", "tf_note", "annot_add_esc",
}
MARKERS = {"_", "N_", "P_", "gettext", "ngettext"}
# Nothing is left out: the knowledge base, the explanations and the SASL
# steps are translated too (part 2). A pattern here would exclude files.
EXCLUDE = re.compile(r"^$")

FMT = re.compile(r"%[-+ #0'*]*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|z|j|t|L)?[a-zA-Z%]")
ESC = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)")
WORD = re.compile(r"[A-Za-z]{2,}")


def strip_comments(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(text, start):
    """The text between the parentheses opened at start, and where it ends."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i
        i += 1
    return text[start + 1:], n


def bare_literals(args):
    """String literals in args outside marker calls: (literal, offset)."""
    found = []
    i, n = 0, len(args)
    while i < n:
        m = re.match(r"[A-Za-z_]\w*", args[i:])
        if m:
            name = m.group(0)
            j = i + len(name)
            k = j
            while k < n and args[k] in " \t\n":
                k += 1
            if name in MARKERS and k < n and args[k] == "(":
                _, end = call_args(args, k)
                i = end + 1
                continue
            i = j
            continue
        c = args[i]
        if c == "'":
            j = i + 1
            while j < n and args[j] != "'":
                j += 2 if args[j] == "\\" else 1
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and args[j] != '"':
                j += 2 if args[j] == "\\" else 1
            found.append((args[i + 1:j], i))
            i = j + 1
            continue
        i += 1
    return found


def has_words(lit):
    # Paths and file names are no language.
    bare = ESC.sub("", FMT.sub("", lit))
    if "/" in bare and not re.search(r"\s", bare):
        return False
    s = FMT.sub(" ", lit)
    s = ESC.sub(" ", s)
    # Nor is the program's name.
    s = re.sub(r"\bsmtpdbg\b", " ", s)
    return WORD.search(s) is not None


def main():
    root = sys.argv[1]
    allow_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "po", "lint-allow.txt")
    allow = {}
    with open(allow_path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            where, _, lit = line.partition("\t")
            allow[(where, lit)] = [no, 0]
    problems = 0
    for dirpath, _, files in sorted(list(os.walk(os.path.join(root, "src"))) +
                                    list(os.walk(os.path.join(root, "include")))):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.relpath(os.path.join(dirpath, name), root)
            if EXCLUDE.match(path):
                continue
            if (path, "*") in allow:
                allow[(path, "*")][1] += 1
                continue
            with open(os.path.join(root, path), encoding="utf-8") as f:
                text = strip_comments(f.read())
            for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", text):
                if m.group(1) not in FUNCS:
                    continue
                # A declaration or definition is not a call.
                before = text[max(0, m.start() - 40):m.start()]
                if re.search(r"\b(void|int|static|char|bool|size_t)\s*\**\s*$", before):
                    continue
                args, _ = call_args(text, m.end() - 1)
                for lit, off in bare_literals(args):
                    if not has_words(lit) or is_reference(lit):
                        continue
                    for key in ((path, lit), ("*", lit)):
                        if key in allow:
                            allow[key][1] += 1
                            break
                    else:
                        line = text.count("\n", 0, m.end() - 1 + off) + 1
                        print(f"{path}:{line}: {m.group(1)}(): \"{lit}\" is not marked "
                              "for translation (_(), N_()); protocol text goes in "
                              "po/lint-allow.txt")
                        problems += 1
    for (where, lit), (no, used) in sorted(allow.items(), key=lambda kv: kv[1][0]):
        if not used:
            print(f"{allow_path}:{no}: {where}\t\"{lit}\" matches nothing: remove it")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
