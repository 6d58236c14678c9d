#!/usr/bin/env python3
"""A loopback HTTP proxy that adds a fixed delay to every request (a slow, far registry).

usage: delay_proxy.py LISTEN_PORT UPSTREAM_HOST:PORT DELAY_MS

Each request waits DELAY_MS, then is forwarded to the upstream as is; the answer comes back
unchanged. Threaded and keep-alive, so concurrent clients overlap their waits as they would
over a real WAN link.
"""
import http.client, http.server, socketserver, sys, threading, time

port, upstream, delay = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) / 1000.0
local = threading.local()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def forward(self):
        time.sleep(delay)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "keep-alive")}
        if not getattr(local, "conn", None):
            local.conn = http.client.HTTPConnection(upstream, timeout=60)
        try:
            local.conn.request(self.command, self.path, body=body, headers=headers)
            resp = local.conn.getresponse()
        except (http.client.HTTPException, OSError):
            local.conn = http.client.HTTPConnection(upstream, timeout=60)
            local.conn.request(self.command, self.path, body=body, headers=headers)
            resp = local.conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "connection", "keep-alive", "transfer-encoding"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
    do_GET = do_HEAD = do_PUT = do_POST = do_PATCH = do_DELETE = forward

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

Server(("127.0.0.1", port), Handler).serve_forever()
