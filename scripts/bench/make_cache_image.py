#!/usr/bin/env python3
"""Write an OCI image layout holding one image whose inline cache has about RECORDS records.

usage: make_cache_image.py DIR RECORDS [LAYERS]

The cache is a chain of steps (two records each: a content key and the step, whose slot 0
offers two alternatives), the last LAYERS steps carrying a layer result, as a long multi-stage
build's mode=max cache looks. Also writes DIR/payload.b64 (the inline cache value alone) for
the C floor. Prints the payload size in bytes.
"""
import base64, hashlib, json, os, sys


def h(s):
    return "sha256:" + hashlib.sha256(s.encode()).hexdigest()


def main():
    out, records = sys.argv[1], int(sys.argv[2])
    layers = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    steps = max(layers, (records - 2) // 2)
    recs = [{"digest": h("root-a")}, {"digest": h("root-b")}]
    first_layer_step = steps - layers
    for k in range(steps):
        recs.append({"digest": h("content%d" % k)})
        prev = [{"link": 0}, {"link": 1}] if k == 0 else [
            {"link": 3 + 2 * (k - 1)},
            {"selector": "sha256:8a5edab282632443219e051e4ade2d1d5bbc671c781051bf1437897cbdfea0f1", "link": 2 + 2 * k}]
        inputs = [prev]
        if k % 10 == 9:
            inputs.append([{"link": 2 + 2 * k}])
        r = {"digest": h("step%d" % k), "inputs": inputs}
        if k >= first_layer_step:
            r["layers"] = [{"layer": k - first_layer_step + 1, "createdAt": "2026-11-29T00:00:00.123456789Z"}]
        recs.append(r)
    payload = base64.b64encode(json.dumps(recs, separators=(",", ":")).encode()).decode()
    nlayers = layers + 1
    config = {"architecture": "amd64", "os": "linux",
              "rootfs": {"type": "layers", "diff_ids": [h("diff%d" % i) for i in range(nlayers)]},
              "history": [{"created_by": "RUN step %d" % i} for i in range(nlayers)],
              "moby.buildkit.cache.v0": payload}
    os.makedirs(out + "/blobs/sha256", exist_ok=True)

    def put(data):
        d = hashlib.sha256(data).hexdigest()
        with open("%s/blobs/sha256/%s" % (out, d), "wb") as f:
            f.write(data)
        return "sha256:" + d, len(data)

    cd, cs = put(json.dumps(config).encode())
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": h("blob%d" % i), "size": 1}
                           for i in range(nlayers)]}
    md, ms = put(json.dumps(manifest).encode())
    with open(out + "/oci-layout", "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(out + "/index.json", "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": manifest["mediaType"], "digest": md, "size": ms,
                   "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}, f)
    with open(out + "/payload.b64", "w") as f:
        f.write(payload)
    print(len(payload))


main()
