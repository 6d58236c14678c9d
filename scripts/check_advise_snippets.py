#!/usr/bin/env python3
"""Checks the syntax of `cachectl advise` snippets: runs the binary on real fixtures (three images,
with and without --cache-ref) and checks each JSON report's snippets.

usage: scripts/check_advise_snippets.py [path/to/cachectl]   (default .build/debug/cachectl)

- githubActions and gitlab parse as YAML (PyYAML) and have the expected shape;
- bake is well-formed HCL for our purposes: balanced braces/brackets/quotes, a
  `target "…" {` block with `cache-from` and `cache-to` lists of strings;
- every --cache-to / --cache-from value (buildx, bake, GitHub Actions, GitLab) uses only
  keys buildx documents for its type (registry: ref, mode, image-manifest, oci-mediatypes,
  ignore-error, compression, compression-level, force-compression; inline: none).
Exits 1 and prints every problem on failure; 2 when the binary or PyYAML is missing.
"""
import json
import os
import re
import shlex
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.stderr.write("check_advise_snippets: PyYAML is missing (pip install pyyaml)\n")
    sys.exit(2)

REGISTRY_KEYS = {"type", "ref", "mode", "image-manifest", "oci-mediatypes", "ignore-error",
                 "compression", "compression-level", "force-compression"}
INLINE_KEYS = {"type"}
REFS = ("v013-multistage-old", "v013-single", "v013-multiarch")
EXTRAS = ((), ("--cache-ref", "ghcr.io/acme/cache:app"))
label = "advise"
problems = []


def problem(msg):
    problems.append(msg)


def check_cache_value(where, value, direction):
    pairs = {}
    for part in value.split(","):
        if "=" not in part:
            problem(f"{where}: {direction} part {part!r} is not key=value")
            continue
        k, v = part.split("=", 1)
        if k in pairs:
            problem(f"{where}: {direction} repeats key {k!r}")
        pairs[k] = v
    kind = pairs.get("type")
    allowed = {"registry": REGISTRY_KEYS, "inline": INLINE_KEYS}.get(kind)
    if allowed is None:
        problem(f"{where}: {direction} has unsupported type {kind!r}")
        return
    for k in pairs:
        if k not in allowed:
            problem(f"{where}: {direction} key {k!r} is not documented for type={kind}")
    if kind == "registry":
        if not pairs.get("ref"):
            problem(f"{where}: {direction} type=registry without ref")
        if direction == "--cache-from" and set(pairs) - {"type", "ref"}:
            problem(f"{where}: --cache-from should carry only type and ref")
        if "mode" in pairs and pairs["mode"] not in ("min", "max"):
            problem(f"{where}: mode={pairs['mode']!r}")
        for b in ("image-manifest", "oci-mediatypes", "ignore-error", "force-compression"):
            if b in pairs and pairs[b] not in ("true", "false"):
                problem(f"{where}: {b}={pairs[b]!r} is not a boolean")


def check_command(where, command):
    try:
        words = shlex.split(command)
    except ValueError as e:
        problem(f"{where}: command does not split like a shell line: {e}")
        return
    if words[:3] != ["docker", "buildx", "build"]:
        problem(f"{where}: does not start with docker buildx build")
    seen = set()
    for i, w in enumerate(words):
        if w in ("--cache-to", "--cache-from"):
            if i + 1 >= len(words):
                problem(f"{where}: {w} without a value")
                continue
            seen.add(w)
            check_cache_value(where, words[i + 1], w)
    for need in ("--cache-to", "--cache-from"):
        if need not in seen:
            problem(f"{where}: no {need}")


def check_bake(text):
    where = "bake"
    stack = []
    in_str = False
    esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
            elif ch == "\n":
                problem(f"{where}: newline inside a string")
            continue
        if ch == '"':
            in_str = True
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]":
            if not stack or {"}": "{", "]": "["}[ch] != stack.pop():
                problem(f"{where}: unbalanced {ch!r}")
    if in_str:
        problem(f"{where}: unterminated string")
    if stack:
        problem(f"{where}: unclosed {''.join(stack)!r}")
    if not re.search(r'^target "[A-Za-z0-9_-]+" \{$', text, re.M):
        problem(f"{where}: no `target \"…\" {{` block")
    for attr, direction in (("cache-from", "--cache-from"), ("cache-to", "--cache-to")):
        m = re.search(r'^\s*' + re.escape(attr) + r'\s*=\s*\[(.*)\]\s*$', text, re.M)
        if not m:
            problem(f"{where}: no {attr} = [ … ] list")
            continue
        items = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
        if not items:
            problem(f"{where}: {attr} list is empty")
        for item in items:
            check_cache_value(where, item, direction)
    for line in text.splitlines():
        s = line.strip()
        if s and not (s.endswith("{") or s == "}" or re.match(r'^[A-Za-z0-9_-]+\s*=\s*\S', s)):
            problem(f"{where}: unexpected line {s!r}")


def check_github(text):
    where = "githubActions"
    try:
        steps = yaml.safe_load(text)
    except yaml.YAMLError as e:
        problem(f"{where}: not YAML: {e}")
        return
    if not isinstance(steps, list) or not steps:
        problem(f"{where}: expected a list of steps")
        return
    build = [s for s in steps if isinstance(s, dict) and str(s.get("uses", "")).startswith("docker/build-push-action@")]
    if len(build) != 1:
        problem(f"{where}: expected one docker/build-push-action step")
        return
    with_ = build[0].get("with")
    if not isinstance(with_, dict):
        problem(f"{where}: build step has no `with` mapping")
        return
    for key, direction in (("cache-from", "--cache-from"), ("cache-to", "--cache-to")):
        if not isinstance(with_.get(key), str):
            problem(f"{where}: with.{key} missing or not a string")
        else:
            for line in with_[key].splitlines():
                check_cache_value(where, line, direction)
    for s in steps:
        if not isinstance(s, dict) or "uses" not in s:
            problem(f"{where}: step without uses: {s!r}")


def check_gitlab(text):
    where = "gitlab"
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        problem(f"{where}: not YAML: {e}")
        return
    if not isinstance(doc, dict) or len(doc) != 1:
        problem(f"{where}: expected one job")
        return
    (name, job), = doc.items()
    if not isinstance(job, dict) or not isinstance(job.get("script"), list):
        problem(f"{where}: job {name!r} has no script list")
        return
    builds = [c for c in job["script"] if isinstance(c, str) and c.startswith("docker buildx build")]
    if len(builds) != 1:
        problem(f"{where}: expected one docker buildx build line")
    for c in builds:
        check_command(where, c)


def check(text):
    """Checks one advise report (its JSON text); returns True when its snippets are fine."""
    problems.clear()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"{label}: advise output is not JSON: {e}")
        return False
    if doc.get("schemaVersion") != 1:
        problem("schemaVersion is not 1")
    snippets = doc.get("snippets") or {}
    for key in ("buildx", "bake", "githubActions", "gitlab"):
        if not isinstance(snippets.get(key), str) or not snippets[key].strip():
            problem(f"snippets.{key} missing")
    if not problems:
        check_command("buildx", snippets["buildx"].replace("\\\n", " "))
        check_bake(snippets["bake"])
        check_github(snippets["githubActions"])
        check_gitlab(snippets["gitlab"])
    if problems:
        for p in problems:
            print(f"{label}: {p}")
        return False
    print(f"{label}: {doc.get('recommendation')}: buildx, bake, GitHub Actions and GitLab snippets OK")
    return True


def main():
    global label
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/cachectl"
    if not os.access(binary, os.X_OK):
        print(f"check_advise_snippets: no executable at {binary} (build first, or pass its path)", file=sys.stderr)
        return 2
    ok = True
    for ref in REFS:
        for extra in EXTRAS:
            label = " ".join((ref,) + extra) if extra else ref + " "
            p = subprocess.run([binary, "advise", f"oci:fixtures/images:{ref}", "--format", "json", *extra],
                               capture_output=True, text=True)
            if p.returncode != 0:
                print(f"{label}: cachectl advise exited {p.returncode}: {p.stderr.strip()[:300]}")
                ok = False
            elif not check(p.stdout):
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
