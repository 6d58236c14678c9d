#!/usr/bin/env python3
"""Validates cachectl's JSON output against schemas/*.v1.json (JSON Schema 2020-12).

usage: check_schemas.py path/to/cachectl

Runs, with --format json: history of fixtures/images as one repository; inspect on every ref of fixtures/images and fixtures/mounts and on
the type=local export, plus lint and advise on the ones that are images; diff on every pair of
fixtures/pairs; and the same on the hostile cases that exit 0 (fixtures/hostile/cases.tsv,
small cases only). Exit 0 when every document validates, 1 otherwise.
"""
import glob, json, os, subprocess, sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    sys.exit("check_schemas: python3 jsonschema is missing (scripts/setup.sh installs it)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ".build/debug/cachectl"
validators = {}
for name in ("inspect", "diff", "plan", "lint", "advise", "history"):
    schema = json.load(open(f"schemas/{name}.v1.json"))
    Draft202012Validator.check_schema(schema)
    validators[name] = Draft202012Validator(schema)

def refs(layout):
    idx = json.load(open(os.path.join(layout, "index.json")))
    return [m["annotations"]["org.opencontainers.image.ref.name"] for m in idx["manifests"]]

runs = []  # (command, args)
for layout in ("fixtures/images", "fixtures/mounts/images"):
    for ref in refs(layout):
        target = f"oci:{layout}:{ref}"
        runs += [("inspect", [target]), ("lint", [target]), ("advise", [target])]
runs.append(("inspect", ["oci:fixtures/local-cache/v013-local-max"]))
for p in sorted(glob.glob("fixtures/pairs/*.json")):
    pair = json.load(open(p))
    runs.append(("diff", [f"oci:fixtures/images:{pair['old']}", f"oci:fixtures/images:{pair['new']}"]))
# Several sources, NEW as its cache export, and step names from the Dockerfile.
runs.append(("diff", ["oci:fixtures/images:v013-noinline", "oci:fixtures/images:v013-multistage-old",
                      "oci:fixtures/images:v013-multistage-src2", "--dockerfile", "fixtures/make/projects/multistage-src2/Dockerfile"]))
runs.append(("diff", ["oci:fixtures/images:v013-multistage-old", "oci:fixtures/images:v013-cache-max-im",
                      "--image", "oci:fixtures/images:v013-multistage-old"]))
# history: the whole layout as one repository, step names, one fixed cache tag, a glob.
runs.append(("history", ["oci:fixtures/images", "--last", "100"]))
runs.append(("history", ["oci:fixtures/images", "--tags", "v08-*", "--dockerfile", "fixtures/make/projects/multistage/Dockerfile"]))
runs.append(("history", ["oci:fixtures/images", "--tags", "v013-multistage-*", "--cache-from-tag", "v013-multistage-old"]))
runs.append(("history", ["oci:fixtures/v025/images", "--last", "100", "--dockerfile", "fixtures/make/v025/projects/hist/Dockerfile"]))
runs.append(("history", ["oci:fixtures/v025/images", "--tags", "shared-after-*", "--dockerfile", "fixtures/make/v025/projects/targets/Dockerfile", "--target", "api"]))
# plan: before the build, with a cache and cold, one and two platforms.
base = ["--network=none", "--build-arg", "BASE_IMAGE=oci:fixtures/v025/images:base-1"]
for project, cache in (("goapp-src2", "goapp-old"), ("goapp", None), ("link-src2", "link-old"), ("parallel-right2", "par-cache")):
    runs.append(("plan", base + (["--cache-from", f"oci:fixtures/v025/images:{cache}"] if cache else []) + [f"fixtures/make/v025/projects/{project}"]))
# plan with changed files listed, with --no-cache and the times of a provenance-carrying cache.
runs.append(("plan", base + ["--cache-from", "oci:fixtures/v025/images:goapp-cachemax", "fixtures/make/v025/projects/goapp-src2"]))
runs.append(("plan", base + ["--no-cache", "--cache-from", "oci:fixtures/v025/images:par-prov", "fixtures/make/v025/projects/parallel"]))
runs.append(("plan", base + ["--platform", "linux/amd64,linux/arm64", "--cache-from", "oci:fixtures/v025/images:multiarch-old",
                             "fixtures/make/v025/projects/multiarch-src2"]))
for line in open("fixtures/hostile/cases.tsv"):
    if line.startswith("#") or not line.strip():
        continue
    name, command, code, _substring, seconds = line.rstrip("\n").split("\t")
    words = command.replace("$H", "fixtures/hostile").split()
    dirs = [w.split(":")[1] for w in words if w.startswith("oci:")]
    if code != "0" or int(seconds) >= 10 or words[0] not in ("inspect", "diff") or not all(os.path.isdir(d) for d in dirs):
        continue
    runs.append((words[0], words[1:]))
    if words[0] == "inspect":
        runs += [("lint", words[1:]), ("advise", words[1:])]

failures = checked = 0
exports = set()  # targets that are cache exports: lint and advise read images only
for command, args in runs:
    if command in ("lint", "advise") and args[0] in exports:
        continue
    checked += 1
    argv = [BIN, command, *args, "--format", "json"]
    shown = " ".join(["cachectl", command, *args])
    p = subprocess.run(argv, capture_output=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    # lint exits 1 when it found errors (the default --fail-on): the report is still written.
    if p.returncode != 0 and not (command == "lint" and p.returncode == 1):
        failures += 1
        print(f"FAIL {shown}: exit {p.returncode}: {p.stderr.decode(errors='replace').strip()[:300]}")
        continue
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        failures += 1
        print(f"FAIL {shown}: not JSON ({e})")
        continue
    if command == "inspect" and doc.get("cache", {}).get("kind") == "export":
        exports.add(args[0])
    errors = sorted(validators[command].iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        failures += 1
        e = errors[0]
        print(f"FAIL {shown}: {len(errors)} schema error(s); first at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
print(f"check_schemas: {checked - failures} of {checked} documents match schemas/*.v1.json")
sys.exit(1 if failures else 0)
