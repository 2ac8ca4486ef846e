"""Re-render every stored post with the portal's sanitising renderer (posts written while
machina's markdown2 renderer was in use could carry unsafe HTML)."""

from django.db import migrations


def rerender(apps, schema_editor):
    from forums.rendering import render_member_text

    post_model = apps.get_model("forum_conversation", "Post")
    for post in post_model.objects.only("pk", "content").iterator(chunk_size=500):
        raw = getattr(post.content, "raw", post.content) or ""
        post_model.objects.filter(pk=post.pk).update(_content_rendered=render_member_text(raw))


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0003_first_guidelines"),
        ("forum_conversation", "0013_auto_20201220_1745"),
    ]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
