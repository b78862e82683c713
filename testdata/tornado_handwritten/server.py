"""Tornado API: a base handler sets CORS headers for the single-page app."""
import json

import tornado.ioloop
import tornado.web

APP_ORIGIN = "https://notes.example.com"
NOTES = {"1": "buy milk"}


class BaseHandler(tornado.web.RequestHandler):
    def set_default_headers(self):
        origin = self.request.headers.get("Origin")
        if origin == APP_ORIGIN:
            self.set_header("Access-Control-Allow-Origin", origin)
            self.set_header("Access-Control-Allow-Credentials", "true")
            self.set_header("Access-Control-Expose-Headers", "X-Note-Count")
        self.add_header("Vary", "Origin")

    def options(self, *args):
        self.set_header("Access-Control-Allow-Methods", "GET, PUT, delete")  # expect: COR307
        self.set_header("Access-Control-Allow-Headers", "Content-Type")
        self.set_status(204)
        self.finish()


class NotesHandler(BaseHandler):
    def get(self):
        self.set_header("X-Note-Count", str(len(NOTES)))
        self.write(json.dumps(NOTES))


class DebugHandler(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Access-Control-Allow-Origin", self.request.headers.get("Origin"))  # expect: COR102
        self.write({"debug": True})


def make_app():
    return tornado.web.Application([(r"/notes", NotesHandler), (r"/debug", DebugHandler)])


if __name__ == "__main__":
    make_app().listen(8888)
    tornado.ioloop.IOLoop.current().start()
