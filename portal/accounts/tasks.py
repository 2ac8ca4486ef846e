from django_tasks import task

from portal.accounts.emails import email_from_data


@task()
def send_account_email_task(data: dict) -> int:
    """Send one account email rendered in a request; a failure fails the task (logged by
    the worker) and never the request that asked for it."""
    return email_from_data(data).send(fail_silently=False)
