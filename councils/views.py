from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from councils import access
from councils.attachments import find_attachment


@login_required
def attachment(request: HttpRequest, name: str):
    """An attached PDF, for users who may read the council of the record it belongs to."""
    record, file = find_attachment(name)
    if record is None:
        raise Http404
    access.council_for_read(request.user, record.council.slug)
    return FileResponse(file.open("rb"), content_type="application/pdf", filename=f"{record.pk}.pdf")
