"""Thread splitting: exact limits, boundaries, CJK and emoji, numbering, split markers."""

from __future__ import annotations

from smmgen.counting import graphemes, split_graphemes
from smmgen.networks.x_weighted import V3, weighted_length
from smmgen.thread_split import Part, split_thread


def texts(text: str, parts: list[Part]) -> list[str]:
    return [p.text(text) for p in parts]


def test_text_at_the_limit_is_one_part_one_more_splits() -> None:
    text = "a" * 100 + ". " + "b" * 97  # 199 graphemes
    assert texts(text, split_thread(text, graphemes, 199)) == [text]
    parts = texts(text, split_thread(text, graphemes, 198))
    assert parts == ["a" * 100 + ". 1/2", "b" * 97 + " 2/2"]


def test_parts_fill_up_to_the_exact_limit_including_numbering() -> None:
    text = " ".join(["abcd"] * 60)  # 299 characters, words of 4
    parts = texts(text, split_thread(text, graphemes, 50))
    assert all(graphemes(p) <= 50 for p in parts)
    # 9 words (44) + " 1/7" (4) = 48; a 10th word would make 53.
    assert parts[0] == " ".join(["abcd"] * 9) + " 1/7"
    assert len(parts) == 7
    assert " ".join(p.rsplit(" ", 1)[0] for p in parts) == text


def test_paragraphs_then_sentences_then_words_and_line_breaks_kept() -> None:
    text = "First line\nsecond line.\n\nOne sentence here. Another one follows."
    parts = texts(text, split_thread(text, graphemes, 30, numbering=False))
    assert parts == ["First line\nsecond line.", "One sentence here.", "Another one follows."]


def test_split_marker_forces_a_break_even_when_it_fits() -> None:
    text = "Intro.\n<!-- split -->\nMore."
    assert texts(text, split_thread(text, graphemes, 300)) == ["Intro. 1/2", "More. 2/2"]
    assert texts(text, split_thread(text, graphemes, 300, numbering=False)) == ["Intro.", "More."]


def test_cjk_without_spaces_splits_between_characters_by_x_weight() -> None:
    text = "日本語の文章です" * 30  # 240 CJK characters, weight 2 each on X
    parts = texts(text, split_thread(text, lambda t: weighted_length(t, V3), 280))
    assert all(weighted_length(p, V3) <= 280 for p in parts)
    assert len(parts) == 2
    assert weighted_length(parts[0], V3) >= 270  # full, not cut early
    assert "".join(p.rsplit(" ", 1)[0] for p in parts) == text


def test_cjk_sentence_ends_are_preferred() -> None:
    text = "今日は晴れです。" * 5 + "明日も晴れるでしょう。"
    parts = texts(text, split_thread(text, len, 30, numbering=False))
    assert all(p.endswith("。") for p in parts)
    assert "".join(parts) == text


def test_emoji_sequences_are_never_cut_apart() -> None:
    family = "👨‍👩‍👧‍👦"  # one grapheme, 7 code points
    text = family * 25
    parts = texts(text, split_thread(text, graphemes, 10, numbering=False))
    assert [graphemes(p) for p in parts] == [10, 10, 5]
    assert all(set(split_graphemes(p)) == {family} for p in parts)


def test_numbering_width_settles_for_ten_or_more_parts() -> None:
    text = " ".join(f"w{i:02d}" for i in range(60))  # 60 words of 3
    parts = texts(text, split_thread(text, graphemes, 20))
    assert len(parts) >= 10
    assert all(graphemes(p) <= 20 for p in parts)
    assert parts[0].endswith(f" 1/{len(parts)}") and parts[-1].endswith(
        f" {len(parts)}/{len(parts)}"
    )


def test_no_break_inside_a_kept_range() -> None:
    text = "aaa bbb ccc ddd eee"
    # Without keep, 11 fits "aaa bbb ccc"; keeping "ccc ddd" together moves the break.
    parts = texts(text, split_thread(text, len, 11, numbering=False, keep=[(8, 15)]))
    assert parts == ["aaa bbb", "ccc ddd eee"]


def test_an_ellipsis_ends_a_sentence() -> None:
    text = "Es war kalt… Dann kam die Sonne."
    parts = texts(text, split_thread(text, len, 25, numbering=False))
    assert parts == ["Es war kalt…", "Dann kam die Sonne."]


def test_a_paragraph_break_wins_over_a_later_sentence_break() -> None:
    text = "Kurz.\n\nEins. Zwei."
    parts = texts(text, split_thread(text, len, 15, numbering=False))
    assert parts == ["Kurz.", "Eins. Zwei."]


def test_a_break_may_fall_right_after_a_kept_range() -> None:
    text = "aaa https://e.com/x bbb"
    parts = texts(text, split_thread(text, len, 19, numbering=False, keep=[(4, 19)]))
    assert parts == ["aaa https://e.com/x", "bbb"]


def test_an_overlong_word_is_cut_before_an_emoji_that_does_not_fit() -> None:
    family = "👨‍👩‍👧‍👦"  # one grapheme of 7 code points (len counts code points)
    text = "x" * 5 + family + "y" * 5
    parts = texts(text, split_thread(text, len, 10, numbering=False))
    assert parts == ["xxxxx", family + "yyy", "yy"]


def test_a_grapheme_longer_than_the_limit_still_makes_progress() -> None:
    assert texts("ab", split_thread("ab", len, 0, numbering=False)) == ["a", "b"]


def test_a_blank_text_is_one_empty_part() -> None:
    assert texts(" \n\t ", split_thread(" \n\t ", graphemes, 10)) == [""]


def test_a_sentence_end_where_a_part_starts_is_no_break() -> None:
    # The second part starts right after "。"; its sentence is too long, so it is
    # split between its characters, never into an empty part.
    text = "今日は晴れ。" + "明日" * 6 + "。"
    parts = texts(text, split_thread(text, len, 8, numbering=False))
    assert parts == ["今日は晴れ。", "明日" * 4, "明日明日。"]


def test_a_sentence_end_after_the_one_a_part_starts_at_is_still_a_break() -> None:
    text = "今日は晴れ。明日も。" + "雨" * 10
    parts = texts(text, split_thread(text, len, 8, numbering=False))
    assert parts == ["今日は晴れ。", "明日も。", "雨" * 8, "雨雨"]


MARKER = "\n<!-- split -->\n"


def test_part_9_of_10_fills_the_limit_with_its_own_number() -> None:
    ninth = "aaaa bbbb cccc dddd eeeee"  # 25 + " 9/10" = 30
    text = MARKER.join([*(f"p{i}" for i in range(1, 9)), ninth, "p10"])
    parts = texts(text, split_thread(text, graphemes, 30))
    assert len(parts) == 10
    assert parts[8] == ninth + " 9/10"
    # One less and the ninth section no longer fits: it becomes two parts of eleven.
    parts = texts(text, split_thread(text, graphemes, 29))
    assert parts[8:10] == ["aaaa bbbb cccc dddd 9/11", "eeeee 10/11"]
    assert len(parts) == 11
