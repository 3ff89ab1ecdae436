"""Import every ``cmd_*`` module of this package, so that each registers its commands."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from pathlib import Path

__all__: list[str] = []

for _module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
    if _module.name.startswith("cmd_"):
        import_module(f"{__package__}.{_module.name}")
