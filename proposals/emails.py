"""The two messages a proposer who left an address receives: received, then decided."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import override


def _send(proposal, template: str, subject: str) -> None:
    if not proposal.email:
        return
    with override(proposal.language):
        body = render_to_string(template, {"proposal": proposal})
        send_mail(
            str(subject) % {"number": proposal.pk},
            body,
            settings.DEFAULT_FROM_EMAIL,
            [proposal.email],
            fail_silently=True,  # a mail server down never loses the proposal or the decision
        )


def acknowledge(proposal) -> None:
    from django.utils.translation import gettext

    with override(proposal.language):
        subject = gettext("Votre proposition n° %(number)s est bien reçue")
    _send(proposal, "proposals/email_received.txt", subject)


def announce_decision(proposal) -> None:
    from django.utils.translation import gettext

    with override(proposal.language):
        subject = gettext("Votre proposition n° %(number)s : la décision de l'équipe")
    _send(proposal, "proposals/email_decided.txt", subject)
