"""Hatch build hook: refuse to build a wheel without the prebuilt extension."""
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltExtensionCheck(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel":
            return
        package = Path(self.root) / "jupyterlab_mltutor" / "labextension" / "package.json"
        if not package.exists():
            raise RuntimeError(
                "The prebuilt JupyterLab extension is missing "
                f"({package.relative_to(self.root)}): run `npm ci && npm run build:prod` first."
            )
