"""Names are compared by Unicode's word rules: possessives, apostrophes, hyphens, accents and case."""

import pytest

from reviews.documents import disclosure


def matches(listed, text):
    return bool(disclosure.name_findings([text], {1: disclosure.term_hashes(listed)}))


@pytest.mark.parametrize(
    ("listed", "text"),
    [
        ("Jessica", "Jessica's brother"),
        ("Jessica", "Jessica’s brother"),
        ("Jessica", "JESSICA‘S BROTHER"),
        ("James", "the James’ house"),
        ("Zoë O’Brien", "Later, ZOE O'BRIEN moved."),
        ("O'Brien", "O’Brien’s mother"),
        ("Smith-Jones", "Mr Smith Jones"),
        ("Mary Smith-Jones", "Mary Smith–Jones’s school"),
        ("Ayşe Çelik", "ayse celik"),
        ("Jessica", "Jes\u00adsica"),
        ("Fiona", "ﬁona"),
    ],
)
def test_a_listed_name_matches_however_the_text_writes_it(listed, text):
    assert matches(listed, text)


@pytest.mark.parametrize(
    ("listed", "text"),
    [
        ("Jessica", "Jessie's brother"),
        ("Jane Smith", "Jane met Mr Smith"),
        ("Ann", "Anne"),
    ],
)
def test_other_words_do_not_match(listed, text):
    assert not matches(listed, text)


def test_possessives_are_undone_inner_apostrophes_joined_and_hyphens_split():
    assert disclosure.normalised_words("Jessica’s O’Brien-Kaur ZOË") == ["jessica", "obrien", "kaur", "zoe"]
