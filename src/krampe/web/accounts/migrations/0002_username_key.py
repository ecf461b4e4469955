"""User names become case-insensitive: each account gets its case-folded name as a unique key.

Rule for existing data: where accounts' names differ only in case ("Mette" and "mette"),
the oldest account (lowest id) gets the plain key, so any spelling of the name logs in
to it; each younger one gets a marked key (``usernames.twin_key``) and still logs in
with its name spelled exactly as it was made. Nobody is locked out and no data moves;
no new name can again equal an existing one but for case. docs/web.md says the same.
"""

import sys

from django.db import migrations, models

import krampe.web.accounts.models
from krampe.web.accounts.usernames import twin_key, username_key


def fill_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken: dict[str, str] = {}
    for user in User.objects.order_by("pk").only("pk", "username"):
        key = username_key(user.username)
        if key in taken:
            sys.stdout.write(
                f"\n  Accounts {taken[key]!r} and {user.username!r} differ only in case: "
                f"{user.username!r} now logs in only when typed exactly so.\n"
            )
            key = twin_key(user.username, user.pk)
        else:
            taken[key] = user.username
        User.objects.filter(pk=user.pk).update(username_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", krampe.web.accounts.models.UserManager()),
            ],
        ),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(
                error_messages={"unique": "That user name is taken. Choose another."},
                max_length=150,
                unique=True,
                validators=[krampe.web.accounts.models.UsernameValidator()],
                verbose_name="user name",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=False),
    ]
