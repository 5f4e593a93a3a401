"""Starts Debian's jupyter_server for `mltutor verify` / `mltutor check` and the tests.

jupyter_server 1.x leaves Nagle's algorithm on for the kernel websocket,
which adds ~40 ms to every small message; this launcher switches it off when
a kernel websocket opens, then runs the ServerApp with the given arguments.
"""
import sys

from jupyter_server.services.kernels.handlers import ZMQChannelsHandler

_open = ZMQChannelsHandler.open


def _open_without_nagle(self, *args, **kwargs):
    try:
        self.set_nodelay(True)
    except Exception:
        pass
    return _open(self, *args, **kwargs)


ZMQChannelsHandler.open = _open_without_nagle

if __name__ == "__main__":
    from jupyter_server.serverapp import main

    sys.argv[0] = "jupyter-server"
    sys.exit(main())
