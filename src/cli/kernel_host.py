"""Kernels for `mltutor check` and `mltutor grade`, without a Jupyter server.

A whole jupyter_server (extension discovery, contents, sessions, terminals)
takes 1.5-2 s to start before it can start a kernel, and a graceful kernel
shutdown through it takes up to 2.5 s more. This host serves only what
@jupyterlab/services' KernelConnection uses, on 127.0.0.1 with a token: the
kernel websocket (the server's JSON wire protocol, no subprotocol) and the
kernel REST calls (start, model, interrupt, restart, shut down). Kernels are
started by jupyter_client, as the server does, in their own process group;
the ones asked for on the command line start before the host even listens,
so that the kernel boots while the caller loads.

Kernels are throwaway: shutting one down kills its process group at once,
and the host kills every kernel when told to stop (SIGTERM, SIGINT) or when
its parent goes away (its stdin closes). A kernel that dies is not restarted:
its clients get the `dead` status, as from a server whose restarts failed.

Usage: python kernel_host.py --port N --root DIR [--start ID=DIR]...
(the token comes in $MLTUTOR_HOST_TOKEN); prints one JSON line when it
listens.
"""
import argparse
import asyncio
import collections
import hmac
import json
import os
import signal
import struct
import sys
import time
import uuid
from datetime import datetime, timezone

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_path

DELIMITER = b"<IDS|MSG>"
PROTOCOL = "v1.kernel.websocket.jupyter.org"
CHANNELS = ("shell", "control", "stdin", "iopub")
NUDGE_EVERY_S = 0.5
WATCH_EVERY_S = 0.5
STARTUP_TIMEOUT_S = 60
# The Jupyter server's defaults: a print loop must not flood the caller's memory.
RATE_LIMIT_BYTES_S = 1000000
RATE_WINDOW_S = 3.0
RATE_LIMITED = ("stream", "display_data", "execute_result", "update_display_data")
RATE_NOTICE = (
    "IOPub data rate exceeded.\n"
    "The kernel host will temporarily stop sending output\n"
    "to the client in order to avoid crashing it\n"
    f"(limit: {RATE_LIMIT_BYTES_S} bytes/sec over {RATE_WINDOW_S:g} s, as the Jupyter server's).\n"
)


class RateLimit:
    """The Jupyter server's IOPub data rate limit: output beyond
    RATE_LIMIT_BYTES_S, averaged over RATE_WINDOW_S, is dropped until the rate
    falls again; the first drop is told to the client (the checks say so)."""

    def __init__(self, limit=RATE_LIMIT_BYTES_S, window=RATE_WINDOW_S):
        self.limit = limit
        self.window = window
        self.recent = collections.deque()
        self.bytes = 0
        self.exceeded = False

    def admit(self, size, now):
        """(passes, first_drop) for a message of `size` bytes at time `now`."""
        self.recent.append((now + self.window, size))
        self.bytes += size
        while self.recent and self.recent[0][0] < now:
            self.bytes -= self.recent.popleft()[1]
        if self.bytes / self.window > self.limit:
            first = not self.exceeded
            self.exceeded = True
            return False, first
        self.exceeded = False
        return True, False


def confined(root, relative):
    """`relative` inside `root`, or None when it would leave it (a kernel's cwd
    comes from the caller's request)."""
    target = os.path.realpath(os.path.join(root, relative or ""))
    base = os.path.realpath(root)
    if target != base and not target.startswith(base + os.sep):
        return None
    return target


def to_websocket(channel, msg_list):
    """The websocket frame (protocol v1.kernel.websocket.jupyter.org) of a
    message received from the kernel on `channel`: its wire frames as they
    are, after the signature, with their offsets; nothing is parsed."""
    start = msg_list.index(DELIMITER) + 2  # the delimiter, then the signature
    parts = [channel.encode()] + [bytes(frame) for frame in msg_list[start:]]
    count = len(parts) + 1
    offsets = [8 * (1 + count)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack("<" + "Q" * (count + 1), count, *offsets) + b"".join(parts)


def from_websocket(data):
    """The channel and wire frames (header, parent header, metadata, content,
    buffers) of a client's websocket frame (protocol v1)."""
    count = struct.unpack("<Q", data[:8])[0]
    offsets = struct.unpack("<" + "Q" * count, data[8:8 * (count + 1)])
    parts = [data[offsets[i]:offsets[i + 1]] for i in range(count - 1)]
    return parts[0].decode("utf-8"), parts[1:]


def host_header(session_id, msg_type):
    """The header of a message the host itself sends on a kernel's IOPub channel."""
    return json.dumps({
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "mltutor",
        "session": session_id,
        "date": datetime.now(timezone.utc).isoformat(),
        "version": "5.3",
    }).encode()


def notice_message(session_id, parent, text):
    """A stderr `stream` frame from the host, for the request `parent` (raw JSON)."""
    content = json.dumps({"name": "stderr", "text": text}).encode()
    header = host_header(session_id, "stream")
    return to_websocket("iopub", [DELIMITER, b"", header, parent, b"{}", content])


def status_message(session_id, state):
    """An IOPub `status` frame the host itself sends (a kernel that died)."""
    content = json.dumps({"execution_state": state}).encode()
    header = host_header(session_id, "status")
    return to_websocket("iopub", [DELIMITER, b"", header, b"{}", b"{}", content])


class QuickSpecs(KernelSpecManager):
    """Kernel specs found as jupyter_client finds them, without importing
    IPython and ipykernel (with debugpy) into the host: that alone took
    1.2-1.9 s before the kernel could start. The native `python3` spec, when
    none is installed, is ipykernel's own: this Python, `-m ipykernel_launcher`."""

    def _kernel_dirs_default(self):
        ipython = os.environ.get("IPYTHONDIR") or os.path.join(
            os.path.expanduser("~"), ".ipython"
        )
        return jupyter_path("kernels") + [os.path.join(ipython, "kernels")]

    def get_kernel_spec(self, kernel_name):
        for kernel_dir in self.kernel_dirs:
            path = os.path.join(kernel_dir, kernel_name.lower())
            if os.path.isfile(os.path.join(path, "kernel.json")):
                return KernelSpec.from_resource_dir(path)
        if kernel_name == "python3":
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher",
                      "-f", "{connection_file}"],
                display_name="Python 3 (ipykernel)",
                language="python",
                metadata={"debugger": True},
                resource_dir="",
            )
        raise NoSuchKernel(kernel_name)


class HostedKernel:
    """One kernel and the websockets connected to it."""

    def __init__(self, kernel_id, name, cwd):
        self.id = kernel_id
        self.name = name
        self.cwd = cwd
        self.manager = AsyncKernelManager(
            kernel_name=name, kernel_spec_manager=QuickSpecs()
        )
        self.started = asyncio.get_event_loop().create_future()
        self.state = "starting"
        self.clients = set()
        self.stopping = False
        self.restarting = False

    def model(self):
        return {
            "id": self.id,
            "name": self.name,
            "last_activity": datetime.now(timezone.utc).isoformat(),
            "execution_state": self.state,
            "connections": len(self.clients),
        }

    async def start(self):
        try:
            await self.manager.start_kernel(cwd=self.cwd)
            self.state = "idle"
            self.started.set_result(True)
        except Exception as error:  # reported to whoever connects
            self.state = "dead"
            self.started.set_exception(error)
            return
        asyncio.ensure_future(self.watch())

    async def watch(self):
        """Tells the clients when the kernel process goes away on its own."""
        while not self.stopping:
            await asyncio.sleep(WATCH_EVERY_S)
            if self.stopping or self.restarting:
                continue
            if not await self.manager.is_alive():
                self.died()
                return

    def died(self):
        self.state = "dead"
        for client in list(self.clients):
            client.send_status("dead")

    def kill(self):
        """Kills the kernel's process group now: a throwaway kernel has nothing
        to save, and its shutdown must not hold the caller."""
        self.stopping = True
        self.state = "dead"
        provisioner = self.manager.provisioner
        process = getattr(provisioner, "process", None) if provisioner else None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
            try:
                process.wait(1)  # reaped: no zombie left behind
            except Exception:
                pass
        try:
            self.manager.cleanup_connection_file()
        except OSError:
            pass


def make_app(host):
    """The tornado application: only the kernel API a KernelConnection uses."""
    from tornado import web, websocket
    from zmq.eventloop.zmqstream import ZMQStream

    class Authenticated:
        def authenticated(self):
            header = self.request.headers.get("Authorization", "")
            given = self.get_argument("token", "") or (
                header[6:] if header.startswith("token ") else ""
            )
            return hmac.compare_digest(given.encode(), host.token.encode())

    class Rest(Authenticated, web.RequestHandler):
        def prepare(self):
            if not self.authenticated():
                raise web.HTTPError(403)

        def check_xsrf_cookie(self):
            pass

        def kernel(self, kernel_id):
            found = host.kernels.get(kernel_id)
            if found is None:
                raise web.HTTPError(404)
            return found

        def reply(self, status, body=None):
            self.set_status(status)
            if body is not None:
                self.set_header("Content-Type", "application/json")
                self.write(json.dumps(body))

    class Status(Rest):
        def get(self):
            self.reply(200, {"kernels": len(host.kernels)})

    class Kernels(Rest):
        def get(self):
            self.reply(200, [k.model() for k in host.kernels.values()])

        async def post(self):
            body = json.loads(self.request.body or b"{}")
            cwd = confined(host.root, body.get("path", ""))
            if cwd is None or not os.path.isdir(cwd):
                raise web.HTTPError(400, "path outside the root or missing")
            kernel = host.add(uuid.uuid4().hex, body.get("name") or "python3", cwd)
            await kernel.started
            self.reply(201, kernel.model())

    class Kernel(Rest):
        def get(self, kernel_id):
            self.reply(200, self.kernel(kernel_id).model())

        def delete(self, kernel_id):
            self.kernel(kernel_id)
            host.remove(kernel_id)
            self.reply(204)

    class Interrupt(Rest):
        async def post(self, kernel_id):
            kernel = self.kernel(kernel_id)
            await kernel.started
            await kernel.manager.interrupt_kernel()
            self.reply(204)

    class Restart(Rest):
        async def post(self, kernel_id):
            kernel = self.kernel(kernel_id)
            await kernel.started
            for client in list(kernel.clients):
                client.send_status("restarting")
            kernel.restarting = True
            try:
                await kernel.manager.restart_kernel(now=True)
            finally:
                kernel.restarting = False
            kernel.state = "idle"
            self.reply(200, kernel.model())

    class Channels(Authenticated, websocket.WebSocketHandler):
        def select_subprotocol(self, subprotocols):
            return PROTOCOL if PROTOCOL in subprotocols else None

        def check_origin(self, origin):
            return origin is None or origin.startswith("http://127.0.0.1:")

        async def get(self, kernel_id):
            if not self.authenticated() or kernel_id not in host.kernels:
                raise web.HTTPError(403 if kernel_id in host.kernels else 404)
            self.kernel = host.kernels[kernel_id]
            await super().get(kernel_id)

        async def open(self, kernel_id):
            self.set_nodelay(True)
            self.streams = {}
            if self.selected_subprotocol != PROTOCOL:
                self.close(1002, "this host speaks " + PROTOCOL + " only")
                return
            self.session_id = self.get_argument("session_id", uuid.uuid4().hex)
            try:
                await asyncio.wait_for(
                    asyncio.shield(self.kernel.started), STARTUP_TIMEOUT_S
                )
            except Exception:
                self.close(1011, "the kernel did not start")
                return
            manager = self.kernel.manager
            self.session = manager.session
            identity = self.session_id.encode()
            for channel in CHANNELS:
                socket = getattr(manager, "connect_" + channel)(identity=identity)
                self.streams[channel] = ZMQStream(socket)
            await self.nudge(manager)
            for channel, stream in self.streams.items():
                stream.on_recv(self.forwarder(channel))
            self.kernel.clients.add(self)

        async def nudge(self, manager):
            """Waits until the kernel answers and our IOPub subscription works
            (ZMQ drops what is published before a subscriber joins)."""
            shell = ZMQStream(manager.connect_shell())
            iopub = self.streams["iopub"]
            heard = asyncio.get_event_loop().create_future()

            def on_iopub(_):
                if not heard.done():
                    heard.set_result(True)

            iopub.on_recv(on_iopub)
            shell.on_recv(lambda _: None)
            try:
                for _ in range(int(STARTUP_TIMEOUT_S / NUDGE_EVERY_S)):
                    if self.kernel.state == "dead" or self.ws_connection is None:
                        return
                    self.session.send(shell, "kernel_info_request")
                    try:
                        await asyncio.wait_for(asyncio.shield(heard), NUDGE_EVERY_S)
                        return
                    except asyncio.TimeoutError:
                        continue
            finally:
                iopub.stop_on_recv()
                shell.close()

        def forwarder(self, channel):
            limit = RateLimit()

            def forward(msg_list):
                if self.ws_connection is None:
                    return
                if channel == "iopub" and not self.admitted(limit, msg_list):
                    return
                self.write_message(to_websocket(channel, msg_list), binary=True)
            return forward

        def admitted(self, limit, msg_list):
            start = msg_list.index(DELIMITER) + 2
            header = json.loads(bytes(msg_list[start]))
            if header.get("msg_type") not in RATE_LIMITED:
                return True
            size = sum(len(frame) for frame in msg_list[start + 3:])
            passes, first = limit.admit(size, time.monotonic())
            if first:
                self.write_message(notice_message(
                    self.session_id, bytes(msg_list[start + 1]), RATE_NOTICE
                ), binary=True)
            return passes

        def send_status(self, state):
            if self.ws_connection is not None:
                self.write_message(
                    status_message(self.session_id, state), binary=True
                )

        def on_message(self, data):
            if isinstance(data, str):
                return
            channel, frames = from_websocket(data)
            stream = self.streams.get(channel)
            if stream is None or self.kernel.state == "dead":
                return
            self.session.send_raw(stream, frames)

        def on_close(self):
            self.kernel.clients.discard(self)
            for stream in self.streams.values():
                if not stream.closed():
                    stream.close()

    kernel_id = r"/api/kernels/(?P<kernel_id>[0-9a-zA-Z_-]+)"
    return web.Application([
        (r"/api/status", Status),
        (r"/api/kernels", Kernels),
        (kernel_id, Kernel),
        (kernel_id + "/interrupt", Interrupt),
        (kernel_id + "/restart", Restart),
        (kernel_id + "/channels", Channels),
    ], websocket_ping_interval=0)


class Host:
    """The kernels, by id."""

    def __init__(self, root, token):
        self.root = root
        self.token = token
        self.kernels = {}

    def add(self, kernel_id, name, cwd):
        kernel = HostedKernel(kernel_id, name, cwd)
        self.kernels[kernel_id] = kernel
        asyncio.ensure_future(kernel.start())
        return kernel

    def remove(self, kernel_id):
        kernel = self.kernels.pop(kernel_id, None)
        if kernel is not None:
            for client in list(kernel.clients):
                client.send_status("dead")
                client.close(1000)
            kernel.kill()

    def stop(self):
        for kernel_id in list(self.kernels):
            self.remove(kernel_id)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--start", action="append", default=[],
                        help="ID=DIR: a kernel to start at once, in DIR under the root")
    return parser.parse_args(argv)


async def serve(args):
    token = os.environ.pop("MLTUTOR_HOST_TOKEN", "")
    if not token:
        raise SystemExit("kernel_host: $MLTUTOR_HOST_TOKEN is not set")
    host = Host(args.root, token)
    for item in args.start:
        kernel_id, _, relative = item.partition("=")
        cwd = confined(args.root, relative)
        if cwd is None:
            raise SystemExit(f"kernel_host: {relative} leaves the root")
        host.add(kernel_id, "python3", cwd)
    # The kernels boot while tornado loads (its ssl setup alone takes 0.4 s).
    for kernel in list(host.kernels.values()):
        await asyncio.wait([kernel.started])
    make_app(host).listen(args.port, address="127.0.0.1")
    loop = asyncio.get_event_loop()
    done = loop.create_future()

    def finish(*_):
        if not done.done():
            done.set_result(True)

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, finish)
    # The caller holds our stdin: when it goes away, so do we and the kernels.
    stdin = sys.stdin.fileno()
    loop.add_reader(stdin, lambda: os.read(stdin, 1024) or finish())
    print(json.dumps({"listening": args.port}), flush=True)
    await done
    # Nothing to wait for: the kernels are killed, and so is this process.
    host.stop()
    sys.stdout.flush()
    os._exit(0)


def main(argv=None):
    asyncio.run(serve(parse(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()
