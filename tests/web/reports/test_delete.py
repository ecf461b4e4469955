import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from _web import PASSWORD, store_trial
from krampe.domain.trial.design import build_design
from krampe.web.diary.models import Night, Trial
from krampe.web.diet.models import DietRecord
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db


def fill(user, add_nights):
    HealthProfile.objects.create(user=user, data={"age": 60, "sex": "male"})
    DietRecord.objects.create(user=user, answers={"x": 1})
    SupplementPlan.objects.create(user=user)
    CalendarFeed.objects.create(user=user)
    store_trial(user, build_design("open", dt.date(2025, 1, 6)))
    add_nights(user, [("2025-01-06", "baseline", 1, 2)])


def test_confirmation_page_deletes_nothing(bob_client, bob):
    response = bob_client.get("/data/delete/")
    assert response.status_code == 200
    assert "bob" in response.content.decode()
    assert get_user_model().objects.filter(username="bob").exists()


def test_wrong_password_or_no_tick_keeps_everything(bob_client, bob, add_nights):
    fill(bob, add_nights)
    response = bob_client.post("/data/delete/", {"confirm": "on", "password": "wrong-one"})
    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    response = bob_client.post("/data/delete/", {"password": PASSWORD})
    assert "Tick the box to confirm." in response.content.decode()
    assert Night.objects.filter(user=bob).count() == 1


def test_delete_removes_the_account_and_all_its_data_and_logs_out(
    bob_client, bob, add_nights, charlie
):
    fill(bob, add_nights)
    other = charlie
    fill(other, add_nights)
    response = bob_client.post("/data/delete/", {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not get_user_model().objects.filter(username="bob").exists()
    for model in (HealthProfile, DietRecord, SupplementPlan, CalendarFeed, Trial, Night):
        assert model.objects.count() == 1, model.__name__  # only charlie's row is left
        assert model.objects.get().user == other
    assert bob_client.get("/home/").status_code == 302  # logged out
    page = bob_client.get("/").content.decode()
    assert "Your account and all its data have been deleted." in page
