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


ECHO_UNDER = '''import tornado.web


class Handler(tornado.web.RequestHandler):
    def prepare(self):
        if self.{flag}:
            self.set_header("Access-Control-Allow-Origin", self.request.headers.get("Origin", ""))
        self.set_header("Access-Control-Allow-Credentials", "true")
        self.add_header("Vary", "Origin")
'''


def test_an_echo_only_for_token_authenticated_requests_is_not_reported():
    """A name ending in `_authenticated` says the request carried the credential (a token an
    attacker's page cannot send); `unauthenticated` and `not_authenticated` say the opposite."""
    def codes(flag):
        return [f.code for f in check_sources([("api.py", ECHO_UNDER.format(flag=flag))]).findings]

    assert codes("token_authenticated") == []
    assert codes("user_authenticated") == []
    assert codes("not_authenticated") == ["COR102"]
    assert codes("allow_unauthenticated") == ["COR102"]
    assert codes("preview_mode") == ["COR102"]


SWITCH_THROUGH_LOCAL = '''from flask import Flask, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    allow_all = {read}
    origin = None
    if allow_all:
        origin = "*"
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
    return response
'''


def test_a_wildcard_behind_a_setting_read_into_a_local_name_is_the_operators_opt_in():
    """`allow_all = config.get("site.cors.allow_all")`, then `if allow_all: origin = "*"`, and
    the header written further down: the `*` holds only when the operator turns it on."""
    def codes(read):
        return [f.code for f in check_sources([("app.py", SWITCH_THROUGH_LOCAL.format(read=read))]).findings]

    assert codes('app.config.get("site.cors.allow_all")') == []
    assert codes('app.config["SITE_CORS_ALLOW_ALL"]') == []
    assert codes('request.path.startswith("/public/")') == ["COR104"]
    assert codes('request.args.get("all")') == ["COR104"]


def test_both_readers_find_the_same_http_server_handlers():
    """The libcst reader (hand-written CORS headers) and the `ast` reader (custom response
    headers, COR503) judge http.server handlers by one function: same classes, same lines."""
    import ast

    from corslint.facts.response_headers import _http_server_handler_classes
    from corslint.frameworks.handwritten.headers import http_server_handler_lines
    from corslint.parsing.parse import SourceFile, parse_source

    text = (
        "import http.server\n"
        "from http.server import SimpleHTTPRequestHandler as Files, HTTPServer\n"
        "from .http.server import BaseHTTPRequestHandler\n"  # relative: not the standard library
        "class Local(BaseHTTPRequestHandler):\n    pass\n"
        "class A(http.server.BaseHTTPRequestHandler):\n    pass\n"
        "if True:\n"
        "    class B(Files): pass\n"
        "class C(B, metaclass=type):\n    pass\n"
        "class D(Derived):\n    pass\n"
        "class Derived(C):\n    pass\n"  # D's base is named after D: found on the second pass
        "def factory():\n"
        "    class Inner(A):\n        pass\n"
        "    return Inner\n"
        "class Server(HTTPServer):\n    pass\n"
        "class Other(make()[0]):\n    pass\n"
    )
    lines = sorted(http_server_handler_lines(parse_source(SourceFile("serve.py", None, text))))
    starts = sorted(line for line, _column in _http_server_handler_classes(ast.parse(text)))
    assert [first for first, _last in lines] == starts == [6, 9, 10, 12, 14, 17]


def test_send_header_counts_in_xmlrpc_request_handlers():
    """xmlrpc.server's handlers are http.server handlers (glances' XML-RPC server adds its
    CORS headers in `end_headers`), also through defusedxml's hardened re-export; the `ast`
    reader agrees."""
    import ast

    from corslint.facts.response_headers import _http_server_handler_classes
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
    assert sorted(line for line, _column in _http_server_handler_classes(ast.parse(text))) == [3, 5]
