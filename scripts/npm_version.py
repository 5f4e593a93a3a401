"""The project's one version number, package.json's, read by hatch at build time.

The npm package and the Python package ship the same extension, so they must
never disagree; the build writes it into jupyterlab_mltutor/_version.py.
"""
import json
import pathlib

PACKAGE_JSON = pathlib.Path(__file__).resolve().parents[1] / "package.json"
__version__ = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["version"]
