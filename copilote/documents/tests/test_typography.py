from copilote.documents.typography import NBSP, fr


def test_dates_one_style_and_kept_together():
    assert fr("le 05 juin 2013") == f"le 5{NBSP}juin{NBSP}2013"
    assert fr("1 mars 2012") == f"1er{NBSP}mars{NBSP}2012"
    assert fr("le 1er mars") == f"le 1er{NBSP}mars"


def test_hours_never_split():
    assert fr("10 h – 12 h 30") == f"10{NBSP}h – 12{NBSP}h{NBSP}30"


def test_short_ordinals():
    assert fr("la 1ère proposition, les 1ères choses, le 2ème copil") == (
        "la 1re proposition, les 1res choses, le 2e copil"
    )


def test_numbers_keep_their_word_but_not_years_or_decimals():
    assert fr("8 à 12 participants") == f"8{NBSP}à 12{NBSP}participants"
    assert fr("en 2013 les 1.5 points") == "en 2013 les 1.5 points"
