#!/usr/bin/env python3
"""Security-policy tables from `cce info --json`.

  policy_tables.py print INFO.json        print the three tables as Markdown
  policy_tables.py check INFO.json DOC.md  fail if DOC.md's tables differ

The tables in docs/security-policy.md sit between
<!-- BEGIN name --> and <!-- END name --> markers (name: algorithms,
selftests, indicator). The check compares them row by row with what the
module reports, so the document cannot claim more than the code does.
"""
import json
import re
import sys


def tables(info):
    out = {}
    rows = ["| Algorithm | Parameters | Standard | Approved |", "|---|---|---|---|"]
    for a in info["algorithms"]:
        rows.append("| %s | %s | %s | %s |" % (a["name"], a["parameters"] or "-", a["standard"],
                                              "yes" if a["approved"] else "no"))
    out["algorithms"] = rows
    rows = ["| Self-test | Kind | Algorithms |", "|---|---|---|"]
    for t in info["selftests"]:
        rows.append("| %s | %s | %s |" % (t["name"], t["kind"], t["algorithm"]))
    out["selftests"] = rows
    rows = ["| Service | Condition | Indicator |", "|---|---|---|"]
    for r in info["indicator"]:
        rows.append("| %s | %s | %s |" % (r["service"], r["condition"],
                                          "approved" if r["approved"] else "not approved"))
    out["indicator"] = rows
    return out


def doc_tables(text):
    out = {}
    for m in re.finditer(r"<!-- BEGIN (\w+) -->\n(.*?)<!-- END \1 -->", text, re.S):
        out[m.group(1)] = [l.strip() for l in m.group(2).strip().splitlines() if l.strip()]
    return out


def main():
    info = json.load(open(sys.argv[2]))
    want = tables(info)
    if sys.argv[1] == "print":
        for k, v in want.items():
            print("<!-- BEGIN %s -->\n%s\n<!-- END %s -->\n" % (k, "\n".join(v), k))
        return 0
    got = doc_tables(open(sys.argv[3]).read())
    failed = passed = 0
    for k, rows in want.items():
        if k not in got:
            print("FAIL: table '%s' missing from the document" % k)
            failed += 1
            continue
        missing = [r for r in rows if r not in got[k]]
        extra = [r for r in got[k] if r not in rows]
        for r in missing:
            print("FAIL: %s: the module reports a row the document lacks: %s" % (k, r))
        for r in extra:
            print("FAIL: %s: the document claims a row the module does not report: %s" % (k, r))
        if missing or extra:
            failed += 1
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
