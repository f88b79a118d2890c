#!/usr/bin/env python3
"""A TLS front for the fake Control Service, for the TLS fault tests.

Usage: tls_proxy.py CERT KEY UPSTREAM_PORT
Listens on 127.0.0.1 (a free port), terminates TLS with CERT/KEY and
copies bytes both ways to 127.0.0.1:UPSTREAM_PORT. Prints "READY PORT"
once it accepts; exits on SIGTERM. Handshake failures (a client that
refuses the certificate) are expected and ignored."""
import signal
import socket
import ssl
import sys
import threading

cert, key, upstream = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))


def pump(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(conn):
    try:
        tls = ctx.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError):
        conn.close()
        return
    try:
        up = socket.create_connection(("127.0.0.1", upstream))
    except OSError:
        tls.close()
        return
    threading.Thread(target=pump, args=(up, tls), daemon=True).start()
    pump(tls, up)


print("READY %d" % srv.getsockname()[1], flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
