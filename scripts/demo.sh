#!/usr/bin/env bash
# The main job on the bundled example: installs what is needed, starts a local registry
# holding the sample images (real BuildKit builds from fixtures/), explains why the second
# build of a multi-stage Dockerfile missed cache, and plans the next build before it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BIN=${SCRATCH:-.build}/debug/cachectl
source scripts/lib/common.sh
make_work_dir
start_registry "$WORK"
push_layout fixtures/images demo/app >/dev/null
push_layout fixtures/v025/images demo/goapp >/dev/null
echo "Local registry $REGISTRY holds the sample images (demo/app:<name>, demo/goapp:<name>)."
echo
echo "\$ cachectl inspect $REGISTRY/demo/app:v013-multistage-old"
"$BIN" inspect "$REGISTRY/demo/app:v013-multistage-old"
echo
echo "\$ cachectl diff $REGISTRY/demo/app:v013-multistage-old $REGISTRY/demo/app:v013-multistage-src2"
"$BIN" diff "$REGISTRY/demo/app:v013-multistage-old" "$REGISTRY/demo/app:v013-multistage-src2"
echo
echo "# go.sum changed but the compiled binary did not: every image layer hits, yet two stages ran."
echo "\$ cachectl diff $REGISTRY/demo/goapp:goapp-old $REGISTRY/demo/goapp:goapp-sum2 --dockerfile fixtures/make/v025/projects/goapp-sum2/Dockerfile"
"$BIN" diff "$REGISTRY/demo/goapp:goapp-old" "$REGISTRY/demo/goapp:goapp-sum2" --dockerfile fixtures/make/v025/projects/goapp-sum2/Dockerfile
echo
echo "# Before the next build: src/util.go changed. BuildKit's keys, computed and looked up in the cache."
echo "\$ cachectl plan --network=none --build-arg BASE_IMAGE=$REGISTRY/demo/goapp:base-1 --cache-from $REGISTRY/demo/goapp:goapp-old fixtures/make/v025/projects/goapp-src2"
"$BIN" plan --network=none --build-arg "BASE_IMAGE=$REGISTRY/demo/goapp:base-1" --cache-from "$REGISTRY/demo/goapp:goapp-old" \
    fixtures/make/v025/projects/goapp-src2
if "$BIN" help lint >/dev/null 2>&1; then
    echo
    echo "\$ cachectl lint $REGISTRY/demo/app:v08-multistage-last"
    "$BIN" lint "$REGISTRY/demo/app:v08-multistage-last" --fail-on none
fi
