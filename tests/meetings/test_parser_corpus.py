"""The parser scored on the labelled corpus of real notices (tests/meetings/corpus, issue 10).

Fails below the published targets; prints the per-field figures (run with -s to see them).
"""

import pytest

from tests.meetings.parser_corpus import (
    corpus_kind,
    corpus_labels,
    corpus_names,
    corpus_parse,
    corpus_score,
    corpus_split,
    corpus_text,
    lost_sentences,
)

TARGETS = {
    "sentences kept": 100.0,
    "assignments found": 95.0,
    "lead units right": 90.0,
    "deadline kinds right": 95.0,
    "due dates right": 95.0,
}


@pytest.fixture(scope="module")
def score():
    return corpus_score()


def real_notices_2015_2026() -> list[str]:
    """Texts that are a notice's own words (not a news write-up, not a seed), dated 2015–2026."""
    return [
        name
        for name in corpus_names()
        if corpus_kind(name) == "notice" and 2015 <= int(corpus_labels(name)["date"][:4]) <= 2026
    ]


def test_every_corpus_text_says_whether_it_is_a_notice_and_whether_it_was_held_out():
    for name in corpus_names():
        assert corpus_kind(name) in {"notice", "news", "seed"}, name
        assert corpus_split(name) in {"tuning", "holdout"}, name
        assert "kind" in corpus_labels(name) and "split" in corpus_labels(name), name


def test_the_blind_hold_out_has_real_notices_and_news_write_ups_apart():
    holdout = [name for name in corpus_names() if corpus_split(name) == "holdout"]
    kinds = {corpus_kind(name) for name in holdout}
    assert len(holdout) >= 12 and kinds == {"notice", "news"}


def test_the_corpus_has_at_least_twelve_real_notices_dated_2015_to_2026():
    assert len(real_notices_2015_2026()) >= 12, real_notices_2015_2026()


def test_every_corpus_text_has_its_labels():
    for name in corpus_names():
        labels = corpus_labels(name)
        assert labels["units"] and "assignments" in labels, name
        assert all(label["sentence"] in corpus_text(name) for label in labels["assignments"]), name


@pytest.mark.parametrize("name", corpus_names())
def test_no_sentence_of_a_notice_is_lost(name):
    assert lost_sentences(corpus_text(name), corpus_parse(name)) == []


@pytest.mark.parametrize("field", TARGETS)
def test_the_parser_meets_its_target_on_the_corpus(score, field):
    print(score.report())
    assert score.figures()[field] >= TARGETS[field], score.report()
