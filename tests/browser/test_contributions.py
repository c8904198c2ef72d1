"""Contributions end to end, in a real Chromium: a visitor proposes a correction and a
new organisation; an editor reviews both (diff, duplicate warning), accepts one field of
the correction and the new organisation, publishes it; the public pages show exactly
what was accepted, and the record's history names the proposal.
"""

import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from proposals.forms import MINIMUM_FILL_SECONDS

PASSWORD = "Cleantech-Wallonie-2025"
ACTOR = "region-wallonne"


def wait_like_a_reader(page: Page) -> None:
    """The form refuses what is sent faster than a person reads it."""
    page.wait_for_timeout((MINIMUM_FILL_SECONDS + 0.5) * 1000)


def propose_correction(page: Page, site: str) -> str:
    page.goto(f"{site}/actors/{ACTOR}/")
    page.get_by_role("link", name="Proposer une correction").click()
    expect(page.locator("h1")).to_have_text("Proposer une correction")
    page.get_by_label(re.compile(r"^Site web")).fill("https://www.wallonie.be/")
    page.get_by_label(re.compile(r"^Description")).fill("Une description que l'éditeur refusera.")
    page.get_by_label("Votre source").fill("https://www.wallonie.be/fr/acteurs")
    page.get_by_label("Commentaire (facultatif)").fill("Le site officiel manque.")
    wait_like_a_reader(page)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.locator("h1")).to_have_text("Proposition reçue")
    return re.search(r"n° (\d+)", page.locator("main").inner_text()).group(1)


def propose_organisation(page: Page, site: str) -> None:
    page.goto(f"{site}/actors/")
    page.get_by_role("link", name="Proposer une organisation").click()
    page.get_by_label(re.compile(r"^Nom\b")).fill("Buildwise SA")
    page.get_by_label(re.compile(r"^Type\b")).select_option("research_centre")
    page.get_by_label(re.compile(r"^Pilier\b")).select_option(index=1)
    page.get_by_label("Votre source").fill("Rapport annuel de Buildwise, 2025")
    wait_like_a_reader(page)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.locator("h1")).to_have_text("Proposition reçue")


def test_a_visitor_proposes_an_editor_reviews_the_public_sees(page: Page, site, screenshot):
    number = propose_correction(page, site)
    screenshot("contributions-1-received")
    propose_organisation(page, site)

    call_command("create_editor", "editrice", email="e@example.be", password=PASSWORD)
    page.goto(f"{site}/admin/")
    page.get_by_label("Nom d’utilisateur").fill("editrice")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_text("2 propositions du public en attente")).to_be_visible()
    page.get_by_text("2 propositions du public en attente").click()

    # The correction: field by field, one accepted, the rest not.
    page.get_by_role("link", name=f"Proposition publique n° {number}").click()
    expect(page.locator("del").first).to_be_visible()
    expect(page.get_by_text("Une description que l'éditeur refusera.").first).to_be_visible()
    page.locator("input[name=accept_description]").uncheck()
    page.get_by_label("Accepter les champs cochés").check()
    screenshot("contributions-2-review-diff")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator(".messagelist")).to_contain_text("Proposition acceptée")

    # The new organisation: its possible duplicate named, accepted as a draft, published.
    page.goto(f"{site}/admin/proposals/proposal/?status__exact=waiting")
    page.locator("#result_list tbody th a").first.click()
    expect(page.get_by_text("Doublons possibles")).to_be_visible()
    expect(page.locator(".errornote")).to_contain_text("Buildwise")
    screenshot("contributions-3-duplicate-warning")
    page.get_by_label("Accepter les champs cochés").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_label("Publié").check()
    page.get_by_role("button", name="Enregistrer", exact=True).first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.context.clear_cookies()

    # The public sees exactly what was accepted.
    page.goto(f"{site}/actors/{ACTOR}/")
    expect(page.locator("main")).to_contain_text("Vérifiée par l'équipe le")
    expect(page.locator('main a[href="https://www.wallonie.be/"]').first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Une description que l'éditeur refusera.")
    page.get_by_role("link", name="Historique des modifications").click()
    expect(page.locator("main")).to_contain_text(f"proposition publique n° {number} acceptée")
    expect(page.locator("main")).not_to_contain_text("editrice")
    screenshot("contributions-4-public-history")
    page.goto(f"{site}/actors/buildwise-sa/")
    expect(page.locator("h1")).to_have_text("Buildwise SA")
