"""A small JSON server on the standard library, for a dashboard served elsewhere."""
import http.server
import json
from http.server import BaseHTTPRequestHandler as Base, ThreadingHTTPServer


class StatusHandler(Base):
    def do_GET(self):
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")  # expect: COR104
        self.end_headers()
        self.wfile.write(body)


class FilesHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")  # expect: COR104
        super().end_headers()


class VerboseStatusHandler(StatusHandler):
    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")  # expect: COR104
        self.send_header("Access-Control-Allow-Methods", "GET")
        self.end_headers()


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8000), StatusHandler).serve_forever()
