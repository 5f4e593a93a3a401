"""mltutor verify: judge recorded answers in forked copies of one warm kernel.

Installed by `mltutor verify` only (never in a learner's kernel) as the
private module `_mltutor_answers`, beside the check harness. The kernel has
run the cells before an answer's cell, once; `start` forks it, and the child
runs the answer as that cell (outputs captured, nothing sent to the kernel's
sockets) in a private copy of the working directory. The engine then sends
the cell's checks through `ask`, answered by the child's harness exactly as
a fresh kernel would answer them, and `end` discards the child: whatever the
answer did (rebinding names, patching modules, writing files) goes with it,
and the next answer starts from the same state.
"""
import io
import json
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import threading
import time

# Captured at install: an answer that patches these modules must not break the
# replies its fork sends (nor the parent's reading of them).
_dumps, _loads = json.dumps, json.loads
_write, _read, _exit, _select = os.write, os.read, os._exit, select.select
_pack, _unpack = struct.pack, struct.unpack

MODULE_NAME = "_mltutor_answers"
MIME = "application/vnd.mltutor.result+json"
VERSION = None
_children = {}  # pid -> _Child
_GRACE = 10.0  # seconds to wait for a child's answer after an interrupt


class _Result:
    def __init__(self, payload):
        self.payload = payload

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: self.payload}

    def __repr__(self):
        return json.dumps(self.payload)


def _activate(module, version):
    global VERSION
    VERSION = version
    previous = sys.modules.get(MODULE_NAME)
    if previous is not None and previous is not module:
        try:
            previous.end_all()
        except Exception:
            pass
    sys.modules[MODULE_NAME] = module
    return _Result({"installed": version})


# ---------------------------------------------------------------- pipes


def _send(fd, payload):
    data = _dumps(payload, default=str).encode("utf-8")
    view = memoryview(_pack(">Q", len(data)) + data)
    while view:
        view = view[_write(fd, view) :]


def _read_exact(fd, size, deadline):
    chunks, left = [], size
    while left:
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = _select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError("no answer in time")
        chunk = _read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the answer's process ended")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive(fd, deadline=None):
    (size,) = _unpack(">Q", _read_exact(fd, 8, deadline))
    return _loads(_read_exact(fd, size, deadline).decode("utf-8"))


class _Child:
    def __init__(self, pid, commands, replies, workdir):
        self.pid, self.commands, self.replies, self.workdir = pid, commands, replies, workdir

    def receive(self):
        """The child's next message.

        An interrupt (the engine's deadline) waits a grace period for it.
        """
        try:
            return _receive(self.replies)
        except KeyboardInterrupt:
            # The interrupt reached the child too (same process group): it
            # answers what it was doing.
            return _receive(self.replies, time.monotonic() + _GRACE)

    def status(self):
        try:
            pid, code = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return "ended"
        if pid == 0:
            return "running"
        return "exit status %d" % os.waitstatus_to_exitcode(code)

    def close(self):
        for fd in (self.commands, self.replies):
            try:
                os.close(fd)
            except OSError:
                pass
        deadline = time.monotonic() + 2.0
        while self.status() == "running" and time.monotonic() < deadline:
            time.sleep(0.01)
        if self.status() == "running":
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)


# ---------------------------------------------------------------- parent side


def available():
    """Why answers cannot be forked here, or None."""
    if not hasattr(os, "fork") or not hasattr(os, "waitstatus_to_exitcode"):
        return "os.fork is not available on this platform"
    if "_mltutor_harness" not in sys.modules:
        return "the check harness is not installed"
    return None


def probe():
    """The engine's handshake: why answers cannot be forked here (None: they can)."""
    return _Result({"reason": available()})


def start(payload_json):
    """Forks the kernel and runs an answer as the next cell; the child then waits for checks."""
    payload = json.loads(payload_json)
    missing = available()
    if missing:
        return _Result({"unavailable": missing})
    end_all()
    workdir = tempfile.mkdtemp(prefix="mltutor-answer-")
    commands_read, commands_write = os.pipe()
    replies_read, replies_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pools = _thread_pools()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the kernel
        code = 0
        try:
            os.close(commands_write)
            os.close(replies_read)
            _child_main(payload, workdir, commands_read, replies_write, parent, pools)
        except BaseException:
            code = 1
        finally:
            _exit(code)
    os.close(commands_read)
    os.close(replies_write)
    child = _Child(pid, commands_write, replies_read, workdir)
    _children[pid] = child
    try:
        ran = child.receive()
    except (EOFError, TimeoutError) as error:
        _end(pid)
        return _Result({"ended": "%s (%s)" % (error, child.status())})
    ran["child"] = pid
    return _Result(ran)


def ask(pid, payload_json):
    """Runs harness operations in the child; answers as the harness's `run` does."""
    child = _children.get(pid)
    if child is None:
        return _Result({"results": [], "error": "no such answer process"})
    try:
        _send(child.commands, {"op": "run", "payload": payload_json})
        return _Result(child.receive())
    except (EOFError, TimeoutError, BrokenPipeError) as error:
        status = child.status()
        ops = json.loads(payload_json)["ops"]
        message = "the answer's process ended before the check answered (%s: %s)" % (error, status)
        return _Result(
            {"results": [{"id": op["id"], "status": "error", "message": message} for op in ops]}
        )


def _end(pid):
    child = _children.pop(pid, None)
    if child is not None:
        try:
            _send(child.commands, {"op": "exit"})
        except OSError:
            pass
        child.close()


def end(pid):
    """Discards an answer's process and its copy of the working directory."""
    _end(pid)
    return _Result({"ended": pid})


def end_all():
    for pid in list(_children):
        _end(pid)


# ---------------------------------------------------------------- child side


class _Capture(io.TextIOBase):
    """stdout or stderr of the child: recorded as nbformat stream outputs, in order."""

    def __init__(self, name, outputs):
        self.name, self.outputs = name, outputs

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        if not text:
            return 0
        last = self.outputs[-1] if self.outputs else None
        if last and last.get("output_type") == "stream" and last["name"] == self.name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": self.name, "text": text})
        return len(text)

    def isatty(self):
        return False

    @property
    def encoding(self):
        return "utf-8"


def _silence_sockets(shell):
    """After fork the kernel's ZMQ sockets belong to the parent: nothing may be sent on them."""
    for owner in (getattr(shell, "kernel", None), shell.display_pub, shell.displayhook):
        session = getattr(owner, "session", None)
        if session is not None:
            session.send = lambda *args, **kwargs: None


def _fresh_locks(shell):
    """Locks another thread of the kernel held at fork time stay held in the child: replace them.

    IPython's history thread takes the history caches' locks after every cell;
    `run_cell` in the child would wait for them for ever.
    """
    history = getattr(shell, "history_manager", None)
    if history is not None:
        for name in ("db_input_cache_lock", "db_output_cache_lock"):
            if hasattr(history, name):
                setattr(history, name, threading.Lock())
        if hasattr(history, "save_flag"):
            history.save_flag = threading.Event()


def _capture_outputs(shell, outputs):
    for name in ("stdout", "stderr"):
        capture = _Capture(name, outputs)
        kernel_stream = getattr(sys, name)
        # Libraries may hold the kernel's stream (a logging handler): its lock
        # and its thread are the parent's, so it writes to the capture too.
        try:
            kernel_stream.write = capture.write
            kernel_stream.flush = lambda: None
        except Exception:
            pass
        setattr(sys, name, capture)

    def publish(data, metadata=None, *args, **kwargs):
        outputs.append({"output_type": "display_data", "data": data, "metadata": metadata or {}})

    def clear_output(wait=False):
        del outputs[:]

    shell.display_pub.publish = publish
    shell.display_pub.clear_output = clear_output
    hook = shell.displayhook

    def finish_displayhook():
        message = getattr(hook, "msg", None) or {}
        content = message.get("content") or {}
        if content.get("data"):
            outputs.append(
                {
                    "output_type": "execute_result",
                    "data": content["data"],
                    "metadata": content.get("metadata") or {},
                    "execution_count": content.get("execution_count"),
                }
            )
        hook.msg = None

    hook.finish_displayhook = finish_displayhook

    def showtraceback(etype, evalue, stb):
        outputs.append(
            {
                "output_type": "error",
                "ename": etype.__name__,
                "evalue": str(evalue),
                "traceback": stb,
            }
        )

    shell._showtraceback = showtraceback


def _private_workdir(workdir):
    """Answers write files into their own copy of the working directory."""
    here = os.getcwd()
    shutil.copytree(here, workdir, symlinks=True, dirs_exist_ok=True)
    os.chdir(workdir)


_pools = {"modules": -1, "controller": None}


def _thread_pools():
    """The thread pools of the libraries the kernel has loaded, found in the kernel.

    threadpoolctl finds them by walking every loaded library (and looks libc
    up with a subprocess the first time): about 40 ms in each forked answer.
    Found here before forking, and again only when modules were imported
    since, the answers of a cell share one search.
    """
    if not any(name in sys.modules for name in ("threadpoolctl", "sklearn", "numpy")):
        return None
    if _pools["modules"] != len(sys.modules):
        try:
            from threadpoolctl import ThreadpoolController

            _pools["controller"] = ThreadpoolController()
        except Exception:  # threadpoolctl missing, or older than 3.0
            _pools["controller"] = None
        _pools["modules"] = len(sys.modules)
    return _pools["controller"]


def _calm_libraries(pools):
    """Thread pools do not survive fork: the child runs them with one thread.

    GNU OpenMP's pool (scikit-learn's KMeans, torch) waits for ever for the
    parent's threads in a forked child; with one thread it runs inline.
    `pools`: the kernel's ThreadpoolController (`_thread_pools`), or None.
    """
    os.environ["OMP_NUM_THREADS"] = "1"  # for processes the answer starts
    try:
        if pools is not None:
            _calm_libraries.limits = pools.limit(limits=1)
        elif "threadpoolctl" in sys.modules or "numpy" in sys.modules:
            from threadpoolctl import threadpool_limits

            _calm_libraries.limits = threadpool_limits(limits=1)
    except Exception:
        pass
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            torch.set_num_threads(1)
        except Exception:
            pass


def _debug_dumps():
    """MLTUTOR_FORK_DEBUG=DIR: a child still running after 60 s dumps its threads' stacks to DIR."""
    folder = os.environ.get("MLTUTOR_FORK_DEBUG")
    if folder:
        import faulthandler

        _debug_dumps.file = open(os.path.join(folder, "fork-%d.txt" % os.getpid()), "w")
        faulthandler.dump_traceback_later(60, repeat=True, file=_debug_dumps.file)


def _die_with_parent(parent):
    """Linux: the child is killed if the kernel dies.

    An answer looping in an orphan would run for ever.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:  # the kernel died before prctl
        _exit(1)


def _child_main(payload, workdir, commands, replies, parent, pools):
    _die_with_parent(parent)
    _debug_dumps()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # C-level output: the parent's readers must not get it
    os.dup2(null, 2)
    shell = sys.modules["IPython"].get_ipython()
    _silence_sockets(shell)
    _fresh_locks(shell)
    outputs = []
    _capture_outputs(shell, outputs)
    _private_workdir(workdir)
    _calm_libraries(pools)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.perf_counter()
    try:
        result = shell.run_cell(payload["code"], store_history=True)
        status = "ok" if result.success else "error"
    except KeyboardInterrupt:
        status = "error"
    _send(
        replies,
        {
            "outputs": outputs,
            "status": status,
            "ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )
    harness = sys.modules["_mltutor_harness"]
    while True:
        command = _receive(commands)
        if command.get("op") != "run":
            return
        try:
            answer = harness.run(command["payload"]).payload
        except KeyboardInterrupt:
            answer = {
                "results": [
                    {"id": op["id"], "status": "interrupted"}
                    for op in _loads(command["payload"])["ops"]
                ]
            }
        _send(replies, answer)
