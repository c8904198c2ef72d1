from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    """Proposals from the public: not content (no ``portal_content``), so saving one bumps
    no content version, empties no cache, and neither the exports nor the backup hold them."""

    name = "proposals"
    verbose_name = "Propositions du public"
    # The editors review them (ecosystem/core/editors.py).
    reviewed_by_editors = True
