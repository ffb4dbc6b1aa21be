"""Network calls: a TCP connection out, DNS, HTTP, and localhost."""
PREPEND = ['''
import socket, urllib.request
reached = []
for host, port in (("1.1.1.1", 80), ("8.8.8.8", 53), ("127.0.0.1", 8786), ("127.0.0.1", 22)):
    try:
        socket.create_connection((host, port), timeout=2).close()
        reached.append((host, port))
    except OSError as exc:
        print("blocked", host, port, exc)
try:
    urllib.request.urlopen("http://example.com", timeout=2)
    reached.append("http")
except Exception as exc:
    print("blocked http", type(exc).__name__)
print("FOUND" if reached else "probe-ran", reached)
''']
MUST_PRINT = ["probe-ran"]
MUST_NOT_PRINT = ["FOUND"]
