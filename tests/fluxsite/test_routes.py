"""Remembered reverse(): the same answers as Django's, including failures and prefixes."""

import pytest
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse

from fluxsite import routes


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("articles:home", None, None),
        ("articles:detail", None, {"slug": "open-weights"}),
        ("articles:tag", ["café-ia"], None),  # non-ASCII slugs are quoted as Django quotes them
        ("directory:tool", None, {"slug": "hearth"}),
        ("admin:index", None, None),
    ],
)
def test_answers_as_django_does_and_remembers(name, args, kwargs):
    routes._reverse.cache_clear()
    expected = django_reverse(name, args=args, kwargs=kwargs)
    assert routes.reverse(name, args=args, kwargs=kwargs) == expected
    assert routes.reverse(name, args=args, kwargs=kwargs) == expected
    assert routes._reverse.cache_info().hits == 1


def test_a_name_that_does_not_reverse_raises_every_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            routes.reverse("articles:detail", kwargs={"slug": "not a slug"})


def test_the_script_prefix_is_part_of_the_answer():
    assert routes.reverse("articles:detail", kwargs={"slug": "x"}) == "/articles/x/"
    set_script_prefix("/flux/")
    try:
        assert routes.reverse("articles:detail", kwargs={"slug": "x"}) == "/flux/articles/x/"
    finally:
        set_script_prefix("/")
    assert routes.reverse("articles:detail", kwargs={"slug": "x"}) == "/articles/x/"
