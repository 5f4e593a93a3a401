#!/usr/bin/env bash
# Measures a class on one machine: spawn time per learner, and memory per learner (the
# lab server + an idle kernel, then with the ML stack imported). Prints the figures and
# how many learners this machine holds. Starts and stops its own hub on free ports.
#   bash scripts/hub-bench.sh [LEARNERS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "${1:-3}" <<'PY'
import asyncio, glob, json, os, secrets, shutil, socket, subprocess, sys, tempfile, time, uuid
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = os.getcwd()
N = int(sys.argv[1])
ML_STACK = "import numpy, pandas, sklearn, matplotlib.pyplot, seaborn, torch"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pss_mb(proc):
    """Proportional set size of a process and its children: shared libraries counted fairly."""
    total = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            with open(f"/proc/{p.pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def api(client, url, token, method="GET", body=None):
    r = await client.fetch(HTTPRequest(url, method=method, headers={"Authorization": f"token {token}"},
                                       body=None if body is None else json.dumps(body),
                                       allow_nonstandard_methods=True, request_timeout=300),
                           raise_error=False)
    return r.code, (json.loads(r.body) if r.body else None)


async def run_code(url, token, kernel_id, code):
    ws = await websocket_connect(HTTPRequest(f"ws{url[4:]}/api/kernels/{kernel_id}/channels",
                                             headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    await ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "bench", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False}}))
    while True:
        msg = json.loads(await ws.read_message())
        if msg.get("msg_type") == "execute_reply" and msg["parent_header"].get("msg_id") == msg_id:
            ws.close()
            return msg["content"]["status"]


async def main():
    folder = tempfile.mkdtemp(prefix="mltutor-bench-")
    token = secrets.token_hex(24)
    port = free_port()
    site = (glob.glob(f"{REPO}/build/prefix/*/lib/python3*/*-packages") +
            glob.glob(f"{REPO}/build/prefix/lib/python3*/*-packages"))[0]
    env = dict(os.environ, MLTUTOR_REPO=REPO, MLTUTOR_CLASS_DIR=folder, MLTUTOR_CLASS_PORT=str(port),
               MLTUTOR_CLASS_HUB_PORT=str(free_port()), MLTUTOR_CLASS_PROXY_API_PORT=str(free_port()),
               MLTUTOR_CLASS_SERVICE_PORT=str(free_port()), MLTUTOR_CLASS_PASSWORD=secrets.token_hex(6),
               MLTUTOR_CLASS_ADMIN_TOKEN=token, CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(24),
               PYTHONPATH=site)
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f",
                            f"{REPO}/jupyterlab_mltutor/hub/testbed_config.py"],
                           cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    client = AsyncHTTPClient()
    try:
        t0 = time.monotonic()
        while True:
            try:
                code, _ = await api(client, f"{base}/hub/api/users", token)
                if code == 200:
                    break
            except Exception:
                pass
            if hub.poll() is not None or time.monotonic() - t0 > 120:
                raise SystemExit("the hub did not start")
            await asyncio.sleep(0.3)
        hub_up = time.monotonic() - t0
        hub_mb = pss_mb(psutil.Process(hub.pid))
        rows = []
        for i in range(N):
            name = f"learner{i + 1}"
            await api(client, f"{base}/hub/api/users/{name}", token, "POST", {})
            start = time.monotonic()
            await api(client, f"{base}/hub/api/users/{name}/server", token, "POST", {})
            while True:
                _, user = await api(client, f"{base}/hub/api/users/{name}", token)
                if user["servers"].get("", {}).get("ready"):
                    break
                await asyncio.sleep(0.1)
            spawn_s = time.monotonic() - start
            home = os.path.join(folder, "homes", name)
            server = next(p for p in psutil.process_iter(["cwd", "cmdline"])
                          if p.info["cwd"] == home and "singleuser.py" in " ".join(p.info["cmdline"] or []))
            url = f"{base}/user/{name}"
            await asyncio.sleep(2)
            lab_mb = pss_mb(server)
            _, kernel = await api(client, f"{url}/api/kernels", token, "POST", {"name": "python3"})
            await run_code(url, token, kernel["id"], "1 + 1")
            await asyncio.sleep(1)
            idle_mb = pss_mb(server)
            t = time.monotonic()
            status = await run_code(url, token, kernel["id"], ML_STACK)
            import_s = time.monotonic() - t
            ml_mb = pss_mb(server)
            rows.append((name, spawn_s, lab_mb, idle_mb, ml_mb, import_s, status))
        available = psutil.virtual_memory().available / 2**20
        total = psutil.virtual_memory().total / 2**20
        print(f"hub + proxy + dashboard service: up in {hub_up:.1f} s, hub {hub_mb:.0f} MB PSS")
        print(f"{'learner':10} {'spawn s':>8} {'lab MB':>8} {'+kernel MB':>11} {'+ML stack MB':>13} {'import s':>9}")
        for name, spawn_s, lab_mb, idle_mb, ml_mb, import_s, status in rows:
            print(f"{name:10} {spawn_s:8.1f} {lab_mb:8.0f} {idle_mb:11.0f} {ml_mb:13.0f} {import_s:9.1f}  {status}")
        idle = sum(r[3] for r in rows) / len(rows)
        ml = sum(r[4] for r in rows) / len(rows)
        spawn = sorted(r[1] for r in rows)[len(rows) // 2]
        print(f"per learner (PSS, lab server + kernel): idle kernel {idle:.0f} MB, ML stack loaded {ml:.0f} MB; "
              f"median spawn {spawn:.1f} s")
        print(f"this machine: {total:.0f} MB RAM, {available:.0f} MB available now -> about "
              f"{int(available * 0.8 // idle)} learners with idle kernels, {int(available * 0.8 // ml)} with the "
              f"ML stack loaded (80% of available memory)")
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, 9)
        shutil.rmtree(folder, ignore_errors=True)


asyncio.run(main())
PY
