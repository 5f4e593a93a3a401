"""The `jupyterhub_config.py` lines that add the class dashboard to a hub.

Kept as a function so the one-machine test bed and a real hub's config share them:

    from jupyterlab_mltutor.hub.config import configure_class_service
    configure_class_service(c, port=10101, instructors=["ada"])
"""
import json
import sys

SERVICE_NAME = "mltutor-class"
READ_SCOPE = "custom:mltutor-class:read"
INSTRUCTOR_ROLE = "mltutor-instructor"
INSTRUCTORS_GROUP = "instructors"


def _existing(section, key, empty):
    """A value set earlier in the config file, or `empty` (unset keys read as lazy values)."""
    return section[key] if key in section else empty


def configure_class_service(
    c, *, port, instructors=(), data_dir=None, db_url=None, python_path=None, host="127.0.0.1",
    grading=None, config_file=None,
):
    """Define the dashboard service, its custom scope, and the instructors' role.

    `grading`: settings of the dashboard's "Grade current notebooks" (ClassGrader's
    traits, e.g. {"homes_root": ..., "pack": ..., "jobs": 2}); `config_file`: a traitlets
    config file for the service (`c.ClassGrader.pack = ...`), read after them.

    Learners keep their default role plus access to the service (so the service itself
    answers them with 403: only `custom:mltutor-class:read` opens the dashboard).
    Their labs push events with their own server's token; the service asks the hub
    whose token it is.
    """
    url = f"http://{host}:{port}"
    c.JupyterHub.custom_scopes = {
        **_existing(c.JupyterHub, "custom_scopes", {}),
        READ_SCOPE: {
            "description": "See the class dashboard: every learner's self-reported progress.",
        },
    }
    environment = {}
    if data_dir:
        environment["MLTUTOR_CLASS_DATA"] = data_dir
    if db_url:
        environment["MLTUTOR_CLASS_DB_URL"] = db_url
    if python_path:
        environment["PYTHONPATH"] = python_path
    if grading:
        environment["MLTUTOR_CLASS_GRADING"] = json.dumps(grading)
    if config_file:
        environment["MLTUTOR_CLASS_CONFIG"] = config_file
    services = [s for s in _existing(c.JupyterHub, "services", []) if s.get("name") != SERVICE_NAME]
    services.append(
        {
            "name": SERVICE_NAME,
            "url": url,
            "command": [sys.executable, "-m", "jupyterlab_mltutor.hub"],
            "environment": environment,
            "oauth_client_allowed_scopes": [READ_SCOPE],
            "display": True,
            # Configured by the admin: no "authorize access" page for every instructor.
            "oauth_no_confirm": True,
        }
    )
    c.JupyterHub.services = services
    groups = dict(_existing(c.JupyterHub, "load_groups", {}))
    groups[INSTRUCTORS_GROUP] = sorted(set(groups.get(INSTRUCTORS_GROUP, [])) | set(instructors))
    c.JupyterHub.load_groups = groups
    roles = [
        r
        for r in _existing(c.JupyterHub, "load_roles", [])
        if r.get("name") not in (INSTRUCTOR_ROLE, "user")
    ]
    roles.append(
        {
            "name": INSTRUCTOR_ROLE,
            "description": "Instructors: see the class dashboard.",
            "scopes": [READ_SCOPE, f"access:services!service={SERVICE_NAME}"],
            "groups": [INSTRUCTORS_GROUP],
        }
    )
    roles.append(
        {
            "name": "user",
            "description": "Learners: their own servers, and sign-in to the class service.",
            "scopes": ["self", f"access:services!service={SERVICE_NAME}"],
        }
    )
    c.JupyterHub.load_roles = roles
    # Where labs push their verdict events (straight to the service, not through the proxy).
    env = dict(_existing(c.Spawner, "environment", {}))
    env["MLTUTOR_CLASS_SERVICE_URL"] = f"{url}/services/{SERVICE_NAME}/"
    c.Spawner.environment = env
