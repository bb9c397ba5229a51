"""Organisers get a level per expo. Django cannot add ``through=`` to an existing
many-to-many field, so the relation moves to its own table: the new table is created,
every existing organiser is copied into it as an admin (what being an organiser meant
until now), and only then is the old table dropped."""

from django.conf import settings
from django.db import migrations, models


def copy_organisers(apps, schema_editor):
    Expo = apps.get_model("expos", "Expo")
    Organiser = apps.get_model("expos", "Organiser")
    rows = Expo.organisers.through.objects.using(schema_editor.connection.alias).values_list(
        "expo_id", "user_id"
    )
    Organiser.objects.using(schema_editor.connection.alias).bulk_create(
        [Organiser(expo_id=expo_id, user_id=user_id, level="admin") for expo_id, user_id in rows.iterator()],
        batch_size=500,
    )


def copy_organisers_back(apps, schema_editor):
    """Going back loses the levels: every organiser becomes a plain organiser again."""
    Expo = apps.get_model("expos", "Expo")
    Organiser = apps.get_model("expos", "Organiser")
    Through = Expo.organisers.through
    rows = Organiser.objects.using(schema_editor.connection.alias).values_list("expo_id", "user_id")
    Through.objects.using(schema_editor.connection.alias).bulk_create(
        [Through(expo_id=expo_id, user_id=user_id) for expo_id, user_id in rows.iterator()], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("expos", "0002_expo_organisers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Organiser",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("admin", "Administrator"), ("staff", "Staff"), ("viewer", "Viewer")],
                        default="admin",
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "expo",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="organiser_roles",
                        to="expos.expo",
                        verbose_name="expo",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="organiser_roles",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "organiser",
                "verbose_name_plural": "organisers",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("expo", "user"), name="one_organiser_level_per_user_and_expo"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_organisers, copy_organisers_back),
        migrations.RemoveField(model_name="expo", name="organisers"),
        migrations.AddField(
            model_name="expo",
            name="organisers",
            field=models.ManyToManyField(
                blank=True,
                related_name="organised_expos",
                through="expos.Organiser",
                to=settings.AUTH_USER_MODEL,
                verbose_name="organisers",
            ),
        ),
    ]
