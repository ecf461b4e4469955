# A migration of its own: on PostgreSQL a table whose rows were just updated cannot be
# altered in the same transaction ("pending trigger events").
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_username_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.TextField(editable=False, unique=True),
        ),
    ]
