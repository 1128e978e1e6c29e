"""Compare the JSON Lines of one session run in two languages.

Usage: python3 json_lang_compare.py ENGLISH.jsonl GERMAN.jsonl

Both must have the same events in the same order, each with the same keys
and the same JSON types everywhere, and the same values wherever a script
may match on them (every field but the explaining ones: "text", "items"'s
texts, "explanation", "why", "caveats", "meaning", a diagnosis's "title",
"checked", "cause", "next" and "note", and the time "t").
Prints what differs; exits 1 when anything does."""
import json
import sys

# Human texts: these may be translated (docs/json-lines.md).
WORDS = {"text", "explanation", "why", "caveats", "meaning", "title", "checked", "cause", "next",
         "note"}
# Not the language: the clock.
IGNORED = {"t"}


def compare(a, b, path, out):
    if type(a) is not type(b):
        out.append(f"{path}: {type(a).__name__} in English, {type(b).__name__} in German")
        return
    if isinstance(a, dict):
        if set(a) != set(b):
            out.append(f"{path}: keys {sorted(a)} in English, {sorted(b)} in German")
            return
        for k in a:
            if k in IGNORED:
                continue
            if k in WORDS:
                compare_shape(a[k], b[k], f"{path}.{k}", out)
            else:
                compare(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} elements in English, {len(b)} in German")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {a!r} in English, {b!r} in German")


def compare_shape(a, b, path, out):
    """Types only: the words may differ, lists of lines may differ in length."""
    if type(a) is not type(b):
        out.append(f"{path}: {type(a).__name__} in English, {type(b).__name__} in German")
    elif isinstance(a, list):
        for x in a + b:
            if not isinstance(x, str):
                out.append(f"{path}: an element is not a string")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        en = [json.loads(line) for line in f if line.strip()]
    with open(sys.argv[2], encoding="utf-8") as f:
        de = [json.loads(line) for line in f if line.strip()]
    out = []
    if len(en) != len(de):
        out.append(f"{len(en)} events in English, {len(de)} in German")
    for i, (a, b) in enumerate(zip(en, de)):
        compare(a, b, f"line {i + 1} ({a.get('type')})", out)
    for line in out:
        print(line)
    print(f"{len(en)} events compared, {len(out)} differences")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
