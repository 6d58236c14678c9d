# The shell library of the scripts: source it (`source scripts/lib/common.sh`), from any folder.
#
#   free_port [HOST]                 a free TCP port on 127.0.0.1 (or HOST, e.g. 127.0.0.2)
#   start_registry DIR [OPTION...]   a throwaway docker-registry (distribution) on a free loopback
#                                    port, its config, data and log (registry.log) in DIR; waits
#                                    until it answers, then sets REGISTRY (host:port) and
#                                    REGISTRY_PID. OPTIONs: --htpasswd FILE; --token-realm URL
#                                    --token-service S --token-issuer I --token-cert PEM;
#                                    --tls-cert PEM --tls-key KEY (then --ca PEM to trust it).
#   stop_registry                    stops the last registry started
#   push_layout LAYOUT REPO [OPTION...]   pushes every tagged image of an OCI layout to
#                                    $REGISTRY/REPO:<tag>, digests kept (OPTIONs: --url, --user,
#                                    --password, --cafile of scripts/lib/registry.py push-layout)
#   start_bg LOG COMMAND...          runs COMMAND in the background, output to LOG; sets BG_PID
#   stop_pid PID                     stops one background process and waits for it
#   cleanup_on_exit [DIR...]         on exit, stops every process started here (registries,
#                                    start_bg) and removes the DIRs (kept when KEEP is set)
#   make_work_dir                    a fresh temporary folder, removed on exit; sets WORK
# REGISTRY_PY runs scripts/lib/registry.py (token server, fault proxy, test image push, certs).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REGISTRY_PY="python3 $ROOT/scripts/lib/registry.py"
COMMON_PIDS=()
COMMON_DIRS=()

free_port() {
    $REGISTRY_PY freeport --host "${1:-127.0.0.1}"
}

start_bg() {
    local log=$1; shift
    "$@" > "$log" 2>&1 &
    BG_PID=$!
    COMMON_PIDS+=("$BG_PID")
}

stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

start_registry() {
    local dir=$1; shift
    local config=() ca=() scheme=http
    while [ $# -gt 0 ]; do
        case $1 in
            --ca) ca=(--cafile "$2"); shift 2 ;;
            --tls-cert) scheme=https; config+=("$1" "$2"); shift 2 ;;
            *) config+=("$1" "$2"); shift 2 ;;
        esac
    done
    local port cfg
    port=$(free_port)
    cfg=$($REGISTRY_PY registry-config --dir "$dir" --port "$port" "${config[@]}")
    start_bg "$dir/registry.log" docker-registry serve "$cfg"
    REGISTRY_PID=$BG_PID
    REGISTRY=127.0.0.1:$port
    if ! $REGISTRY_PY wait "$scheme://$REGISTRY/v2/" "${ca[@]}" 2>/dev/null; then
        echo "docker-registry did not start; log:" >&2
        cat "$dir/registry.log" >&2
        return 1
    fi
}

stop_registry() {
    if [ -n "${REGISTRY_PID:-}" ]; then
        stop_pid "$REGISTRY_PID"
        REGISTRY_PID=
    fi
}

push_layout() {
    local layout=$1 repo=$2; shift 2
    $REGISTRY_PY push-layout --url "http://$REGISTRY" --layout "$layout" --repo "$repo" "$@"
}

common_cleanup() { # never fails, so that the script's own exit status stands
    local pid
    for pid in "${COMMON_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${COMMON_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    COMMON_PIDS=()
    if [ ${#COMMON_DIRS[@]} -gt 0 ]; then
        if [ -n "${KEEP:-}" ]; then echo "kept: ${COMMON_DIRS[*]}" >&2; else rm -rf "${COMMON_DIRS[@]}" || true; fi
    fi
}

cleanup_on_exit() {
    COMMON_DIRS+=("$@")
    trap common_cleanup EXIT
    trap 'exit 130' INT TERM
}

make_work_dir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/cachectl-test.XXXXXX")
    cleanup_on_exit "$WORK"
}
