"""`jupyterhub -f` config of the classroom bench: the hub test bed as the hub tests start it.

One addition: the bench's own admin token (the test bed's "class-admin" service, from
MLTUTOR_CLASS_ADMIN_TOKEN) also gets the dashboard's read scope, so the bench reads the
class dashboard's API as an instructor's page does, without a browser login.
"""
import os

from jupyterlab_mltutor.hub.config import READ_SCOPE

c = get_config()  # noqa: F821 (provided by jupyterhub -f)
load_subconfig(  # noqa: F821 (provided by jupyterhub -f)
    os.path.join(os.environ["MLTUTOR_REPO"], "jupyterlab_mltutor", "hub", "testbed_config.py")
)
for role in c.JupyterHub.load_roles:
    if role.get("name") == "class-admin":
        role["scopes"] = [*role["scopes"], READ_SCOPE]
