"""Rules that need no request: the password rule, masking, Paris time, the token lifetime."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@settings(deadline=None)
@given(st.text(min_size=0, max_size=30))
def test_the_password_rule_is_8_to_20_with_lower_upper_and_special(password: str) -> None:
    from web.core.security import (
        BREACHED_PASSWORD_MESSAGE,
        PASSWORD_RULE_MESSAGE,
        is_common_password,
        password_problem,
    )

    follows_rule = (
        8 <= len(password) <= 20
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(not c.isalnum() and not c.isspace() for c in password)
    )
    if not follows_rule:
        assert password_problem(password) == PASSWORD_RULE_MESSAGE
    elif is_common_password(password):  # e.g. ":InFINITY": the rule kept, a breached word
        assert password_problem(password) == BREACHED_PASSWORD_MESSAGE
    else:
        assert password_problem(password) is None


@pytest.mark.parametrize("special", list(string.punctuation))
def test_every_ascii_punctuation_counts_as_a_special_character(special: str) -> None:
    from web.core.security import password_problem

    assert password_problem(f"Abcdefg{special}") is None


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("paul.lamy@gmail.com", "paul.****@****.com"),
        ("plamy@laposte.net", "pl****@****.net"),
        ("02512345678", ""),
        ("nom.prenom1", ""),
    ],
)
def test_only_a_typed_email_is_masked_like_the_guide(typed: str, masked: str) -> None:
    from web.account.services import mask_email

    assert mask_email(typed) == masked


def test_deadlines_are_shown_in_paris_time_summer_and_winter() -> None:
    from web.core.catalogue import format_paris

    assert format_paris(datetime(2027, 1, 15, 22, 59, tzinfo=UTC)) == "15/01/2027 à 23:59"
    assert format_paris(datetime(2027, 6, 15, 21, 59, tzinfo=UTC)) == "15/06/2027 à 23:59"


def test_links_live_48_hours() -> None:
    from web.core.security import TOKEN_LIFETIME

    assert timedelta(hours=48) == TOKEN_LIFETIME


def test_the_utc_column_refuses_naive_datetimes() -> None:
    from web.core.models import UTCDateTime

    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2027, 1, 1), None)
