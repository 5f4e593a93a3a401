"""Serve the development JupyterLab front end with Debian's jupyter_server.

Dev-only: it stands in for the `jupyterlab` Python package, which cannot be
installed here. Prebuilt extensions are found in the labextensions paths, as
JupyterLab finds them (page config `federated_extensions`).

Usage: python3 lab/main.py [--ServerApp.port=8888] [--LabApp.extra_labextensions_path=DIR] ...
Environment: MLTUTOR_LAB_SETTINGS (app settings dir holding overrides.json),
MLTUTOR_LAB_USER_SETTINGS, MLTUTOR_LAB_WORKSPACES.
"""
import json
import os
import sys
from pathlib import Path

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.services.kernels.handlers import ZMQChannelsHandler
from jupyterlab_server import LabServerApp
from tornado import web, websocket

HERE = Path(__file__).resolve().parent
VERSION = json.loads((HERE / "package.json").read_text())["version"]


class IdentityHandler(APIHandler):
    """`/api/me`, which jupyter_server 1.x lacks and JupyterLab 4 asks for."""

    @web.authenticated
    def get(self):
        name = os.environ.get("USER", "learner") or "learner"
        self.finish(
            json.dumps(
                {
                    "identity": {
                        "username": name,
                        "name": name,
                        "display_name": name,
                        "initials": name[:1].upper(),
                        "avatar_url": None,
                        "color": None,
                    },
                    "permissions": {},
                }
            )
        )


class EventsSubscribeHandler(JupyterHandler, websocket.WebSocketHandler):
    """`/api/events/subscribe`: an idle event stream, so the page does not retry without end."""

    async def get(self, *args, **kwargs):
        if self.current_user is None:
            raise web.HTTPError(403)
        return await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


class EventsHandler(APIHandler):
    """`/api/events`: accept and drop emitted events."""

    @web.authenticated
    def post(self):
        self.set_status(204)
        self.finish()


def _add_server_urls(handler, page_config):
    """The URLs JupyterLab's own page template adds: the router and services need them."""
    page_config["baseUrl"] = handler.base_url
    page_config["wsUrl"] = handler.settings.get("websocket_url", "")
    return page_config


def _chain_hooks(first, second):
    if first is None:
        return second
    return lambda handler, page_config: second(handler, first(handler, page_config))


def _enable_nodelay():
    """Send kernel websocket frames at once: Nagle's algorithm adds ~40 ms per execute."""
    original_open = ZMQChannelsHandler.open

    def open_without_nagle(self, *args, **kwargs):
        self.set_nodelay(True)
        return original_open(self, *args, **kwargs)

    ZMQChannelsHandler.open = open_without_nagle


class MLTutorLab(LabServerApp):
    name = __name__
    load_other_extensions = False
    app_name = "JupyterLab"
    app_version = VERSION
    extension_url = "/lab"
    default_url = "/lab"
    app_url = "/lab"
    static_dir = str(HERE / "static")
    templates_dir = str(HERE / "templates")
    schemas_dir = str(HERE / "build" / "schemas")
    themes_dir = str(HERE / "build" / "themes")

    def initialize_settings(self):
        super().initialize_settings()
        lab_home = Path(os.environ.get("JUPYTER_CONFIG_DIR", Path.home() / ".jupyter")) / "lab"
        self.app_settings_dir = os.environ.get(
            "MLTUTOR_LAB_SETTINGS", str(HERE / "build" / "settings")
        )
        self.user_settings_dir = os.environ.get(
            "MLTUTOR_LAB_USER_SETTINGS", str(lab_home / "user-settings")
        )
        self.workspaces_dir = os.environ.get("MLTUTOR_LAB_WORKSPACES", str(lab_home / "workspaces"))
        # Behind JupyterHub the single-user app has its own hook (the hub's token): keep it.
        self.settings["page_config_hook"] = _chain_hooks(
            self.settings.get("page_config_hook"), _add_server_urls
        )

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.extend(
            [
                (r"/api/me", IdentityHandler),
                (r"/api/events", EventsHandler),
                (r"/api/events/subscribe", EventsSubscribeHandler),
            ]
        )


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": MLTutorLab}]


def main(argv=None):
    # Kernels inherit this: Plotly then emits its MIME bundle, which the lab renders,
    # instead of a 9 MB HTML page on the first show().
    os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
    _enable_nodelay()
    MLTutorLab.launch_instance(argv=argv)


if __name__ == "__main__":
    main(sys.argv[1:])
