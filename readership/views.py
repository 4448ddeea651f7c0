"""/count/: the page-view beacon's target."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from readership.counting import BadCount, view_record

COUNT_PATH = "/count/"  # served by readership.middleware.BeaconMiddleware; urls.py names it for templates
MAX_BODY = 1024  # bytes: a path of at most 300 characters and a host name, form-encoded


# No CSRF check (the middleware runs before it): a beacon carries no token, and a forged post is
# refused by the checks below or counts one view.
@require_POST
def count(request):
    """Count one view of the page posted as `p`, and the referring domain `r` (optional); 204.

    No model is read, nothing is written (the tallies reach the database later), no cookie is
    read or set. A bad body is a 400 whose text says what is wrong; a post from another site, a 403.
    """
    origin = request.headers.get("Origin")
    if origin and origin.split("://", 1)[-1] != request.get_host():
        return HttpResponse("Posts from other sites aren't counted.\n", status=403, content_type="text/plain")
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return HttpResponseBadRequest(f"The body may be at most {MAX_BODY} bytes.\n", content_type="text/plain")
    try:
        view_record(path=request.POST.get("p", ""), referrer=request.POST.get("r", ""),
                    host=request.get_host().rsplit(":", 1)[0])
    except BadCount as error:
        return HttpResponseBadRequest(f"{error}.\n", content_type="text/plain")
    return HttpResponse(status=204)
