from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("demo", "0002_note")]

    operations = [
        migrations.AddField(
            model_name="note", name="version", field=models.PositiveIntegerField(default=1)
        ),
    ]
