"""Which way is better for an indicator: more (increase) or less (decrease), and Open SDG's sign d for
it. The target register's rules and the progress arithmetic both read it, so it sits below both."""

DIRECTIONS = ("increase", "decrease")


def direction_sign(direction: str) -> int:
    """Open SDG's d: +1 when more is better (increase), -1 when less is (decrease)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    return 1 if direction == "increase" else -1
