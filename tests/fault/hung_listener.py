#!/usr/bin/env python3
"""A peer that accepts connections and never answers, for the token and
proxy fault tests: a token endpoint that hangs, or a proxy that must never
be used.

Usage: hung_listener.py LOG
Listens on 127.0.0.1 (a free port) and prints "READY PORT" once it
accepts, then "ACCEPT N" for the N-th connection. Every byte received is
appended to LOG, so a test can tell whether a request (and which headers)
reached it. Never writes a byte back; exits on SIGTERM."""
import signal
import socket
import sys
import threading

log_path = sys.argv[1]
lock = threading.Lock()
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
open(log_path, "wb").close()


def hold(conn):
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            with lock, open(log_path, "ab") as f:
                f.write(data)


print("READY %d" % srv.getsockname()[1], flush=True)
n = 0
while True:
    conn, _ = srv.accept()
    n += 1
    threading.Thread(target=hold, args=(conn,), daemon=True).start()
    print("ACCEPT %d" % n, flush=True)
