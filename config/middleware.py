"""Request guards that hold for every view, whichever app answers."""

from http import HTTPStatus

from django.http import HttpResponse


class RefuseNulInQueryMiddleware:
    """A NUL character in a query value is no search, filter or page anyone typed, and
    PostgreSQL cannot even compare text holding one: answer 400 before any view runs.
    Form fields are left to the forms, which say what is wrong and keep what was typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponse(
                "This address holds a NUL character, which no page accepts.",
                status=HTTPStatus.BAD_REQUEST,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
