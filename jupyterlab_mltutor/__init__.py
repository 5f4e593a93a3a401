"""jupyterlab-mltutor: machine-learning exercises checked live in the learner's kernel.

The Python package ships the prebuilt JupyterLab extension, a small server extension
(the class policy and the event outbox, for classes on JupyterHub) and the class
dashboard service (`python -m jupyterlab_mltutor.hub`). Checks need no Python package
in the kernel's environment.
"""
from ._version import __version__

__all__ = ["__version__"]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-mltutor"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_mltutor"}]


def _load_jupyter_server_extension(serverapp):
    from .serverext import load

    load(serverapp)
