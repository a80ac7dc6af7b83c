#!/usr/bin/env python3
# A small HTTP(S) server for luacap's ArkimeHttpService tests. Binds 127.0.0.1 on a free port,
# prints "PORT <n>" on stdout once it listens, answers deterministically:
#   /ok/<x>        200 "ok <x>"             /echo          200 "<METHOD> <request body>"
#   /status/<n>    <n> "status <n>"         /big           200, 1 MiB of a fixed pattern
#   /slow/<ms>     200 "slow" after <ms>    /rep/<ip>      200 "bad" or "good" (see reputation)
# Usage: http_test_server.py [--tls CERT KEY]
import http.server
import ssl
import sys
import time


def reputation(ip):
    # Deterministic verdict: the sum of the address's digits decides.
    return "bad" if sum(int(c) for c in ip if c.isdigit()) % 3 == 0 else "good"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body go in two writes: no 40 ms delayed-ACK stall

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        parts = self.path.split("/")
        kind = parts[1] if len(parts) > 1 else ""
        arg = "/".join(parts[2:])
        if kind == "ok":
            self.reply(200, ("ok " + arg).encode())
        elif kind == "echo":
            self.reply(200, self.command.encode() + b" " + data)
        elif kind == "status":
            self.reply(int(arg), ("status " + arg).encode())
        elif kind == "big":
            self.reply(200, bytes((i * 7) % 251 for i in range(1 << 20)))
        elif kind == "slow":
            time.sleep(int(arg) / 1000.0)
            self.reply(200, b"slow")
        elif kind == "rep":
            self.reply(200, reputation(arg).encode())
        else:
            self.reply(404, b"no such path")

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
