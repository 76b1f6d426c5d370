"""French order: the stored key (core.collation.stored_key) orders as sort_key does, in Python
and in the database (SQLite and PostgreSQL alike), and follows the names it is made of."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilote.core.collation import SORT_KEY_LENGTH, sort_key, stored_key

NAMES = ["Croix-Rouge", "crèche", "Crédit Foncier", "Écoles", "Essilor", "eau", "Eau", "É", "e"]
# Letters, accents, case, ligatures, punctuation, the separators' neighbours.
ALPHABET = "aAbeEéÉèzZ ßœŒﬁ-’'.0\x02\x7f€😀"


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(st.text(ALPHABET, max_size=6), st.text(ALPHABET, max_size=6))))
def test_the_stored_key_orders_as_sort_key(pairs):
    by_tuple = sorted(pairs, key=lambda p: (sort_key(p[0]), sort_key(p[1])))
    by_key = sorted(pairs, key=lambda p: stored_key(*p))
    assert [(sort_key(a), sort_key(b)) for a, b in by_key] == [
        (sort_key(a), sort_key(b)) for a, b in by_tuple
    ]


def test_the_stored_key_is_plain_hexadecimal_and_bounded():
    assert sorted(NAMES, key=stored_key) == sorted(NAMES, key=sort_key)
    assert set(stored_key("Crédit Foncier")) <= set("0123456789abcdef")
    assert len(stored_key("É" * 200, "é" * 100)) == SORT_KEY_LENGTH
    assert stored_key(None) == stored_key("")
    assert stored_key("Lyon\x01") == stored_key("Lyon")  # below the separator: dropped


@pytest.mark.django_db
def test_the_database_orders_the_keys_as_python(programme):
    """Whatever the database's collation (PostgreSQL's may be linguistic), hexadecimal text
    compares as its bytes."""
    from django_scopes import scopes_disabled

    from copilote.actors.models import Organisation

    with scopes_disabled():
        Organisation.objects.bulk_create(  # bulk_create computes the key too
            Organisation(territory=programme.territory, name=name, kind="autre") for name in NAMES
        )
        listed = list(
            Organisation.objects.filter(name__in=NAMES)
            .order_by("sort_name", "id")
            .values_list("name", flat=True)
        )
        backwards = list(
            Organisation.objects.filter(name__in=NAMES)
            .order_by("-sort_name", "-id")
            .values_list("name", flat=True)
        )
    assert listed == sorted(NAMES, key=sort_key)
    assert backwards == listed[::-1]
