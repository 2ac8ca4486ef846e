from django_tasks import task

from forums.moderation.escalation import crisis_alert_check


@task()
def crisis_alert_check_task(item_id: int) -> dict:
    """One check of a crisis alert (re-alert, escalate, retry a failed email or stop)."""
    result = crisis_alert_check(item_id=item_id)
    return {"round": result.round, "sent": result.sent, "failed": result.failed}
