import datetime as dt

import pytest

PASSWORD = "calf-stretch-2026"


@pytest.fixture
def karen(django_user_model):
    return django_user_model.objects.create_user("karen", password=PASSWORD, language="en")


@pytest.fixture
def logged_in(client, karen):
    client.force_login(karen)
    client.cookies["django_language"] = "en"
    return client


def _add_nights(user, rows):
    from krampe.web.diary.models import Night

    for day, phase, cramps, pain in rows:
        Night.objects.create(
            user=user,
            date=dt.date.fromisoformat(day),
            phase=phase,
            cramps=cramps,
            worst_pain=pain,
            awakenings=1 if cramps else 0,
            took_dose=phase == "magnesium",
            stretched=False,
            side_effect="none",
        )


@pytest.fixture
def add_nights():
    """``add_nights(user, [(date, phase, cramps, worst_pain), ...])``."""
    return _add_nights
