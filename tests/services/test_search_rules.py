"""The pure matching rules: zhujing_center/search.py (shared by every layer) and services/search.py."""

import pytest

from services.search import search_fields
from zhujing_center import search
from zhujing_center.search import (
    MAX_QUERY_LENGTH,
    Field,
    Span,
    Tier,
    alternatives,
    excerpt,
    find_spans,
    grams,
    matches,
    merge_spans,
    normalize,
    parse,
    query_tokens,
    rank,
    reasons,
    respellings,
    romanizations,
    spans_of,
    spellings,
    stored,
    synonym_words,
    token_forms,
)

TOILETS = ("厕所", "卫生间", "洗手间")
WATER = ("喝水", "饮水", "热水", "开水")
GROUPS = (TOILETS, WATER, ("充电", "充电宝", "充电插座"), ("吃饭", "用餐", "助餐"))


def test_romanizations_give_full_pinyin_and_initials():
    forms = romanizations("免费测量血压")
    assert "mianfeiceliangxueya" in forms
    assert "mfclxy" in forms


def test_heteronyms_are_stored_in_both_readings():
    assert {"zhangzhezhucan", "changzhezhucan"} <= set(romanizations("长者助餐"))
    assert {"chongyangjie", "zhongyangjie"} <= set(romanizations("重阳节"))
    assert {"yinhang", "yinxing"} <= set(romanizations("银行"))


def test_the_reading_in_context_is_contextual_and_the_others_rare():
    assert spellings("银行").contextual == ("yinhang", "yh")
    assert "yinxing" in spellings("银行").rare and "yx" in spellings("银行").rare
    assert "xingzheng" in spellings("行政").contextual and "hangzheng" in spellings("行政").rare


def test_rare_spellings_leave_out_what_the_context_already_spells():
    # 血 is xue or xie; both give the initials xy, which is contextual.
    assert "xy" in spellings("血压").contextual and "xy" not in spellings("血压").rare


def test_full_pinyin_comes_first_without_initials():
    assert spellings("血亚").full[0] == "xueya"
    assert "xy" not in spellings("血亚").full


def test_text_without_chinese_has_no_romanization():
    assert romanizations("WiFi 2.0") == []


def test_sentences_are_stored_without_pinyin():
    assert stored("量血压，看健康", spelled=False) == (" 量血压,看健康 ", "")  # full-width folded
    contextual, rare = stored("银行")
    assert "yinhang" in contextual and "yinxing" in rare


def test_search_fields_keep_name_keywords_text_and_rare_readings_apart():
    text = search_fields(
        name="免费测量血压",
        keywords="高血压 量血压",
        summary="驿站里量血压",
        description="每天开放。",
        category="健康服务",
        venues=["智慧健康驿站", "银行网点"],
    )
    assert "免费测量血压" in text.name and "mfclxy" in text.name and "gxy" not in text.name
    assert "免费测量血压" in text.primary and "xueya" in text.primary and "gxy" in text.primary
    assert "驿站里量血压" in text.secondary and "zhjkyz" in text.secondary and "jiankangfuwu" in text.secondary
    assert "驿站里量血压" not in text.primary
    assert "yinxingwangdian" in text.rare and "yinxingwangdian" not in text.secondary


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


# ------------------------------------------------------------------ synonyms
def test_synonym_words_split_on_spaces_commas_and_enumeration_marks():
    assert synonym_words(" 厕所、卫生间，洗手间  WC / 厕所") == ("厕所", "卫生间", "洗手间", "wc")
    assert synonym_words("") == ()


@pytest.mark.parametrize("typed", ["厕所", "卫生间", "洗手间"])
def test_a_word_of_a_group_means_every_word_of_it(typed):
    assert set(TOILETS) <= set(alternatives(typed, GROUPS))


@pytest.mark.parametrize("typed", ["cesuo", "cs", "wsj", "weishengjian", "xishoujian"])
def test_a_word_of_a_group_spelt_in_letters_means_every_word_of_it_in_full_pinyin(typed):
    found = alternatives(typed, GROUPS)
    assert {"cesuo", "weishengjian", "xishoujian"} <= set(found)
    assert not set(TOILETS) & set(found)  # letters match only where pinyin is stored, as typed letters do


def test_a_token_containing_a_groups_word_is_tried_with_the_others():
    assert "无障碍卫生间" in alternatives("无障碍厕所", GROUPS)


def test_part_of_a_word_is_not_widened():
    assert alternatives("卫生", GROUPS) == ["卫生"]
    assert alternatives("c", GROUPS) == ["c"]


def test_parse_gives_each_token_its_spellings_and_its_synonyms():
    terms = parse("二楼 厕所", GROUPS)
    assert terms.tokens == ("二楼", "厕所")
    assert terms.spelt[0].typed == ("二楼",) and terms.spelt[0].synonyms == ()
    assert terms.spelt[1].typed == ("厕所",)
    assert {"卫生间", "洗手间"} <= set(terms.spelt[1].synonyms)
    assert not parse("   ", GROUPS)


# ------------------------------------------------------------------ ranking
NAME_BP = Field("免费测量血压", Tier.NAME)


def test_name_before_keywords_before_other_text_before_rare_readings():
    terms = parse("xy")
    assert rank([NAME_BP], terms) == Tier.NAME
    assert rank([Field("爱心接力站歇脚休息", Tier.NAME), Field("爱心驿站", Tier.KEYWORD)], terms) == Tier.KEYWORD
    assert rank([Field("其他", Tier.NAME), Field("血压计", Tier.TEXT)], terms) == Tier.TEXT
    assert rank([Field("银行业务咨询", Tier.NAME)], parse("yinxing")) == Tier.RARE
    assert rank([Field("银行业务咨询", Tier.NAME)], parse("yinhang")) == Tier.NAME


def test_blood_pressure_ranks_above_keyword_matches_for_xy():
    """The matches residents saw first for ``xy`` came from keywords (爱心驿站, 修雨伞)."""
    candidates = {
        "爱心接力站歇脚休息": [Field("爱心接力站歇脚休息", Tier.NAME), Field("爱心驿站", Tier.KEYWORD)],
        "便民维修": [Field("便民维修", Tier.NAME), Field("修雨伞", Tier.KEYWORD)],
        "免费测量血压": [NAME_BP, Field("血压计", Tier.KEYWORD)],
    }
    order = sorted(candidates, key=lambda name: rank(candidates[name], parse("xy")))
    assert order[0] == "免费测量血压"


def test_every_token_must_match_somewhere_and_the_tiers_add_up():
    fields = [NAME_BP, Field("每天上午开放", Tier.TEXT, spelled=False)]
    assert rank(fields, parse("血压 上午")) == Tier.NAME + Tier.TEXT
    assert rank(fields, parse("血压 下午")) is None
    assert rank(fields, parse("")) is None


def test_a_sentence_matches_only_its_characters_not_their_initials():
    summary = Field("量血压，看健康", Tier.TEXT, spelled=False)
    assert rank([summary], parse("血压")) == Tier.TEXT
    assert rank([summary], parse("xy")) is None


def test_synonyms_match_with_the_tier_of_where_they_are_found():
    terms = parse("厕所", GROUPS)
    assert rank([Field("二楼卫生间", Tier.NAME)], terms) == Tier.NAME
    assert rank([Field("二楼卫生间", Tier.NAME)], parse("cs", GROUPS)) == Tier.NAME
    assert rank([Field("请勿在卫生间吸烟", Tier.TEXT, spelled=False)], parse("cs", GROUPS)) is None
    assert rank([Field("母婴室", Tier.NAME), Field("一楼无障碍卫生间旁", Tier.TEXT)], terms) == Tier.TEXT
    assert rank([Field("饮水机", Tier.KEYWORD)], parse("喝水", GROUPS)) == Tier.KEYWORD
    assert rank([Field("手机充电插座和充电线", Tier.KEYWORD)], parse("充电宝", GROUPS)) == Tier.KEYWORD
    assert rank([Field("长者助餐点", Tier.NAME)], parse("吃饭", GROUPS)) == Tier.NAME
    assert rank([Field("饮水机", Tier.KEYWORD)], parse("喝水")) is None  # no groups, no synonyms


def test_synonyms_match_names_not_sentences():
    """热水 stands for 喝水, but in a sentence it is as likely part of 热水器 (a water heater)."""
    terms = parse("喝水", GROUPS)
    assert rank([Field("燃气灶、热水器不在维修范围内", Tier.TEXT, spelled=False)], terms) is None
    assert rank([Field("洗手池和热水", Tier.KEYWORD)], terms) == Tier.KEYWORD
    assert rank([Field("热水器维修", Tier.TEXT, spelled=False)], parse("热水", GROUPS)) == Tier.TEXT  # typed


def test_which_fields_match():
    terms = parse("喝水", GROUPS)
    assert matches(Field("免费茶水和饮水机", Tier.KEYWORD), terms)
    assert not matches(Field("微波炉和冰箱", Tier.KEYWORD), terms)


def test_reasons_name_hidden_text_only_for_tokens_the_card_does_not_show():
    visible = [Field("爱心接力站歇脚休息", Tier.NAME), Field("24小时开放，可以歇脚", Tier.TEXT, False)]
    hidden = [
        ("关键词", Field("喝水", Tier.KEYWORD)),
        ("关键词", Field("爱心驿站", Tier.KEYWORD)),
        ("服务内容", Field("爱心驿站里有饮水机。", Tier.TEXT, False)),
    ]
    assert reasons(visible, hidden, parse("xy")) == [hidden[1]]
    assert reasons(visible, hidden, parse("歇脚")) == []
    assert reasons(visible, hidden, parse("饮水机 爱心")) == [hidden[2]]
    assert reasons(visible, hidden, parse("喝水 xy")) == [hidden[0], hidden[1]]


# ------------------------------------------------------------------ "您是不是要找"
def test_respellings_of_chinese_are_its_full_pinyin():
    assert respellings("血亚") == ["xueya"]
    assert respellings("厕所") == ["cesuo"]  # not sisuo: a rare reading is nobody's typo


def test_respellings_of_letters_cut_one_or_two_but_keep_four():
    assert respellings("xueyaa") == ["xueya", "xuey"]
    assert respellings("xueya") == ["xuey"]
    assert respellings("xyy") == []
    assert respellings("a1b2c3") == []
    assert respellings("") == []


# ------------------------------------------------------------------ highlighting
def test_find_spans_by_chinese_pinyin_initials_and_mixed():
    text = "市民健身驿站 免费测量血压"
    for token in ["血压", "xueya", "xy", "xuey"]:
        assert find_spans(text, token) == [Span(11, 13)], token
    assert find_spans(text, "健身yz") == [Span(2, 6)]
    assert find_spans(text, "医保") == []


def test_find_spans_keeps_positions_with_full_width_text():
    assert find_spans("ＡＢ血压", "血压") == [Span(2, 4)]


def test_spans_in_sentences_are_only_where_a_form_is_typed_as_it_is():
    assert spans_of("量血压，看健康", ["xy"], spelled=False) == []
    assert spans_of("量血压，看健康", ["xy"]) == [Span(1, 3)]
    assert spans_of("量血压，看血压计", ["血压"], spelled=False) == [Span(1, 3), Span(5, 7)]


def test_merge_spans_joins_overlaps():
    assert list(merge_spans([Span(3, 5), Span(0, 2), Span(1, 4)])) == [Span(0, 5)]


def test_an_excerpt_shows_the_first_match_from_the_start_of_its_clause():
    assert excerpt("短短一句", [Span(2, 3)], 20) == (0, 4)  # short text: all of it
    text = "甲" * 45 + "，乙乙乙" + "丙" * 51
    assert excerpt(text, [Span(49, 50)], 20) == (46, 66)  # after the comma
    text = "甲" * 100
    assert excerpt(text, [Span(50, 52)], 20) == (42, 62)  # no clause mark near: a little before
    assert excerpt(text, [Span(2, 4)], 20) == (0, 20)
    assert excerpt(text, [Span(98, 100)], 20) == (80, 100)  # near the end: the last 20
    assert excerpt(text, [], 20) == (0, 20)


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
    folded = search.fold(text)
    for start in range(len(folded) + 1):
        assert search._match_from(folded, start, token) == plain_match(folded, start, token), start
