"""The shipped YAML files read the same through libyaml's loader as through PyYAML's pure-Python one."""
from pathlib import Path

import pytest
import yaml

from ipmonitor.yaml_files import SAFE_LOADER, read_yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(path for folder in ("data", "etl", "ipmonitor") for path in (ROOT / folder).rglob("*.yaml"))


def test_libyaml_is_there_to_be_used():
    # Without it every first page and command reads the registers five times slower.
    assert SAFE_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_shipped_file_reads_the_same_through_both_loaders(path):
    with path.open(encoding="utf-8") as f:
        assert read_yaml(path) == yaml.safe_load(f)


def test_there_are_shipped_files_to_compare():
    names = {path.name for path in SHIPPED}
    assert {"vi.yaml", "en.yaml", "targets.yaml", "tasks.yaml", "headers.yaml"} <= names
