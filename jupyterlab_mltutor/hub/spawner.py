"""A local-process spawner for classes on one machine: one home per learner, no system accounts.

JupyterHub's own `SimpleLocalProcessSpawner` puts homes under /tmp and picks ports with
`random_port()`, so two learners spawning at once can be handed the same port. This
spawner keeps every learner's home under one private folder and hands out ports it has
claimed itself; the single-user server is started with `port_retries=0`, so a port that
was taken after all makes the spawn fail loudly instead of listening somewhere the proxy
does not route to.
"""
import os
import socket
import threading

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Unicode, default

_claimed_ports = set()
_claim_lock = threading.Lock()


def claim_port(host="127.0.0.1"):
    """A port that is free now and that no other spawner of this hub holds."""
    with _claim_lock:
        for _ in range(100):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind((host, 0))
                port = probe.getsockname()[1]
            if port not in _claimed_ports:
                _claimed_ports.add(port)
                return port
    raise RuntimeError("no free port found for a single-user server")


def release_port(port):
    with _claim_lock:
        _claimed_ports.discard(port)


class ClassroomSpawner(SimpleLocalProcessSpawner):
    """Spawns each learner's lab as a local process in `<homes_root>/<username>`."""

    homes_root = Unicode(
        "",
        config=True,
        help="Folder holding one home folder per learner (created on first spawn).",
    )

    @default("home_dir_template")
    def _default_home_dir_template(self):
        root = self.homes_root or os.path.join(os.getcwd(), "homes")
        return os.path.join(root, "{username}")

    @default("ip")
    def _default_ip(self):
        return "127.0.0.1"

    def get_args(self):
        # Never let the server move to another port: the hub routes to the one we chose.
        return list(super().get_args()) + ["--ServerApp.port_retries=0"]

    async def start(self):
        if not self.port:
            self.port = claim_port(self.ip or "127.0.0.1")
        try:
            return await super().start()
        except Exception:
            self._release()
            raise

    async def stop(self, now=False):
        try:
            await super().stop(now=now)
        finally:
            self._release()

    def _release(self):
        if self.port:
            release_port(self.port)
            # A fresh port on the next start: the old one may linger in TIME_WAIT.
            self.port = 0
