#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the real fixtures (fixtures/images, fixtures/pairs,
fixtures/local-cache) plus a few hand-written inputs for the text parsers. Deterministic; rerun after
the fixtures change:  python3 fuzz/seeds.py"""
import base64, hashlib, json, os, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
MANIFEST_TYPES = {"application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                  "application/vnd.docker.distribution.manifest.list.v2+json",
                  "application/vnd.docker.distribution.manifest.v2+json"}
CACHE_CONFIG = "application/vnd.buildkit.cacheconfig.v0"
INLINE = "moby.buildkit.cache.v0"


def blob(layout, digest):
    with open(os.path.join(layout, "blobs", *digest.split(":")), "rb") as f:
        return f.read()


def put(target, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def walk(layout):
    """Yields (kind, bytes, extra) for every manifest, config and cache config reachable from index.json."""
    todo = [(d, d.get("annotations", {}).get("org.opencontainers.image.ref.name"))
            for d in json.load(open(os.path.join(layout, "index.json")))["manifests"]]
    while todo:
        desc, ref = todo.pop()
        data = blob(layout, desc["digest"])
        doc = json.loads(data)
        yield "manifest", data, ref
        for child in doc.get("manifests", []):
            if child.get("mediaType") == CACHE_CONFIG:
                yield "cacheconfig", blob(layout, child["digest"]), ref
            elif child.get("mediaType") in MANIFEST_TYPES or "mediaType" not in child:
                todo.append((child, ref))
        if "config" in doc:
            cfg = blob(layout, doc["config"]["digest"])
            if doc["config"].get("mediaType") == CACHE_CONFIG:
                yield "cacheconfig", cfg, ref
            else:
                yield "config", cfg, (ref, len(doc.get("layers", [])))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    payloads = {}
    for layout in [os.path.join(ROOT, "fixtures", "images"), os.path.join(ROOT, "fixtures", "local-cache", "v013-local-max")]:
        for kind, data, extra in walk(layout):
            if kind == "manifest":
                put("manifest", b"\x00" + data)
            elif kind == "cacheconfig":
                put("cache_config", data)
            else:
                ref, layers = extra
                put("config_inline", b"\x00" + data)
                value = json.loads(data).get(INLINE)
                if value:
                    raw = base64.b64decode(value)
                    put("config_inline", bytes([layers % 16 or 16]) + raw)
                    payloads[ref] = raw
    # match: NEW \0 OLD, for every fixture pair whose two sides carry inline cache.
    for name in sorted(os.listdir(os.path.join(ROOT, "fixtures", "pairs"))):
        pair = json.load(open(os.path.join(ROOT, "fixtures", "pairs", name)))
        old, new = (pair.get("old") or ""), (pair.get("new") or "")
        old = old.rsplit(":", 1)[-1] if isinstance(old, str) else ""
        new = new.rsplit(":", 1)[-1] if isinstance(new, str) else ""
        if old in payloads and new in payloads:
            put("match", payloads[new] + b"\x00" + payloads[old])
    for ref in sorted(payloads)[:3]:
        put("match", payloads[ref] + b"\x00" + payloads[ref])
    for text in ["alpine", "docker.io/library/alpine:3.19", "ghcr.io/org/app:1.4@sha256:" + "a" * 64,
                 "localhost:5000/a/b", "[::1]:5000/x/y:t", "127.0.0.1:5000/fx:v013-multistage-old",
                 "oci:fixtures/images:v013-single", "oci:dir@sha256:" + "0" * 64, "index.docker.io/x__y-z.w"]:
        put("reference", text.encode())
    for text in ['Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
                 'Basic realm="Registry Realm"', 'Negotiate abc==, Basic realm="x"',
                 'Bearer realm="a\\"b", error="insufficient_scope"\nBasic realm=y']:
        put("auth_challenge", text.encode())
    for doc in [{"auths": {"https://index.docker.io/v1/": {"auth": base64.b64encode(b"user:pass").decode()}}},
                {"auths": {"ghcr.io": {"identitytoken": "tok"}, "127.0.0.1:5000": {"username": "u", "password": "p"}}},
                {"auths": {"ghcr.io/org/app": {"auth": "dTpw"}}, "credsStore": "desktop", "credHelpers": {"ghcr.io": "gh"}}]:
        put("docker_config", json.dumps(doc).encode())
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"seeds: {total} bytes in {OUT}")


if __name__ == "__main__":
    main()
