"""Run the development lab (lab/main.py) as a JupyterHub single-user server.

This is what `jupyterhub-singleuser` does with JupyterLab itself: Debian's ServerApp made
hub-aware with `jupyterhub.singleuser.mixins.make_singleuser_app`, the lab loaded into it
as a server extension, `default_url=/lab`. The jupyterlab_mltutor server extension (class
policy, event outbox) is loaded too, from the installed wheel on PYTHONPATH.

Usage (by a spawner): python3 lab/singleuser.py [--ServerApp.port_retries=0] ...
"""
import importlib.util
import os
import sys
from pathlib import Path

from jupyter_server.serverapp import ServerApp
from jupyterhub.singleuser.mixins import make_singleuser_app
from traitlets import default

HERE = Path(__file__).resolve().parent
LAB_MODULE = "mltutor_devlab"


def _import_dev_lab():
    """lab/main.py under an importable name, so the server can load it as an extension."""
    spec = importlib.util.spec_from_file_location(LAB_MODULE, HERE / "main.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[LAB_MODULE] = module
    spec.loader.exec_module(module)
    return module


dev_lab = _import_dev_lab()
SingleUserServer = make_singleuser_app(ServerApp)


class MLTutorSingleUser(SingleUserServer):
    """The hub's single-user server with the lab and the mltutor server extension."""

    name = "mltutor-singleuser"

    @default("default_url")
    def _default_url_default(self):
        return "/lab"

    def find_server_extensions(self):
        super().find_server_extensions()
        self.jpserver_extensions[LAB_MODULE] = True
        self.jpserver_extensions["jupyterlab_mltutor"] = True

    def page_config_hook(self, handler, page_config):
        """The hub's token, plus what JupyterLab's hub extension reads (control panel, logout)."""
        page_config = super().page_config_hook(handler, page_config)
        page_config["hubPrefix"] = self.hub_prefix
        page_config["hubHost"] = self.hub_host
        page_config["hubUser"] = self.user
        page_config["hubServerName"] = os.environ.get("JUPYTERHUB_SERVER_NAME", "")
        page_config["shareUrl"] = self.hub_prefix.rstrip("/") + "/user-redirect"
        return page_config


def main(argv=None):
    os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
    dev_lab._enable_nodelay()
    MLTutorSingleUser.launch_instance(argv=argv)


if __name__ == "__main__":
    main(sys.argv[1:])
