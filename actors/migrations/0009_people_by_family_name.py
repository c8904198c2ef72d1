"""People sort by family name: recompute their sort keys (Person.refresh_derived_text)."""

from django.db import migrations


def forward(apps, schema_editor):
    from ecosystem.core.text import family_name_first, sort_text

    Person = apps.get_model("actors", "Person")
    people = list(Person.objects.order_by("pk"))
    for person in people:
        key = sort_text(family_name_first(person.name))[:200]
        person.sort_key_fr = person.sort_key_en = key
    Person.objects.bulk_update(people, ["sort_key_fr", "sort_key_en"], batch_size=1000)


def backward(apps, schema_editor):
    from ecosystem.core.text import normalise

    Person = apps.get_model("actors", "Person")
    people = list(Person.objects.order_by("pk"))
    for person in people:
        person.sort_key_fr = person.sort_key_en = normalise(person.name)[:200]
    Person.objects.bulk_update(people, ["sort_key_fr", "sort_key_en"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0008_evidence"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=True),
    ]
