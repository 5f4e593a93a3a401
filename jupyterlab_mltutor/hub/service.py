"""The class dashboard service (placeholder while the test bed comes up)."""
import os
from urllib.parse import urlparse

from tornado import ioloop, web


class Health(web.RequestHandler):
    def get(self):
        self.finish({"ok": True})


def main():
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = web.Application([(prefix + "health", Health)])
    app.listen(url.port, url.hostname)
    ioloop.IOLoop.current().start()
