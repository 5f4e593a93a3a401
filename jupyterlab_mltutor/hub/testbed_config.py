"""`jupyterhub -f` config for a class on one machine.

Used by the hub tests and by scripts/class-on-one-machine.sh.

Everything comes from environment variables so the tests and the script can run several
hubs side by side on free ports and private folders:

  MLTUTOR_CLASS_DIR        private folder: hub database, cookie secret, homes/, service data
  MLTUTOR_CLASS_PORT       the public port (the proxy), on 127.0.0.1
  MLTUTOR_CLASS_HUB_PORT   the hub's own port; MLTUTOR_CLASS_PROXY_API_PORT the proxy's API
  MLTUTOR_CLASS_SERVICE_PORT  the class dashboard service's port
  MLTUTOR_CLASS_PASSWORD   the one password of the test authenticator (required)
  MLTUTOR_CLASS_INSTRUCTORS   comma-separated instructor names (default: teacher)
  MLTUTOR_CLASS_ADMINS     comma-separated hub admins (default: admin)
  MLTUTOR_CLASS_POLICY     a class policy file (JSON) the learners cannot write (optional)
  MLTUTOR_CLASS_DB_URL     the dashboard's database URL (default: SQLite in its data folder)
  MLTUTOR_CLASS_ADMIN_TOKEN  a token for scripts (spawn, stop, measure) as the
                           "class-admin" service (optional)
  MLTUTOR_REPO             the repository (default: found from this file)
  MLTUTOR_CLASS_PYTHONPATH where labs and the service import jupyterlab_mltutor from
                           (default: the wheel installed by scripts/setup.sh in build/prefix)
  MLTUTOR_CLASS_GRADING    JSON of the dashboard's grading settings (ClassGrader traits),
                           over the defaults: the homes above, the repository's CLI
                           (node bin/mltutor.js) and its pack (exercises/)

Not for a real class with strangers: the test authenticator lets anyone with the
password in, and the spawner gives no isolation between learners beyond folders.
"""
import glob
import json
import os
import shutil
import sys

from jupyterlab_mltutor.hub.config import SERVICE_NAME, configure_class_service

c = get_config()  # noqa: F821 (provided by jupyterhub -f)


def _env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise SystemExit(f"{name} must be set (see jupyterlab_mltutor/hub/testbed_config.py)")
    return value


def _names(name, default):
    return [n.strip() for n in _env(name, default).split(",") if n.strip()]


REPO = os.path.abspath(
    _env("MLTUTOR_REPO", os.path.join(os.path.dirname(__file__), "..", ".."))
)
CLASS_DIR = os.path.abspath(_env("MLTUTOR_CLASS_DIR"))
HOMES = os.path.join(CLASS_DIR, "homes")
os.makedirs(HOMES, exist_ok=True)

c.JupyterHub.bind_url = f"http://127.0.0.1:{_env('MLTUTOR_CLASS_PORT')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{_env('MLTUTOR_CLASS_HUB_PORT')}"
c.JupyterHub.db_url = f"sqlite:///{os.path.join(CLASS_DIR, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(CLASS_DIR, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(CLASS_DIR, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

# The proxy from npm (Debian's does not start under this Node).
c.ConfigurableHTTPProxy.command = [
    os.path.join(REPO, "node_modules", ".bin", "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_env('MLTUTOR_CLASS_PROXY_API_PORT')}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(CLASS_DIR, "proxy.pid")

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = _env("MLTUTOR_CLASS_PASSWORD")
c.Authenticator.admin_users = set(_names("MLTUTOR_CLASS_ADMINS", "admin"))

c.JupyterHub.spawner_class = "jupyterlab_mltutor.hub.spawner.ClassroomSpawner"
c.ClassroomSpawner.homes_root = HOMES
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# The project's lab, hub-aware, serving the extension from the installed wheel.
c.Spawner.cmd = [sys.executable, os.path.join(REPO, "lab", "singleuser.py")]
c.Spawner.args = [
    f"--LabServerApp.extra_labextensions_path={os.path.join(REPO, 'build', 'labextensions')}",
    "--ServerApp.allow_root=True",
]
_site = glob.glob(os.path.join(REPO, "build", "prefix", "lib", "python3*", "site-packages"))
_site += glob.glob(os.path.join(REPO, "build", "prefix", "local", "lib", "python3*", "*-packages"))
c.Spawner.environment = {
    # The Python package as `pip install` put it, not the source tree (unless told).
    "PYTHONPATH": os.environ.get("MLTUTOR_CLASS_PYTHONPATH") or os.pathsep.join(_site),
    "PLOTLY_RENDERER": "plotly_mimetype",
}
_policy = os.environ.get("MLTUTOR_CLASS_POLICY")
if _policy:
    c.Spawner.environment["MLTUTOR_CLASS_POLICY"] = os.path.abspath(_policy)

_node = shutil.which("node") or "node"
_grading = {
    "homes_root": HOMES,
    "command": [_node, os.path.join(REPO, "bin", "mltutor.js")],
    "pack": os.path.join(REPO, "exercises"),
    **json.loads(os.environ.get("MLTUTOR_CLASS_GRADING") or "{}"),
}
configure_class_service(
    c,
    grading=_grading,
    port=int(_env("MLTUTOR_CLASS_SERVICE_PORT")),
    instructors=_names("MLTUTOR_CLASS_INSTRUCTORS", "teacher"),
    data_dir=os.path.join(CLASS_DIR, "service"),
    db_url=os.environ.get("MLTUTOR_CLASS_DB_URL") or None,
    python_path=c.Spawner.environment["PYTHONPATH"],
)
_admin_token = os.environ.get("MLTUTOR_CLASS_ADMIN_TOKEN")
if _admin_token:
    c.JupyterHub.services.append({"name": "class-admin", "api_token": _admin_token})
    c.JupyterHub.load_roles.append(
        {
            "name": "class-admin",
            "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
            "services": ["class-admin"],
        }
    )
print(f"mltutor class: homes in {HOMES}, dashboard service {SERVICE_NAME}", file=sys.stderr)
