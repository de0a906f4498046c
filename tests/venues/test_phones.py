"""zhujing_center/phones.py: whose hours a number follows, and what a resident reads beside it."""

import datetime as dt

from zhujing_center import hours, phones

TZ = hours.CENTRE_TZ
MONDAY = dt.date(2026, 11, 30)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the week of Monday 30 November 2026 (day 0 = Monday)."""
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute), TZ)


def every_day(opens: str, closes: str) -> hours.Schedule:
    return hours.Schedule(
        weekly=tuple(
            hours.WeeklyRange(day, dt.time.fromisoformat(opens), dt.time.fromisoformat(closes)) for day in range(7)
        )
    )


WEEKDAY_RANGES = ((dt.time(9), dt.time(11, 30)), (dt.time(13, 30), dt.time(17)))
WORKDAYS = hours.Schedule(
    weekly=(
        *(hours.WeeklyRange(day, opens, closes) for day in range(5) for opens, closes in WEEKDAY_RANGES),
        hours.WeeklyRange(5, dt.time(9), dt.time(12)),
    )
)
HELP = ("政务咨询请拨打 12345", "紧急情况请拨打 110、120")
CENTRE = phones.PhoneLine("021-57310360", every_day("08:30", "20:30"), HELP)


# ------------------------------------------------------------------ whose hours
def test_an_entry_without_a_number_shows_the_centres_line():
    assert phones.line_for("", WORKDAYS, CENTRE) is CENTRE
    assert phones.line_for("  ", WORKDAYS, CENTRE) is CENTRE


def test_an_entrys_own_number_follows_its_own_hours_and_the_centres_help():
    line = phones.line_for("021-57310361", WORKDAYS, CENTRE)
    assert (line.number, line.hours, line.after_hours) == ("021-57310361", WORKDAYS, HELP)


def test_the_centres_number_written_another_way_keeps_the_centres_hours():
    assert phones.line_for("021 5731 0360", WORKDAYS, CENTRE) is CENTRE


def test_a_number_that_is_a_rooms_follows_the_rooms_hours():
    room = phones.PhoneLine("021-57310371", every_day("09:00", "16:30"), HELP)
    assert phones.line_for("02157310371", WORKDAYS, CENTRE, known=[room]) is room


def test_numbers_compare_by_their_digits():
    assert phones.same_number("021-57310360", "(021) 5731 0360")
    assert not phones.same_number("021-57310360", "021-57310361")
    assert not phones.same_number("", "")


def test_tel_links_keep_digits_plus_and_dashes_only():
    assert phones.tel_href("021-5731 0360") == "tel:021-57310360"
    assert phones.tel_href("+86 21 5731 0360") == "tel:+862157310360"
    assert phones.tel_href("无") == ""


# ------------------------------------------------------------------ what the page says
def test_answered_now_says_so_with_todays_hours_once():
    answer = phones.answering(CENTRE, at(1, 10))
    assert answer.state == "answering" and answer.answering
    assert answer.now_text == "正在接听，今天 08:30–20:30"
    assert answer.hours_text == ""  # every day's hours are today's: not said twice
    assert answer.after_hours == ()


def test_answered_now_with_a_week_that_varies_gives_the_week_too():
    answer = phones.answering(phones.PhoneLine("1", WORKDAYS), at(0, 10))
    assert answer.now_text == "正在接听，今天 09:00–11:30、13:30–17:00"
    assert answer.hours_text == "接听时间：周一至周五 09:00–11:30、13:30–17:00；周六 09:00–12:00"


def test_at_night_it_says_when_it_is_answered_again_and_what_works_now():
    answer = phones.answering(CENTRE, at(2, 2))
    assert answer.state == "closed" and not answer.answering
    assert answer.now_text == "现在不在接听时间，今天 08:30 起接听"
    assert answer.after_hours == HELP


def test_in_the_evening_it_says_tomorrow():
    assert phones.answering(CENTRE, at(2, 21)).now_text == "现在不在接听时间，明天 08:30 起接听"


def test_after_saturday_noon_a_workday_line_says_monday():
    answer = phones.answering(phones.PhoneLine("1", WORKDAYS, HELP), at(5, 12, 30))
    assert answer.now_text == "现在不在接听时间，周一 09:00 起接听"


def test_a_holiday_says_why():
    holiday = hours.Schedule(
        weekly=CENTRE.hours.weekly, exceptions={at(3, 0).date(): hours.DayRule(at(3, 0).date(), True, reason="元旦")}
    )
    answer = phones.answering(phones.PhoneLine("1", holiday, HELP), at(3, 10))
    assert answer.now_text == "现在不在接听时间（元旦），明天 08:30 起接听"


def test_a_line_answered_around_the_clock():
    answer = phones.answering(phones.PhoneLine("1", hours.Schedule(always_open=True)), at(2, 3))
    assert (answer.state, answer.now_text, answer.after_hours) == ("always", "24小时接听", ())


def test_a_line_without_known_hours_is_never_said_to_be_answered():
    answer = phones.answering(phones.PhoneLine("1", None, HELP), at(1, 10))
    assert (answer.state, answer.now_text, answer.hours_text, answer.answering) == ("unknown", "", "", False)


def test_a_line_closed_for_good_says_only_that():
    closed = hours.Schedule()
    answer = phones.answering(phones.PhoneLine("1", closed, HELP), at(1, 10))
    assert answer.now_text == "现在不在接听时间" and answer.after_hours == HELP


def test_a_service_inside_its_rooms_hours_is_answered_only_while_both_are():
    own = every_day("08:00", "12:00")
    schedule = hours.Schedule(weekly=own.weekly, within=WORKDAYS)
    assert phones.answering(phones.PhoneLine("1", schedule), at(0, 8, 30)).state == "closed"
    assert phones.answering(phones.PhoneLine("1", schedule), at(0, 11)).now_text == "正在接听，今天 09:00–11:30"


# ------------------------------------------------------------------ the week in words
def test_week_summary_joins_runs_and_lists_the_rest():
    tue_thu = hours.Schedule(
        weekly=(
            hours.WeeklyRange(1, dt.time(9), dt.time(11, 30)),
            hours.WeeklyRange(3, dt.time(9), dt.time(11, 30)),
            hours.WeeklyRange(5, dt.time(13, 30), dt.time(16)),
        )
    )
    assert phones.week_summary(tue_thu) == "周二、周四 09:00–11:30；周六 13:30–16:00"
    assert phones.week_summary(every_day("08:30", "20:30")) == "每天 08:30–20:30"
    assert phones.week_summary(hours.Schedule(always_open=True)) == "每天24小时"
    assert phones.week_summary(hours.Schedule()) == ""


def test_help_lines_are_the_non_blank_lines():
    assert phones.help_lines("  拨打 12345\n\n 110 \r\n") == ("拨打 12345", "110")
