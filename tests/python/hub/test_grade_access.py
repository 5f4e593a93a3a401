"""Who may grade: the service's real handlers and JupyterHub's own scope check, with
only the hub's answer to "whose cookie is this?" stood in (the hub UI test does it
against a real hub). A learner gets 403 and starts nothing; an instructor's press from
elsewhere than the dashboard's page is refused; a second press says a run is going."""
import asyncio
import json
import os
import socket

import pytest
from jupyterhub.services.auth import HubOAuth
from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer

from jupyterlab_mltutor.hub.config import READ_SCOPE
from jupyterlab_mltutor.hub.grading import ClassGrader
from jupyterlab_mltutor.hub.service import make_app
from jupyterlab_mltutor.hub.store import ClassStore

PREFIX = "/services/mltutor-class/"
PEOPLE = {
    "teacher": {"name": "teacher", "kind": "user", "scopes": [READ_SCOPE, "access:services"]},
    "dave": {"name": "dave", "kind": "user", "scopes": ["access:services!service=mltutor-class"]},
}


@pytest.fixture
def service(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "test-token")
    monkeypatch.setenv("JUPYTERHUB_API_URL", "http://127.0.0.1:9/hub/api")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", PREFIX)
    monkeypatch.setenv("JUPYTERHUB_OAUTH_ACCESS_SCOPES", json.dumps([READ_SCOPE]))

    def who(self, handler, **kwargs):
        return dict(PEOPLE[handler.request.headers["X-Test-Person"]])

    monkeypatch.setattr(HubOAuth, "get_user", who)
    HubOAuth.clear_instance()
    store = ClassStore(f"sqlite:///{tmp_path / 'class.sqlite'}")
    script = tmp_path / "slow-cli"
    script.write_text("#!/bin/sh\nsleep 2\nexit 2\n")
    script.chmod(0o755)
    (tmp_path / "homes" / "ann" / "ml-exercises" / "squares").mkdir(parents=True)
    notebook = {"cells": [], "metadata": {"mltutor": {"pack": "p", "exercise": "squares"}}}
    (tmp_path / "homes" / "ann" / "ml-exercises" / "squares" / "squares.ipynb").write_text(
        json.dumps(notebook)
    )
    grader = ClassGrader(
        store, str(tmp_path), command=[str(script)], pack=str(tmp_path),
        homes_root=str(tmp_path / "homes"),
    )
    yield store, grader
    HubOAuth.clear_instance()


def call(store, grader, requests):
    async def run():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = HTTPServer(make_app(store, PREFIX, str(grader.folder) + "-app", grader))
        server.listen(port, "127.0.0.1")
        client = AsyncHTTPClient()
        answers = []
        try:
            for person, method, path, headers, body in requests:
                response = await client.fetch(
                    f"http://127.0.0.1:{port}{PREFIX}{path}", method=method, body=body,
                    headers={"X-Test-Person": person, **headers}, raise_error=False,
                    follow_redirects=False,
                )
                answers.append((response.code, json.loads(response.body or b"null")
                                if response.headers.get("Content-Type", "").startswith(
                                    "application/json") else None))
            while grader.current is not None:
                await asyncio.sleep(0.05)
        finally:
            server.stop()
        return answers

    os.makedirs(str(grader.folder) + "-app", exist_ok=True)
    return asyncio.run(run())


FROM_PAGE = {"X-MLTutor-Dashboard": "1", "Content-Type": "application/json"}
ALL = json.dumps({"exercise": ""})


def test_a_learner_gets_403_and_starts_nothing(service):
    store, grader = service
    answers = call(store, grader, [
        ("dave", "POST", "api/grade", FROM_PAGE, ALL),
        ("dave", "GET", "api/grade", {}, None),
        ("dave", "GET", "api/class", {}, None),
    ])
    assert [code for code, _ in answers] == [403, 403, 403]
    assert grader.status() is None


def test_an_instructor_grades_once_at_a_time_and_only_from_the_page(service):
    store, grader = service
    answers = call(store, grader, [
        ("teacher", "POST", "api/grade", {"Content-Type": "application/json"}, ALL),
        ("teacher", "POST", "api/grade", {**FROM_PAGE, "Sec-Fetch-Site": "cross-site"}, ALL),
        ("teacher", "POST", "api/grade", FROM_PAGE, json.dumps({"exercise": "no-slash"})),
        ("teacher", "POST", "api/grade", FROM_PAGE, ALL),
        ("teacher", "POST", "api/grade", FROM_PAGE, json.dumps({"exercise": "p/squares"})),
        ("teacher", "GET", "api/class", {}, None),
    ])
    codes = [code for code, _ in answers]
    assert codes == [403, 403, 400, 202, 409, 200]
    started, second, view = answers[3][1], answers[4][1], answers[5][1]
    assert started["job"]["requestedBy"] == "teacher"
    assert second["error"] == "A grading run is already going."
    assert second["job"]["id"] == started["job"]["id"]
    assert view["grading"]["job"]["id"] == started["job"]["id"]
    # The stand-in CLI fails: the run says so, with its exit status.
    assert grader.status()["state"] == "failed"
    assert "exited with status 2" in grader.status()["error"]
