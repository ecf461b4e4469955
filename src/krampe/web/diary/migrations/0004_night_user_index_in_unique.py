"""Drop the index on ``diary_night.user_id`` alone.

The unique (user, date) index serves every query by person and reads their
nights in date order; the second index led PostgreSQL to fetch a person's
nights unordered and sort them (bench/README.md, ``scale.py explain``).
Backwards the index comes back.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('diary', '0003_sealed_allocation_helper_links'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='night',
            name='user',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='nights', to=settings.AUTH_USER_MODEL),
        ),
    ]
