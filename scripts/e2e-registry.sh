#!/usr/bin/env bash
# End-to-end test of cachectl's registry access against a real docker-registry
# (distribution 2.8, /usr/bin/docker-registry) on 127.0.0.1, with python3 test support
# (scripts/lib/registry.py: uploader, token server, fault proxy, credential helper), then a soak:
# concurrent runs under random faults.
#
#   scripts/e2e-registry.sh            # builds cachectl with `swift build --scratch-path ${SCRATCH:-.build}`
#   CACHECTL=/path/to/cachectl scripts/e2e-registry.sh   # skip the build
#   KEEP=1 scripts/e2e-registry.sh     # keep the work folder for inspection
#
# Needs: docker-registry, htpasswd (apache2-utils), openssl, python3. Loopback only.
# Exit status: 0 when every scenario passed, 1 otherwise.
set -u

source "$(dirname "$0")/lib/common.sh"
PY=$REGISTRY_PY
SCRATCH=${SCRATCH:-.build}

for tool in docker-registry htpasswd openssl python3; do
    command -v "$tool" >/dev/null || { echo "e2e-registry: $tool is required" >&2; exit 1; }
done

if [ -z "${CACHECTL:-}" ]; then
    echo "== building cachectl (scratch path $SCRATCH)"
    (cd "$ROOT" && swift build --scratch-path "$SCRATCH" --product cachectl) >/tmp/e2e-registry-build.$$ 2>&1 || {
        tail -40 /tmp/e2e-registry-build.$$; rm -f /tmp/e2e-registry-build.$$; echo "FAIL: build"; exit 1; }
    rm -f /tmp/e2e-registry-build.$$
    CACHECTL="$(cd "$ROOT" && swift build --scratch-path "$SCRATCH" --product cachectl --show-bin-path)/cachectl"
fi
[ -x "$CACHECTL" ] || { echo "e2e-registry: no cachectl binary at $CACHECTL" >&2; exit 1; }

make_work_dir

# ------------------------------------------------------------------ secrets
REG_USER=reguser
REG_PASS="Reg-Pass-$RANDOM-q7Zk"
TOK_USER=tokuser
TOK_PASS="Tok-Pass-$RANDOM-w3Xp"
WRONG_PASS="Wrong-Pass-$RANDOM-m2Lc"
htpasswd -Bbn "$REG_USER" "$REG_PASS" >"$WORK/htpasswd" 2>/dev/null

# ------------------------------------------------------------------ helpers
PASSED=(); FAILED=()
# A credential helper on PATH for the credHelpers scenarios.
mkdir -p "$WORK/helper-bin"
printf '#!/bin/sh\nexec %s credhelper "$@"\n' "$PY" >"$WORK/helper-bin/docker-credential-cachectltest"
chmod +x "$WORK/helper-bin/docker-credential-cachectltest"

# A clean, credential-free environment for every run: empty DOCKER_CONFIG and HOME.
EMPTY_CONFIG="$WORK/empty-docker-config"; mkdir -p "$EMPTY_CONFIG" "$WORK/home"
run_cachectl() { # name, stdin-text, env assignments..., --, args...
    local name=$1 input=$2; shift 2
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    local start end
    start=$(date +%s.%N)
    printf '%s' "$input" | env -u XDG_RUNTIME_DIR -u REGISTRY_AUTH_FILE HOME="$WORK/home" DOCKER_CONFIG="$EMPTY_CONFIG" \
        "${envs[@]}" "$CACHECTL" "$@" >"$WORK/out/$name.stdout" 2>"$WORK/out/$name.stderr"
    RC=$?
    end=$(date +%s.%N)
    ELAPSED=$(python3 -c "print(round($end - $start, 1))")
    OUT="$(cat "$WORK/out/$name.stdout" "$WORK/out/$name.stderr")"
}
mkdir -p "$WORK/out"

scenario() { # name, expected-rc, expected-regex (grep -E, case-insensitive; "" = none), extra checks via $EXTRA
    local name=$1 want_rc=$2 want_msg=$3
    FAIL_REASONS=()
    [ "$RC" = "$want_rc" ] || FAIL_REASONS+=("exit code $RC, expected $want_rc")
    if [ -n "$want_msg" ] && ! grep -qiE -- "$want_msg" <<<"$OUT"; then FAIL_REASONS+=("output lacks /$want_msg/"); fi
    if [ "$want_rc" = 0 ] && ! python3 -m json.tool "$WORK/out/$name.stdout" >/dev/null 2>&1; then
        FAIL_REASONS+=("stdout is not JSON")
    fi
    for extra in "${EXTRA[@]}"; do
        eval "$extra" || FAIL_REASONS+=("failed: $extra")
    done
    EXTRA=()
    if [ ${#FAIL_REASONS[@]} -eq 0 ]; then
        PASSED+=("$name"); echo "PASS  $name (${ELAPSED}s)"
    else
        FAILED+=("$name"); echo "FAIL  $name (${ELAPSED}s): ${FAIL_REASONS[*]}"
        sed 's/^/      | /' "$WORK/out/$name.stderr" | head -8
    fi
}
EXTRA=()
b64() { printf '%s' "$1" | base64 -w0; }
count() { python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2],0))" "$1" "$2" 2>/dev/null || echo 0; }

$PY mkcerts "$WORK/certs" || { echo "FAIL: openssl could not make certificates"; exit 1; }

# ================================================================== 1. htpasswd (Basic) registry
echo "== htpasswd registry"
start_registry "$WORK/basic" --htpasswd "$WORK/htpasswd" || { echo "FAIL: registry did not start"; exit 1; }
BASIC=$REGISTRY
$PY push --url "http://$BASIC" --repo demo/app --tag v1 --user "$REG_USER" --password "$REG_PASS" \
    --blobdir "$WORK/blobs" >"$WORK/push-basic.json" || { echo "FAIL: push"; exit 1; }
CONFIG_DIGEST=$(python3 -c "import json; print(json.load(open('$WORK/push-basic.json'))['config'])")

mkdir -p "$WORK/dc-auths"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$BASIC" "$(b64 "$REG_USER:$REG_PASS")" >"$WORK/dc-auths/config.json"
run_cachectl basic-config-auths "" DOCKER_CONFIG="$WORK/dc-auths" -- inspect "$BASIC/demo/app:v1" --format json
scenario basic-config-auths 0 ""

mkdir -p "$WORK/dc-helper"
printf '{"credHelpers":{"%s":"cachectltest"}}' "$BASIC" >"$WORK/dc-helper/config.json"
printf '%s\n%s\n' "$REG_USER" "$REG_PASS" >"$WORK/helper-creds"
run_cachectl basic-cred-helper "" DOCKER_CONFIG="$WORK/dc-helper" PATH="$WORK/helper-bin:$PATH" CACHECTLTEST_CREDS="$WORK/helper-creds" \
    -- inspect "$BASIC/demo/app:v1" --format json
EXTRA=('grep -qx "$BASIC" "$WORK/helper-creds.log"')
scenario basic-cred-helper 0 ""

run_cachectl basic-password-stdin "$REG_PASS" -- inspect "$BASIC/demo/app:v1" --format json --username "$REG_USER" --password-stdin --debug
scenario basic-password-stdin 0 "GET http://$BASIC/v2/demo/app/manifests/v1 → 200"

run_cachectl basic-no-credentials "" -- inspect "$BASIC/demo/app:v1" --format json
scenario basic-no-credentials 2 "unauthorized.*docker login"

run_cachectl basic-wrong-password "$WRONG_PASS" -- inspect "$BASIC/demo/app:v1" --format json --username "$REG_USER" --password-stdin
scenario basic-wrong-password 2 "unauthorized.*refused"

run_cachectl basic-unknown-tag "$REG_PASS" -- inspect "$BASIC/demo/app:nope" --format json --username "$REG_USER" --password-stdin
scenario basic-unknown-tag 2 "not found.*MANIFEST_UNKNOWN"

DEAD_PORT=$($PY freeport)
run_cachectl connection-refused "" -- inspect "127.0.0.1:$DEAD_PORT/demo/app:v1" --format json
scenario connection-refused 2 "cannot connect to 127\.0\.0\.1:$DEAD_PORT: connection refused"

# ================================================================== 2. token (Bearer) registry
echo "== token registry"
TOKEN_PORT=$($PY freeport)
REFRESH_TOKEN="Refresh-Token-$RANDOM-r8Yv"
start_bg "$WORK/tokenserver.log" $PY tokenserver --port "$TOKEN_PORT" --key "$WORK/certs/token.key" --cert "$WORK/certs/token.pem" \
    --issuer cachectl-test-issuer --user "$TOK_USER" --password "$TOK_PASS" \
    --count-file "$WORK/token-count.json" --tokens-log "$WORK/tokens.log" --refresh-token "$REFRESH_TOKEN"
$PY wait "http://127.0.0.1:$TOKEN_PORT/" || { echo "FAIL: token server did not start"; exit 1; }
start_registry "$WORK/token" --token-realm "http://127.0.0.1:$TOKEN_PORT/token" --token-service cachectl-test-registry \
    --token-issuer cachectl-test-issuer --token-cert "$WORK/certs/token.pem" || { echo "FAIL: token registry did not start"; exit 1; }
TOKEN_REG=$REGISTRY
$PY push --url "http://$TOKEN_REG" --repo team/app --tag v1 --user "$TOK_USER" --password "$TOK_PASS" >/dev/null \
    || { echo "FAIL: push to token registry"; tail -5 "$WORK/token/registry.log"; exit 1; }

BEFORE=$(count "$WORK/token-count.json" token_get)
run_cachectl token-password-stdin "$TOK_PASS" -- inspect "$TOKEN_REG/team/app:v1" --format json --username "$TOK_USER" --password-stdin --debug
AFTER=$(count "$WORK/token-count.json" token_get)
EXTRA=('[ $((AFTER - BEFORE)) -eq 1 ] || { echo "      token requests: $((AFTER - BEFORE)), expected 1 (reuse)"; false; }')
scenario token-password-stdin 0 ""

mkdir -p "$WORK/dc-token"
printf '{"auths":{"http://%s/v2/":{"auth":"%s"}}}' "$TOKEN_REG" "$(b64 "$TOK_USER:$TOK_PASS")" >"$WORK/dc-token/config.json"
run_cachectl token-config-auths "" DOCKER_CONFIG="$WORK/dc-token" -- inspect "$TOKEN_REG/team/app:v1" --format json
scenario token-config-auths 0 ""

mkdir -p "$WORK/dc-identity"
printf '{"auths":{"%s":{"auth":"%s","identitytoken":"%s"}}}' "$TOKEN_REG" "$(b64 "ignored:ignored")" "$REFRESH_TOKEN" >"$WORK/dc-identity/config.json"
BEFORE=$(count "$WORK/token-count.json" token_post)
run_cachectl token-identitytoken "" DOCKER_CONFIG="$WORK/dc-identity" -- inspect "$TOKEN_REG/team/app:v1" --format json
AFTER=$(count "$WORK/token-count.json" token_post)
EXTRA=('[ $((AFTER - BEFORE)) -eq 1 ]')
scenario token-identitytoken 0 ""

printf '{"auths":{"%s/team/app":{"auth":"%s"}}}' "$TOKEN_REG" "$(b64 "$TOK_USER:$TOK_PASS")" >"$WORK/podman-auth.json"
run_cachectl token-registry-auth-file "" REGISTRY_AUTH_FILE="$WORK/podman-auth.json" -- inspect "$TOKEN_REG/team/app:v1" --format json
scenario token-registry-auth-file 0 ""

run_cachectl token-no-credentials "" -- inspect "$TOKEN_REG/team/app:v1" --format json
scenario token-no-credentials 2 "unauthorized"

# A token server that redirects every token request to another origin (127.0.0.2): the refresh
# token (a POST) must not be replayed there, and Basic credentials must not follow the GET.
REDIR_TOKEN_PORT=$($PY freeport)
CAPTURE_PORT=$($PY freeport --host 127.0.0.2)
start_bg "$WORK/tokenserver-redirect.log" $PY tokenserver --port "$REDIR_TOKEN_PORT" --key "$WORK/certs/token.key" --cert "$WORK/certs/token.pem" \
    --issuer cachectl-test-issuer --refresh-token "$REFRESH_TOKEN" --redirect-to-port "$CAPTURE_PORT" --capture-log "$WORK/capture.log"
$PY wait "http://127.0.0.1:$REDIR_TOKEN_PORT/" || { echo "FAIL: redirecting token server did not start"; exit 1; }
start_registry "$WORK/token-redirect" --token-realm "http://127.0.0.1:$REDIR_TOKEN_PORT/token" --token-service cachectl-test-registry \
    --token-issuer cachectl-test-issuer --token-cert "$WORK/certs/token.pem" || { echo "FAIL: registry did not start"; exit 1; }
REDIR_REG=$REGISTRY
: >"$WORK/capture.log"
printf '{"auths":{"%s":{"identitytoken":"%s"}}}' "$REDIR_REG" "$REFRESH_TOKEN" >"$WORK/dc-identity/config.json"
run_cachectl token-post-redirected-elsewhere "" DOCKER_CONFIG="$WORK/dc-identity" -- inspect "$REDIR_REG/team/app:v1" --format json
EXTRA=('! grep -qF "$REFRESH_TOKEN" "$WORK/capture.log"' '! grep -q "\"POST\"" "$WORK/capture.log"' '[ "$(wc -l <"$WORK/out/token-post-redirected-elsewhere.stderr")" = 1 ]')
scenario token-post-redirected-elsewhere 2 "redirected \(HTTP 307\).*not followed"
run_cachectl token-get-redirected-elsewhere "$TOK_PASS" -- inspect "$REDIR_REG/team/app:v1" --format json --username "$TOK_USER" --password-stdin
EXTRA=('[ -s "$WORK/capture.log" ]' '! grep -qi "\"authorization\"" "$WORK/capture.log"' '! grep -qF "$(b64 "$TOK_USER:$TOK_PASS")" "$WORK/capture.log"')
scenario token-get-redirected-elsewhere 2 "unauthorized"

# Files that are FIFOs and helpers that hang: bounded, one clear error.
mkdir -p "$WORK/dc-fifo"; mkfifo "$WORK/dc-fifo/config.json" "$WORK/fifo-auth.json"
run_cachectl fifo-docker-config "" DOCKER_CONFIG="$WORK/dc-fifo" -- inspect "$BASIC/demo/app:v1" --format json
EXTRA=('python3 -c "import sys; sys.exit(0 if $ELAPSED < 5 else 1)"')
scenario fifo-docker-config 2 "config\.json.*is a FIFO, not a regular file"
run_cachectl fifo-registry-auth-file "" REGISTRY_AUTH_FILE="$WORK/fifo-auth.json" -- inspect "$BASIC/demo/app:v1" --format json
EXTRA=('python3 -c "import sys; sys.exit(0 if $ELAPSED < 5 else 1)"')
scenario fifo-registry-auth-file 2 "fifo-auth\.json.*is a FIFO, not a regular file"
mkdir -p "$WORK/dc-drip" "$WORK/drip-bin"
printf '{"credHelpers":{"%s":"drip"}}' "$BASIC" >"$WORK/dc-drip/config.json"
printf '#!/bin/sh\n(sleep 1207) &\nwhile :; do printf x; sleep 1; done\n' >"$WORK/drip-bin/docker-credential-drip"; chmod +x "$WORK/drip-bin/docker-credential-drip"
run_cachectl helper-drips "" DOCKER_CONFIG="$WORK/dc-drip" PATH="$WORK/drip-bin:$PATH" -- inspect "$BASIC/demo/app:v1" --format json --timeout 3
EXTRA=('python3 -c "import sys; sys.exit(0 if $ELAPSED < 8 else 1)"' 'sleep 1; ! pgrep -f "sleep 1207" >/dev/null')
scenario helper-drips 2 "did not finish within 3 s"

# ================================================================== 3. TLS registry with a throwaway CA
echo "== TLS registry"
start_registry "$WORK/tls" --tls-cert "$WORK/certs/server.pem" --tls-key "$WORK/certs/server.key" --ca "$WORK/certs/ca.pem" \
    || { echo "FAIL: TLS registry did not start"; exit 1; }
TLS_REG=$REGISTRY
$PY push --url "https://$TLS_REG" --repo tls/app --tag v1 --cafile "$WORK/certs/ca.pem" >/dev/null || { echo "FAIL: TLS push"; exit 1; }

run_cachectl tls-untrusted "" -- inspect "$TLS_REG/tls/app:v1" --format json
scenario tls-untrusted 2 "not trusted.*--ca-cert"

run_cachectl tls-ca-cert "" -- inspect "$TLS_REG/tls/app:v1" --format json --ca-cert "$WORK/certs/ca.pem"
scenario tls-ca-cert 0 ""

run_cachectl tls-insecure "" -- inspect "$TLS_REG/tls/app:v1" --format json --insecure
scenario tls-insecure 0 ""

run_cachectl tls-bad-ca-file "" -- inspect "$TLS_REG/tls/app:v1" --format json --ca-cert "$WORK/nonexistent.pem"
scenario tls-bad-ca-file 2 "CA certificate"

# ================================================================== 4. faults, via a proxy in front of the htpasswd registry
echo "== fault proxy"
REDIRECT_PORT=$($PY freeport --host 127.0.0.2)
fault() { # name, expected rc, expected regex, proxy args... ; runs one inspect through a fresh proxy
    local name=$1 rc=$2 msg=$3; shift 3
    local pport timeout_args=()
    pport=$($PY freeport)
    rm -f "$WORK/fault-count.json"
    start_bg "$WORK/proxy-$name.log" $PY faultproxy --port "$pport" --upstream "http://$BASIC" --count-file "$WORK/fault-count.json" \
        --redirect-port "$REDIRECT_PORT" --headers-log "$WORK/redirect-headers.log" --blobdir "$WORK/blobs" "$@"
    local ppid=$BG_PID
    $PY wait "http://127.0.0.1:$pport/v2/" || echo "proxy did not start"
    [ -n "${FAULT_TIMEOUT:-}" ] && timeout_args=(--timeout "$FAULT_TIMEOUT")
    # FAULT_VERB and FAULT_REFS (repo:tag …, on this proxy) default to one inspect of demo/app:v1.
    local refs=()
    for r in ${FAULT_REFS:-demo/app:v1}; do refs+=("127.0.0.1:$pport/$r"); done
    run_cachectl "fault-$name" "$REG_PASS" -- "${FAULT_VERB:-inspect}" "${refs[@]}" --format json \
        --username "$REG_USER" --password-stdin --debug "${timeout_args[@]}"
    FAULTS=$(count "$WORK/fault-count.json" faults)
    scenario "fault-$name" "$rc" "$msg"
    stop_pid "$ppid"
}

EXTRA=('[ "$FAULTS" = 1 ]'); fault 500-once-manifest 0 "" --mode 500 --target manifests
EXTRA=('[ "$FAULTS" = 1 ]'); fault 500-once-blob 0 "" --mode 500
EXTRA=('[ "$FAULTS" -ge 4 ]'); fault 500-always 2 "unexpected HTTP status 500" --mode 500 --times -1
EXTRA=('[ "$FAULTS" = 1 ]' 'python3 -c "import sys; sys.exit(0 if $ELAPSED >= 2 else 1)"')
fault 429-retry-after 0 "" --mode 429 --target manifests --retry-after 2
# The date form has whole seconds: now + 3 s waits between 2 and 3 s (backoff alone would be 0.25 s).
EXTRA=('[ "$FAULTS" = 1 ]' 'python3 -c "import sys; sys.exit(0 if $ELAPSED >= 2 else 1)"')
fault 429-retry-after-date 0 "" --mode 429 --target manifests --retry-after 3 --retry-after-form date
EXTRA=('[ "$FAULTS" = 1 ]'); fault truncated-once 0 "" --mode truncate
fault truncated-always 2 "connection dropped" --mode truncate --times -1
fault wrong-digest 2 "digest mismatch.*$CONFIG_DIGEST" --mode wrong-digest --times -1
fault huge-blob 2 "209715200 bytes, over the limit" --mode huge
fault huge-manifest 2 "manifest.*209715200 bytes, over the limit of 4194304" --mode huge --target manifests
FAULT_TIMEOUT=3
EXTRA=('python3 -c "import sys; sys.exit(0 if $ELAPSED < 12 else 1)"')
fault endless-body 2 "timed out after 3 s" --mode hang
unset FAULT_TIMEOUT
# Layer blobs stream through the decompressor and the tar reader: a transfer cut halfway is
# retried from its first byte (the stream starts over), one cut every time is one clear error,
# and a layer whose bytes are altered in flight is a digest mismatch. The diff's two configs pass
# (--after 2); the faults hit the layers its changed COPY reads.
$PY push-layout --url "http://$BASIC" --layout fixtures/v025/images --repo e2e/v025 --user "$REG_USER" --password "$REG_PASS" \
    >/dev/null || { echo "FAIL: push fixtures/v025"; exit 1; }
FAULT_VERB=diff FAULT_REFS="e2e/v025:goapp-old e2e/v025:goapp-src2"
EXTRA=('[ "$FAULTS" = 1 ]' 'grep -q "\"path\" : \"app/app\"\|\"path\": \"app/app\"" "$WORK/out/fault-layer-truncated-once.stdout"')
fault layer-truncated-once 0 "" --mode truncate --after 2
EXTRA=('grep -q "connection dropped" "$WORK/out/fault-layer-truncated-always.stdout"')
fault layer-truncated-always 0 "" --mode truncate --after 2 --times -1
EXTRA=('grep -q "digest mismatch" "$WORK/out/fault-layer-wrong-digest.stdout"')
fault layer-wrong-digest 0 "" --mode wrong-digest --after 2 --times -1
# A large layer that keeps arriving is read to the end even past --timeout (3 MB at 512 KiB/s,
# about 6 s, with --timeout 3); one that drips (a byte every 0.2 s) still ends at the limit.
python3 fixtures/hostile/make.py large-layer-pair "$WORK/large-layer" 3000000
$PY push-layout --url "http://$BASIC" --layout "$WORK/large-layer" --repo e2e/large --user "$REG_USER" --password "$REG_PASS" \
    >/dev/null || { echo "FAIL: push the large layer pair"; exit 1; }
FAULT_REFS="e2e/large:old e2e/large:new" FAULT_TIMEOUT=3
EXTRA=('python3 -c "import sys; sys.exit(0 if $ELAPSED >= 4 else 1)"' 'grep -q "3000000" "$WORK/out/fault-layer-slow-but-steady.stdout"')
fault layer-slow-but-steady 0 "" --mode slow --rate 524288 --after 2 --times -1
EXTRA=('python3 -c "import sys; sys.exit(0 if $ELAPSED < 12 else 1)"' 'grep -q "timed out after 3 s" "$WORK/out/fault-layer-drips.stdout"')
fault layer-drips 0 "" --mode hang --after 2 --times -1
unset FAULT_VERB FAULT_REFS FAULT_TIMEOUT
rm -f "$WORK/redirect-headers.log"
EXTRA=('[ "$FAULTS" = 1 ]' '[ -s "$WORK/redirect-headers.log" ]' '! grep -qi "\"authorization\"" "$WORK/redirect-headers.log"')
fault redirect-to-other-host 0 "redirected to http://127\.0\.0\.2:" --mode redirect

# ================================================================== soak: concurrent runs under random faults
# soak UPSTREAM REPO:TAG USER PASSWORD_FILE WORKDIR (in a subshell): many concurrent inspect/diff
# runs (and, with SOAK_FILES="OLD NEW" repo:tags there, diffs that stream layers) against the registry at UPSTREAM (http://host:port) behind the fault proxy in mixed mode
# (by default 5% connection resets, 5% 503 with Retry-After, 1% truncated bodies). Every run must
# end with the right answer (the output of a fault-free run) or exactly one `cachectl: error: …`
# line and exit 2; none may hang (each is killed after $SOAK_TIMEOUT s) and each run's peak RSS
# must stay under $SOAK_RSS_MIB. Prints the counts; fails unless every run passed.
# Knobs: SOAK_RUNS (200), SOAK_PARALLEL (16), SOAK_TIMEOUT (60), SOAK_RSS_MIB (256), SOAK_SEED (11).
soak() {
    local UPSTREAM=$1 IMAGE=$2 USER_NAME=$3 PASSFILE=$4 WORK=$5
    RUNS=${SOAK_RUNS:-200} PARALLEL=${SOAK_PARALLEL:-16} TIMEOUT=${SOAK_TIMEOUT:-60} RSS_MIB=${SOAK_RSS_MIB:-256}
    mkdir -p "$WORK"
    PORT=$($PY freeport)
    REF="127.0.0.1:$PORT/$IMAGE"
    KINDS=(inspect diff)
    FILES_REFS=()
    if [ -n "${SOAK_FILES:-}" ]; then
        KINDS+=(files)
        for r in $SOAK_FILES; do FILES_REFS+=("127.0.0.1:$PORT/$r"); done
    fi
    FILES_OLD=${FILES_REFS[0]:-} FILES_NEW=${FILES_REFS[1]:-}
    PROXY=
    stop_proxy() { [ -n "$PROXY" ] && { kill "$PROXY" 2>/dev/null; wait "$PROXY" 2>/dev/null; }; PROXY=; }
    trap stop_proxy EXIT
    start_proxy() { # mode, extra args...
        $PY faultproxy --port "$PORT" --upstream "$UPSTREAM" --mode "$1" --count-file "$WORK/counts.json" \
            --retry-after 1 --seed "${SOAK_SEED:-11}" "${@:2}" >"$WORK/proxy-$1.log" 2>&1 &
        PROXY=$!
        $PY wait "http://127.0.0.1:$PORT/v2/" >/dev/null || { echo "soak: the proxy did not start"; exit 1; }
    }
    run_one() { # label kind: one run under soakrun, one JSON line on stdout
        local args
        case $2 in
            inspect) args=(inspect "$REF" --format json --username "$USER_NAME" --password-stdin) ;;
            diff) args=(diff "$REF" "$REF" --format json --username "$USER_NAME" --password-stdin) ;;
            files) args=(diff "$FILES_OLD" "$FILES_NEW" --format json --username "$USER_NAME" --password-stdin) ;;
        esac
        $PY soakrun --label "$1" --timeout "$TIMEOUT" --stdin "$PASSFILE" -- "$CACHECTL" "${args[@]}"
    }
    export REF FILES_OLD FILES_NEW USER_NAME PASSFILE CACHECTL TIMEOUT PY
    export -f run_one

    # Ground truth: the same commands through the proxy with no faults.
    start_proxy pass
    for kind in "${KINDS[@]}"; do run_one "baseline-$kind" "$kind" >"$WORK/baseline-$kind.json"; done
    stop_proxy
    rm -f "$WORK/counts.json"

    start_proxy mixed
    started=$(date +%s)
    for i in $(seq 1 "$RUNS"); do
        kind=${KINDS[$((i % ${#KINDS[@]}))]}
        echo "$kind-$i $kind"
    done | xargs -P "$PARALLEL" -L 1 bash -c 'run_one "$1" "$2"' soak >"$WORK/runs.jsonl"
    elapsed=$(( $(date +%s) - started ))
    stop_proxy

    python3 - "$WORK" "$RUNS" "$RSS_MIB" "$elapsed" "$PARALLEL" "${KINDS[@]}" <<'PYEOF'
import json, sys
work, runs, rss_limit, elapsed, parallel = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
base = {k: json.load(open("%s/baseline-%s.json" % (work, k))) for k in sys.argv[6:]}
for k, b in base.items():
    if b["rc"] != 0:
        print("soak: FAIL: the fault-free %s run failed: %s" % (k, b["stderr"].strip())); sys.exit(1)
rows = [json.loads(l) for l in open(work + "/runs.jsonl") if l.strip()]
counts = {"right answer": 0, "one clear error": 0, "wrong answer": 0, "bad error": 0, "hung": 0}
errors = {}
bad = []
for r in rows:
    kind = r["label"].split("-")[0]
    lines = r["stderr"].splitlines()
    if r["hung"]:
        counts["hung"] += 1; bad.append(r)
    elif r["rc"] == 0:
        if r["stdout_sha"] == base[kind]["stdout_sha"]: counts["right answer"] += 1
        else: counts["wrong answer"] += 1; bad.append(r)
    elif r["rc"] == 2 and r["stderr_lines"] == 1 and lines[0].startswith("cachectl: error: ") and r["stdout_len"] == 0:
        counts["one clear error"] += 1
        key = lines[0][len("cachectl: error: "):].split(":")[0][:60]
        errors[key] = errors.get(key, 0) + 1
    else:
        counts["bad error"] += 1; bad.append(r)
peak = max((r["rss_kib"] for r in rows), default=0) / 1024
slowest = max((r["seconds"] for r in rows), default=0)
try: proxy = json.load(open(work + "/counts.json"))
except OSError: proxy = {}
print("soak: %d runs (%d at a time) in %s s: %s" % (len(rows), int(parallel), elapsed, ", ".join("%d %s" % (v, k) for k, v in counts.items())))
print("soak: proxy: %d requests, %d resets, %d 503s, %d truncated bodies" % (
    proxy.get("requests", 0), proxy.get("resets", 0), proxy.get("unavailable", 0), proxy.get("truncated", 0)))
print("soak: peak RSS %.1f MiB (limit %d), slowest run %.1f s" % (peak, rss_limit, slowest))
for k, v in sorted(errors.items(), key=lambda kv: -kv[1]): print("soak:   error %4d× %s…" % (v, k))
for r in bad[:5]: print("soak:   BAD %s rc=%s hung=%s stderr=%r" % (r["label"], r["rc"], r["hung"], r["stderr"][:300]))
ok = len(rows) == runs and not bad and peak <= rss_limit
print("soak: %s" % ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PYEOF
}
echo "== soak"
printf '%s' "$REG_PASS" >"$WORK/soak-pass"
if (SOAK_FILES="e2e/v025:goapp-old e2e/v025:goapp-src2" soak "http://$BASIC" demo/app:v1 "$REG_USER" "$WORK/soak-pass" "$WORK/soak") >"$WORK/soak.txt" 2>&1; then
    PASSED+=("soak"); sed 's/^/      /' "$WORK/soak.txt"; echo "PASS  soak"
else
    FAILED+=("soak"); sed 's/^/      /' "$WORK/soak.txt" | tail -30; echo "FAIL  soak"
fi
cp "$WORK/soak/runs.jsonl" "$WORK/out/soak-runs.jsonl" 2>/dev/null

# ================================================================== secrets never printed
echo "== secrets"
SECRETS=("$REG_PASS" "$TOK_PASS" "$WRONG_PASS" "$REFRESH_TOKEN" "$(b64 "$REG_USER:$REG_PASS")" "$(b64 "$TOK_USER:$TOK_PASS")")
if [ -f "$WORK/tokens.log" ]; then while read -r t; do [ -n "$t" ] && SECRETS+=("$t"); done <"$WORK/tokens.log"; fi
LEAKS=0
for s in "${SECRETS[@]}"; do
    if grep -rlF -- "$s" "$WORK/out" "$WORK/redirect-headers.log" 2>/dev/null; then LEAKS=$((LEAKS + 1)); fi
done
if [ "$LEAKS" -eq 0 ]; then
    PASSED+=("no-secrets-in-output"); echo "PASS  no-secrets-in-output (${#SECRETS[@]} secrets, $(ls "$WORK/out" | wc -l) captured outputs)"
else
    FAILED+=("no-secrets-in-output"); echo "FAIL  no-secrets-in-output: $LEAKS secret(s) found in the files listed above"
fi

echo
echo "== summary: ${#PASSED[@]} passed, ${#FAILED[@]} failed"
for f in "${FAILED[@]}"; do echo "   FAILED: $f"; done
[ ${#FAILED[@]} -eq 0 ]
