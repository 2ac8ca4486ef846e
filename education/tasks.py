from django_tasks import task

from education.services import review_expiry_sweep


@task()
def review_expiry_sweep_task() -> dict:
    result = review_expiry_sweep()
    return {"reminded": result.reminded, "unpublished": result.unpublished}
