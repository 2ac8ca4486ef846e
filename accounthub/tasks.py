from django_tasks import task

from accounthub.services import deletion_sweep


@task()
def account_deletion_sweep_task() -> int:
    return deletion_sweep()
