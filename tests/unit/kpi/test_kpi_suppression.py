import pytest

from shared.disclosure import suppress


def test_counts_under_the_threshold_are_shown_as_under_it() -> None:
    assert [suppress(count) for count in (0, 1, 4, 5, 123)] == ["<5", "<5", "<5", 5, 123]


def test_the_threshold_is_configurable() -> None:
    assert (suppress(9, threshold=10), suppress(10, threshold=10)) == ("<10", 10)


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress(-1)
