import pytest
from django.contrib.auth import get_user_model

from krampe.web.diary.models import Night, Trial
from krampe.web.diet.models import DietRecord
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db
PASSWORD = "calf-stretch-2026"


def fill(user, add_nights):
    HealthProfile.objects.create(user=user, data={"age": 60, "sex": "male"})
    DietRecord.objects.create(user=user, answers={"x": 1})
    SupplementPlan.objects.create(user=user)
    CalendarFeed.objects.create(user=user)
    Trial.objects.create(user=user, kind="open", start="2025-01-06")
    add_nights(user, [("2025-01-06", "baseline", 1, 2)])


def test_confirmation_page_deletes_nothing(logged_in, karen):
    response = logged_in.get("/data/delete/")
    assert response.status_code == 200
    assert "karen" in response.content.decode()
    assert get_user_model().objects.filter(username="karen").exists()


def test_wrong_password_or_no_tick_keeps_everything(logged_in, karen, add_nights):
    fill(karen, add_nights)
    response = logged_in.post("/data/delete/", {"confirm": "on", "password": "wrong-one"})
    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    response = logged_in.post("/data/delete/", {"password": PASSWORD})
    assert "Tick the box to confirm." in response.content.decode()
    assert Night.objects.filter(user=karen).count() == 1


def test_delete_removes_the_account_and_all_its_data_and_logs_out(
    logged_in, karen, add_nights, django_user_model
):
    fill(karen, add_nights)
    other = django_user_model.objects.create_user("bo", password="x-long-pass-1")
    fill(other, add_nights)
    response = logged_in.post("/data/delete/", {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not get_user_model().objects.filter(username="karen").exists()
    for model in (HealthProfile, DietRecord, SupplementPlan, CalendarFeed, Trial, Night):
        assert model.objects.count() == 1, model.__name__  # only bo's row is left
        assert model.objects.get().user == other
    assert logged_in.get("/home/").status_code == 302  # logged out
    page = logged_in.get("/").content.decode()
    assert "Your account and all its data have been deleted." in page
