from django_tasks import task


@task()
def notify_post_visible_task(post_id: int) -> int:
    from machina.apps.forum_conversation.models import Post

    from forums.notifications import notify_post_visible

    post = Post.objects.filter(pk=post_id).first()
    return notify_post_visible(post) if post is not None else 0


@task()
def send_daily_digests_task() -> int:
    from forums.notifications import send_daily_digests

    return send_daily_digests()
