"""Short names of long texts: a register item or a voter's opinion is named by its content."""

from councils.text import shorten
from oversight.models import FollowUpItem, VoterOpinion

LONG = "Đề nghị cấp trên đầu tư sửa chữa tuyến đường giao thông nông thôn xuống cấp nghiêm trọng ở khối 7"


def test_a_long_content_is_cut_between_words_and_says_so():
    """ "…giao thông nông thôn xuống cấ — hạn 15/06/2023": cut at 80 characters, mid-word, silently."""
    assert len(LONG) > 80
    for record in [FollowUpItem(content=LONG), VoterOpinion(content=LONG)]:
        assert str(record) == "Đề nghị cấp trên đầu tư sửa chữa tuyến đường giao thông nông thôn xuống cấp…"
    assert shorten("Ngắn gọn") == "Ngắn gọn"
    assert shorten("x" * 100) == "x" * 79 + "…"  # one word longer than the line: cut where it must be


def test_an_account_not_recorded_has_no_name():
    from councils.text import person_name

    assert person_name(None) == ""
