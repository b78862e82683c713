"""A notebook server's API: a browser page calls it with the server's token in the
Authorization header; operators may pin one origin or allow a pattern of origins."""
import re

import tornado.web

API_TOKEN_HEADER = "Authorization"


class APIHandler(tornado.web.RequestHandler):
    @property
    def cors_origin(self) -> str:
        return self.settings.get("cors_origin", "")

    @property
    def cors_origin_pattern(self):
        return self.settings.get("cors_origin_pattern")

    @property
    def cors_credentials(self) -> bool:
        return self.settings.get("cors_credentials", False)

    @property
    def token_authenticated(self) -> bool:
        supplied = self.request.headers.get(API_TOKEN_HEADER, "")
        return supplied == f"token {self.settings['api_token']}"

    def prepare(self):
        self.set_cors_headers()

    def set_cors_headers(self):
        if self.cors_origin:
            self.set_header("Access-Control-Allow-Origin", self.cors_origin)
        elif self.cors_origin_pattern:
            origin = self.request.headers.get("Origin", "")
            if origin and re.fullmatch(self.cors_origin_pattern, origin):
                self.set_header("Access-Control-Allow-Origin", origin)
        elif self.token_authenticated:
            # The token is the credential: a page without it gets nothing by the echo.
            self.set_header("Access-Control-Allow-Origin", self.request.headers.get("Origin", ""))
        if self.cors_credentials:
            self.set_header("Access-Control-Allow-Credentials", "true")
        self.add_header("Vary", "Origin")


class KernelsHandler(APIHandler):
    def get(self):
        self.write({"kernels": []})


def make_app(settings):
    return tornado.web.Application([(r"/api/kernels", KernelsHandler)], **settings)
