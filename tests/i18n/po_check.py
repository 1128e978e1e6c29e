#!/usr/bin/env python3
"""Check a German catalogue: every entry translated, none fuzzy, and no
msgstr that merely repeats its English msgid, unless the allowlist names it
(codes, keywords, option syntax and proper names read the same in both);
references to documents ("RFC 4954 §6") are their own German (refs.py).

Usage: po_check.py CATALOGUE.po ALLOWLIST

The allowlist has one msgid per line as it is written in the catalogue
(C escapes, \\n for a newline); '#' starts a comment. An allowlist line that
matches no identical entry is reported too, so the list stays short."""
import re
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from refs import is_reference  # noqa: E402


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return s[1:-1]


def entries(path):
    cur, key = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    yield cur
                cur, key = None, None
                continue
            if cur is None:
                cur = {"flags": "", "msgid": "", "plural": None, "strs": {}, "obsolete": False}
            if line.startswith("#~"):
                cur["obsolete"] = True
                continue
            if line.startswith("#,"):
                cur["flags"] = line
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'(msgid_plural|msgid|msgstr(?:\[(\d)\])?|msgctxt)\s+(".*")$', line)
            if m:
                key = m.group(1)
                val = unquote(m.group(3))
                if key == "msgid":
                    cur["msgid"] = val
                elif key == "msgid_plural":
                    cur["plural"] = val
                elif key.startswith("msgstr"):
                    key = int(m.group(2) or 0)
                    cur["strs"][key] = val
                continue
            val = unquote(line)
            if key == "msgid":
                cur["msgid"] += val
            elif key == "msgid_plural":
                cur["plural"] += val
            elif isinstance(key, int):
                cur["strs"][key] += val
    if cur:
        yield cur


def main():
    po, allow_path = sys.argv[1], sys.argv[2]
    allow = {}
    with open(allow_path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                allow[line] = [no, False]
    problems = 0
    n = 0
    for e in entries(po):
        if not e["msgid"] or e["obsolete"]:
            continue
        n += 1
        label = e["msgid"][:70]
        if "fuzzy" in e["flags"]:
            print(f'{po}: fuzzy: "{label}"')
            problems += 1
        strs = [e["strs"].get(i, "") for i in sorted(e["strs"]) or [0]]
        if not all(strs):
            print(f'{po}: untranslated: "{label}"')
            problems += 1
            continue
        english = [e["msgid"]] + ([e["plural"]] if e["plural"] is not None else [])
        if any(s in english for s in strs):
            if is_reference(e["msgid"]):
                pass  # "RFC 4954 §6" is the same in German
            elif e["msgid"] in allow:
                allow[e["msgid"]][1] = True
            else:
                print(f'{po}: the German is the English: "{label}" '
                      f"(translate it, or add it to {allow_path} if it is a code, "
                      "a keyword or a name)")
                problems += 1
    for msgid, (no, used) in allow.items():
        if not used:
            print(f'{allow_path}:{no}: "{msgid}" is not an identical entry: remove it')
            problems += 1
    print(f"{n} entries checked, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
