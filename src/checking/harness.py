"""mltutor check harness: runs checks in the learner's kernel, out of their way.

Sent by the check engine (src/checking) and installed once per kernel session
as the private module `_mltutor_harness` in `sys.modules`: it binds no name in
the learner's namespace. The engine calls `run(payload)` from a user
expression of a silent execute request and reads the JSON result from the
`application/vnd.mltutor.result+json` MIME bundle it returns.

Guarantees: checks read the learner's namespace through a shallow copy (names
bound by a check do not leak), deep-copy the names an expression passes to
code it calls, restore the random generators' states, close the figures a
check drew, and use builtins and library functions captured at install time,
so learner code that shadows or monkeypatches them cannot make a wrong answer
pass. Figures: a hook snapshots the matplotlib figures of every non-silent
execution before the inline backend closes them.
"""
# Builtins are looked up in this copy, frozen at install: patching the
# `builtins` module later does not change what the harness calls.
__builtins__ = dict(vars(__import__("builtins")))

import ast
import copy
import io
import json
import linecache
import signal
import sys
import threading
import time

MODULE_NAME = "_mltutor_harness"
MIME = "application/vnd.mltutor.result+json"
VERSION = None  # set by _activate to the engine's hash of this source
_PRISTINE = __builtins__
_REFERENCE_CACHE = {}
_REFERENCE_CACHE_SIZE = 32
_REFERENCE_FOLDERS = {}  # content hash -> folder with a pack's data files, for references
_state = {"tracking": False, "figures": [], "cell": 0, "gcf": None, "source": None}


class _Libraries:
    """NumPy and pandas functions captured at install time (None when missing)."""

    np = None
    pd = None


_lib = _Libraries()


def _capture_libraries():
    try:
        import numpy

        _lib.np = _Namespace(
            asarray=numpy.asarray,
            isclose=numpy.isclose,
            isnat=numpy.isnat,
            argwhere=numpy.argwhere,
            count_nonzero=numpy.count_nonzero,
            equal=numpy.equal,
            logical_or=numpy.logical_or,
            logical_and=numpy.logical_and,
            logical_not=numpy.logical_not,
            ndarray=numpy.ndarray,
            generic=numpy.generic,
            number=numpy.number,
            bool_=numpy.bool_,
            random_get=numpy.random.get_state,
            random_set=numpy.random.set_state,
            dtype=numpy.dtype,
            object_=numpy.object_,
            frombuffer=numpy.frombuffer,
            empty=numpy.empty,
            ascontiguousarray=numpy.ascontiguousarray,
        )
    except Exception:
        _lib.np = None
    try:
        import pandas

        frame, series, index = pandas.DataFrame, pandas.Series, pandas.Index
        _lib.pd = _Namespace(
            DataFrame=frame,
            Series=series,
            Index=index,
            MultiIndex=pandas.MultiIndex,
            RangeIndex=pandas.RangeIndex,
            isna=pandas.isna,
            frame_numpy=_attr(frame, "to_numpy"),
            frame_columns=_attr(frame, "columns"),
            frame_index=_attr(frame, "index"),
            frame_dtypes=_attr(frame, "dtypes"),
            frame_getitem=_attr(frame, "__getitem__"),
            frame_sort_values=_attr(frame, "sort_values"),
            frame_sort_index=_attr(frame, "sort_index"),
            series_numpy=_attr(series, "to_numpy"),
            series_index=_attr(series, "index"),
            series_dtype=_attr(series, "dtype"),
            series_name=_attr(series, "name"),
            series_sort_values=_attr(series, "sort_values"),
            series_sort_index=_attr(series, "sort_index"),
            index_numpy=_attr(index, "to_numpy"),
        )
    except Exception:
        _lib.pd = None


class _Namespace:
    def __init__(self, **items):
        self.__dict__.update(items)


def _attr(cls, name):
    """A getter for `cls.name` frozen now: a later patch of the class does not reach it."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            if hasattr(found, "__get__"):
                return lambda obj, _d=found, _c=cls: _d.__get__(obj, _c)
            return lambda obj, _v=found: _v
    raise AttributeError(name)


# ---------------------------------------------------------------- results


class _Result:
    """What `run` returns: IPython formats it as our MIME bundle."""

    def __init__(self, payload):
        self.payload = payload

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: self.payload}

    def __repr__(self):
        return json.dumps(self.payload)


def _short(value, limit=80):
    try:
        text = repr(value)
    except Exception:
        text = "<%s>" % type(value).__name__
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _code(text):
    """`text` as a markdown code span."""
    fence = "``" if "`" in text else "`"
    return "%s%s%s" % (fence, text, fence)


# ---------------------------------------------------------------- namespaces


def _user_ns():
    return sys.modules["__main__"].__dict__ if _shell() is None else _shell().user_ns


def _shell():
    ipython = sys.modules.get("IPython")
    getter = getattr(ipython, "get_ipython", None)
    return getter() if getter else None


def _check_namespace(user_ns):
    """A shallow copy of the learner's names, with pristine builtins.

    A learner function or class bound to a builtin's name (`len = ...`) is
    replaced by the builtin; data bound to such a name (`sum = 3`) stays.
    """
    ns = dict(user_ns)
    for name, original in _PRISTINE.items():
        if name in ns and ns[name] is not original and callable(ns[name]):
            ns[name] = original
    ns["__builtins__"] = _PRISTINE
    return ns


def _is_code_object(value):
    return isinstance(value, (type, type(sys), type(_short), type(len), type(_Result(0).__repr__)))


def _isolate_arguments(tree, ns):
    """Deep-copies the data names an expression reads when it calls code."""
    if not any(isinstance(node, ast.Call) for node in ast.walk(tree)):
        return
    memo = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ns and node.id != "__builtins__":
            value = ns[node.id]
            if value is _PRISTINE.get(node.id) or _is_code_object(value):
                continue
            try:
                ns[node.id] = copy.deepcopy(value, memo)
            except Exception:
                pass  # not copyable (generators, locks): read as it is


# ---------------------------------------------------------------- figures


def _figure_snapshot(figure):
    axes = []
    for ax in figure.get_axes():
        axes.append(
            {
                "title": " ".join(
                    t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t
                ),
                "xlabel": ax.get_xlabel(),
                "ylabel": ax.get_ylabel(),
                "xticklabels": [t.get_text() for t in ax.get_xticklabels()],
                "yticklabels": [t.get_text() for t in ax.get_yticklabels()],
                "texts": [t.get_text() for t in ax.texts],
                "patches": len(ax.patches),
                "lines": len(ax.lines),
                "images": len(ax.images),
                "collections": len(ax.collections),
            }
        )
    suptitle = getattr(figure, "_suptitle", None)
    return {"suptitle": suptitle.get_text() if suptitle else "", "axes": axes}


def _snapshot_managers(managers):
    for manager in managers:
        try:
            _state["figures"].append(_figure_snapshot(manager.canvas.figure))
        except Exception:
            pass


def _open_managers():
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    return list(helpers.Gcf.figs.values()) if helpers else []


def _on_pre_run_cell(info=None):
    _state["tracking"] = True
    _state["figures"] = []
    _state["cell"] += 1
    # Checks that replay the cell (a training loop on generated data) read its source.
    _state["source"] = getattr(info, "raw_cell", None)
    _wrap_gcf()
    _ensure_first_post_execute()


def _on_post_execute():
    if _state["tracking"]:
        _snapshot_managers(_open_managers())
        _state["tracking"] = False


def _ensure_first_post_execute():
    """Our post_execute hook must run before the inline backend closes the figures."""
    shell = _shell()
    if shell is None:
        return
    callbacks = shell.events.callbacks["post_execute"]
    if not callbacks or callbacks[0] is not _on_post_execute:
        if _on_post_execute in callbacks:
            callbacks.remove(_on_post_execute)
        callbacks.insert(0, _on_post_execute)


def _wrap_gcf():
    """Snapshots figures closed during a cell (plt.show, plt.close) before they go."""
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    if helpers is None or _state["gcf"] is not None:
        return
    gcf = helpers.Gcf
    destroy, destroy_all = gcf.__dict__["destroy"], gcf.__dict__["destroy_all"]

    def tracked_destroy(cls, num):
        if _state["tracking"]:
            _snapshot_managers([m for key, m in cls.figs.items() if m is num or key == num])
        return destroy.__func__(cls, num)

    def tracked_destroy_all(cls):
        if _state["tracking"]:
            _snapshot_managers(list(cls.figs.values()))
        return destroy_all.__func__(cls)

    gcf.destroy = classmethod(tracked_destroy)
    gcf.destroy_all = classmethod(tracked_destroy_all)
    _state["gcf"] = (gcf, destroy, destroy_all)


def _close_new_figures(before):
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    if helpers is None:
        return
    for key in [key for key in helpers.Gcf.figs if key not in before]:
        manager = helpers.Gcf.figs.pop(key, None)
        try:
            manager.destroy()
        except Exception:
            pass


# ---------------------------------------------------------------- install


def _activate(module, version):
    """Registers this module and its hooks; replaces an earlier harness."""
    global VERSION
    previous = sys.modules.get(MODULE_NAME)
    if previous is not None and previous is not module:
        try:
            previous._deactivate()
        except Exception:
            pass
    VERSION = version
    _capture_libraries()
    try:
        __import__("matplotlib._pylab_helpers")
    except Exception:
        pass
    _wrap_gcf()
    shell = _shell()
    if shell is not None:
        shell.events.register("pre_run_cell", _on_pre_run_cell)
        _ensure_first_post_execute()
    sys.modules[MODULE_NAME] = module
    return _Result({"installed": version})


def _deactivate():
    shell = _shell()
    if shell is not None:
        for event, hook in (("pre_run_cell", _on_pre_run_cell), ("post_execute", _on_post_execute)):
            if hook in shell.events.callbacks[event]:
                shell.events.callbacks[event].remove(hook)
    if _state["gcf"] is not None:
        gcf, destroy, destroy_all = _state["gcf"]
        gcf.destroy, gcf.destroy_all = destroy, destroy_all
        _state["gcf"] = None


# ---------------------------------------------------------------- running checks


class _RandomStates:
    """Saves and restores the global random generators a check may advance."""

    def __init__(self):
        self.saved = []
        for name, get, put in self._generators():
            try:
                self.saved.append((put, get()))
            except Exception:
                pass

    @staticmethod
    def _generators():
        found = [("random", __import__("random").getstate, __import__("random").setstate)]
        if _lib.np is not None:
            found.append(("numpy", _lib.np.random_get, _lib.np.random_set))
        torch = sys.modules.get("torch")
        if torch is not None and hasattr(torch, "get_rng_state"):
            found.append(("torch", torch.get_rng_state, torch.set_rng_state))
        return found

    def restore(self):
        for put, state in self.saved:
            try:
                put(state)
            except Exception:
                pass


class _OverBudget(KeyboardInterrupt):
    """An operation ran past its own budget: raised by the budget's alarm.

    A KeyboardInterrupt, so that every `except KeyboardInterrupt: raise` of the
    operations lets it through, as it does the engine's interrupt.
    """


# Captured at install: learner code that rebinds them later changes nothing here.
_setitimer = getattr(signal, "setitimer", None)
_getitimer = getattr(signal, "getitimer", None)
_set_handler = signal.signal
_ALARM = getattr(signal, "SIGALRM", None)
_main_thread = threading.main_thread
_current_thread = threading.current_thread


_alarm = {"armed": False}


def _on_alarm(signum, frame):
    # Only while an op runs: an alarm that lands as the op ends changes nothing.
    if _alarm["armed"]:
        _alarm["armed"] = False
        raise _OverBudget()


def _budget_alarm(op):
    """Arms an alarm for the op's own budget (`budget_ms`); returns how to disarm it, or None.

    The operations of one cell share one request, so each keeps its own time
    limit here. Without a usable alarm (not the main thread, no SIGALRM, or a
    timer of the learner's running) the engine's deadline for the whole request
    still stops a runaway check.
    """
    budget = op.get("budget_ms")
    if (
        not budget
        or _setitimer is None
        or _ALARM is None
        or _current_thread() is not _main_thread()
    ):
        return None
    try:
        if _getitimer(signal.ITIMER_REAL)[0] > 0:
            return None
        previous = _set_handler(_ALARM, _on_alarm)
        _alarm["armed"] = True
        _setitimer(signal.ITIMER_REAL, budget / 1000.0)
    except Exception:
        return None

    def disarm():
        _alarm["armed"] = False
        _setitimer(signal.ITIMER_REAL, 0)
        _set_handler(_ALARM, previous)

    return disarm


def run(payload_json):
    """Runs the operations of one request; never raises."""
    started = time.perf_counter()
    payload = json.loads(payload_json)
    results = []
    out, err = sys.stdout, sys.stderr
    randoms = _RandomStates()
    figures_before = (
        set(sys.modules["matplotlib._pylab_helpers"].Gcf.figs)
        if "matplotlib._pylab_helpers" in sys.modules
        else set()
    )
    try:
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        ops = payload["ops"]
        for position, op in enumerate(ops):
            op_started = time.perf_counter()
            disarm = None
            try:
                disarm = _budget_alarm(op)
                result = _run_op(op)
            except _OverBudget:
                results.append({"id": op["id"], "status": "timeout"})
                results.extend({"id": o["id"], "status": "skipped"} for o in ops[position + 1 :])
                break
            except KeyboardInterrupt:
                results.append({"id": op["id"], "status": "interrupted"})
                results.extend({"id": o["id"], "status": "skipped"} for o in ops[position + 1 :])
                break
            except BaseException as error:  # a bug of the harness: an error, not a pass
                result = {"status": "error", "message": "the checker failed: %s" % _describe(error)}
            finally:
                if disarm is not None:
                    disarm()
            result["id"] = op["id"]
            result["ms"] = round((time.perf_counter() - op_started) * 1000, 2)
            if "expected_from" in op:  # where a value op's expected value came from
                result["expected_from"] = op["expected_from"]
            results.append(result)
    finally:
        sys.stdout, sys.stderr = out, err
        randoms.restore()
        _close_new_figures(figures_before)
        # Expected values stay in the kernel no longer than the check: learner code could read them.
        _REFERENCE_CACHE.clear()
    return _Result({"results": results, "ms": round((time.perf_counter() - started) * 1000, 2)})


def _describe(error):
    text = str(error)
    return "%s: %s" % (type(error).__name__, text) if text else type(error).__name__


def _run_op(op):
    kind = op["op"]
    if kind == "value":
        return _op_value(op)
    if kind == "assert":
        return _op_assert(op)
    if kind == "read":
        return _op_read(op)
    if kind == "figures":
        return {"status": "data", "data": {"figures": _state["figures"], "cell": _state["cell"]}}
    if kind == "diagnose":
        return _op_diagnose(op)
    if kind == "reference":
        return _op_reference(op)
    return {"status": "error", "message": "unknown operation %r" % kind}


def _expected_of(op):
    """The value a `value` op compares with: given, recorded for this pack version, or computed.

    A recorded value (`op["cached"]`, from the exercise's expected.json) is used
    only when its key is the hash of exactly this reference and these files and
    it was computed under this kernel's environment: a stale or foreign entry
    costs the time of running the reference, never a verdict.
    """
    if "expected" in op:
        return op["expected"]
    source = op["reference"]
    if source not in _REFERENCE_CACHE:
        value = _recorded_value(op)
        origin = "reference" if value is _NOT_RECORDED else "recorded"
        if origin == "reference":
            value = _run_reference(op)
        if len(_REFERENCE_CACHE) >= _REFERENCE_CACHE_SIZE:
            _REFERENCE_CACHE.pop(next(iter(_REFERENCE_CACHE)))
        _REFERENCE_CACHE[source] = (value, origin)
    value, op["expected_from"] = _REFERENCE_CACHE[source]
    return value


def _run_reference(op):
    """Runs a reference in a fresh private namespace with pristine builtins; its `expected`."""
    ns = {"__builtins__": _PRISTINE, "__name__": "__mltutor_reference__"}
    with _in_reference_folder(op.get("files")):
        exec(compile(op["reference"], "<reference of %s>" % op["id"], "exec"), ns)
    if "expected" not in ns:
        raise NameError("the reference code must bind a name `expected`")
    return ns["expected"]


class _in_reference_folder:
    """Runs a reference in a private folder holding the pack's own copies of its data files.

    The learner's folder holds their copies, which they may change: a
    reference that read those would move the expected answer with them.
    """

    def __init__(self, files):
        self.files, self.previous = files, None

    def __enter__(self):
        if self.files:
            import os

            self.previous = os.getcwd()
            os.chdir(_reference_folder(self.files))

    def __exit__(self, *exc):
        if self.previous is not None:
            __import__("os").chdir(self.previous)
        return False


def _reference_folder(files):
    """A temporary folder with `files` ([{path, format, content}]) written once per content."""
    import base64
    import hashlib
    import os
    import tempfile

    key = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
    folder = _REFERENCE_FOLDERS.get(key)
    if folder is not None and os.path.isdir(folder):
        return folder
    folder = tempfile.mkdtemp(prefix="mltutor-reference-")
    for item in files:
        parts = [part for part in item["path"].split("/") if part not in ("", ".")]
        if not parts or ".." in parts:
            raise ValueError("the data file %r is not inside the exercise" % item["path"])
        target = os.path.join(folder, *parts)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        content = item["content"]
        data = base64.b64decode(content) if item["format"] == "base64" else content.encode("utf-8")
        with open(target, "wb") as handle:
            handle.write(data)
    _REFERENCE_FOLDERS[key] = folder
    return folder


# ---------------------------------------------------------------- recorded expected values
# `mltutor verify --write-expected` records what each reference computes in the
# exercise's expected.json; the engine sends an entry with its value op. Values
# travel in a tagged JSON encoding (packs are data: no pickle), exact for every
# type it knows; anything else is not recorded and its reference runs as before.

_NOT_RECORDED = object()
_ENVIRONMENT = {}  # the kernel's fingerprint, computed on first use
#: The distributions whose versions can change what a reference computes.
ENVIRONMENT_PACKAGES = (
    "numpy",
    "pandas",
    "scikit-learn",
    "scipy",
    "torch",
    "torchvision",
    "matplotlib",
)
#: Larger encodings are not recorded: they would weigh on every page that loads the pack.
MAX_RECORDED_CHARS = 1 << 15


def environment():
    """Python's and the installed libraries' versions, read without importing the libraries."""
    if not _ENVIRONMENT:
        import platform
        from importlib import metadata

        found = {
            "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
            "machine": platform.machine(),
        }
        for name in ENVIRONMENT_PACKAGES:
            try:
                found[name] = metadata.version(name)
            except Exception:
                pass  # not installed: absent from the fingerprint
        _ENVIRONMENT.update(found)
    return dict(_ENVIRONMENT)


def reference_key(source, files):
    """sha256 of a reference and the data files it gets, exactly as the harness runs them."""
    import base64
    import hashlib

    digest = hashlib.sha256()

    def part(data):
        digest.update(b"%d:" % len(data))
        digest.update(data)

    part(b"mltutor-reference-1")
    part(source.encode("utf-8"))
    for item in sorted(files or (), key=lambda item: item["path"]):
        content = item["content"]
        data = base64.b64decode(content) if item["format"] == "base64" else content.encode("utf-8")
        part(item["path"].encode("utf-8"))
        part(data)
    return digest.hexdigest()


def _recorded_value(op):
    """The recorded value of a value op when its entry is current here, else _NOT_RECORDED."""
    entry = op.get("cached")
    if not isinstance(entry, dict) or "value" not in entry:
        return _NOT_RECORDED
    try:
        if entry.get("env") != environment():
            return _NOT_RECORDED
        if entry.get("key") != reference_key(op["reference"], op.get("files")):
            return _NOT_RECORDED
        return decode(entry["value"])
    except KeyboardInterrupt:
        raise
    except BaseException:
        return _NOT_RECORDED  # unreadable entry: compute the reference


class Unencodable(ValueError):
    """A value the recorded encoding does not hold exactly."""


def _bytes_of(array):
    import base64

    return base64.b64encode(array.tobytes()).decode("ascii")


def _array_from(encoded):
    import base64

    np = _lib.np
    dtype = np.dtype(encoded["dtype"])
    shape = tuple(encoded["shape"])
    if "items" in encoded:
        flat = np.empty(len(encoded["items"]), dtype=dtype)
        for position, item in enumerate(encoded["items"]):
            flat[position] = decode(item)
        return flat.reshape(shape)
    data = base64.b64decode(encoded["data"])
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def _encode_array(array):
    if array.dtype.hasobject:
        if array.dtype != _lib.np.dtype(object):
            raise Unencodable("structured arrays with objects are not recorded")
        return {
            "dtype": "object",
            "shape": list(array.shape),
            "items": [encode(item) for item in array.ravel().tolist()],
        }
    if array.dtype.kind not in "biufcmMUS":
        raise Unencodable("arrays of dtype %s are not recorded" % array.dtype)
    return {
        "dtype": array.dtype.str,
        "shape": list(array.shape),
        "data": _bytes_of(_lib.np.ascontiguousarray(array)),
    }


def _encode_index(index):
    pd = _lib.pd
    if isinstance(index, pd.MultiIndex):
        return {
            "multi_index": {
                "levels": [
                    _encode_array(index.get_level_values(level).to_numpy())
                    for level in range(index.nlevels)
                ],
                "names": [encode(name) for name in index.names],
            }
        }
    if isinstance(index, pd.RangeIndex):
        return {
            "range_index": {
                "start": index.start,
                "stop": index.stop,
                "step": index.step,
                "name": encode(index.name),
            }
        }
    return {"index": {"values": _encode_array(index.to_numpy()), "name": encode(index.name)}}


def _decode_index(encoded):
    pd = _lib.pd
    if "multi_index" in encoded:
        body = encoded["multi_index"]
        return pd.MultiIndex.from_arrays(
            [_array_from(level) for level in body["levels"]],
            names=[decode(name) for name in body["names"]],
        )
    if "range_index" in encoded:
        body = encoded["range_index"]
        return pd.RangeIndex(body["start"], body["stop"], body["step"], name=decode(body["name"]))
    body = encoded["index"]
    values = _array_from(body["values"])
    return pd.Index(values, dtype=values.dtype, name=decode(body["name"]))


def _encode_number(value):
    if isinstance(value, int):
        return {"int": str(value)}
    return {"float": repr(value)}


def encode(value):
    """The tagged JSON encoding of `value`; raises Unencodable for what it cannot hold exactly."""
    np, pd = _lib.np, _lib.pd
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind in (int, float):
        return _encode_number(value)
    if kind in (list, tuple):
        return {kind.__name__: [encode(item) for item in value]}
    if kind is dict:
        return {"dict": [[encode(key), encode(item)] for key, item in value.items()]}
    if np is not None and isinstance(value, np.generic) and kind is not np.object_:
        return {"numpy": _encode_array(np.asarray(value))}
    if np is not None and kind is np.ndarray:
        return {"ndarray": _encode_array(value)}
    if pd is not None and kind is pd.Series:
        return {
            "series": {
                "values": _encode_array(value.to_numpy()),
                "index": _encode_index(value.index),
                "name": encode(value.name),
            }
        }
    if pd is not None and kind is pd.DataFrame:
        return {
            "frame": {
                "columns": _encode_index(value.columns),
                "index": _encode_index(value.index),
                "values": [
                    _encode_array(value.iloc[:, i].to_numpy()) for i in range(value.shape[1])
                ],
            }
        }
    if isinstance(value, pd.Index if pd is not None else ()):
        return _encode_index(value)
    torch = sys.modules.get("torch")
    if torch is not None and kind is torch.Tensor:
        if value.requires_grad or value.device.type != "cpu":
            raise Unencodable("tensors that require grad or are not on the CPU are not recorded")
        return {"tensor": _encode_array(value.detach().contiguous().numpy())}
    raise Unencodable("values of type %s are not recorded" % kind.__name__)


def decode(encoded):
    """The value `encode` encoded."""
    if encoded is None or isinstance(encoded, (bool, str)):
        return encoded
    ((tag, body),) = encoded.items()
    if tag == "int":
        return int(body)
    if tag == "float":
        return float(body)
    if tag in ("list", "tuple"):
        items = [decode(item) for item in body]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {decode(key): decode(item) for key, item in body}
    if tag == "numpy":
        return _array_from(body)[()]
    if tag == "ndarray":
        return _array_from(body)
    if tag == "series":
        values = _array_from(body["values"])
        index = _decode_index(body["index"])
        return _lib.pd.Series(values, index=index, name=decode(body["name"]), dtype=values.dtype)
    if tag == "frame":
        pd = _lib.pd
        columns = [_array_from(column) for column in body["values"]]
        frame = pd.DataFrame(dict(enumerate(columns)), index=_decode_index(body["index"]))
        frame.columns = _decode_index(body["columns"])
        return frame
    if tag in ("index", "range_index", "multi_index"):
        return _decode_index(encoded)
    if tag == "tensor":
        import torch

        return torch.from_numpy(_array_from(body))
    raise ValueError("unknown recorded value tag %r" % tag)


def identical(a, b):
    """Whether two values are the same to the last bit: types, dtypes, shapes, names and values."""
    np, pd = _lib.np, _lib.pd
    if type(a) is not type(b):
        return False
    kind = type(a)
    if kind is float:
        return (a != a and b != b) or (a == b and str(a) == str(b))  # -0.0 is not 0.0
    if a is None or kind in (bool, str, int):
        return a == b
    if kind in (list, tuple):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    if kind is dict:
        return identical(list(a), list(b)) and all(identical(a[k], b[k]) for k in a)
    if np is not None and isinstance(a, (np.ndarray, np.generic)):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.hasobject:
            return all(identical(x, y) for x, y in zip(a.ravel().tolist(), b.ravel().tolist()))
        return np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
    if pd is not None and isinstance(a, pd.Index):
        return (
            a.dtype == b.dtype
            and list(a.names) == list(b.names)
            and (a.nlevels > 1 or identical(a.to_numpy(), b.to_numpy()))
            and all(
                identical(a.get_level_values(i).to_numpy(), b.get_level_values(i).to_numpy())
                for i in range(a.nlevels)
            )
        )
    if pd is not None and kind is pd.Series:
        return (
            a.dtype == b.dtype
            and identical(a.name, b.name)
            and identical(a.index, b.index)
            and identical(a.to_numpy(), b.to_numpy())
        )
    if pd is not None and kind is pd.DataFrame:
        return (
            list(a.dtypes) == list(b.dtypes)
            and identical(a.columns, b.columns)
            and identical(a.index, b.index)
            and all(
                identical(a.iloc[:, column].to_numpy(), b.iloc[:, column].to_numpy())
                for column in range(a.shape[1])
            )
        )
    torch = sys.modules.get("torch")
    if torch is not None and kind is torch.Tensor:
        return (
            a.dtype == b.dtype
            and a.requires_grad == b.requires_grad
            and a.device == b.device
            and identical(a.detach().contiguous().numpy(), b.detach().contiguous().numpy())
        )
    return False


_EXACT = {"rtol": 0, "atol": 0, "check_dtype": True, "check_names": True, "check_index": True}


def recordable(value):
    """(True, encoding) when `value` decodes back to exactly itself, else (False, why not)."""
    try:
        encoded = encode(value)
        text = json.dumps(encoded, allow_nan=False)
    except (Unencodable, TypeError, ValueError, OverflowError) as error:
        return False, str(error)
    if len(text) > MAX_RECORDED_CHARS:
        return False, "its encoding is %d characters (at most %d are recorded)" % (
            len(text),
            MAX_RECORDED_CHARS,
        )
    try:
        back = decode(json.loads(text))
        same = identical(back, value) and (
            _kind(value) == "other"  # what the comparers do not know (tensors): bit for bit only
            or _compare(back, value, _Options(_EXACT), "expected") is None
        )
    except Exception as error:
        return False, "it does not decode back: %s" % _describe(error)
    return (True, encoded) if same else (False, "it does not decode back to the same value")


def _op_reference(op):
    """verify: runs a reference from scratch and says how its recorded entry stands.

    `recorded`: `absent` (no entry), `stale` (another key or environment),
    `same` (current and equal to what the reference computes now) or `differs`.
    """
    try:
        value = _run_reference(op)
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        return {"status": "error", "message": "the reference raised %s" % _describe(error)}
    key, env = reference_key(op["reference"], op.get("files")), environment()
    ok, encoded = recordable(value)
    data = {"key": key, "env": env, ("value" if ok else "unrecorded"): encoded}
    entry = op.get("cached")
    if not isinstance(entry, dict):
        data["recorded"] = "absent"
    elif entry.get("key") != key or entry.get("env") != env:
        data["recorded"] = "stale"
    else:
        try:
            same = identical(decode(entry.get("value")), value)
        except Exception:
            same = False
        data["recorded"] = "same" if same else "differs"
    return {"status": "data", "data": data}


def _op_value(op):
    try:
        expected = _expected_of(op)
        tree = ast.parse(op["expr"], mode="eval")
        code = compile(tree, "<check %s>" % op["id"], "eval")
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        return {"status": "error", "message": "the check is broken: %s" % _describe(error)}
    ns = _check_namespace(_user_ns())
    _isolate_arguments(tree, ns)
    try:
        actual = eval(code, ns)
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        during = "when the check evaluated %s" % _code(op["expr"])
        message = _learner_raised(error, during) or "%s raised %s" % (
            _code(op["expr"]),
            _describe(error),
        )
        return _failed(op, message, _check_namespace(_user_ns()), error, expected=expected)
    if _GRADED["on"] and _genuine(expected) and not _genuine(actual):
        return {"status": "fail", "message": _not_genuine(actual, op["expr"])}
    difference = _compare(actual, expected, _Options(op), op["expr"])
    if difference is None:
        return {"status": "pass"}
    return _failed(
        op, difference, _check_namespace(_user_ns()), None, value=actual, expected=expected
    )


#: The name under which assert checks (and their diagnoses) read the source of the
#: last cell the learner ran: the checked cell, since checks run right after it.
CELL_SOURCE_NAME = "__cell_source__"


def _op_assert(op):
    graded = _GRADED["on"]
    try:
        compiler = _graded_test_code if graded else compile
        code = compiler(op["code"], "<check %s>" % op["id"], "exec")
    except SyntaxError as error:
        return {"status": "error", "message": "the check is broken: %s" % _describe(error)}
    # A test that deletes the learner's names runs in their own namespace: sent only to
    # throwaway kernels (mltutor check, grade); browsers never receive such checks.
    own = op.get("mutates_namespace")
    ns = _user_ns() if own else _check_namespace(_user_ns())
    if graded:
        _graded_namespace(ns)
    if not own:
        ns[CELL_SOURCE_NAME] = _state["source"]
    try:
        exec(code, ns)
    except KeyboardInterrupt:
        raise
    except AssertionError as error:
        message = (
            _learner_raised(error, "when the test called it")
            or str(error)
            or op.get("message")
            or "the test's assertion failed"
        )
        return dict(_failed(op, message, ns, error), assertion=True)
    except BaseException as error:
        message = _learner_raised(
            error, "when the test called it"
        ) or "Your code raised %s" % _describe(error)
        return _failed(op, message, ns, error)
    return {"status": "pass"}


# ---------------------------------------------------------------- diagnoses and the learner's line


def _failed(op, message, ns, exception, **names):
    """A failure, with the id of the first diagnosis of the check that holds."""
    result = {"status": "fail", "message": message}
    found = _diagnose(
        op.get("diagnoses") or (), ns, dict(names, error=message, exception=exception)
    )
    if found is not None:
        result["diagnosis"] = found
    return result


def _diagnose(diagnoses, ns, names):
    """Id of the first diagnosis whose `when` is truthy; one that raises does not hold."""
    for diagnosis in diagnoses:
        try:
            tree = ast.parse(diagnosis["when"], mode="eval")
            scope = dict(ns)
            scope.update(names)
            _isolate_arguments(tree, scope)  # read-only, like the check
            if eval(compile(tree, "<diagnosis %s>" % diagnosis["id"], "eval"), scope):
                return diagnosis["id"]
        except KeyboardInterrupt:
            raise
        except BaseException:
            continue
    return None


def _op_diagnose(op):
    """The diagnosis of a check judged outside the kernel (figure, quiz and output checks).

    `figures` is the snapshot a figure check judged; `names` carries what the
    engine found (a quiz's `answer`, an output check's `text`), plain JSON.
    """
    names = {"error": op.get("error", ""), "exception": None, "figures": _state["figures"]}
    extra = op.get("names")
    if isinstance(extra, dict):
        names.update((key, value) for key, value in extra.items() if key.isidentifier())
    return {
        "status": "data",
        "data": {
            "diagnosis": _diagnose(op.get("diagnoses") or (), _check_namespace(_user_ns()), names)
        },
    }


def _learner_cells():
    """File names IPython gave the learner's cells, mapped to their execution counts."""
    names = getattr(getattr(_shell(), "compile", None), "_filename_map", None)
    return names if isinstance(names, dict) else {}


def _learner_frame(error):
    """The learner's frame where `error` started, when learner code (not the check) raised it.

    The innermost traceback frame that is either check code or a learner cell
    decides: library frames deeper down (NumPy raising for the learner) do not.
    """
    cells, found, name, tb = _learner_cells(), None, "<module>", error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in cells or code.co_filename.startswith("<ipython-input-"):
            found = (tb.tb_lineno, cells.get(code.co_filename), code.co_filename)
            # A comprehension or lambda is named by the function around it.
            name = code.co_name if not code.co_name.startswith("<") else name
        elif code.co_filename.startswith(("<check ", "<diagnosis ")):
            found, name = None, "<module>"
        tb = tb.tb_next
    return found and (name,) + found


def _learner_raised(error, during):
    """Markdown saying the learner's code raised `error` and showing its line, or None."""
    frame = _learner_frame(error)
    if frame is None:
        return None
    name, line, count, filename = frame
    where = "line %d of your cell" % line + (" In [%d]" % count if isinstance(count, int) else "")
    if name != "<module>":
        where = "%s, in %s" % (where, _code(name))
    text = linecache.getline(filename, line).rstrip()
    shown = "\n\n```python\n%s\n```" % text.strip() if text.strip() else ""
    return "Your code raised %s %s, at %s:%s" % (_code(_describe(error)), during, where, shown)


def _op_read(op):
    """Reads a quiz answer: a string, or a collection of strings."""
    ns = _user_ns()
    name = op["variable"]
    if name not in ns:
        return {"status": "data", "data": {"present": False}}
    value = ns[name]
    if isinstance(value, str):
        return {"status": "data", "data": {"present": True, "answer": value}}
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return {"status": "data", "data": {"present": True, "answers": sorted(value)}}
    return {
        "status": "data",
        "data": {"present": True, "other": "%s %s" % (type(value).__name__, _short(value))},
    }


# ---------------------------------------------------------------- graded runs
# `mltutor grade` seals the harness right after installing it, before any
# learner code runs (see docs/grading.md). The seal's secrets (the run's key,
# the snapshots, what it saw) live only in the closure of an audit hook:
# Python code cannot list, reach or remove audit hooks. Results leave signed
# with that key, so a reply that learner code forged or altered is refused.
# Only genuine values (exact built-in, NumPy and pandas types) are compared.

_GRADED = {"on": False, "types": frozenset(), "containers": frozenset()}
_HARNESS_FILES = ("<mltutor-harness>", "<check ", "<diagnosis ", "<reference of ")
_SNAPSHOT_ROOTS = (
    "builtins",
    "json",
    "_json",
    "numpy",
    "pandas",
    "copy",
    "ast",
    "io",
    "math",
    "operator",
    "functools",
    "collections",
    "re",
    "hashlib",
    "types",
    "itertools",
    "decimal",
    "datetime",
    "IPython",
    "ipykernel",
    "jupyter_client",
    "zmq",
    "traitlets",
    "linecache",
    "time",
    "random",
)
_PROCESS_EVENTS = (
    "os.fork",
    "os.forkpty",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "pty.spawn",
)
_FLAGGED_EVENTS = (
    "sys.settrace",
    "sys.setprofile",
    "sys.addaudithook",
    "object.__setattr__",
    "resource.setrlimit",
    "sys._current_frames",
)
_HOOKED_PREFIXES = (
    "mltutor.",
    "gc.",
    "ctypes.",
    "sys.",
    "os.",
    "object.",
    "subprocess.",
    "pty.",
    "resource.",
)
_FRAME_ATTRIBUTES = ("tb_frame", "gi_frame", "cr_frame", "ag_frame")


def _genuine_types():
    """The exact types graded comparisons accept, captured before learner code runs."""
    import collections
    import datetime
    import decimal
    import fractions

    scalars = {
        int,
        float,
        complex,
        bool,
        str,
        bytes,
        type(None),
        decimal.Decimal,
        fractions.Fraction,
        datetime.date,
        datetime.datetime,
        datetime.time,
        datetime.timedelta,
    }
    containers = {
        list,
        tuple,
        dict,
        set,
        frozenset,
        range,
        collections.OrderedDict,
        collections.defaultdict,
        collections.Counter,
        collections.deque,
    }
    np, pd = _lib.np, _lib.pd
    if np is not None:
        import numpy

        scalars.update(t for t in set(numpy.sctypeDict.values()) if isinstance(t, type))
        containers.add(numpy.ndarray)
    if pd is not None:
        import pandas

        frames, stack = {pd.DataFrame, pd.Series}, [pd.Index]
        while stack:
            cls = stack.pop()
            if cls.__module__.startswith("pandas"):
                frames.add(cls)
                stack.extend(cls.__subclasses__())
        scalars.update(
            {pandas.Timestamp, pandas.Timedelta, type(pandas.NaT), pandas.Period, pandas.Interval}
        )
        containers.update(frames)
    return frozenset(scalars), frozenset(containers)


def _genuine(value, budget=200000):
    """True when `value` and everything in it has a type graded checks trust.

    Learner classes, and subclasses of trusted types, may override comparison,
    truth and arithmetic: a value holding one is not genuine.
    """
    scalars, containers = _GRADED["types"], _GRADED["containers"]
    stack, np, pd = [value], _lib.np, _lib.pd
    while stack:
        budget -= 1
        if budget < 0:
            return True  # too large to walk: the rest was made by the library that made its parts
        item = stack.pop()
        kind = type(item)
        if kind in scalars or kind is range:
            continue
        if kind not in containers:
            return False
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)) or kind.__module__ == "collections":
            stack.extend(item)
        elif np is not None and kind is np.ndarray:
            if item.dtype.kind == "O":
                stack.extend(item.ravel().tolist())
        elif pd is not None and kind is pd.DataFrame:
            stack.extend(
                (
                    pd.frame_numpy(item)(),
                    pd.index_numpy(pd.frame_columns(item))(),
                    pd.index_numpy(pd.frame_index(item))(),
                )
            )
        elif pd is not None and kind is pd.Series:
            stack.extend((pd.series_numpy(item)(), pd.index_numpy(pd.series_index(item))()))
        elif pd is not None:
            stack.append(pd.index_numpy(item)())
    return True


def _not_genuine(value, where):
    return (
        "%s is of type %s, made by your code: graded checks compare only built-in, NumPy and "
        "pandas values"
    ) % (_code(where), _code(type(value).__name__))


class _Graded:
    """The comparisons a graded assert check's test code goes through (see _GradedTests)."""

    def __init__(self):
        import operator

        self.ops = {
            ast.Eq: operator.eq,
            ast.NotEq: operator.ne,
            ast.Lt: operator.lt,
            ast.LtE: operator.le,
            ast.Gt: operator.gt,
            ast.GtE: operator.ge,
            ast.In: lambda a, b: a in b,
            ast.NotIn: lambda a, b: a not in b,
            ast.Is: operator.is_,
            ast.IsNot: operator.is_not,
        }
        self.binops = {
            getattr(ast, name): getattr(operator, fn)
            for name, fn in (
                ("Add", "add"),
                ("Sub", "sub"),
                ("Mult", "mul"),
                ("Div", "truediv"),
                ("FloorDiv", "floordiv"),
                ("Mod", "mod"),
                ("Pow", "pow"),
                ("MatMult", "matmul"),
                ("BitAnd", "and_"),
                ("BitOr", "or_"),
                ("BitXor", "xor"),
                ("LShift", "lshift"),
                ("RShift", "rshift"),
            )
        }
        self.unary = {
            ast.USub: operator.neg,
            ast.UAdd: operator.pos,
            ast.Invert: operator.invert,
            ast.Not: operator.not_,
        }
        self.names = {}

    def _require(self, *values):
        for value in values:
            if not _genuine(value):
                raise AssertionError(_not_genuine(value, _short(value, 40)))

    def compare(self, operands, ops):
        result = True
        for left, op, right in zip(operands, ops, operands[1:]):
            if op not in (ast.Is, ast.IsNot):
                self._require(left, right)
            result = self.ops[op](left, right)
            if not result:
                return result
        return result

    def binop(self, op, left, right):
        self._require(left, right)
        return self.binops[op](left, right)

    def unaryop(self, op, operand):
        self._require(operand)
        return self.unary[op](operand)

    def truth(self, value):
        self._require(value)
        return value


class _GradedTests(ast.NodeTransformer):
    """Routes a test's comparisons, arithmetic and asserts through `_Graded`."""

    def _helper(self, name, node, args):
        helper = ast.Name(id="__mltutor_graded__", ctx=ast.Load())
        call = ast.Call(
            func=ast.Attribute(value=helper, attr=name, ctx=ast.Load()), args=args, keywords=[]
        )
        return ast.copy_location(call, node)

    def _op(self, op):
        key = "%s_%d" % (type(op).__name__, id(type(op)))
        _GRADED_NAMES[key] = type(op)
        helper = ast.Name(id="__mltutor_graded__", ctx=ast.Load())
        return ast.Subscript(
            value=ast.Attribute(value=helper, attr="names", ctx=ast.Load()),
            slice=ast.Constant(value=key),
            ctx=ast.Load(),
        )

    def visit_Compare(self, node):
        self.generic_visit(node)
        operands = ast.List(elts=[node.left] + list(node.comparators), ctx=ast.Load())
        ops = ast.List(elts=[self._op(o) for o in node.ops], ctx=ast.Load())
        return self._helper("compare", node, [operands, ops])

    def visit_BinOp(self, node):
        self.generic_visit(node)
        return self._helper("binop", node, [self._op(node.op), node.left, node.right])

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return self._helper("unaryop", node, [self._op(node.op), node.operand])

    def visit_Assert(self, node):
        self.generic_visit(node)
        node.test = self._helper("truth", node.test, [node.test])
        return node


_GRADED_NAMES = {}


def _graded_test_code(source, filename, mode="exec"):
    """Test code compiled for a graded run: every comparison sees only genuine values."""
    tree = _GradedTests().visit(ast.parse(source, filename, mode))
    return compile(ast.fix_missing_locations(tree), filename, mode)


def _graded_namespace(ns):
    helper = _Graded()
    helper.names = _GRADED_NAMES
    ns["__mltutor_graded__"] = helper
    return ns


def _seal(key_hex, limits):
    """Seals the harness for a graded run: limits, genuine types, the audit hook."""
    import hashlib
    import os
    import resource

    _GRADED["types"], _GRADED["containers"] = _genuine_types()
    _apply_limits(resource, os, limits)
    _install_hook(hashlib.sha256, bytes.fromhex(key_hex), os, limits)
    _GRADED["on"] = True
    return _Result({"sealed": True, "pid": os.getpid()})


def _apply_limits(resource, os, limits):
    """Memory (address space) and CPU limits of this kernel, lowered for good."""
    memory = limits.get("memory_mb")
    if memory:
        used = 0
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    used = int(line.split()[1]) * 1024
        cap = used + int(memory) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    seconds = limits.get("cpu_seconds")
    if seconds:
        spent = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(spent.ru_utime + spent.ru_stime + seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))


def _snapshot():
    """(dict, {name: object}) pairs of what graded results depend on, to spot replacements."""
    pairs = [(globals(), dict(globals()))]
    for holder in (_lib.np, _lib.pd):
        if holder is not None:
            pairs.append((holder.__dict__, dict(holder.__dict__)))
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in _SNAPSHOT_ROOTS or name == MODULE_NAME:
            continue
        try:
            space = vars(module)
        except TypeError:
            continue
        kept = {k: v for k, v in list(space.items()) if callable(v) or type(v) is type(sys)}
        pairs.append((space, kept))
        for value in list(kept.values()):
            if isinstance(value, type) and getattr(value, "__module__", None) == name:
                try:
                    pairs.append((value.__dict__, dict(value.__dict__)))
                except Exception:
                    pass
    for cls in (_Result, _Options, _Namespace, _Graded, _GradedTests, _RandomStates):
        pairs.append((cls.__dict__, dict(cls.__dict__)))
    return pairs


def _install_hook(sha256, key, os, limits):
    """Adds the seal's audit hook. Everything secret stays in this closure."""
    getframe = sys._getframe
    stdlib = tuple(p.rstrip("/") + "/" for p in {__import__("sysconfig").get_paths()["stdlib"]})
    trusted = tuple(sorted({p.rstrip("/") + "/" for p in __import__("site").getsitepackages()}))
    trusted_files = trusted + stdlib
    pid, spawned, learner_files, tamper = os.getpid(), [0], set(), []
    allowed_processes = int(limits.get("processes", 8))
    snapshot = _snapshot()
    globals_dict, run_code = globals(), sealed_run.__code__
    opad, ipad = bytes(x ^ 0x5C for x in range(256)), bytes(x ^ 0x36 for x in range(256))
    padded = key.ljust(64, b"\0")
    k_outer, k_inner = padded.translate(opad), padded.translate(ipad)
    encode = __import__("json").encoder.encode_basestring_ascii
    busy = [False]
    own = set()

    def origin():
        """The frame whose code caused the event, skipping ours and the standard library's."""
        frame = getframe(0)
        while frame is not None and frame.f_code in own:
            frame = frame.f_back
        while frame is not None:
            name = frame.f_code.co_filename
            library = name.startswith(stdlib) and not name.startswith(trusted)
            if library or name.startswith("<frozen "):
                frame = frame.f_back
                continue
            return frame
        return None

    def is_learner(frame):
        if frame is None:
            return False
        name = frame.f_code.co_filename
        if name in learner_files:
            return True
        return not (name.startswith(trusted_files) or name.startswith(_HARNESS_FILES))

    def in_check():
        frame = getframe(0)
        while frame is not None:
            if frame.f_code is run_code:
                return True
            frame = frame.f_back
        return False

    def where(frame):
        return "%s line %d" % (frame.f_code.co_filename, frame.f_lineno)

    def flag(what, frame):
        text = "%s (%s)" % (what, where(frame))
        if text not in tamper and len(tamper) < 50:
            tamper.append(text)

    def integrity():
        found = []
        for live, saved in snapshot:
            for name, value in saved.items():
                if live.get(name, _MISSING) is not value:
                    found.append("replaced %s" % name)
                    if len(found) > 5:
                        return found
        return found

    def sign(args):
        frame = getframe(0)
        while frame is not None and frame.f_code in own:
            frame = frame.f_back
        payload, results, out = args
        if frame is None or frame.f_code is not run_code or frame.f_globals is not globals_dict:
            tamper.append("something other than the graded harness asked for a signature")
            return
        for change in integrity():
            if ("check machinery changed: " + change) not in tamper:
                tamper.append("check machinery changed: " + change)
        digest = sha256(payload.encode("utf-8")).hexdigest()
        body = '{"request":%s,"tamper":[%s],"results":%s}' % (
            encode(digest),
            ",".join(encode(t) for t in tamper),
            encode(results),
        )
        data = body.encode("utf-8")
        mac = sha256(k_outer + sha256(k_inner + data).digest()).hexdigest()
        out.append(body)
        out.append(mac)

    def learner_on_stack():
        """The innermost learner frame on the stack: libraries it calls start no process either."""
        frame = origin()
        while frame is not None and not is_learner(frame):
            frame = frame.f_back
        return frame

    def process(event, args):
        if os.getpid() != pid:
            raise PermissionError("graded runs do not let a child process start more processes")
        if learner_on_stack() is not None:
            # Denied, not flagged: a process of its own would run outside the seal and its limits.
            raise PermissionError("graded runs do not let your code start processes (%s)" % event)
        spawned[0] += 1
        if spawned[0] > allowed_processes:
            raise PermissionError("graded runs start at most %d processes" % allowed_processes)

    def handle(event, args):
        if event == "mltutor.sign":
            return sign(args)
        if event in _PROCESS_EVENTS:
            return process(event, args)
        frame = origin()
        if event == "compile":
            name = args[1] if len(args) > 1 else None
            if (
                is_learner(frame)
                and isinstance(name, str)
                and not (name.startswith(trusted_files) and os.path.isfile(name))
            ):
                learner_files.add(name)
            return
        if not is_learner(frame):
            return
        if event.startswith(("gc.get_", "ctypes.")) or event in _FLAGGED_EVENTS:
            flag("your code used %s" % event, frame)
            if event == "resource.setrlimit":
                raise PermissionError("graded runs keep their limits")
        elif event in ("sys._getframe", "object.__getattr__"):
            if event == "object.__getattr__" and args[1] not in _FRAME_ATTRIBUTES:
                return
            if in_check():
                flag("your code reached for the check's frames (%s)" % event, frame)
        elif event in ("os.kill", "os.killpg"):
            if args[0] != os.getpid():
                flag("your code sent a signal to process %s" % (args[0],), frame)
                raise PermissionError("graded runs do not let your code signal other processes")
        elif event == "open":
            path, mode = str(args[0]), str(args[1] if len(args) > 1 else "r")
            if "/mem" in path and path.startswith("/proc/"):
                flag("your code opened %s" % path, frame)
                raise PermissionError("graded runs do not let your code open %s" % path)
            if any(c in mode for c in "wax+") and path.startswith(trusted_files):
                flag("your code wrote into the Python library (%s)" % path, frame)

    def hook(event, args):
        if busy[0] or not (event.startswith(_HOOKED_PREFIXES) or event in ("open", "compile")):
            return
        busy[0] = True
        try:
            handle(event, args)
        finally:
            busy[0] = False

    own.update(
        f.__code__
        for f in (
            origin,
            is_learner,
            in_check,
            where,
            flag,
            integrity,
            sign,
            learner_on_stack,
            process,
            handle,
            hook,
        )
    )
    sys.addaudithook(hook)


_MISSING = object()


def sealed_run(payload_json):
    """`run` for a graded run: its answer comes signed by the seal."""
    results = json.dumps(run(payload_json).payload)
    out = []
    sys.audit("mltutor.sign", payload_json, results, out)
    return _Result({"sealed": out[0], "mac": out[1]} if len(out) == 2 else {"unsigned": True})


# ---------------------------------------------------------------- comparison
# Each comparer returns None when the values match, else markdown saying what differs.


class _Options:
    def __init__(self, op):
        self.rtol = float(op.get("rtol", 1e-7))
        self.atol = float(op.get("atol", 0.0))
        self.check_dtype = bool(op.get("check_dtype", False))
        self.check_index = bool(op.get("check_index", True))
        self.check_names = bool(op.get("check_names", False))
        self.ignore_order = bool(op.get("ignore_order", False))


def _kind(value):
    np, pd = _lib.np, _lib.pd
    if pd is not None:
        for kind, cls in (("frame", pd.DataFrame), ("series", pd.Series), ("index", pd.Index)):
            if isinstance(value, cls):
                return kind
    if np is not None and isinstance(value, np.ndarray):
        return "array"
    if value is None:
        return "none"
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return "bool"
    if isinstance(value, (int, float)) or (np is not None and isinstance(value, np.number)):
        return "number"
    for kind, types in (
        ("str", str),
        ("set", (set, frozenset)),
        ("dict", dict),
        ("list", (list, tuple)),
    ):
        if isinstance(value, types):
            return kind
    return "other"


_TYPE_NAMES = {
    "frame": "a pandas DataFrame",
    "series": "a pandas Series",
    "index": "a pandas Index",
    "array": "a NumPy array",
    "none": "None",
}


def _type_name(value):
    return _TYPE_NAMES.get(_kind(value)) or "of type %s" % _code(type(value).__name__)


def _wrong_type(actual, expected_kind_text, where):
    return "%s is %s (%s) but expected %s" % (
        _code(where),
        _type_name(actual),
        _code(_short(actual, 60)),
        expected_kind_text,
    )


def _compare(actual, expected, o, where):
    kind = _kind(expected)
    if kind in ("number", "bool") and _kind(actual) == "array" and actual.ndim == 0:
        actual = actual.item()
    return _COMPARERS.get(kind, _compare_other)(actual, expected, o, where)


def _mismatch(actual, expected, where):
    return "%s is %s but expected %s" % (
        _code(where),
        _code(_short(actual)),
        _code(_short(expected)),
    )


def _numbers_close(a, e, o):
    if isinstance(a, int) and isinstance(e, int):
        return a == e
    try:
        a, e = float(a), float(e)
    except (TypeError, ValueError):
        return a == e
    if a != a or e != e:
        return a != a and e != e
    if a == e:
        return True
    return abs(a - e) <= o.atol + o.rtol * abs(e)


def _compare_number(actual, expected, o, where):
    if _kind(actual) != "number":
        return _wrong_type(actual, "a number, %s" % _code(_short(expected)), where)
    return None if _numbers_close(actual, expected, o) else _mismatch(actual, expected, where)


def _compare_bool(actual, expected, o, where):
    if _kind(actual) != "bool":
        return _wrong_type(actual, _code(repr(bool(expected))), where)
    return (
        None if bool(actual) == bool(expected) else _mismatch(bool(actual), bool(expected), where)
    )


def _compare_str(actual, expected, o, where):
    if not isinstance(actual, str):
        return _wrong_type(actual, "a string, %s" % _code(_short(expected)), where)
    return None if actual == expected else _mismatch(actual, expected, where)


def _compare_none(actual, expected, o, where):
    return None if actual is None else _mismatch(actual, None, where)


def _compare_other(actual, expected, o, where):
    try:
        same = actual is expected or bool(expected == actual)
    except Exception:
        same = False
    return None if same else _mismatch(actual, expected, where)


def _as_list(value):
    kind, pd = _kind(value), _lib.pd
    if kind == "array":
        return value.tolist()
    if kind == "series":
        return pd.series_numpy(value)().tolist()
    if kind == "index":
        return pd.index_numpy(value)().tolist()
    if kind == "list":
        return list(value)
    if isinstance(value, (range, type({}.keys()), type({}.values()), type({}.items()))):
        return list(value)
    return None


def _listing(values):
    return ", ".join(_code(_short(v, 40)) for v in _sorted(values)[:8]) + (
        " ..." if len(values) > 8 else ""
    )


def _compare_set(actual, expected, o, where):
    items = actual if _kind(actual) == "set" else _as_list(actual)
    if items is None:
        return _wrong_type(actual, "a set", where)
    try:
        items = set(items)
    except TypeError as error:
        return "%s cannot be compared with a set: %s" % (_code(where), _describe(error))
    missing = [v for v in expected if v not in items]
    extra = [v for v in items if v not in expected]
    parts = (["is missing %s" % _listing(missing)] if missing else []) + (
        ["has unexpected %s" % _listing(extra)] if extra else []
    )
    return None if not parts else "%s %s" % (_code(where), "; ".join(parts))


def _compare_dict(actual, expected, o, where):
    if _kind(actual) == "series":
        actual = dict(zip(_as_list(_lib.pd.series_index(actual)), _as_list(actual)))
    if not isinstance(actual, dict):
        return _wrong_type(actual, "a dict", where)
    missing = [k for k in expected if k not in actual]
    extra = [k for k in actual if k not in expected]
    if missing or extra:
        parts = (["is missing key(s) %s" % _listing(missing)] if missing else []) + (
            ["has unexpected key(s) %s" % _listing(extra)] if extra else []
        )
        return "%s %s" % (_code(where), "; ".join(parts))
    for key in expected:
        difference = _compare(actual[key], expected[key], o, "%s[%r]" % (where, key))
        if difference is not None:
            return difference
    return None


def _sort_key(value):
    kind = _kind(value)
    if kind in ("number", "bool"):
        try:
            return (0, float(value), "")
        except (TypeError, ValueError):
            pass
    return (1, 0.0, value) if kind == "str" else (2, 0.0, _short(value))


def _sorted(values):
    return sorted(values, key=_sort_key)


def _compare_list(actual, expected, o, where):
    items = _as_list(actual)
    if items is None:
        return _wrong_type(actual, "a list", where)
    expected = list(expected)
    if o.ignore_order:
        items, expected, where = _sorted(items), _sorted(expected), "sorted(%s)" % where
    if len(items) != len(expected):
        return "%s has %d items but expected %d" % (_code(where), len(items), len(expected))
    for position, (a, e) in enumerate(zip(items, expected)):
        difference = _compare(a, e, o, "%s[%d]" % (where, position))
        if difference is not None:
            return difference
    return None


def _equal_mask(a, e, o):
    """Elementwise equality of two arrays of one shape (NaN equals NaN)."""
    np = _lib.np
    ka, ke = a.dtype.kind, e.dtype.kind
    if ka in "biuf" and ke in "biuf":
        if "b" in (ka, ke):
            return np.equal(a, e)
        return np.isclose(a, e, rtol=o.rtol, atol=o.atol, equal_nan=True)
    if ka in "mM" and ka == ke:
        return np.logical_or(np.equal(a, e), np.logical_and(np.isnat(a), np.isnat(e)))
    flat = [_compare(x, y, o, "") is None for x, y in zip(a.ravel().tolist(), e.ravel().tolist())]
    return np.asarray(flat, dtype=bool).reshape(a.shape)


def _first_difference(a, e, o):
    """(position, count) of the first unequal element, or None."""
    np = _lib.np
    bad = np.argwhere(np.logical_not(_equal_mask(a, e, o)))
    if len(bad) == 0:
        return None
    position = tuple(int(i) for i in bad[0])
    return (position if len(position) != 1 else position[0]), len(bad)


def _values_difference(a, e, o, where, labels=None):
    found = _first_difference(a, e, o)
    if found is None:
        return None
    position, count = found
    at = labels[position] if labels is not None else position
    return "%s differs at index %s: %s vs %s expected (%d of %d values differ)" % (
        _code(where),
        _code(_short(at, 40)),
        _code(_short(a[position].item() if hasattr(a[position], "item") else a[position])),
        _code(_short(e[position].item() if hasattr(e[position], "item") else e[position])),
        count,
        a.size,
    )


def _compare_array(actual, expected, o, where):
    np, kind = _lib.np, _kind(actual)
    if _kind(expected) == "index":
        expected = _lib.pd.index_numpy(expected)()
    if kind in ("series", "index", "frame"):
        actual = {
            "series": _lib.pd.series_numpy,
            "index": _lib.pd.index_numpy,
            "frame": _lib.pd.frame_numpy,
        }[kind](actual)()
    elif kind in ("list", "number", "bool"):
        try:
            actual = np.asarray(actual)
        except Exception:
            return _wrong_type(actual, "a NumPy array", where)
    elif kind != "array":
        return _wrong_type(actual, "a NumPy array", where)
    if actual.shape != expected.shape:
        return "%s has shape %s but expected %s" % (
            _code(where),
            _code(str(actual.shape)),
            _code(str(expected.shape)),
        )
    if o.check_dtype and actual.dtype != expected.dtype:
        return "%s has dtype %s but expected %s" % (
            _code(where),
            _code(str(actual.dtype)),
            _code(str(expected.dtype)),
        )
    return _values_difference(actual, expected, o, where)


def _series_parts(series):
    pd = _lib.pd
    return pd.series_numpy(series)(), pd.index_numpy(pd.series_index(series))()


def _compare_series(actual, expected, o, where):
    pd = _lib.pd
    if _kind(actual) != "series":
        if not o.check_index and _kind(actual) in ("array", "list"):
            return _compare_array(actual, pd.series_numpy(expected)(), o, where)
        return _wrong_type(actual, "a pandas Series", where)
    if o.ignore_order:
        sort = pd.series_sort_index if o.check_index else pd.series_sort_values
        actual, expected = sort(actual)(), sort(expected)()
    (av, ai), (ev, ei) = _series_parts(actual), _series_parts(expected)
    if av.shape != ev.shape:
        return "%s has %d values but expected %d" % (_code(where), av.shape[0], ev.shape[0])
    if o.check_names and pd.series_name(actual) != pd.series_name(expected):
        return "%s is named %s but expected %s" % (
            _code(where),
            _code(_short(pd.series_name(actual))),
            _code(_short(pd.series_name(expected))),
        )
    if o.check_dtype and pd.series_dtype(actual) != pd.series_dtype(expected):
        return "%s has dtype %s but expected %s" % (
            _code(where),
            _code(str(pd.series_dtype(actual))),
            _code(str(pd.series_dtype(expected))),
        )
    if o.check_index:
        difference = _values_difference(ai, ei, o, "%s.index" % where)
        if difference is not None:
            return difference
    return _values_difference(av, ev, o, where, ei if o.check_index else None)


def _compare_frame(actual, expected, o, where):
    pd = _lib.pd
    if _kind(actual) != "frame":
        return _wrong_type(actual, "a pandas DataFrame", where)
    columns, wanted = list(pd.frame_columns(actual)), list(pd.frame_columns(expected))
    missing = [c for c in wanted if c not in columns]
    extra = [c for c in columns if c not in wanted]
    if missing or extra:
        parts = (["is missing column(s) %s" % _listing(missing)] if missing else []) + (
            ["has unexpected column(s) %s" % _listing(extra)] if extra else []
        )
        return "%s %s" % (_code(where), "; ".join(parts))
    if o.ignore_order:
        try:
            if o.check_index:
                actual, expected = pd.frame_sort_index(actual)(), pd.frame_sort_index(expected)()
            else:
                actual, expected = pd.frame_sort_values(actual)(by=wanted), pd.frame_sort_values(
                    expected
                )(by=wanted)
        except TypeError:
            pass  # unorderable values: compare in the given order
    ai, ei = pd.index_numpy(pd.frame_index(actual))(), pd.index_numpy(pd.frame_index(expected))()
    if ai.shape != ei.shape:
        return "%s has shape %s but expected %s" % (
            _code(where),
            _code(str((ai.shape[0], len(columns)))),
            _code(str((ei.shape[0], len(wanted)))),
        )
    if o.check_index:
        difference = _values_difference(ai, ei, o, "%s.index" % where)
        if difference is not None:
            return difference
    for column in wanted:
        a, e = pd.frame_getitem(actual)(column), pd.frame_getitem(expected)(column)
        label = "%s[%r]" % (where, column)
        if o.check_dtype and pd.series_dtype(a) != pd.series_dtype(e):
            return "%s has dtype %s but expected %s" % (
                _code(label),
                _code(str(pd.series_dtype(a))),
                _code(str(pd.series_dtype(e))),
            )
        difference = _values_difference(
            pd.series_numpy(a)(), pd.series_numpy(e)(), o, label, ei if o.check_index else None
        )
        if difference is not None:
            return difference
    return None


_COMPARERS = {
    "frame": _compare_frame,
    "series": _compare_series,
    "index": _compare_array,
    "array": _compare_array,
    "none": _compare_none,
    "bool": _compare_bool,
    "number": _compare_number,
    "str": _compare_str,
    "set": _compare_set,
    "dict": _compare_dict,
    "list": _compare_list,
}
