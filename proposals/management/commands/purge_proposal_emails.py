"""Erase the e-mail address of every proposal decided more than 30 days ago.

    python manage.py purge_proposal_emails

Run it daily (cron, a systemd timer): an address is kept only while its
proposal is open and 30 days after the decision, as the form says.
"""

from django.core.management.base import BaseCommand

from proposals.models import Proposal


class Command(BaseCommand):
    help = "Efface l'adresse e-mail des propositions décidées il y a plus de 30 jours."

    def handle(self, *args, **options):
        erased = Proposal.objects.with_expired_email().update(email="")
        self.stdout.write(f"{erased} adresse(s) effacée(s).")
