"""The same server trusting only the dashboard's origin, and a test double whose
send_header is not http.server's (its headers reach no browser)."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DASHBOARD = "https://dashboard.example.com"


class StatusHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", DASHBOARD)
        self.send_header("Vary", "Origin")
        self.end_headers()
        self.wfile.write(body)


class RecordingWriter:
    """Collects what a handler would send, for tests."""

    def __init__(self):
        self.headers = []

    def send_header(self, name, value):
        self.headers.append((name, value))

    def replay_open_cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8000), StatusHandler).serve_forever()
