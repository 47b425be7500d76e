"""WorkCounts, the sums the dashboard, the report and the kept tallies add up."""

import dataclasses
import json

from sessions.selectors import WorkCounts


def test_a_sum_adds_every_count_a_later_one_too():
    """Field by field: a count added to WorkCounts (as a new kind of record adds one) is summed
    without touching `__add__`; counts read back from a kept tally (JSON) add like fresh ones."""
    extended = dataclasses.make_dataclass("Extended", [("deputy_groups", int, 0)], bases=(WorkCounts,))
    a = extended({"THUONG_LE": 2, "CHUYEN_DE": 1}, resolutions=7, sc_meetings=3, questions=1, deputy_groups=4)
    b = extended.from_dict(json.loads(json.dumps(a.to_dict())))

    total = a + b + extended({"BAT_THUONG": 1})

    assert total == extended({"THUONG_LE": 4, "CHUYEN_DE": 2, "BAT_THUONG": 1}, 14, 6, 2, 8)
    assert (total.sessions, total.regular_sessions, total.thematic_sessions, total.other_sessions) == (7, 4, 2, 1)
    assert sum([a, b], WorkCounts()) == WorkCounts({"THUONG_LE": 4, "CHUYEN_DE": 2}, 14, 6, 2)
