"""The Source form's "Fill in" (no JavaScript needed) and the JSON lookup Insert note calls.

Both look up a DOI, ISBN or URL; neither saves a copy of a source that already exists.
"""

from __future__ import annotations

import copy
import json
from http import HTTPStatus

from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse

from essays.models import Source
from essays.sources import LookupFailed, NotFound, NotRecognised, Refused
from essays.sources.services import source_find_or_create, source_lookup

LOOKUP_FIELD = "lookup"
MAX_LOOKUP_LENGTH = 1000
_STATUS = {NotRecognised: HTTPStatus.UNPROCESSABLE_ENTITY, Refused: HTTPStatus.UNPROCESSABLE_ENTITY}


def fill_view(model_admin, request, form_url, extra_context):
    """The add form again, filled from the lookup over what the editor had typed; unsaved."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    text = request.POST.get(LOOKUP_FIELD, "")[:MAX_LOOKUP_LENGTH]
    fields = model_admin.get_form(request).base_fields
    initial = {name: request.POST[name] for name in fields if request.POST.get(name)}
    lookup = {"text": text}
    try:
        found = source_lookup(text=text)
    except LookupFailed as error:
        lookup["error"] = str(error)
    else:
        values = found.model_fields()
        initial |= {name: _as_text(values[name]) for name in fields if values.get(name)}
        lookup["found_by"] = found.found_by
        is_popup = IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET
        lookup["matches"] = [
            (source, _use_url(source, is_popup)) for source in Source.objects.matching(found)
        ]
    # Rendered as the admin renders a GET with initial values: an unbound form, nothing saved.
    as_get = copy.copy(request)
    as_get.method = "GET"
    as_get.GET = QueryDict(mutable=True)
    as_get.GET.update({key: value for key, value in request.GET.items() if key.startswith("_")})
    as_get.GET.update(initial)
    context = (extra_context or {}) | {"source_lookup": lookup}
    return model_admin.changeform_view(as_get, None, form_url, context)


def _as_text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _use_url(source: Source, is_popup: bool) -> str:
    if is_popup:
        use = reverse("admin:essays_source_use", args=[source.pk])
        return f"{use}?{IS_POPUP_VAR}=1&{TO_FIELD_VAR}=id"
    return reverse("admin:essays_source_change", args=[source.pk])


def use_view(model_admin, request, object_id):
    """In the "New source" pop-up: choose the existing source instead, as saving one would."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    source = model_admin.get_object(request, object_id)
    if source is None:
        raise Http404("No such source.")
    data = json.dumps({"value": str(source.pk), "obj": str(source)})
    return TemplateResponse(
        request,
        ["admin/essays/source/popup_response.html", "admin/popup_response.html"],
        {"popup_response_data": data},
    )


def lookup_json(model_admin, request):
    """POST q=<DOI, ISBN or URL>: the matching source, or a new one made from the lookup."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_add_permission(request):
        return JsonResponse({"error": "You may not add sources."}, status=HTTPStatus.FORBIDDEN)
    try:
        chosen = source_find_or_create(text=request.POST.get("q", "")[:MAX_LOOKUP_LENGTH])
    except NotFound as error:
        return JsonResponse({"error": str(error)}, status=HTTPStatus.NOT_FOUND)
    except LookupFailed as error:
        status = _STATUS.get(type(error), HTTPStatus.BAD_GATEWAY)
        return JsonResponse({"error": str(error)}, status=status)
    except ValidationError as error:
        message = "This source could not be saved: " + " ".join(error.messages)
        return JsonResponse({"error": message}, status=HTTPStatus.CONFLICT)
    source = chosen.source
    return JsonResponse(
        {
            "id": str(source.pk),
            "text": str(source),
            "created": chosen.created,
            "url": reverse("admin:essays_source_change", args=[source.pk]),
        },
        status=HTTPStatus.CREATED if chosen.created else HTTPStatus.OK,
    )
