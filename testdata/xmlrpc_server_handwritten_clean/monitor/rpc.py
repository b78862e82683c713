"""XML-RPC endpoint of a LAN system monitor; the web dashboard calls it from the browser."""
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

DASHBOARD_ORIGINS = {"https://monitor.example.com"}


class MonitorRPCHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)

    def end_headers(self):
        origin = self.headers.get("Origin", "")
        if origin in DASHBOARD_ORIGINS:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        super().end_headers()


def serve(address):
    SimpleXMLRPCServer(address, requestHandler=MonitorRPCHandler).serve_forever()
