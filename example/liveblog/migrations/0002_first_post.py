"""The post the example's index links to (/blog/1/), with a first comment."""

from django.db import migrations


def first_post(apps, schema_editor):
    BlogPost = apps.get_model("liveblog", "BlogPost")
    Comment = apps.get_model("liveblog", "Comment")
    post = BlogPost.objects.create(
        pk=1,
        title="Hello, liveblog",
        body="Every save of this post or its comments reaches every open page of it.",
    )
    Comment.objects.create(post=post, author="djwire", text="Comments appear here live.")


class Migration(migrations.Migration):
    dependencies = [("liveblog", "0001_initial")]

    operations = [migrations.RunPython(first_post, migrations.RunPython.noop)]
