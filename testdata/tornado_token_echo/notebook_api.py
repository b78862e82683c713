"""A notebook server's API with a preview mode that lets anonymous pages in: the echo
below runs for requests without the token, so the token protects nothing cross-origin."""
import tornado.web


class APIHandler(tornado.web.RequestHandler):
    @property
    def allow_unauthenticated_access(self) -> bool:
        return self.settings.get("allow_unauthenticated_access", True)

    @property
    def token_authenticated(self) -> bool:
        supplied = self.request.headers.get("Authorization", "")
        return supplied == f"token {self.settings['api_token']}"

    def prepare(self):
        if self.token_authenticated:
            self.set_header("Access-Control-Allow-Origin", "https://lab.example.org")
        elif self.allow_unauthenticated_access:
            self.set_header("Access-Control-Allow-Origin", self.request.headers.get("Origin", ""))  # expect: COR102
        self.set_header("Access-Control-Allow-Credentials", "true")
        self.add_header("Vary", "Origin")


class KernelsHandler(APIHandler):
    def get(self):
        self.write({"kernels": []})


def make_app(settings):
    return tornado.web.Application([(r"/api/kernels", KernelsHandler)], **settings)
