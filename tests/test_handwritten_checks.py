"""Origin tests in hand-written CORS code (COR206) in the shapes the rule examples do
not show: a tuple of prefixes, as str.startswith takes it."""
from __future__ import annotations

from corslint.run.engine import check_sources

HOOK = '''from flask import Flask, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin.startswith({affixes}):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response
'''


def findings(affixes):
    return [(f.code, f.message) for f in check_sources([("app.py", HOOK.format(affixes=affixes))]).findings]


def test_a_tuple_of_prefixes_accepts_what_each_prefix_accepts():
    found = findings('("https://app.example.com", "https://admin.example.com")')
    assert [code for code, _ in found] == ["COR206"]
    assert "https://app.example.com.evil-example.net" in found[0][1]


def test_a_tuple_of_prefixes_that_cannot_match_an_origin_is_not_reported():
    # An Origin never carries a path, so these prefixes accept nothing extra.
    assert findings('("https://app.example.com/", "https://admin.example.com/")') == []


def test_send_header_counts_only_in_http_server_handlers():
    """`self.send_header(...)` writes a response header only in a class based (directly, by
    an alias, a dotted name or another such class) on http.server's request handlers."""
    import libcst as cst

    from corslint.frameworks.handwritten.headers import find_writes
    from corslint.parsing.parse import SourceFile, parse_source

    text = (
        "import http.server as hs\n"
        "from http.server import BaseHTTPRequestHandler\n"
        "class A(BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_header('Access-Control-Allow-Origin', 'https://a.example.com')\n"
        "class B(hs.SimpleHTTPRequestHandler):\n"
        "    def end_headers(self):\n"
        "        self.send_header('Access-Control-Allow-Origin', 'https://b.example.com')\n"
        "class C(A):\n"
        "    def do_POST(self):\n"
        "        self.send_header('Access-Control-Allow-Origin', 'https://c.example.com')\n"
        "class Mailer:\n"
        "    def send(self):\n"
        "        self.send_header('Access-Control-Allow-Origin', '*')\n"
        "def outside(handler):\n"
        "    handler.send_header('Access-Control-Allow-Origin', '*')\n"
    )
    module = parse_source(SourceFile("serve.py", None, text))

    def header_name(node):
        return node.evaluated_value

    functions = [statement for top in module.tree.body
                 for statement in (top.body.body if isinstance(top, cst.ClassDef) else [top])
                 if isinstance(statement, cst.FunctionDef)]
    written = [module.code(write.value) for function in functions for statement in function.body.body
               for write in find_writes(module, statement, header_name)]
    assert len(functions) == 5
    assert written == ["'https://a.example.com'", "'https://b.example.com'", "'https://c.example.com'"]


def test_send_header_counts_in_xmlrpc_request_handlers():
    """xmlrpc.server's handlers are http.server handlers (glances' XML-RPC server adds its
    CORS headers in `end_headers`), also through defusedxml's hardened re-export."""
    from corslint.frameworks.handwritten.headers import http_server_handler_lines
    from corslint.parsing.parse import SourceFile, parse_source

    text = (
        "from defusedxml import xmlrpc\n"                                  # 1
        "from xmlrpc import server as rpc\n"                               # 2
        "class Hardened(xmlrpc.xmlrpc_server.SimpleXMLRPCRequestHandler):\n"  # 3
        "    pass\n"                                                       # 4
        "class Docs(rpc.DocXMLRPCRequestHandler):\n"                       # 5
        "    pass\n"                                                       # 6
        "class Server(rpc.SimpleXMLRPCServer):\n"                          # 7
        "    pass\n"                                                       # 8
    )
    module = parse_source(SourceFile("server.py", None, text))
    assert http_server_handler_lines(module) == ((3, 4), (5, 6))
