"""XML-RPC endpoint of a LAN system monitor; the web dashboard calls it from the browser."""
from defusedxml import xmlrpc

xmlrpc.monkey_patch()


class MonitorRPCHandler(xmlrpc.xmlrpc_server.SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)

    def end_headers(self):
        self.send_cors_headers()
        super().end_headers()

    def send_cors_headers(self):
        allowed = getattr(self.server, "cors_origins", ["*"])
        if "*" in allowed:
            self.send_header("Access-Control-Allow-Origin", "*")  # expect: COR104
            return
        origin = self.headers.get("Origin", "")
        if origin and origin in allowed:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")


class MonitorRPCServer(xmlrpc.xmlrpc_server.SimpleXMLRPCServer):
    def __init__(self, address, origins=None):
        self.cors_origins = origins or ["*"]
        super().__init__(address, requestHandler=MonitorRPCHandler, allow_none=True)
