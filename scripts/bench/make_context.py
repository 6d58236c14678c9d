#!/usr/bin/env python3
"""Write a deterministic build context for scripts/bench-context.sh: exactly FILES regular files
holding exactly MIB MiB, shaped like a real repository.

usage: make_context.py DIR [FILES [MIB]]     (default 10000 files, 200 MiB)

The mix: source files of a few KiB in nested packages (src/), docs, a few MB-sized assets and one
larger archive, a .git/ (loose objects and a pack) and a node_modules/ (nested packages), some
executables, some empty files, a few symbolic links (not counted as files). Text comes from a
fixed pool, binary content from a seeded generator: the same arguments give the same bytes.
"""
import os, random, sys

root = sys.argv[1]
total_files = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
total_bytes = (int(sys.argv[3]) if len(sys.argv) > 3 else 200) << 20
rnd = random.Random(2026)
words = ("func return let var import struct if else for in while switch case default guard "
         "self init throws try catch public private static final class enum protocol extension").split()
pool = " ".join(rnd.choice(words) + ("\n" if rnd.random() < 0.12 else "") for _ in range(400000)).encode()

# (path, size, kind): kind "text" or "binary"; sizes chosen first, the largest adjusted at the end.
plan = []
def add(path, size, kind="text"):
    plan.append([path, size, kind])

n_git, n_node, n_assets, n_docs = 1500, 2000, 40, 400
n_src = total_files - n_git - n_node - n_assets - n_docs - 1  # the archive
for i in range(n_src):
    depth = 1 + i % 4
    parts = ["src", "pkg%02d" % (i % 37)] + ["d%d" % ((i // 37 + k) % 9) for k in range(depth - 1)]
    add("/".join(parts + ["file%05d.swift" % i]), 0 if i % 211 == 0 else int(rnd.lognormvariate(8.3, 0.9)))
for i in range(n_docs):
    add("docs/section%d/page%03d.md" % (i % 12, i), int(rnd.lognormvariate(8.0, 0.7)))
for i in range(n_assets):
    add("assets/img%02d/asset%02d.bin" % (i % 5, i), rnd.randint(1 << 20, 4 << 20), "binary")
add("assets/archive.tar", 0, "binary")  # the remainder of the total
for i in range(n_git - 3):
    h = "%040x" % rnd.getrandbits(160)
    add(".git/objects/%s/%s" % (h[:2], h[2:]), int(rnd.lognormvariate(7.0, 1.0)), "binary")
add(".git/objects/pack/pack-0001.pack", 6 << 20, "binary")
add(".git/HEAD", 23)
add(".git/config", 180)
for i in range(n_node):
    pkg = "pkg%03d" % (i % 160)
    sub = "" if i % 3 else "lib/"
    add("node_modules/%s/%sindex%04d.js" % (pkg, sub, i), int(rnd.lognormvariate(8.0, 1.1)))

assert len(plan) == total_files, len(plan)
rest = total_bytes - sum(p[1] for p in plan)
assert rest > 0, "the small files alone exceed the total"
next(p for p in plan if p[0] == "assets/archive.tar")[1] = rest

os.makedirs(root, exist_ok=True)
for i, (path, size, kind) in enumerate(plan):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        if kind == "binary":
            left = size
            while left:
                n = min(left, 8 << 20)
                f.write(rnd.randbytes(n))
                left -= n
        else:
            start = rnd.randrange(len(pool) - size - 1) if size < len(pool) - 1 else 0
            f.write(pool[start:start + size])
    os.chmod(full, 0o755 if i % 97 == 0 else 0o644)
for link, target in [("src/latest", "pkg00"), ("docs/index.md", "section0/page000.md"), ("node_modules/.bin/tool", "../pkg001/index0001.js")]:
    full = os.path.join(root, link)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    os.symlink(target, full)
