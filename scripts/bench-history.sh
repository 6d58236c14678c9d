#!/usr/bin/env bash
# Times `cachectl history` of 100 tags through a loopback proxy with a 50 ms round trip
# (scripts/bench/delay_proxy.py: a registry across a WAN), with --jobs 1 and --jobs 8. Prints both
# times and the speed-up.
# usage: scripts/bench-history.sh [path/to/cachectl]   (default: the release build, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
BIN=${1:-$SCRATCH/release/cachectl}
if [ ! -x "$BIN" ]; then swift build -c release --scratch-path "$SCRATCH" --product cachectl >/dev/null; fi
DELAY_MS=${DELAY_MS:-50}
TAGS=${TAGS:-100}
source scripts/lib/common.sh
work=$(mktemp -d)
proxy_pid=
trap '[ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null; stop_registry; rm -rf "$work"' EXIT
start_registry "$work"
push_layout fixtures/images bench/app >/dev/null
# $TAGS tags b000…, spread over the fixture images (docker v2 / OCI image manifests only).
python3 - "$REGISTRY" "$TAGS" <<'PY'
import http.client, json, sys
host, n = sys.argv[1], int(sys.argv[2])
idx = json.load(open("fixtures/images/index.json"))
images = []
for m in idx["manifests"]:
    if m["mediaType"] not in ("application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json"):
        continue
    body = open("fixtures/images/blobs/sha256/" + m["digest"].split(":")[1], "rb").read()
    if b"buildkit.cacheconfig" in body:
        continue
    images.append((m["mediaType"], body))
for i in range(n):
    mt, body = images[i % len(images)]
    c = http.client.HTTPConnection(host, timeout=30)
    c.request("PUT", f"/v2/bench/app/manifests/b{i:03d}", body=body, headers={"Content-Type": mt})
    r = c.getresponse(); r.read()
    assert r.status == 201, r.status
PY
port=$(free_port)
python3 scripts/bench/delay_proxy.py "$port" "$REGISTRY" "$DELAY_MS" &
proxy_pid=$!
for _ in $(seq 1 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break; sleep 0.1; done
time_it() {
    local start end
    start=$(date +%s.%N)
    "$BIN" history "127.0.0.1:$port/bench/app" --tags 'b*' --last 100 --plain-http --jobs "$1" --format json > "$work/out.$1.json"
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.2f}')"
}
t1=$(time_it 1)
t8=$(time_it 8)
builds=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['builds']))" "$work/out.8.json")
echo "history of $TAGS tags ($builds distinct builds) through a proxy with a ${DELAY_MS} ms round trip:"
echo "  --jobs 1: ${t1} s"
echo "  --jobs 8: ${t8} s"
python3 -c "print(f'  speed-up: {$t1 / $t8:.1f}x')"
