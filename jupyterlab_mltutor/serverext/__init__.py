"""The jupyterlab_mltutor server extension: the class policy and the event outbox.

Loaded by jupyter_server (enabled by the wheel's jupyter_server_config.d file, or listed
in `jpserver_extensions`); useful behind JupyterHub, harmless without it.
"""
import os

from jupyter_server.utils import url_path_join

from .handlers import EventsHandler, PolicyHandler
from .outbox import Outbox


PAGE_CONFIG_FLAG = "mltutorServerExtension"


def outbox_path():
    return os.path.join(os.path.expanduser("~"), ".mltutor", "outbox.jsonl")


def load(serverapp):
    web_app = serverapp.web_app
    base = url_path_join(web_app.settings["base_url"], "mltutor", "api")
    outbox = Outbox(
        outbox_path(),
        os.environ.get("MLTUTOR_CLASS_SERVICE_URL", ""),
        os.environ.get("JUPYTERHUB_API_TOKEN", ""),
    )
    web_app.settings["mltutor_outbox"] = outbox
    # Tells the front end the endpoints exist, so a lab without them asks nothing.
    web_app.settings.setdefault("page_config_data", {})[PAGE_CONFIG_FLAG] = True
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "policy"), PolicyHandler),
            (url_path_join(base, "events"), EventsHandler),
        ],
    )
    # Events left from an earlier session go out as soon as the loop runs.
    serverapp.io_loop.add_callback(outbox.start)
    serverapp.log.info("jupyterlab_mltutor: class policy and event outbox at %s", base)
