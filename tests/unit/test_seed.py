"""Seeding the reference tables checks what the rest of the code trusts: each measure's unit."""
import pandas as pd
import pytest

from etl.seed import check_measure_units
from ipmonitor.store.reference import load_reference_table


def test_the_shipped_measures_are_in_known_units():
    check_measure_units(load_reference_table("measure"))


@pytest.mark.parametrize("unit", ["percent", "hectares"])
def test_a_measure_in_percent_or_an_unknown_unit_is_refused_before_anything_is_written(unit):
    frame = pd.DataFrame({"code": ["applications_filed", "share_x"], "unit": ["count", unit]})
    with pytest.raises(ValueError, match=f"share_x \\({unit}\\)"):
        check_measure_units(frame)
