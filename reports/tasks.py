"""Background work: rendering and storing a signed report.

Django's tasks framework runs this in the request with the default ImmediateBackend; a
deployment that configures a worker backend (TASKS setting) moves the rendering out of the
web worker without changing this code or the view."""

from django.contrib.auth import get_user_model
from django.tasks import task

from councils.models import Council
from reports import annual


@task()
def sign_report(council_id: int, year: int, user_id: int) -> int:
    council = Council.objects.with_unit().get(pk=council_id)
    user = get_user_model().objects.get(pk=user_id)
    return annual.sign(council, year, user=user).pk
