"""Editions of one expo get an explicit series. Until now the results found them by a
slug stem (``cnea-2018``, ``cnea-2019``); existing rows get that stem as their series so
that their comparison stays as it was."""

import re

from django.db import migrations, models


def slug_stem(slug: str) -> str:
    """The stem the results used before series existed (a copy: migrations must not
    depend on code that may change)."""
    return re.sub(r"[-_]?\d+$", "", slug) or slug


def fill_series(apps, schema_editor) -> None:
    """Give every expo without a series the stem of its slug. Two expos of one stem with
    the same edition number cannot both join the series: the first one created does, the
    others stay one-off expos, so the migration never fails on old data."""
    Expo = apps.get_model("expos", "Expo")
    taken = set(Expo.objects.exclude(series="").values_list("series", "edition"))
    for expo in Expo.objects.filter(series="").order_by("id"):
        key = (slug_stem(expo.slug)[:50], expo.edition)
        if key in taken:
            continue
        taken.add(key)
        Expo.objects.filter(pk=expo.pk).update(series=key[0])


class Migration(migrations.Migration):
    dependencies = [
        ("expos", "0004_expo_personal_data_retention_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="expo",
            name="series",
            field=models.SlugField(
                blank=True,
                default="",
                help_text=(
                    "A short name shared by every edition of this expo, such as “cnea”: the results "
                    "compare an edition with the previous one of its series. Empty for a one-off expo."
                ),
                verbose_name="series",
            ),
        ),
        migrations.RunPython(fill_series, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="expo",
            constraint=models.UniqueConstraint(
                condition=models.Q(("series", ""), _negated=True),
                fields=("series", "edition"),
                name="one_edition_number_per_series",
                violation_error_message="This series already has an edition with this number.",
            ),
        ),
    ]
