# Start and stop a throwaway docker-registry (distribution) on a loopback port.
# Source this file; call start_registry DIR, then use $REGISTRY (host:port); stop_registry.

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_registry() {
    local dir=$1
    mkdir -p "$dir/data"
    local port
    port=$(free_port)
    cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $dir/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
YAML
    docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
    REGISTRY_PID=$!
    REGISTRY=127.0.0.1:$port
    for _ in $(seq 1 100); do
        if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://$REGISTRY/v2/', timeout=1)" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "docker-registry did not start; log:" >&2
    cat "$dir/registry.log" >&2
    return 1
}

stop_registry() {
    if [ -n "${REGISTRY_PID:-}" ]; then
        kill "$REGISTRY_PID" 2>/dev/null || true
        wait "$REGISTRY_PID" 2>/dev/null || true
        REGISTRY_PID=
    fi
}
