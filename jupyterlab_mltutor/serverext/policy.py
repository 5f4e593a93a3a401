"""The class policy: what the hub's admin decided learners may see, read on the server.

The policy lives in a file the learner cannot write (a read-only mount on Kubernetes,
a root-owned file on one machine), named by $MLTUTOR_CLASS_POLICY (set by the hub's
spawner) or found at /etc/jupyter/mltutor/policy.json. The learner's settings only
change defaults; this file is the one thing the front end obeys over them.

File format (JSON):
  {"solutions": false,          # reveal/insert solutions allowed?
   "hints": 2,                  # true (all), false/0 (none), or the first N per cell
   "exam": false,               # no solutions, no hints, no checks carried in notebooks
   "packFolders": ["course"],   # pack folders every learner gets and cannot remove
   "message": "Exam until 12:00"}
"""
import json
import os

DEFAULT_PATHS = ("/etc/jupyter/mltutor/policy.json",)

NO_POLICY = {
    "locked": False,
    "allowSolutions": True,
    "maxHints": None,
    "exam": False,
    "carryChecks": True,
    "packFolders": [],
    "message": "",
    "error": "",
}


def policy_path():
    """The policy file the admin chose, or the first default that exists, or None."""
    chosen = os.environ.get("MLTUTOR_CLASS_POLICY")
    if chosen:
        return chosen
    for path in DEFAULT_PATHS:
        if os.path.exists(path):
            return path
    return None


def _locked_down(error):
    """A policy that exists but cannot be read fails closed: the admin meant to restrict."""
    return {
        **NO_POLICY,
        "locked": True,
        "allowSolutions": False,
        "maxHints": 0,
        "carryChecks": False,
        "error": error,
    }


def _hints(value):
    if value is True or value is None:
        return None
    if value is False:
        return 0
    if isinstance(value, int) and value >= 0:
        return value
    raise ValueError('"hints" must be true, false or a number of hints (0 or more)')


def normalize(raw):
    """The policy the front end reads, from the file's JSON; raises ValueError when malformed."""
    if not isinstance(raw, dict):
        raise ValueError("the policy must be a JSON object")
    unknown = set(raw) - {"solutions", "hints", "exam", "packFolders", "message"}
    if unknown:
        raise ValueError(f"unknown policy keys: {', '.join(sorted(unknown))}")
    exam = raw.get("exam", False)
    solutions = raw.get("solutions", True)
    if not isinstance(exam, bool) or not isinstance(solutions, bool):
        raise ValueError('"exam" and "solutions" must be true or false')
    folders = raw.get("packFolders", [])
    if not isinstance(folders, list) or not all(isinstance(f, str) and f for f in folders):
        raise ValueError('"packFolders" must be a list of folder paths')
    message = raw.get("message", "")
    if not isinstance(message, str):
        raise ValueError('"message" must be text')
    max_hints = 0 if exam else _hints(raw.get("hints", True))
    return {
        **NO_POLICY,
        "locked": True,
        "allowSolutions": solutions and not exam,
        "maxHints": max_hints,
        "exam": exam,
        "carryChecks": not exam,
        "packFolders": folders,
        "message": message[:500],
    }


def read_policy(path=None):
    """The class policy now (read on every request: the admin may change it during class)."""
    path = path or policy_path()
    if path is None:
        return dict(NO_POLICY)
    try:
        with open(path, encoding="utf-8") as f:
            return normalize(json.load(f))
    except FileNotFoundError:
        if os.environ.get("MLTUTOR_CLASS_POLICY"):
            return _locked_down(f"the class policy file {path} is missing")
        return dict(NO_POLICY)
    except (OSError, ValueError) as error:
        return _locked_down(f"the class policy file {path} is not valid: {error}")
