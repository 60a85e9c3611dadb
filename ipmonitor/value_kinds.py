"""What kind of figure each shown value is: published, derived, rebuilt or illustrative, and its words.

A stored figure's kind is its source's (`source.kind`: published, derived, illustrative). A value the
dashboard builds is "rebuilt" when it adds up the former provinces across the July 2025 merger or
carries a stock forward by its flows (the series basis "rebuilt" or "derived"). A value built from
several figures has the weakest kind among them: illustrative beats rebuilt beats derived beats
published. Only a published value is ever called "reported". Pure: kinds in, kinds out.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from ipmonitor.i18n import t

# Strongest first: a value takes the last of these that any of its figures has.
KINDS = ("published", "derived", "rebuilt", "illustrative")
ILLUSTRATIVE = "illustrative"
# The series bases (ipmonitor.progress.series) that make a value rebuilt by us, whatever its sources.
REBUILT_BASES = ("rebuilt", "derived")


def weakest_kind(kinds: Iterable[str | None]) -> str:
    """The weakest of `kinds`; an unknown kind, or none at all, counts as illustrative, so that a value
    whose figures are unknown is never shown as published."""
    rank = [KINDS.index(kind) if kind in KINDS else len(KINDS) - 1 for kind in kinds]
    return KINDS[max(rank, default=len(KINDS) - 1)]


def kind_of(kinds: Mapping[int, str], year: int) -> str:
    """The kind of one year's value; a year the mapping lacks is illustrative (see weakest_kind)."""
    return kinds.get(year, ILLUSTRATIVE)


def compute_year_kinds(basis: Mapping[int, str], source_kinds: Mapping[int, Iterable[str]],
                       running: bool = False) -> dict[int, str]:
    """Year -> kind of each value of a series, from its basis (year -> reported, rebuilt, derived) and
    the kinds of the sources behind each year (year_sources.load_year_sources).

    A stock carried forward (basis "derived") rests on the year before as well as on its flow, and so
    does every year of a running total (`running`): the weakest kind is carried along with the value."""
    out: dict[int, str] = {}
    for year in sorted(basis):
        kinds = list(source_kinds.get(year, ())) or [ILLUSTRATIVE]
        if basis[year] in REBUILT_BASES:
            kinds.append("rebuilt")
        if (running or basis[year] == "derived") and year - 1 in out:
            kinds.append(out[year - 1])
        out[year] = weakest_kind(kinds)
    return out


def illustrative_years(kinds: Mapping[int, str]) -> tuple[int, ...]:
    """The years whose value is illustrative, in order."""
    return tuple(sorted(year for year, kind in kinds.items() if kind == ILLUSTRATIVE))


def describe_kind(kind: str, lang: str, basis: str | None = None) -> str:
    """A value's kind in words, with how it was rebuilt where it was: "minh họa, không chính thức",
    "dựng lại · cộng từ 3 tỉnh cũ", "công bố"."""
    words = t(f"value_kind.{kind if kind in KINDS else ILLUSTRATIVE}", lang)
    if basis in REBUILT_BASES:
        words += " · " + t(f"chart.basis_{basis}", lang)
    return words
