"""The class dashboard: a JupyterHub service (`python -m jupyterlab_mltutor.hub`).

Instructors sign in through the hub (OAuth) and need the custom scope
`custom:mltutor-class:read`; everybody else gets 403. Labs push verdict events with
their server's own hub token; the hub says whose token it is. Instructors can grade
the class's current notebooks from the page (grading.py): one run at a time.
"""
import json
import logging
import os
import secrets
import signal
import sys
from urllib.parse import urlparse

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from tornado import ioloop, web
from traitlets.config import Config, PyFileConfigLoader

from .config import READ_SCOPE
from .grading import ClassGrader, GradingUnavailable, JobRunning
from .store import ClassStore

HERE = os.path.dirname(os.path.abspath(__file__))
log = logging.getLogger("mltutor.class")


class Health(web.RequestHandler):
    def get(self):
        self.finish({"ok": True})


class InstructorHandler(HubOAuthenticated, web.RequestHandler):
    """Only users whose token carries the class's read scope."""

    hub_scopes = {READ_SCOPE}

    @property
    def store(self):
        return self.settings["store"]


class DashboardPage(InstructorHandler):
    @web.authenticated
    def get(self):
        user = self.get_current_user()
        hub_prefix = os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/"
        template = self.settings["jinja"].get_template("dashboard.html")
        self.finish(
            template.render(
                user={"name": user["name"], "json_escaped_name": json.dumps(user["name"])[1:-1]},
                base_url=hub_prefix,
                prefix=self.settings["prefix"],
                logout_url=hub_prefix + "logout",
                static_url=lambda path, include_version=True: hub_prefix + "static/" + path,
                parsed_scopes=set(),
                services=[],
                no_spawner_check=True,
                service_prefix=self.settings["prefix"],
            )
        )


def grading_state(grader):
    return {"job": grader.status(), "problem": grader.settings_problem()}


class ClassData(InstructorHandler):
    @web.authenticated
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        view = self.store.class_view()
        view["grading"] = grading_state(self.settings["grader"])
        self.finish(json.dumps(view))


class GradeHandler(InstructorHandler):
    """GET the latest grading run; POST {"exercise": "pack/exercise" or ""} starts one."""

    def check_xsrf_cookie(self):
        # Cookie-authenticated: a page elsewhere must not make an instructor's browser
        # start runs. A custom header and a JSON body need a CORS preflight this
        # service never grants; browsers that say where a request comes from must say here.
        site = self.request.headers.get("Sec-Fetch-Site")
        if site and site not in ("same-origin", "none"):
            raise web.HTTPError(403, "grading starts only from the dashboard's own page")
        if self.request.headers.get("X-MLTutor-Dashboard") != "1":
            raise web.HTTPError(403, "grading starts only from the dashboard's own page")

    def _send(self, status, body):
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    @web.authenticated
    def get(self):
        self._send(200, grading_state(self.settings["grader"]))

    @web.authenticated
    def post(self):
        self.check_xsrf_cookie()
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the body must be JSON")
        scope = body.get("exercise", "") if isinstance(body, dict) else None
        if not isinstance(scope, str) or len(scope) > 401 or (scope and scope.count("/") != 1):
            raise web.HTTPError(400, 'expected {"exercise": "pack/exercise"} or "" for all')
        grader = self.settings["grader"]
        try:
            job = grader.start(scope, self.get_current_user()["name"])
        except JobRunning as running:
            self._send(409, {"error": "A grading run is already going.", "job": running.job})
            return
        except GradingUnavailable as error:
            self._send(503, {"error": str(error), "job": grader.status()})
            return
        self._send(202, {"job": job})


class ClassCSV(InstructorHandler):
    @web.authenticated
    def get(self):
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="class-progress.csv"')
        self.finish(self.store.csv())


class EventsHandler(web.RequestHandler):
    """POST events: the learner is whoever the hub says owns the token, never the body."""

    def check_xsrf_cookie(self):
        pass  # token-authenticated API: no cookies are used

    async def post(self):
        header = self.request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() not in ("token", "bearer") or not token:
            raise web.HTTPError(401, "a hub token is required")
        model = await HubOAuth.instance().user_for_token(token, sync=False)
        if not model or model.get("kind", "user") != "user":
            raise web.HTTPError(403, "only learners' tokens may report progress")
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the body must be JSON")
        events = body.get("events") if isinstance(body, dict) else None
        if not isinstance(events, list) or len(events) > 500:
            raise web.HTTPError(400, 'expected {"events": [...]}, at most 500')
        acknowledged, new = self.settings["store"].ingest(model["name"], events)
        self.finish({"acknowledged": acknowledged, "new": new})


def _cookie_secret(data_dir):
    """Kept in the data folder, so a restart does not sign instructors out."""
    path = os.path.join(data_dir, "cookie_secret")
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        secret = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secret)
        return secret


def make_app(store, prefix, data_dir, grader=None):
    jinja = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(os.path.join(HERE, "templates")), FileSystemLoader(_hub_templates())]
        ),
        autoescape=select_autoescape(["html"]),
    )
    return web.Application(
        [
            (prefix, DashboardPage),
            (prefix + "api/class", ClassData),
            (prefix + "class.csv", ClassCSV),
            (prefix + "api/events", EventsHandler),
            (prefix + "api/grade", GradeHandler),
            (prefix + "health", Health),
            (prefix + "oauth_callback", HubOAuthCallbackHandler),
            (
                prefix + "static/(.*)",
                web.StaticFileHandler,
                {"path": os.path.join(HERE, "static")},
            ),
        ],
        store=store,
        grader=grader or ClassGrader(store, data_dir),
        prefix=prefix,
        jinja=jinja,
        cookie_secret=_cookie_secret(data_dir),
    )


def _hub_templates():
    from jupyterhub._data import DATA_FILES_PATH

    return os.path.join(DATA_FILES_PATH, "templates")


def grading_config(environ=os.environ):
    """The ClassGrader's settings: $MLTUTOR_CLASS_GRADING (JSON, from configure_class_service)
    and then the traitlets config file named by $MLTUTOR_CLASS_CONFIG, which wins."""
    config = Config()
    raw = environ.get("MLTUTOR_CLASS_GRADING")
    if raw:
        grading = json.loads(raw)
        if not isinstance(grading, dict):
            raise ValueError("MLTUTOR_CLASS_GRADING must be a JSON object of ClassGrader settings")
        config.ClassGrader = Config(grading)
    path = environ.get("MLTUTOR_CLASS_CONFIG")
    if path:
        folder, name = os.path.split(os.path.abspath(path))
        config.merge(PyFileConfigLoader(name, path=folder).load_config())
    return config


def make_grader(store, data_dir, environ=os.environ):
    """The class's grader; broken grading settings switch grading off, never the dashboard."""
    try:
        return ClassGrader(store, data_dir, config=grading_config(environ))
    except Exception as error:
        log.error("grading is switched off: its settings are not valid: %s", error)
        grader = ClassGrader(store, data_dir)
        grader.config_problem = f"its settings are not valid ({error})"
        return grader


def main():
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/mltutor-class/")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    data_dir = os.environ.get("MLTUTOR_CLASS_DATA") or os.path.join(os.getcwd(), "mltutor-class")
    os.makedirs(data_dir, exist_ok=True)
    db_url = os.environ.get("MLTUTOR_CLASS_DB_URL") or "sqlite:///" + os.path.join(
        data_dir, "class.sqlite"
    )
    store = ClassStore(db_url)
    grader = make_grader(store, data_dir)
    app = make_app(store, prefix, data_dir, grader)
    app.listen(url.port, url.hostname or "127.0.0.1")

    def stop(signum, frame):
        # The hub stops services with SIGTERM: a grading run goes with the service.
        grader.stop_process()
        ioloop.IOLoop.current().add_callback_from_signal(ioloop.IOLoop.current().stop)

    signal.signal(signal.SIGTERM, stop)
    with open(os.path.join(data_dir, "service.pid"), "w") as f:
        f.write(str(os.getpid()))
    log.info("mltutor class dashboard at %s (database %s)", prefix, store.engine.url.drivername)
    ioloop.IOLoop.current().start()
