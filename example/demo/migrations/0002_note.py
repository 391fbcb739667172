from django.db import migrations, models


def create_notes(apps, schema_editor):
    # Two notes, so that the demo shows that an edit reaches the tabs of its note only.
    Note = apps.get_model("demo", "Note")
    Note.objects.bulk_create(
        [
            Note(pk=1, title="First note", content="Edit me in two tabs."),
            Note(pk=2, title="Second note", content="Edits of the first note never reach me."),
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("demo", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=100)),
                ("content", models.TextField(blank=True)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(create_notes, migrations.RunPython.noop),
    ]
