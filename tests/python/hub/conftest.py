"""Databases for the class service's tests: SQLite in a temporary folder, and a real
PostgreSQL server (Debian's binaries) started on a private port and socket folder."""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server for the session; skipped where it cannot run."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    folder = tempfile.mkdtemp(prefix="mltutor-pg-")
    data, sockets = os.path.join(folder, "data"), os.path.join(folder, "sockets")
    os.makedirs(sockets)
    run_as = []
    if os.getuid() == 0:  # initdb refuses root: run the server as the postgres account
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        os.chown(sockets, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        run_as + [f"{bindir}/initdb", "-D", data, "-U", "mltutor", "--auth=trust", "-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        run_as
        + [f"{bindir}/postgres", "-D", data, "-p", str(port), "-k", sockets, "-h", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"postgresql+psycopg2://mltutor@127.0.0.1:{port}/postgres"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            probe = subprocess.run(
                [f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)],
                stdout=subprocess.DEVNULL,
            )
            if probe.returncode == 0:
                break
            time.sleep(0.2)
        else:
            pytest.fail("PostgreSQL did not start within 30 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    # A fresh schema per test: drop what the previous test created.
    from sqlalchemy import create_engine

    from jupyterlab_mltutor.hub.db import Base

    engine = create_engine(url, future=True)
    Base.metadata.drop_all(engine)
    engine.dispose()
    return url
