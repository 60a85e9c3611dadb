"""Reading the shipped YAML files (translations, plans, targets, header synonyms) with libyaml's safe
loader where PyYAML has it (Debian's and the wheels do): the plan and target registers took 1 s of the
front page's first run with the pure-Python loader, and 0.1 s with this one. Same safe constructor, so the
same values (tests/unit/test_yaml_files.py reads every shipped file both ways)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str) -> Any:
    """The content of one YAML file, read safely (no Python objects); yaml.YAMLError when it is not YAML."""
    with Path(path).open(encoding="utf-8") as f:
        return yaml.load(f, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
