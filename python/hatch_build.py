"""Builds the widget's ES module from the repository before hatch packs it.

The module (lit, d3 and TensorFlow.js inside) is built from ../python/js and
../src by ../scripts/build-widget.mjs. Building from an sdist that already
carries it needs no Node.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class WidgetBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        here = Path(self.root)
        module = here / "src" / "nnscope" / "static" / "widget.js"
        script = here.parent / "scripts" / "build-widget.mjs"
        if script.exists() and (here.parent / "node_modules").exists():
            subprocess.run(["node", str(script)], check=True, cwd=here.parent)
        if not module.exists():
            raise RuntimeError(
                f"{module} is missing: build it from the nnscope repository (npm ci && npm run build:widget)"
            )
