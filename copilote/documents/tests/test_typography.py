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


def test_a_percentage_keeps_its_sign():
    assert fr("En cours – 30 %") == "En cours – 30\u202f%"
    assert fr("Assiduité 85%, 87 % et 85\xa0%") == "Assiduité 85\u202f%, 87\u202f% et 85\u202f%"
    assert fr("100 % des groupes") == "100\u202f% des groupes"


def test_typeset_every_text_but_codes_and_a_crowded_table_marked_and_loosened():
    from copilote.documents.typography import typeset

    dates = ["8 novembre 2012", "6 décembre 2012", "17 janvier 2013"]
    crowded = {
        "type": "table",
        "title": "Les binômes : 3 groupes",
        "headers": ["Thématique", "Binôme association", "Binôme entreprise", "Participants"]
        + ["Réunion 1", "Réunion 2", "Réunion 3"],
        "rows": [["Insertion des jeunes", "Croix-Rouge", "Neova", "8 (cible 8 à 12)", *dates]],
    }
    roomy = {"type": "table", "headers": ["Date", "Étape"], "rows": [[dates[0], "Réunion 1"]]}
    data = typeset({"date": "2012-11-08", "kind": "copil", "items": [crowded, roomy]})
    assert data["date"] == "2012-11-08" and data["kind"] == "copil"  # codes stay as they are
    tight, loose = data["items"]
    assert tight["crowded"] and "crowded" not in loose
    assert tight["title"] == f"Les binômes{NBSP}: 3{NBSP}groupes"  # its title keeps its typography
    assert tight["rows"][0][4] == "8 novembre 2012"  # a date may wrap between its words
    assert loose["rows"][0][0] == f"8{NBSP}novembre{NBSP}2012"  # elsewhere it is kept together
