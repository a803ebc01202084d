"""Seed the trade indicators (with validity periods and successors) into the targets catalogue."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhaoshang.trade.indicators import seed_catalogue

    seed_catalogue(apps.get_model("targets", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("trade", "0001_initial"),
        ("targets", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
