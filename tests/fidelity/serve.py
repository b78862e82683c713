"""Serve every application of the matrix, and the attacker's page, on loopback.

Run as a subprocess (`python -m tests.fidelity.serve MANIFEST`) so that Django is
configured in a process of its own and the generated applications never run inside the
test process. Each application is the real one: the generated project's own module is
executed and its app object served (Starlette through a small ASGI bridge, Flask and
Django through a WSGI bridge, aiohttp by aiohttp's own server). One front server on a TLS
port and one on a plain port answer for every host name; Chromium's --host-rules send
every test host there, and the Host header picks the application or the attacker page.
Prints one JSON line with the ports, then serves until stdin closes.
"""
from __future__ import annotations

import asyncio
import io
import json
import os
import ssl
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web
from multidict import CIMultiDict

from tests.fidelity.probe_page import page

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"}


def exec_module(path: str, name: str) -> dict:
    namespace = {"__name__": name, "__file__": path}
    with open(path) as fh:
        code = compile(fh.read(), path, "exec")
    exec(code, namespace)  # the generated application; the linter never runs code, this test does
    return namespace


def strip_hop_by_hop(headers):
    out = CIMultiDict()
    for name, value in headers:
        if name.lower() not in HOP_BY_HOP:
            out.add(name, value)
    return out


class AsgiBridge:
    def __init__(self, app):
        self.app = app

    async def __call__(self, request: web.Request) -> web.Response:
        body = await request.read()
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": request.method, "scheme": request.scheme, "path": request.path,
            "raw_path": request.raw_path.split("?")[0].encode(), "query_string": request.query_string.encode(),
            "root_path": "",
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()],
            "client": ("127.0.0.1", 1), "server": (request.host, 443),
        }
        sent = {"status": 500, "headers": [], "body": b""}
        delivered = False

        async def receive():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)

        async def send(message):
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                sent["headers"] = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                sent["body"] += message.get("body", b"")

        started = False
        original_send = send

        async def send(message):  # noqa: F811 - records whether the response has started
            nonlocal started
            started = True
            await original_send(message)

        try:
            await self.app(scope, receive, send)
        except Exception:
            # Starlette's ServerErrorMiddleware sends its 500 and then re-raises for the
            # server to log, as uvicorn does; the 500 already sent is the answer.
            if not started:
                raise
        return web.Response(status=sent["status"], headers=strip_hop_by_hop(sent["headers"]), body=sent["body"])


class WsgiBridge:
    def __init__(self, app, executor, lock=None, around=None):
        self.app, self.executor, self.lock, self.around = app, executor, lock, around

    def _call(self, environ):
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"], captured["headers"] = int(status.split()[0]), headers

        def run():
            chunks = self.app(environ, start_response)
            try:
                return b"".join(chunks)
            finally:
                getattr(chunks, "close", lambda: None)()

        if self.lock is not None:
            with self.lock, self.around():
                body = run()
        else:
            body = run()
        return captured["status"], captured["headers"], body

    async def __call__(self, request: web.Request) -> web.Response:
        body = await request.read()
        host, _, port = request.host.partition(":")
        environ = {
            "REQUEST_METHOD": request.method, "SCRIPT_NAME": "", "PATH_INFO": request.path,
            "QUERY_STRING": request.query_string, "SERVER_NAME": host,
            "SERVER_PORT": port or ("443" if request.secure else "80"), "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0), "wsgi.url_scheme": request.scheme, "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False,
            "wsgi.run_once": False, "REMOTE_ADDR": "127.0.0.1", "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif key != "CONTENT_LENGTH":
                key = "HTTP_" + key
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        status, headers, payload = await asyncio.get_running_loop().run_in_executor(self.executor, self._call, environ)
        return web.Response(status=status, headers=strip_hop_by_hop(headers), body=payload)


class DjangoSite:
    """All django-cors-headers cases share one configured Django; each request runs under
    its case's CORS_* settings (override_settings) and view, one request at a time."""

    def __init__(self):
        import django
        from django.conf import settings
        self.middleware = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
        settings.configure(
            DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF="tests.fidelity.serve", SECRET_KEY="fidelity",
            MIDDLEWARE=self.middleware,
            INSTALLED_APPS=["corsheaders"], USE_TZ=True,
        )
        django.setup()
        from django.core.handlers.wsgi import WSGIHandler
        self.handler = WSGIHandler()
        self.lock = threading.Lock()

    def bridge(self, project: str, executor) -> WsgiBridge:
        from django.test.utils import override_settings
        settings_ns = exec_module(os.path.join(project, "settings.py"), "fidelity_settings")
        cors = {k: v for k, v in settings_ns.items() if k.startswith("CORS_")}
        view = exec_module(os.path.join(project, "views.py"), "fidelity_views")["home"]
        handler = self.handler
        if list(settings_ns["MIDDLEWARE"]) != list(self.middleware):
            from django.core.handlers.wsgi import WSGIHandler
            with override_settings(MIDDLEWARE=list(settings_ns["MIDDLEWARE"])):
                handler = WSGIHandler()  # loads the case's own middleware stack

        def around():
            import tests.fidelity.serve as urlconf  # the copy Django imported as ROOT_URLCONF
            urlconf.CURRENT_VIEW = view
            return override_settings(**cors)

        return WsgiBridge(handler, executor, lock=self.lock, around=around)


CURRENT_VIEW = None


def _django_entry(request):
    return CURRENT_VIEW(request)


def _urlpatterns():
    try:
        from django.urls import path
    except Exception:
        return []
    return [path("", _django_entry), path("items/", _django_entry)]  # as the cases' urls.py


def __getattr__(name):  # Django imports this module as ROOT_URLCONF
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


async def main(manifest_path: str):
    with open(manifest_path) as fh:
        manifest = json.load(fh)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(manifest["cert"], manifest["key"])
    executor = ThreadPoolExecutor(8)
    handlers, aiohttp_ports, errors, runners = {}, {}, {}, []
    django_site = None
    for case in manifest["cases"]:
        project, framework = case["dir"], case["framework"]
        try:
            if framework == "django":
                django_site = django_site or DjangoSite()
                handlers[case["host"]] = django_site.bridge(project, executor)
                continue
            app = exec_module(os.path.join(project, "app.py"), "fidelity_" + case["id"].replace("-", "_"))["app"]
            if framework == "starlette":
                handlers[case["host"]] = AsgiBridge(app)
            elif framework in ("flask", "handwritten"):
                handlers[case["host"]] = WsgiBridge(app, executor)
            elif framework == "aiohttp":
                runner = web.AppRunner(app)
                await runner.setup()
                site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
                await site.start()
                runners.append(runner)
                aiohttp_ports[case["host"]] = site._server.sockets[0].getsockname()[1]
        except Exception as exc:  # reported: an app that does not start is a result too
            errors[case["id"]] = f"{type(exc).__name__}: {exc}"

    probe_html = page()

    async def front(request: web.Request) -> web.StreamResponse:
        host = request.host.split(":")[0].lower()
        handler = handlers.get(host)
        if handler is not None:
            return await handler(request)
        if request.path == "/probe":
            return web.Response(text=probe_html, content_type="text/html")
        return web.Response(status=404, text="unknown host " + host)

    front_app = web.Application()
    front_app.router.add_route("*", "/{tail:.*}", front)
    front_runner = web.AppRunner(front_app, access_log=None)
    await front_runner.setup()
    tls_site = web.TCPSite(front_runner, "127.0.0.1", 0, ssl_context=context)
    plain_site = web.TCPSite(front_runner, "127.0.0.1", 0)
    # The same pages on a port Chromium is told is in the public address space
    # (--ip-address-space-overrides), for Private Network Access.
    public_site = web.TCPSite(front_runner, "127.0.0.1", 0, ssl_context=context)
    await tls_site.start()
    await plain_site.start()
    await public_site.start()
    print(json.dumps({
        "public_port": public_site._server.sockets[0].getsockname()[1],
        "tls_port": tls_site._server.sockets[0].getsockname()[1],
        "plain_port": plain_site._server.sockets[0].getsockname()[1],
        "aiohttp_ports": aiohttp_ports, "errors": errors,
    }), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for runner in runners + [front_runner]:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
