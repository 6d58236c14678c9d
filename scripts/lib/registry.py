#!/usr/bin/env python3
"""Registry test support for the scripts (python3 standard library only); scripts/lib/common.sh
wraps the first four for shell scripts.

Subcommands:
  freeport [--host H]           print a free TCP port on 127.0.0.1 (or H)
  registry-config ...           write a docker-registry config.yml (plain, htpasswd, token, TLS)
  wait URL [--cafile F]         wait until URL answers HTTP (any status)
  push-layout ...               push every tagged entry of an OCI image layout, keeping digests
  mkcerts DIR                   throwaway CA + server cert for 127.0.0.1, and a token-signing key/cert (openssl)
  push ...                      build a tiny image with an inline cache and push it (blob uploads + manifest PUT)
  credhelper get                a docker credential helper answering from $CACHECTLTEST_CREDS (see cmd_credhelper)
  tokenserver ...               run a token server signing RS256 JWTs (openssl dgst), counting requests
  faultproxy ...                run a fault-injecting proxy in front of a registry, plus a redirect target
                                (--mode mixed: random resets, 503 + Retry-After and truncated bodies, by rate)
  soakrun ...                   run one command with a time limit; print rc, peak RSS, output digests as JSON
Servers run in the foreground; the caller backgrounds them and stops them by PID.
"""
import argparse
import base64
import email.utils
import gzip
import hashlib
import http.client
import http.server
import io
import json
import os
import random
import resource
import struct
import re
import socket
import ssl
import subprocess
import sys
import tarfile
import threading
import time
import urllib.parse


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# ---------------------------------------------------------------- ports, certs, config

def cmd_freeport(args):
    s = socket.socket()
    s.bind((args.host, 0))
    print(s.getsockname()[1])
    s.close()


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def cmd_mkcerts(args):
    d = args.dir
    os.makedirs(d, exist_ok=True)
    j = lambda n: os.path.join(d, n)
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", j("ca.key"), "-out", j("ca.pem"),
         "-days", "2", "-subj", "/CN=cachectl test CA"])
    run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", j("server.key"), "-out", j("server.csr"),
         "-subj", "/CN=127.0.0.1"])
    with open(j("ext.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "x509", "-req", "-in", j("server.csr"), "-CA", j("ca.pem"), "-CAkey", j("ca.key"),
         "-CAcreateserial", "-out", j("server.pem"), "-days", "2", "-extfile", j("ext.cnf")])
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", j("token.key"), "-out", j("token.pem"),
         "-days", "2", "-subj", "/CN=cachectl test token signer"])


def cmd_registry_config(args):
    lines = [
        "version: 0.1",
        "log: { level: warn, accesslog: { disabled: true } }",
        "storage: { filesystem: { rootdirectory: %s }, delete: { enabled: true } }" % os.path.join(args.dir, "data"),
        "http:",
        "  addr: 127.0.0.1:%d" % args.port,
        "  secret: cachectl-test-secret",
    ]
    if args.tls_cert:
        lines += ["  tls:", "    certificate: %s" % args.tls_cert, "    key: %s" % args.tls_key]
    if args.htpasswd:
        lines += ["auth:", "  htpasswd:", "    realm: cachectl-test", "    path: %s" % args.htpasswd]
    elif args.token_realm:
        lines += ["auth:", "  token:", "    realm: %s" % args.token_realm, "    service: %s" % args.token_service,
                  "    issuer: %s" % args.token_issuer, "    rootcertbundle: %s" % args.token_cert]
    os.makedirs(args.dir, exist_ok=True)
    path = os.path.join(args.dir, "config.yml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(path)


def ssl_context(cafile):
    if not cafile:
        return None
    return ssl.create_default_context(cafile=cafile)


def cmd_wait(args):
    u = urllib.parse.urlsplit(args.url)
    deadline = time.time() + args.timeout
    while time.time() < deadline:
        try:
            if u.scheme == "https":
                c = http.client.HTTPSConnection(u.hostname, u.port, timeout=2, context=ssl_context(args.cafile))
            else:
                c = http.client.HTTPConnection(u.hostname, u.port, timeout=2)
            c.request("GET", u.path or "/")
            c.getresponse().read()
            c.close()
            return 0
        except Exception:
            time.sleep(0.1)
    print("timed out waiting for %s" % args.url, file=sys.stderr)
    return 1


# ---------------------------------------------------------------- image + push

def make_image(records):
    data = b"hello from cachectl's registry test\n"
    tar_buf = io.BytesIO()
    with tarfile.open(fileobj=tar_buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        info.mtime = 0
        tf.addfile(info, io.BytesIO(data))
    tar = tar_buf.getvalue()
    gz_buf = io.BytesIO()
    with gzip.GzipFile(fileobj=gz_buf, mode="wb", mtime=0) as g:
        g.write(tar)
    layer = gz_buf.getvalue()
    if records:
        d1 = sha256(b"record-base")
        d2 = sha256(b"record-copy")
        cache = [{"digest": d1}, {"digest": d2, "inputs": [[{"link": 0}]], "layers": [{"layer": 0}]}]
    else:
        cache = []
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": ["cat", "/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [sha256(tar)]},
        "history": [{"created": "2026-01-01T00:00:00Z", "created_by": "COPY hello.txt / # buildkit",
                     "comment": "buildkit.dockerfile.v0"}],
        "moby.buildkit.cache.v0": base64.b64encode(json.dumps(cache, separators=(",", ":")).encode()).decode(),
    }
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config_bytes),
                   "digest": sha256(config_bytes)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(layer),
                    "digest": sha256(layer)}],
    }
    return layer, config_bytes, json.dumps(manifest, indent=3).encode()


class Pusher:
    def __init__(self, base, repo, user, password, cafile):
        self.base = base.rstrip("/")
        self.u = urllib.parse.urlsplit(self.base)
        self.repo = repo
        self.user, self.password = user, password
        self.ctx = ssl_context(cafile)
        self.auth = None

    def conn(self, url):
        u = urllib.parse.urlsplit(url)
        if u.scheme == "https":
            return http.client.HTTPSConnection(u.hostname, u.port, timeout=60, context=self.ctx)
        return http.client.HTTPConnection(u.hostname, u.port, timeout=60)

    def request(self, method, url, body=None, headers=None, retry_auth=True):
        if not url.startswith("http"):
            url = self.base + url
        h = dict(headers or {})
        if self.auth:
            h["Authorization"] = self.auth
        u = urllib.parse.urlsplit(url)
        c = self.conn(url)
        path = u.path + ("?" + u.query if u.query else "")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        if r.status == 401 and retry_auth:
            self.login(r.getheader("WWW-Authenticate", ""))
            return self.request(method, url, body, headers, retry_auth=False)
        return r, data

    def login(self, challenge):
        basic = base64.b64encode(("%s:%s" % (self.user, self.password)).encode()).decode() if self.user else None
        if challenge.lower().startswith("basic"):
            self.auth = "Basic " + basic
            return
        params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
        q = urllib.parse.urlencode({"service": params.get("service", ""), "scope": "repository:%s:pull,push" % self.repo})
        url = params["realm"] + "?" + q
        u = urllib.parse.urlsplit(url)
        c = self.conn(url)
        c.request("GET", u.path + "?" + u.query, headers={"Authorization": "Basic " + basic} if basic else {})
        r = c.getresponse()
        body = json.loads(r.read())
        c.close()
        self.auth = "Bearer " + (body.get("token") or body.get("access_token"))

    def blob(self, data):
        d = sha256(data)
        r, _ = self.request("HEAD", "/v2/%s/blobs/%s" % (self.repo, d))
        if r.status == 200:
            return d
        r, body = self.request("POST", "/v2/%s/blobs/uploads/" % self.repo, body=b"", headers={"Content-Length": "0"})
        if r.status != 202:
            raise SystemExit("upload start failed: %d %s" % (r.status, body[:300]))
        loc = r.getheader("Location")
        if loc.startswith("/"):
            loc = self.base + loc
        loc += ("&" if "?" in loc else "?") + "digest=" + urllib.parse.quote(d)
        r, body = self.request("PUT", loc, body=data, headers={"Content-Type": "application/octet-stream",
                                                              "Content-Length": str(len(data))})
        if r.status != 201:
            raise SystemExit("blob upload failed: %d %s" % (r.status, body[:300]))
        return d

    def manifest(self, tag, data, media_type):
        r, body = self.request("PUT", "/v2/%s/manifests/%s" % (self.repo, tag), body=data,
                               headers={"Content-Type": media_type})
        if r.status != 201:
            raise SystemExit("manifest upload failed: %d %s" % (r.status, body[:300]))


def cmd_push(args):
    layer, config, manifest = make_image(not args.empty_cache)
    p = Pusher(args.url, args.repo, args.user, args.password, args.cafile)
    for blob in (layer, config):
        p.blob(blob)
        if args.blobdir:
            os.makedirs(args.blobdir, exist_ok=True)
            with open(os.path.join(args.blobdir, sha256(blob).replace(":", "_")), "wb") as f:
                f.write(blob)
    p.manifest(args.tag, manifest, "application/vnd.docker.distribution.manifest.v2+json")
    print(json.dumps({"manifest": sha256(manifest), "config": sha256(config), "layer": sha256(layer)}))


MANIFEST_TYPES = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
}


def cmd_push_layout(args):
    """Pushes every entry of LAYOUT/index.json with an `org.opencontainers.image.ref.name`
    annotation as REPO:<ref name>: blobs and child manifests first, then the tagged manifest with
    its own media type. Bytes are sent exactly as stored, so digests are kept."""
    layout = args.layout
    p = Pusher(args.url, args.repo, args.user, args.password, args.cafile)

    def read_blob(digest):
        alg, hexpart = digest.split(":", 1)
        with open(os.path.join(layout, "blobs", alg, hexpart), "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != hexpart:
            raise SystemExit("blob %s in %s does not match its digest" % (digest, layout))
        return data

    def push(desc, tag=None):
        media_type = desc.get("mediaType", "")
        data = read_blob(desc["digest"])
        if media_type not in MANIFEST_TYPES:
            p.blob(data)
            return
        doc = json.loads(data)
        for child in doc.get("manifests", []):
            push(child)
        for blob in ([doc["config"]] if "config" in doc else []) + doc.get("layers", []):
            p.blob(read_blob(blob["digest"]))
        p.manifest(tag or desc["digest"], data, doc.get("mediaType") or media_type)

    with open(os.path.join(layout, "index.json")) as f:
        index = json.load(f)
    count = 0
    for desc in index["manifests"]:
        name = desc.get("annotations", {}).get("org.opencontainers.image.ref.name")
        if name:
            push(desc, tag=name)
            count += 1
    print("pushed %d references from %s to %s/%s" % (count, layout, args.url, args.repo))


def cmd_credhelper(args):
    """A docker credential helper (the docker-credential-helpers protocol, `get` only): reads the
    server URL on stdin and answers {"ServerURL","Username","Secret"} from the file named by
    $CACHECTLTEST_CREDS (two lines: user, secret), appending the server URL it was asked about to
    $CACHECTLTEST_CREDS.log. With $CACHECTLTEST_SERVER set, other servers are unknown. Unknown
    servers: "credentials not found", exit 1."""
    if args.action != "get":
        print("only 'get' is supported", file=sys.stderr)
        return 2
    server = sys.stdin.read().strip()
    path = os.environ.get("CACHECTLTEST_CREDS", "")
    if path:
        with open(path + ".log", "a") as log:
            log.write(server + "\n")
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    wanted = os.environ.get("CACHECTLTEST_SERVER")
    if len(lines) < 2 or (wanted and wanted != server):
        print("credentials not found in native keychain")
        return 1
    json.dump({"ServerURL": server, "Username": lines[0], "Secret": lines[1]}, sys.stdout)
    return 0


# ---------------------------------------------------------------- token server

class Counter:
    def __init__(self, path):
        self.path, self.lock, self.values = path, threading.Lock(), {}

    def bump(self, key):
        with self.lock:
            self.values[key] = self.values.get(key, 0) + 1
            if self.path:
                with open(self.path + ".tmp", "w") as f:
                    json.dump(self.values, f)
                os.replace(self.path + ".tmp", self.path)


def cmd_tokenserver(args):
    with open(args.cert) as f:
        pem = f.read()
    der = base64.b64decode("".join(l for l in pem.splitlines() if "-----" not in l))
    counter = Counter(args.count_file)

    def sign(claims):
        header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(der).decode()]}
        signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key], input=signing_input,
                             stdout=subprocess.PIPE, check=True).stdout
        return signing_input.decode() + "." + b64url(sig)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def reply(self, status, obj, extra=None):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def grant(self, subject, service, scopes):
            access = []
            for scope in scopes:
                parts = scope.split(":")
                if len(parts) >= 3 and parts[0] == "repository":
                    access.append({"type": "repository", "name": ":".join(parts[1:-1]), "actions": parts[-1].split(",")})
            now = int(time.time())
            claims = {"iss": args.issuer, "sub": subject, "aud": service, "exp": now + 300, "nbf": now - 10, "iat": now,
                      "jti": base64.b16encode(os.urandom(8)).decode(), "access": access}
            token = sign(claims)
            if args.tokens_log:
                with open(args.tokens_log, "a") as f:
                    f.write(token + "\n")
            self.reply(200, {"token": token, "access_token": token, "expires_in": 300})

        def redirected(self):
            """--redirect-to-port: every token request is sent on to another origin (127.0.0.2)."""
            if not args.redirect_to_port:
                return False
            counter.bump("token_redirected")
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.2:%d%s" % (args.redirect_to_port, self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True

        def do_GET(self):
            counter.bump("token_get")
            if self.redirected():
                return
            u = urllib.parse.urlsplit(self.path)
            q = urllib.parse.parse_qs(u.query)
            auth = self.headers.get("Authorization", "")
            subject = "anonymous"
            if args.user:
                want = "Basic " + base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
                if auth != want:
                    counter.bump("token_refused")
                    return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]},
                                      {"WWW-Authenticate": 'Basic realm="token"'})
                subject = args.user
            scopes = [s for v in q.get("scope", []) for s in v.split(" ")]
            self.grant(subject, q.get("service", [""])[0], scopes)

        def do_POST(self):
            counter.bump("token_post")
            if self.redirected():
                return
            n = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(n).decode())
            if form.get("grant_type") != ["refresh_token"] or form.get("refresh_token") != [args.refresh_token or "\0"]:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad refresh token"}]})
            scopes = [s for v in form.get("scope", []) for s in v.split(" ")]
            self.grant("refresh-user", form.get("service", [""])[0], scopes)

    class Capture(http.server.BaseHTTPRequestHandler):
        """The other origin: records what reaches it, and answers with a token of its own."""
        def log_message(self, *a):
            pass

        def record(self):
            n = int(self.headers.get("Content-Length", "0") or 0)
            body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
            with open(args.capture_log, "a") as f:
                f.write(json.dumps({"method": self.command, "path": self.path, "body": body,
                                    "headers": {k.lower(): v for k, v in self.headers.items()}}) + "\n")
            out = json.dumps({"token": "stolen-token", "expires_in": 300}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = record

    if args.redirect_to_port:
        capture = http.server.ThreadingHTTPServer(("127.0.0.2", args.redirect_to_port), Capture)
        threading.Thread(target=capture.serve_forever, daemon=True).start()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


# ---------------------------------------------------------------- fault proxy

def cmd_faultproxy(args):
    counter = Counter(args.count_file)
    rng = random.Random(args.seed)
    state = {"faults": 0}
    lock = threading.Lock()
    up = urllib.parse.urlsplit(args.upstream)

    def should_fault(path):
        is_blob = "/blobs/sha256:" in path
        is_manifest = "/manifests/" in path
        target = is_blob if args.target == "blobs" else is_manifest
        if not target:
            return False
        with lock:
            state["seen"] = state.get("seen", 0) + 1
            if state["seen"] <= args.after:
                return False
            if args.times >= 0 and state["faults"] >= args.times:
                return False
            state["faults"] += 1
        counter.bump("faults")
        return True

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def upstream(self):
            c = http.client.HTTPConnection(up.hostname, up.port, timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            c.request(self.command, self.path, headers=headers)
            r = c.getresponse()
            body = r.read()
            c.close()
            return r, body

        def send(self, status, headers, body, length=None):
            self.send_response(status)
            for k, v in headers:
                if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def reset(self):
            """Abort the connection with a TCP RST before any response."""
            counter.bump("resets")
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            except OSError:
                pass

        def head_as_upstream(self, r, body):
            """A 200 with the upstream's headers and the whole body's Content-Length."""
            self.send_response(200)
            for k, v in r.getheaders():
                if k.lower() not in ("content-length", "connection", "date", "server"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()

        def truncated(self, r, body):
            self.head_as_upstream(r, body)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def mixed(self):
            """--mode mixed: every request under /v2/ draws its fate from the rates."""
            with lock:
                roll = rng.random()
            if roll < args.reset_rate:
                return self.reset()
            if roll < args.reset_rate + args.unavailable_rate:
                counter.bump("unavailable")
                return self.send(503, [("Content-Type", "application/json"), ("Retry-After", str(args.retry_after))],
                                 b'{"errors":[{"code":"UNAVAILABLE","message":"injected 503"}]}')
            r, body = self.upstream()
            if (r.status == 200 and self.command == "GET" and len(body) > 1
                    and roll < args.reset_rate + args.unavailable_rate + args.truncate_rate):
                counter.bump("truncated")
                return self.truncated(r, body)
            return self.send(r.status, r.getheaders(), body)

        def do_GET(self):
            counter.bump("requests")
            mode = args.mode
            if mode == "mixed":
                return self.mixed()
            if mode == "redirect" and "/blobs/sha256:" in self.path and self.command == "GET":
                # Only after the registry accepted the caller's credentials: ask upstream first.
                r, body = self.upstream()
                if r.status == 200 and should_fault(self.path):
                    digest = self.path.rsplit("/", 1)[1]
                    loc = "http://127.0.0.2:%d/redirected/%s" % (args.redirect_port, digest)
                    self.send_response(307)
                    self.send_header("Location", loc)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                return self.send(r.status, r.getheaders(), body)
            r, body = self.upstream()
            if r.status != 200 or self.command != "GET" or mode == "pass" or not should_fault(self.path):
                return self.send(r.status, r.getheaders(), body)
            if mode == "500":
                return self.send(500, [("Content-Type", "application/json")],
                                 b'{"errors":[{"code":"UNKNOWN","message":"injected failure"}]}')
            if mode == "429":
                wait = str(args.retry_after)
                if args.retry_after_form == "date":  # RFC 9110 IMF-fixdate, whole seconds
                    wait = email.utils.formatdate(time.time() + args.retry_after, usegmt=True)
                return self.send(429, [("Content-Type", "application/json"), ("Retry-After", wait)],
                                 b'{"errors":[{"code":"TOOMANYREQUESTS","message":"injected rate limit"}]}')
            if mode == "truncate":
                return self.truncated(r, body)
            if mode == "wrong-digest":
                bad = bytearray(body)
                bad[len(bad) // 2] ^= 0x01
                return self.send(200, r.getheaders(), bytes(bad))
            if mode == "huge":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(200 * 1024 * 1024))
                self.end_headers()
                self.wfile.write(body[:10])
                self.close_connection = True
                return
            if mode == "slow":  # the whole body, steadily, at --rate bytes per second
                self.head_as_upstream(r, body)
                step = max(1, args.rate // 10)
                try:
                    for i in range(0, len(body), step):
                        self.wfile.write(body[i:i + step])
                        self.wfile.flush()
                        time.sleep(0.1)
                except OSError:
                    pass
                return
            if mode == "hang":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body) * 1000 + 1000))
                self.end_headers()
                try:
                    self.wfile.write(body[:10])
                    self.wfile.flush()
                    for _ in range(600):  # a byte every 0.2 s for two minutes: never finishes in time
                        time.sleep(0.2)
                        self.wfile.write(b" ")
                        self.wfile.flush()
                except OSError:
                    pass
                self.close_connection = True
                return
            return self.send(r.status, r.getheaders(), body)

    class Target(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            counter.bump("redirect_target")
            with open(args.headers_log, "a") as f:
                f.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}) + "\n")
            digest = self.path.rsplit("/", 1)[1]
            try:
                with open(os.path.join(args.blobdir, digest.replace(":", "_")), "rb") as f:
                    body = f.read()
                status = 200
            except OSError:
                body, status = b"", 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    if args.redirect_port:
        target = http.server.ThreadingHTTPServer(("127.0.0.2", args.redirect_port), Target)
        threading.Thread(target=target.serve_forever, daemon=True).start()
    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Proxy)
    server.serve_forever()


def cmd_soakrun(args):
    """Runs COMMAND (stdin from --stdin), killing it after --timeout s; prints one JSON line."""
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    started = time.time()
    with open(args.stdin or os.devnull, "rb") as stdin:
        proc = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=args.timeout)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            out, err = proc.communicate()
            hung = True
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = json.dumps({"label": args.label, "rc": proc.returncode, "hung": hung, "seconds": round(time.time() - started, 2),
                       "rss_kib": rss_kib, "stdout_sha": hashlib.sha256(out).hexdigest(), "stdout_len": len(out),
                       "stderr_lines": len([l for l in err.splitlines() if l]),
                       "stderr": err.decode("utf-8", "replace")[:600]}) + "\n"
    # One write() of the whole line, newline included (print may make two), and short: so that
    # concurrent runs' lines stay whole in the file or pipe they share.
    data = line.encode()
    while data:
        data = data[os.write(1, data):]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("freeport"); p.add_argument("--host", default="127.0.0.1"); p.set_defaults(f=cmd_freeport)
    p = sub.add_parser("mkcerts"); p.add_argument("dir"); p.set_defaults(f=cmd_mkcerts)
    p = sub.add_parser("registry-config")
    p.add_argument("--dir", required=True); p.add_argument("--port", type=int, required=True)
    p.add_argument("--htpasswd"); p.add_argument("--tls-cert"); p.add_argument("--tls-key")
    p.add_argument("--token-realm"); p.add_argument("--token-service"); p.add_argument("--token-issuer"); p.add_argument("--token-cert")
    p.set_defaults(f=cmd_registry_config)
    p = sub.add_parser("wait"); p.add_argument("url"); p.add_argument("--cafile"); p.add_argument("--timeout", type=float, default=20)
    p.set_defaults(f=cmd_wait)
    p = sub.add_parser("push")
    p.add_argument("--url", required=True); p.add_argument("--repo", required=True); p.add_argument("--tag", default="v1")
    p.add_argument("--user"); p.add_argument("--password"); p.add_argument("--cafile"); p.add_argument("--blobdir")
    p.add_argument("--empty-cache", action="store_true")
    p.set_defaults(f=cmd_push)
    p = sub.add_parser("push-layout")
    p.add_argument("--url", required=True); p.add_argument("--repo", required=True); p.add_argument("--layout", required=True)
    p.add_argument("--user"); p.add_argument("--password"); p.add_argument("--cafile")
    p.set_defaults(f=cmd_push_layout)
    p = sub.add_parser("credhelper"); p.add_argument("action"); p.set_defaults(f=cmd_credhelper)
    p = sub.add_parser("tokenserver")
    p.add_argument("--port", type=int, required=True); p.add_argument("--key", required=True); p.add_argument("--cert", required=True)
    p.add_argument("--issuer", required=True); p.add_argument("--user"); p.add_argument("--password")
    p.add_argument("--refresh-token"); p.add_argument("--count-file"); p.add_argument("--tokens-log")
    p.add_argument("--redirect-to-port", type=int, default=0); p.add_argument("--capture-log")
    p.set_defaults(f=cmd_tokenserver)
    p = sub.add_parser("faultproxy")
    p.add_argument("--port", type=int, required=True); p.add_argument("--upstream", required=True)
    p.add_argument("--mode", required=True, choices=["pass", "500", "429", "truncate", "wrong-digest", "huge", "hang", "slow", "redirect", "mixed"])
    p.add_argument("--reset-rate", type=float, default=0.05); p.add_argument("--unavailable-rate", type=float, default=0.05)
    p.add_argument("--truncate-rate", type=float, default=0.01); p.add_argument("--seed", type=int, default=11)
    p.add_argument("--target", default="blobs", choices=["blobs", "manifests"])
    p.add_argument("--rate", type=int, default=262144, help="--mode slow: bytes per second")
    p.add_argument("--after", type=int, default=0, help="pass the first N targeted requests (a diff's configs), fault later ones (its layers)")
    p.add_argument("--times", type=int, default=1, help="how many matching requests get the fault (-1: all)")
    p.add_argument("--retry-after", type=int, default=2)
    p.add_argument("--retry-after-form", default="seconds", choices=["seconds", "date"])
    p.add_argument("--redirect-port", type=int, default=0); p.add_argument("--headers-log"); p.add_argument("--blobdir")
    p.add_argument("--count-file")
    p.set_defaults(f=cmd_faultproxy)
    p = sub.add_parser("soakrun")
    p.add_argument("--label", required=True); p.add_argument("--timeout", type=float, default=60); p.add_argument("--stdin")
    p.add_argument("command", nargs=argparse.REMAINDER)
    p.set_defaults(f=cmd_soakrun)
    args = ap.parse_args()
    sys.exit(args.f(args) or 0)


if __name__ == "__main__":
    main()
