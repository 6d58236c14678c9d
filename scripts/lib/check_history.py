#!/usr/bin/env python3
"""Checks `cachectl history --format json` against BuildKit's own truth in fixtures/pairs.

usage: check_history.py HISTORY.json[:TARGET][,HISTORY.json:TARGET...] EXPECTED_PATTERNS [EXPECTED_BUILDS]

Every build explained against another (cacheFrom) must be a pair of fixtures/pairs,
fixtures/v025/pairs or fixtures/history/pairs (OLD = the build it imported, NEW = the build; a `shared-after-X` export
is the record of build `targets-X`), and every step's status must equal what BuildKit's log
says (run / cached / unneeded; a COPY --link copy and merge are one step, FROM is not a step).
Several files are runs of one history with step names for different --target stages: each
build is checked in the file whose TARGET is its pair's target (statuses do not depend on it).
EXPECTED_PATTERNS: comma-separated pattern ids that must be found, exactly ("" for none).
EXPECTED_BUILDS: the number of builds. Exit 0 when everything matches.
"""
import glob, json, re, sys

runs = []
for item in sys.argv[1].split(","):
    path, _, target = item.partition(":")
    runs.append((json.load(open(path)), target or None))
doc = runs[0][0]
want_patterns = set(p for p in sys.argv[2].split(",") if p)
want_builds = int(sys.argv[3]) if len(sys.argv) > 3 else None
pairs = []
for p in sorted(glob.glob("fixtures/pairs/*.json")) + sorted(glob.glob("fixtures/v025/pairs/*.json")) + sorted(glob.glob("fixtures/history/pairs/*.json")):
    d = json.load(open(p))
    if "old" not in d:
        if len(d.get("sources", [])) != 1:
            continue
        d["old"] = d["sources"][0]
        d["steps"] = [s for s in d["steps"] if s.get("kind") != "from"]
    pairs.append(d)

def names(tags):
    return set(tags) | {"targets-" + t[len("shared-after-"):] for t in tags if t.startswith("shared-after-")}

def truth(pair):
    by = {}
    for s in pair["steps"]:
        if "] FROM " in s["name"]:
            continue
        by.setdefault(f'{s["stage"]} {s["index"]}', []).append(s)
    out = {}
    for k, steps in by.items():
        statuses = [s.get("status") for s in steps if s.get("status")]
        copy = next((s.get("status") for s in steps if s.get("kind") != "link-merge"), None)
        out[k] = "run" if copy == "run" else ("cached" if "cached" in statuses else (copy or statuses[0]))
    return out

failures, checked = [], 0
tags_of = {b["tag"]: set(b["tags"]) for b in doc["builds"]}
if want_builds is not None and len(doc["builds"]) != want_builds:
    failures.append(f"{len(doc['builds'])} builds, expected {want_builds}")
for i, b in enumerate(doc["builds"]):
    if b["cacheFrom"] is None:
        continue
    olds = tags_of.get(b["cacheFrom"], set()) | {b["cacheFrom"]}
    pair = next((p for p in pairs if p["old"] in olds and p["new"] in names(b["tags"])), None)
    if pair is None:
        failures.append(f"{b['tag']} (from {b['cacheFrom']}): no fixture pair holds BuildKit's truth for it")
        continue
    t = truth(pair)
    run_doc = next((d for d, target in runs if target == pair.get("target")), runs[0][0])
    b = run_doc["builds"][i]
    predicted = {}
    for st in b["stages"]:
        for s in st["steps"]:
            m = re.match(r"^\[(?:(\S+) )?(\d+)/\d+\]", s["printed"] or "")
            if m:
                predicted[f'{m.group(1) or "final"} {m.group(2)}'] = s["status"]
    for k, status in sorted(t.items()):
        checked += 1
        if predicted.get(k) != status:
            failures.append(f"{b['tag']} ({pair['pair']}): step {k}: BuildKit {status}, cachectl {predicted.get(k)}")
    if set(predicted) != set(t):
        failures.append(f"{b['tag']} ({pair['pair']}): steps {sorted(predicted)} vs BuildKit's {sorted(t)}")
    run = sum(1 for v in t.values() if v == "run")
    if b["stepsRun"] != run:
        failures.append(f"{b['tag']}: stepsRun {b['stepsRun']}, BuildKit ran {run}")
found = {p["id"] for p in doc["patterns"]}
if found != want_patterns:
    failures.append(f"patterns {sorted(found)}, expected {sorted(want_patterns)}")
for f in failures:
    print("FAIL " + f)
if failures:
    sys.exit(1)
print(f"check_history: {checked} step statuses equal BuildKit's, patterns {sorted(found) or 'none'} as expected")
