"""The organisations, contacts and mobilisations listed in French order by default: the stored
key (core.collation), then the id; no name is ordered by its bytes any more."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0008_french_order_keys"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="mobilisation",
            options={
                "ordering": ["organisation__sort_name", "id"],
                "verbose_name": "mobilisation",
                "verbose_name_plural": "mobilisations",
            },
        ),
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["sort_name", "id"],
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["sort_name", "id"],
                "verbose_name": "contact",
                "verbose_name_plural": "contacts",
            },
        ),
    ]
