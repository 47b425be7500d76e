"""Background work: rendering and storing a signed report.

Django's tasks framework runs this in the request with the default ImmediateBackend. With
TASKS_BACKEND=database (settings) the view only queues it, in the database (django-tasks-db), and
`make worker` renders it, on this machine or another that shares the database; neither this code
nor the view changes. Arguments are ids, so a task is plain JSON in its table."""

from django.contrib.auth import get_user_model
from django.tasks import task

from councils.models import Council
from reports import annual


@task()
def sign_report(council_id: int, year: int, user_id: int) -> int:
    council = Council.objects.with_unit().get(pk=council_id)
    user = get_user_model().objects.get(pk=user_id)
    return annual.sign(council, year, user=user).pk
