"""Check JSON Lines against docs/json-lines.schema.json.

A small validator for the part of JSON Schema the file uses (type (null too), const,
enum, minimum, maximum, pattern, minItems, required, properties, additionalProperties,
items, oneOf, $ref), so the test needs nothing beyond Python itself.
Usage: python3 json_check.py SCHEMA FILE...  Prints each bad line and the
set of event types seen; exits 1 on any bad line."""
import json
import re
import sys

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def check(v, s, root, path):
    if "$ref" in s:
        node = root
        for part in s["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return check(v, node, root, path)
    if "oneOf" in s:
        ok = [b for b in s["oneOf"] if not check(v, b, root, path)]
        if len(ok) != 1:
            return ["%s: matches %d of the alternatives, not one" % (path, len(ok))]
        return []
    errs = []
    t = s.get("type")
    if t == "integer":
        if not isinstance(v, int) or isinstance(v, bool):
            return ["%s: %r is not an integer" % (path, v)]
    elif t and not (isinstance(v, TYPES[t]) and not (t != "boolean" and isinstance(v, bool))):
        return ["%s: %r is not a %s" % (path, v, t)]
    if "const" in s and v != s["const"]:
        return ["%s: %r is not %r" % (path, v, s["const"])]
    if "enum" in s and v not in s["enum"]:
        return ["%s: %r is not one of %r" % (path, v, s["enum"])]
    if "minimum" in s and v < s["minimum"]:
        errs.append("%s: %r < %r" % (path, v, s["minimum"]))
    if "maximum" in s and v > s["maximum"]:
        errs.append("%s: %r > %r" % (path, v, s["maximum"]))
    if "pattern" in s and not re.search(s["pattern"], v):
        errs.append("%s: %r does not match %s" % (path, v, s["pattern"]))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append("%s: no %r" % (path, k))
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                errs += check(x, props[k], root, path + "." + k)
            elif s.get("additionalProperties") is False:
                errs.append("%s: unexpected field %r" % (path, k))
    if isinstance(v, list) and len(v) < s.get("minItems", 0):
        errs.append("%s: fewer than %d items" % (path, s["minItems"]))
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            errs += check(x, s["items"], root, "%s[%d]" % (path, i))
    return errs


def main():
    schema = json.load(open(sys.argv[1]))
    bad = 0
    seen = set()
    for name in sys.argv[2:]:
        for n, line in enumerate(open(name, encoding="utf-8"), 1):
            try:
                obj = json.loads(line)
            except ValueError as e:
                print("%s:%d: not JSON: %s" % (name, n, e))
                bad += 1
                continue
            errs = check(obj, schema, schema, "$")
            if errs:
                print("%s:%d: %s\n  %s" % (name, n, "; ".join(errs), line.rstrip()))
                bad += 1
            else:
                seen.add(obj["type"])
    print("types: " + " ".join(sorted(seen)))
    sys.exit(1 if bad else 0)


main()
