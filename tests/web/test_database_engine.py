import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_run_uses_the_database_it_claims(request):
    expected = "postgresql" if request.config.getoption("--postgres") else "sqlite"
    assert connection.vendor == expected
