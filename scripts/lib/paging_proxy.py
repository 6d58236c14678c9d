#!/usr/bin/env python3
"""A loopback proxy in front of a real docker-registry that logs every request and pages tag lists.

usage: paging_proxy.py LISTEN_PORT UPSTREAM_HOST:PORT LOG_FILE MODE

docker-registry 2.8 (Debian's distribution 2.8.2 / 2.8.3) answers `GET /v2/<name>/tags/list` with
every tag at once: it ignores `n` and `last` and sends no `Link` header. Registries that page
(distribution 3, cloud registries) answer as the distribution spec says; MODE makes the proxy do so
over the real registry's full, real list:
  pass     the registry's answer unchanged;
  page:MAX tags sorted, from after `last`, at most min(n, MAX) of them (MAX: a registry's own cap),
           with `Link: </v2/<name>/tags/list?last=<the page's last>&n=<n>>; rel="next"` while more follow;
  loop     every page the same tags, and always a `Link` to a new page (a broken registry).
Every other request is forwarded unchanged. LOG_FILE gets one line per request: `METHOD PATH`.
"""
import http.client, http.server, json, socketserver, sys, threading, urllib.parse

port, upstream, log_path, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
lock = threading.Lock()
local = threading.local()

def upstream_request(method, path, body, headers):
    if not getattr(local, "conn", None):
        local.conn = http.client.HTTPConnection(upstream, timeout=60)
    try:
        local.conn.request(method, path, body=body, headers=headers)
        resp = local.conn.getresponse()
    except (http.client.HTTPException, OSError):
        local.conn = http.client.HTTPConnection(upstream, timeout=60)
        local.conn.request(method, path, body=body, headers=headers)
        resp = local.conn.getresponse()
    return resp, resp.read()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass

    def answer(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("content-length", "connection", "keep-alive", "transfer-encoding"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def forward(self):
        with lock:
            with open(log_path, "a") as f:
                f.write(f"{self.command} {self.path}\n")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "keep-alive")}
        url = urllib.parse.urlsplit(self.path)
        if self.command == "GET" and url.path.startswith("/v2/") and url.path.endswith("/tags/list") and mode != "pass":
            resp, data = upstream_request("GET", url.path, None, headers)
            if resp.status != 200:
                return self.answer(resp.status, resp.getheaders(), data)
            doc = json.loads(data)
            tags = sorted(doc.get("tags") or [])
            q = dict(urllib.parse.parse_qsl(url.query))
            n = int(q.get("n", "0") or 0)
            extra = []
            if mode == "loop":
                page = tags[:max(1, n)]
                k = int(q.get("page", "0")) + 1
                extra.append(("Link", f'<{url.path}?n={n}&page={k}>; rel="next"'))
            else:
                cap = int(mode.split(":", 1)[1])
                size = min(n, cap) if n > 0 else cap
                rest = [t for t in tags if "last" not in q or t > q["last"]]
                page = rest[:size]
                if len(rest) > size:
                    nq = urllib.parse.urlencode({"last": page[-1], "n": n or size})
                    extra.append(("Link", f'<{url.path}?{nq}>; rel="next"'))
            out = json.dumps({"name": doc.get("name"), "tags": page}).encode()
            return self.answer(200, [("Content-Type", "application/json")] + extra, out)
        resp, data = upstream_request(self.command, self.path, body, headers)
        self.answer(resp.status, resp.getheaders(), data)

    do_GET = do_HEAD = do_PUT = do_POST = do_PATCH = do_DELETE = forward

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

Server(("127.0.0.1", port), Handler).serve_forever()
