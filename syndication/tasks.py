from django_tasks import task

from syndication.delivery import delivery_run
from syndication.sweep import syndication_sweep


@task()
def deliver_task(delivery_id: int) -> str:
    return delivery_run(delivery_id=delivery_id)


@task()
def sweep_task() -> dict:
    return syndication_sweep().as_dict()
