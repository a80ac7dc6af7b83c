#!/usr/bin/env python3
# A line-command TCP server for luacap's core.tcp tests and samples. Binds 127.0.0.1 on a free
# port, prints "PORT <n>" once it listens. The client's first line picks the behaviour:
#   lines   "alpha\r\nbeta\n", then waits for the client to close
#   all     5000 bytes ("0123456789" repeated), then closes
#   bytes   "01234567" then, 50 ms later, "89abcdef"; stays open
#   silent  sends nothing; stays open
#   half    "no newline here", then closes (the peer closing mid-line)
#   list    the feed: the n-th list request gets the file <feed-dir>/<n> (the highest one
#           present once n passes it; with --cycle: 1, 2, ..., last, 1, 2, ...), then closes
# Usage: tcp_test_server.py [--tls CERT KEY] [--feed DIR [--cycle]]
import os
import socketserver
import ssl
import sys
import threading
import time

TLS = None
FEED_DIR = None
CYCLE = False
LIST_COUNT = 0
LOCK = threading.Lock()


def feed_text():
    global LIST_COUNT
    with LOCK:
        LIST_COUNT += 1
        n = LIST_COUNT
    if CYCLE:
        count = len([f for f in os.listdir(FEED_DIR) if f.isdigit()])
        n = (n - 1) % count + 1
    while n > 1 and not os.path.exists(os.path.join(FEED_DIR, str(n))):
        n -= 1
    with open(os.path.join(FEED_DIR, str(n)), "rb") as f:
        return f.read()


class Handler(socketserver.StreamRequestHandler):
    def setup(self):
        if TLS:
            self.request = TLS.wrap_socket(self.request, server_side=True)
        super().setup()

    def send(self, data):
        self.wfile.write(data)
        self.wfile.flush()

    def wait_close(self):
        while self.rfile.read(1):
            pass

    def handle(self):
        command = self.rfile.readline().strip().decode()
        if command == "lines":
            self.send(b"alpha\r\nbeta\n")
            self.wait_close()
        elif command == "all":
            self.send(b"0123456789" * 500)
        elif command == "bytes":
            self.send(b"01234567")
            time.sleep(0.05)
            self.send(b"89abcdef")
            self.wait_close()
        elif command == "silent":
            self.wait_close()
        elif command == "half":
            self.send(b"no newline here")
        elif command == "list":
            self.send(feed_text())


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv):
    global TLS, FEED_DIR, CYCLE
    if "--tls" in argv:
        i = argv.index("--tls")
        TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        TLS.load_cert_chain(argv[i + 1], argv[i + 2])
    if "--feed" in argv:
        FEED_DIR = argv[argv.index("--feed") + 1]
    CYCLE = "--cycle" in argv
    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
