#!/usr/bin/env python3
# A tiny reputation service to run samples/arkime/reputation_enricher.lua against.
#   GET /ip/<address>  ->  200 "bad", "suspicious" or "good"
# The verdict is a fixed function of the address (the sum of its digits modulo 7: 0 is bad,
# 1 suspicious, else good), so replays are repeatable. Prints "PORT <n>" once it listens.
# Usage: reputation_service.py [--port N] [--delay-ms MS]
#   --port: default 8765, 0 picks a free port; --delay-ms: answer each request MS later
#   (a slow service, for bench/http_service_bench.sh).
import argparse
import http.server
import time


def verdict(address):
    digits = sum(int(c, 16) for c in address if c in "0123456789abcdefABCDEF")
    return ["bad", "suspicious"][digits % 7] if digits % 7 < 2 else "good"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body go in two writes: no 40 ms delayed-ACK stall

    def log_message(self, fmt, *args):
        pass

    delay = 0.0

    def do_GET(self):
        if self.delay:
            time.sleep(self.delay)
        if self.path.startswith("/ip/"):
            code, body = 200, verdict(self.path[4:]).encode()
        else:
            code, body = 404, b"try /ip/<address>"
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser(description="Tiny reputation service for luacap's samples.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    Handler.delay = args.delay_ms / 1000.0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
