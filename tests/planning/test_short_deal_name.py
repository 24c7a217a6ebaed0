"""A deal's name is shown without a leading copy of its account's name ("Globex - Plant
rollout" beside Globex reads "Plant rollout"), on the cards, the deals table and the dialogs."""

from __future__ import annotations

from fieldvisit.planning.wording import short_deal_name


def test_the_account_name_in_front_of_a_deal_is_left_out() -> None:
    assert short_deal_name("Globex Corporation", "Globex - Plant rollout") == "Plant rollout"
    assert short_deal_name("globex", "GLOBEX - Renewal") == "Renewal"


def test_other_deal_names_are_shown_whole() -> None:
    assert short_deal_name("Globex", "Initech - Plant rollout") == "Initech - Plant rollout"
    assert short_deal_name("Globex", "Plant rollout") == "Plant rollout"
    assert short_deal_name("Globex", "Globex - ") == "Globex - "
