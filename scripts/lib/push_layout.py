#!/usr/bin/env python3
"""Push every tagged entry of an OCI image layout into a registry, keeping digests.

usage: push_layout.py LAYOUT_DIR HOST:PORT REPO

Each entry of LAYOUT_DIR/index.json with an `org.opencontainers.image.ref.name`
annotation is pushed as REPO:<ref name>. Blobs and child manifests go first, then
the tagged manifest with its own media type. Bytes are sent exactly as stored.
"""
import hashlib
import http.client
import json
import os
import sys

MANIFEST_TYPES = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
}


class Registry:
    def __init__(self, hostport):
        self.hostport = hostport

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.hostport, timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, dict(resp.getheaders()), data

    def has_blob(self, repo, digest):
        status, _, _ = self.request("HEAD", f"/v2/{repo}/blobs/{digest}")
        return status == 200

    def put_blob(self, repo, digest, data):
        if self.has_blob(repo, digest):
            return
        status, headers, body = self.request("POST", f"/v2/{repo}/blobs/uploads/")
        if status != 202:
            raise SystemExit(f"upload start for {digest}: HTTP {status} {body[:200]!r}")
        location = headers.get("Location") or headers.get("location")
        if location.startswith("http"):
            location = "/" + location.split("/", 3)[3]
        sep = "&" if "?" in location else "?"
        status, _, body = self.request("PUT", f"{location}{sep}digest={digest}", body=data,
                                       headers={"Content-Type": "application/octet-stream",
                                                "Content-Length": str(len(data))})
        if status != 201:
            raise SystemExit(f"upload of {digest}: HTTP {status} {body[:200]!r}")

    def put_manifest(self, repo, reference, media_type, data):
        status, _, body = self.request("PUT", f"/v2/{repo}/manifests/{reference}", body=data,
                                       headers={"Content-Type": media_type, "Content-Length": str(len(data))})
        if status != 201:
            raise SystemExit(f"manifest {repo}:{reference}: HTTP {status} {body[:300]!r}")


def read_blob(layout, digest):
    alg, hexpart = digest.split(":", 1)
    with open(os.path.join(layout, "blobs", alg, hexpart), "rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != hexpart:
        raise SystemExit(f"blob {digest} in {layout} does not match its digest")
    return data


def push_descriptor(reg, layout, repo, desc, tag=None):
    """Push what `desc` points at (recursively) and return nothing."""
    media_type = desc.get("mediaType", "")
    data = read_blob(layout, desc["digest"])
    if media_type not in MANIFEST_TYPES:
        reg.put_blob(repo, desc["digest"], data)
        return
    doc = json.loads(data)
    for child in doc.get("manifests", []):
        push_descriptor(reg, layout, repo, child)
    if "config" in doc:
        reg.put_blob(repo, doc["config"]["digest"], read_blob(layout, doc["config"]["digest"]))
    for layer in doc.get("layers", []):
        reg.put_blob(repo, layer["digest"], read_blob(layout, layer["digest"]))
    reg.put_manifest(repo, tag or desc["digest"], doc.get("mediaType") or media_type, data)


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    layout, hostport, repo = sys.argv[1:]
    with open(os.path.join(layout, "index.json")) as f:
        index = json.load(f)
    reg = Registry(hostport)
    count = 0
    for desc in index["manifests"]:
        name = desc.get("annotations", {}).get("org.opencontainers.image.ref.name")
        if not name:
            continue
        push_descriptor(reg, layout, repo, desc, tag=name)
        count += 1
    print(f"pushed {count} references from {layout} to {hostport}/{repo}")


if __name__ == "__main__":
    main()
