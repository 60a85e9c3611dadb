"""The back-off's arithmetic: free tries, doubling waits, the cap, forgetting, and what is counted."""
import datetime as dt

from ipmonitor.store.sign_in_throttle import (CLIENT_BACK_OFF, FORGET_AFTER, NAME_BACK_OFF, BackOff,
                                              ThrottleKey, compute_after_failure, compute_keys,
                                              compute_wait_seconds)

NOW = dt.datetime(2026, 10, 20, 8, 0)
SECOND = dt.timedelta(seconds=1)


def test_a_name_waits_one_second_after_five_failures_then_twice_as_long_each_time_up_to_five_minutes():
    waits = [NAME_BACK_OFF.wait_after(n).total_seconds() for n in range(1, 20)]
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300, 300]
    assert NAME_BACK_OFF.wait_after(10_000) == dt.timedelta(minutes=5)


def test_a_client_address_has_more_free_tries_and_a_shorter_cap():
    assert CLIENT_BACK_OFF.wait_after(9) == dt.timedelta(0)
    assert CLIENT_BACK_OFF.wait_after(10) == SECOND
    assert CLIENT_BACK_OFF.wait_after(40) == dt.timedelta(minutes=1)


def test_the_wait_never_falls_as_failures_grow():
    policy = BackOff(free_failures=3, first_wait=SECOND, cap=dt.timedelta(minutes=2))
    waits = [policy.wait_after(n) for n in range(100)]
    assert waits == sorted(waits) and waits[-1] == policy.cap


def test_a_failure_counts_from_the_last_unless_the_last_is_a_day_old():
    assert compute_after_failure("name", 0, None, NOW) == (1, None)
    assert compute_after_failure("name", 4, NOW - SECOND, NOW) == (5, NOW + SECOND)
    assert compute_after_failure("name", 9, NOW - FORGET_AFTER, NOW) == (1, None)


def test_the_seconds_to_wait_are_rounded_up_and_never_negative():
    assert compute_wait_seconds(None, NOW) == 0
    assert compute_wait_seconds(NOW - SECOND, NOW) == 0
    assert compute_wait_seconds(NOW + SECOND / 10, NOW) == 1
    assert compute_wait_seconds(NOW + 3 * SECOND, NOW) == 3


def test_an_attempt_is_counted_against_the_name_as_read_and_the_client_when_known():
    assert compute_keys(" Lan.Nguyen ", "203.0.113.7") == [ThrottleKey("name", "lan.nguyen"),
                                                           ThrottleKey("client", "203.0.113.7")]
    assert compute_keys("lan", None) == [ThrottleKey("name", "lan")]
    assert compute_keys("", None) == [ThrottleKey("name", "?")]
    assert len(compute_keys("x" * 5000, None)[0].key) == 100
