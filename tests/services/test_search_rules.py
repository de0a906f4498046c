"""The pure matching rules in services/search.py."""

import pytest

from services.search import (
    MAX_QUERY_LENGTH,
    Span,
    find_spans,
    grams,
    merge_spans,
    normalize,
    query_tokens,
    romanizations,
    search_fields,
    token_forms,
)


def test_romanizations_give_full_pinyin_and_initials():
    forms = romanizations("免费测量血压")
    assert "mianfeiceliangxueya" in forms
    assert "mfclxy" in forms


def test_heteronyms_are_stored_in_both_readings():
    assert {"zhangzhezhucan", "changzhezhucan"} <= set(romanizations("长者助餐"))
    assert {"chongyangjie", "zhongyangjie"} <= set(romanizations("重阳节"))
    assert {"yinhang", "yinxing"} <= set(romanizations("银行"))


def test_text_without_chinese_has_no_romanization():
    assert romanizations("WiFi 2.0") == []


def test_search_fields_put_name_and_keywords_first():
    primary, secondary = search_fields(
        name="免费测量血压",
        keywords="高血压 量血压",
        summary="驿站里量血压",
        description="每天开放。",
        category="健康服务",
        venues=["智慧健康驿站"],
    )
    assert "免费测量血压" in primary and "xueya" in primary and "gxy" in primary
    assert "驿站里量血压" in secondary and "zhjkyz" in secondary and "jiankangfuwu" in secondary
    assert "驿站里量血压" not in primary


def test_normalize_folds_width_case_and_spaces_and_cuts_length():
    assert normalize("  ＸＵＥ　Ya ") == "xue ya"
    assert len(normalize("血" * 500)) == MAX_QUERY_LENGTH


def test_query_tokens_split_on_spaces_and_keep_symbols():
    assert query_tokens("xue  ya") == ["xue", "ya"]
    assert query_tokens("100% _x\\ 'a\"") == ["100%", "_x\\", "'a\""]
    assert query_tokens("") == []


def test_mixed_token_is_spelt_in_initials_and_full_pinyin():
    assert "jsyz" in token_forms("健身yz")
    assert "chongyang" in token_forms("重yang")


def test_plain_tokens_are_looked_for_as_typed():
    assert token_forms("血压") == ["血压"]
    assert token_forms("xueya") == ["xueya"]


def test_grams_hold_every_one_and_two_character_piece_within_segments():
    found = grams(" 血压 xy ")
    assert {"血", "压", "血压", "x", "y", "xy"} == found
    assert "压x" not in found


def test_find_spans_by_chinese_pinyin_initials_and_mixed():
    text = "市民健身驿站 免费测量血压"
    for token in ["血压", "xueya", "xy", "xuey"]:
        assert find_spans(text, token) == [Span(11, 13)], token
    assert find_spans(text, "健身yz") == [Span(2, 6)]
    assert find_spans(text, "医保") == []


def test_find_spans_keeps_positions_with_full_width_text():
    assert find_spans("ＡＢ血压", "血压") == [Span(2, 4)]


def test_merge_spans_joins_overlaps():
    assert list(merge_spans([Span(3, 5), Span(0, 2), Span(1, 4)])) == [Span(0, 5)]


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("免费测量血压，血压计自助", "xueya"),
        ("健身房瑜伽课程，社区居民免费参加", "jsyz"),
        ("长者助餐和重阳节活动，银行卡代办", "zhang"),
        ("ABC 血压 abc 123", "ab"),
        ("行政服务中心（银行）", "xing"),
        ("", "xy"),
    ],
)
def test_spans_are_those_of_trying_every_position(text, token):
    from services import search

    folded = "".join((search.normalize_stored(ch) or ch)[:1] for ch in text)
    expected, start = [], 0
    while start < len(folded):  # the plain rule: try a match at each position in turn
        end = plain_match(folded, start, token)
        if end is None:
            start += 1
        else:
            expected.append(search.Span(start, end))
            start = end
    assert search.find_spans(text, token) == expected


def plain_match(text: str, start: int, token: str) -> int | None:
    """The matching rule written plainly (cutting strings as it goes), to check search._match_from."""
    from services import search

    def walk(pos: int, rest: str) -> int | None:
        if not rest:
            return pos
        if pos >= len(text):
            return None
        ch = text[pos]
        if rest.startswith(ch) and (found := walk(pos + 1, rest[1:])) is not None:
            return found
        if search.is_cjk(ch):
            for reading in search.readings(ch):
                if rest.startswith(reading) and (found := walk(pos + 1, rest[len(reading) :])) is not None:
                    return found
                if reading.startswith(rest):  # the last syllable typed only in part
                    return pos + 1
                if reading[:1] == rest[:1] and (found := walk(pos + 1, rest[1:])) is not None:
                    return found
        return None

    return walk(start, token)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("市民健身驿站 免费测量血压", "jianshenyz"),
        ("市民健身驿站 免费测量血压", "jsyz"),
        ("长者助餐和重阳节活动", "chongyangj"),
        ("银行卡代办，行政服务", "yinhangkadaiban"),
        ("血压血压血", "xueyaxue"),
        ("ABC 血压 abc", "abcxy"),
    ],
)
def test_the_matcher_agrees_with_the_plain_rule_at_every_position(text, token):
    from services import search

    folded = search.fold(text)
    for start in range(len(folded) + 1):
        assert search._match_from(folded, start, token) == plain_match(folded, start, token), start
