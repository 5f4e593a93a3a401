"""The learners' current notebooks, found where the classroom spawner lays out homes.

    <homes_root>/<learner>/ml-exercises/<exercise>/<exercise>.ipynb

A learner may have renamed their copy inside the exercise's folder: the notebook whose
metadata names the exercise counts, as the lab finds it. What cannot be graded (no
notebook, a notebook that is not JSON, a link out of the learner's home) is reported
as missing with the reason, so one broken home never stops the class's grading.
"""
import json
import os
from dataclasses import dataclass

METADATA_KEY = "mltutor"
# A notebook larger than this is not read to find its exercise (grade reads it anyway).
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    learner: str
    pack: str
    exercise: str
    path: str

    @property
    def key(self):
        return f"{self.pack}/{self.exercise}"


@dataclass(frozen=True)
class Missing:
    learner: str
    pack: str
    exercise: str
    reason: str


def _inside(path, root):
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base + os.sep)


def _exercise_of(path):
    """(pack, exercise) from the notebook's metadata; raises ValueError with the reason."""
    if os.path.getsize(path) > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"the notebook is larger than {MAX_NOTEBOOK_BYTES >> 20} MB")
    try:
        with open(path, encoding="utf-8") as f:
            notebook = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"the notebook cannot be read ({error.__class__.__name__}: {error})")
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("the file is not a notebook (no cells)")
    meta = (notebook.get("metadata") or {}).get(METADATA_KEY)
    if not isinstance(meta, dict) or not isinstance(meta.get("exercise"), str):
        return None
    pack = meta.get("pack") if isinstance(meta.get("pack"), str) else ""
    return pack, meta["exercise"]


def _learners(homes_root):
    try:
        names = sorted(os.listdir(homes_root))
    except FileNotFoundError:
        return []
    return [
        n for n in names
        if not n.startswith(".") and os.path.isdir(os.path.join(homes_root, n))
    ]


def _candidates(home, folder):
    """(path, folder name) of every notebook one level inside the exercise folder."""
    base = os.path.join(home, folder)
    if not os.path.isdir(base) or not _inside(base, home):
        return
    for sub in sorted(os.listdir(base)):
        sub_path = os.path.join(base, sub)
        if sub.startswith(".") or not os.path.isdir(sub_path):
            continue
        for name in sorted(os.listdir(sub_path)):
            if name.endswith(".ipynb") and not name.startswith("."):
                yield os.path.join(sub_path, name), sub


def _pick(found):
    """One notebook per exercise: the default name when it is there, else the newest."""
    def rank(path):
        folder = os.path.basename(os.path.dirname(path))
        default = os.path.basename(path) == folder + ".ipynb"
        return (default, os.path.getmtime(path))

    return max(found, key=rank)


def find_submissions(homes_root, folder="ml-exercises", scope="", known=()):
    """The notebooks to grade for `scope` ("pack/exercise", or "" for all) and what is missing.

    `known` holds (learner, pack, exercise) the dashboard has live state for: such a
    learner whose home is here but holds no readable notebook is reported missing.
    """
    wanted = tuple(scope.split("/", 1)) if scope else None
    submissions, missing, seen = [], [], set()
    packs_of = {}  # exercise id -> packs, to name the pack of an unreadable notebook
    for learner, pack, exercise in known:
        packs_of.setdefault(exercise, set()).add(pack)
    broken = []
    for learner in _learners(homes_root):
        home = os.path.join(homes_root, learner)
        mine = {}
        for path, folder_name in _candidates(home, folder):
            if not _inside(path, home):
                broken.append((learner, folder_name, "the notebook links out of the home"))
                continue
            try:
                found = _exercise_of(path)
            except (OSError, ValueError) as error:
                if os.path.basename(path) == folder_name + ".ipynb":
                    broken.append((learner, folder_name, str(error)))
                continue
            if found is None:
                continue
            packs_of.setdefault(found[1], set()).add(found[0])
            if wanted is None or found == wanted:
                mine.setdefault(found, []).append(path)
        for (pack, exercise), paths in sorted(mine.items()):
            submissions.append(Submission(learner, pack, exercise, _pick(paths)))
            seen.add((learner, pack, exercise))
    for learner, exercise, reason in broken:
        packs = sorted(packs_of.get(exercise) or {wanted[0] if wanted else ""})
        for pack in packs:
            key = (learner, pack, exercise)
            if key not in seen and (wanted is None or (pack, exercise) == wanted):
                missing.append(Missing(learner, pack, exercise, reason))
                seen.add(key)
    for learner, pack, exercise in sorted(set(known)):
        key = (learner, pack, exercise)
        # No home here at all (another machine, a per-user volume): nothing to say.
        if not os.path.isdir(os.path.join(homes_root, learner)):
            continue
        if key not in seen and (wanted is None or (pack, exercise) == wanted):
            missing.append(Missing(learner, pack, exercise, "no notebook of this exercise"))
            seen.add(key)
    return submissions, missing
