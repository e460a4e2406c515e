"""Seed the Skill table from the engine's taxonomy (the one place it is written)."""

from django.db import migrations


def seed_skills(apps, schema_editor):
    from lessons.engine.skills import TAXONOMY

    Skill = apps.get_model("lessons", "Skill")
    for position, info in enumerate(TAXONOMY):
        Skill.objects.update_or_create(
            slug=info.slug.value,
            defaults={
                "name": info.name,
                "question": info.question,
                "description": info.description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [migrations.RunPython(seed_skills, migrations.RunPython.noop)]
