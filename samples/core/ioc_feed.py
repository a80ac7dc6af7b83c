#!/usr/bin/env python3
# The tiny feed service of ioc_tagger.lua: every connection gets the current contents of
# LIST_FILE ("ADDRESS-OR-CIDR TAG" lines), then the connection closes. Edit the file and the
# tagger's next refresh picks the change up. Prints "PORT <n>" once it listens.
# Usage: ioc_feed.py LIST_FILE [PORT]   (PORT 0 or absent: any free port on 127.0.0.1)
import socketserver
import sys

LIST_FILE = sys.argv[1]


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        with open(LIST_FILE, "rb") as f:
            self.request.sendall(f.read())


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    server = Server(("127.0.0.1", port), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()
