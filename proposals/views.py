"""The public side of proposals: a form per record, one for a new organisation, a receipt.

These pages are never cached (they carry the CSRF token) and the record pages
only link to them, so a record page stays in the page cache.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from ecosystem.core.limits import over_limit, too_many_requests
from ecosystem.core.models import ContentModel
from ecosystem.core.registry import content_apps
from proposals import emails
from proposals.forms import ProposalForm
from proposals.models import Proposal

NEW_ORGANISATION_MODEL = "actors.Actor"


def proposable_model(model_name: str):
    """The content model a correction may be about, by its model name (« actor »)."""
    for config in content_apps():
        for model in config.get_models():
            if model._meta.model_name == model_name and issubclass(model, ContentModel):
                return model
    raise Http404


def _propose(request: HttpRequest, model, record=None) -> HttpResponse:
    form = ProposalForm(request.POST or None, model=model, record=record)
    if request.method == "POST":
        if over_limit(request, "proposals", settings.PORTAL_PROPOSAL_RATE):
            return too_many_requests(request, settings.PORTAL_PROPOSAL_RATE)
        if form.is_valid():
            proposal = Proposal.objects.create(
                kind=Proposal.Kind.CORRECTION if record else Proposal.Kind.NEW_ORGANISATION,
                target_type=ContentType.objects.get_for_model(model) if record else None,
                target_id=record.pk if record else None,
                language=get_language() or settings.LANGUAGE_CODE,
                proposed=form.proposed_values(),
                current=form.current_values(),
                source=form.cleaned_data["source"],
                comment=form.cleaned_data["comment"],
                email=form.cleaned_data["email"],
            )
            emails.acknowledge(proposal)
            return redirect("proposals:thanks", number=proposal.pk)
    context = {"form": form, "record": record, "model": model}
    return render(request, "proposals/propose.html", context, status=400 if form.errors else 200)


@never_cache
def propose_correction(request: HttpRequest, model_name: str, slug: str) -> HttpResponse:
    model = proposable_model(model_name)
    record = get_object_or_404(model._default_manager.published(), slug=slug)
    return _propose(request, model, record)


@never_cache
def propose_organisation(request: HttpRequest) -> HttpResponse:
    return _propose(request, apps.get_model(NEW_ORGANISATION_MODEL))


@never_cache
def thanks(request: HttpRequest, number: int) -> HttpResponse:
    return render(request, "proposals/thanks.html", {"number": number})
