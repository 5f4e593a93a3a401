"""jupyterlab-mltutor: machine-learning exercises checked live in the learner's kernel.

The Python package only ships the prebuilt JupyterLab extension; checks need no
Python package in the kernel's environment.
"""
from ._version import __version__

__all__ = ["__version__"]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-mltutor"}]
