"""Logins nom.prenomN: folded to ASCII letters, numbered by homonym, never twice the same;
the initial password derived from a seed and the server's key."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from web.backoffice.pupils.logins import PATTERN, LoginAllocator, login_base
from web.core import initial_password


def test_names_are_folded_as_the_guide_writes_logins() -> None:
    assert login_base("Dupont", "Marie Claire") == "dupont.marie"
    assert login_base("LE GOFF-KÉRIEN", "Jean-Éric") == "legoffkerien.jeaneric"
    assert login_base("d'Alembert", "Zoé, Anaïs") == "dalembert.zoe"
    assert login_base("Œuvray", "Ægir") == "oeuvray.aegir"
    assert login_base("Straße", "Łucja") == "strasse.lucja"
    assert login_base("Ωμέγα", "Ива") == "eleve.prenom"  # no Latin letter left


def test_homonyms_count_from_one_after_those_already_given() -> None:
    logins = LoginAllocator({"dupont.marie": 2})
    assert [logins.next(b)[0] for b in ("dupont.marie", "martin.paul", "dupont.marie")] == [
        "dupont.marie3", "martin.paul1", "dupont.marie4"]


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(deadline=None, max_examples=100)
@given(st.lists(st.tuples(names, names), min_size=1, max_size=40),
       st.dictionaries(st.sampled_from(["dupont.marie", "eleve.prenom", "a.b"]),
                       st.integers(1, 5)))
def test_logins_are_unique_ascii_and_match_the_pattern(
    people: list[tuple[str, str]], taken: dict[str, int],
) -> None:
    logins = LoginAllocator(taken)
    given_out = [logins.next(login_base(nom, prenoms))[0] for nom, prenoms in people]
    assert len(set(given_out)) == len(given_out)
    for login in given_out:
        assert login.isascii() and PATTERN.match(login) and len(login) <= 60
        base = login.rstrip("0123456789")
        assert int(login[len(base):]) > taken.get(base, 0)


def test_the_initial_password_has_75_bits_and_needs_the_key() -> None:
    seed = initial_password.new_seed()
    password = initial_password.derive(seed, "clé du serveur")
    assert len(password.replace("-", "")) * 5 >= 60
    assert initial_password.matches(seed, password.lower().replace("-", " "), "clé du serveur")
    assert not initial_password.matches(seed, password, "une autre clé")
    assert not initial_password.matches(None, password, "clé du serveur")
    assert initial_password.derive(initial_password.new_seed(), "clé du serveur") != password
