"""The accessibility statement (décret n° 2019-768): linked from every page, the official
model's sections, and in step with the RGAA grid kept in docs/accessibility.md."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from web_helpers import db_of, text_of

pytestmark = pytest.mark.db_agnostic  # checks markup and headers: SQLite pass only

GRID = Path(__file__).resolve().parents[2] / "docs" / "accessibility.md"
THEMES = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}


def grid() -> dict[str, tuple[str, str]]:
    """Criterion → (applicable, status) as the grid's tables give them."""
    rows = {}
    for line in GRID.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"\d+\.\d+", cells[0]):
            rows[cells[0]] = (cells[2], cells[3])
    return rows


def test_the_grid_has_each_of_the_106_rgaa_criteria_once_with_a_status() -> None:
    rows = grid()
    assert len(rows) == 106
    for theme, count in THEMES.items():
        assert [k for k in rows if k.startswith(f"{theme}.")] == [
            f"{theme}.{n}" for n in range(1, count + 1)
        ]
    for criterion, (applicable, status) in rows.items():
        assert status in {"C", "NC", "NA", "NV"}, criterion
        assert (applicable == "non") == (status == "NA"), criterion


def test_the_statement_lists_exactly_the_grids_non_conformities_and_its_rate() -> None:
    from web.public import accessibility

    statuses = Counter(status for _, status in grid().values())
    assert (accessibility.CONFORM, accessibility.NOT_CONFORM) == (statuses["C"], statuses["NC"])
    listed = [item.criterion for item in accessibility.NON_CONFORMITIES]
    assert listed == [k for k, (_, status) in grid().items() if status == "NC"]
    rate = accessibility.conformity_rate()
    assert f"Conformity rate of the\nverified criteria: {statuses['C']} / " in GRID.read_text()
    assert f"= {rate} %." in GRID.read_text()
    assert accessibility.LEVEL == "partiellement conforme"


def test_every_page_links_its_footer_to_the_statement(client: Any) -> None:
    for path in ("/", "/aide", "/connexion", "/mentions-legales"):
        html = client.get(path).get_data(as_text=True)
        assert re.search(
            r'<a class="fr-footer__bottom-link" id="lien-accessibilite" href="/accessibilite">'
            r"Accessibilité : partiellement conforme</a>",
            html,
        ), path


def test_the_statement_has_the_official_models_sections_and_contacts(
    make_app: Any,
) -> None:
    from web.core.models import AcademyOffice

    app = make_app(ACCESSIBILITY_CONTACT_EMAIL="accessibilite@examens.example")
    with db_of(app) as db:
        db.add(
            AcademyOffice(
                academy_code="rennes",
                name="Rectorat de Rennes - DEC",
                address="96 rue d'Antrain",
                email="dec@ac-rennes.example",
                phone="02 23 21 77 77",
            )
        )
        db.commit()
    response = app.test_client().get("/accessibilite")
    assert response.status_code == 200
    text = text_of(response)
    assert "<title>Déclaration d'accessibilité - " in response.get_data(as_text=True)
    for heading in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert heading in text, heading
    assert "article 47 de la loi n° 2005-102 du 11 février 2005" in text
    assert (
        "est partiellement conforme avec le référentiel général d'amélioration de "
        "l'accessibilité (RGAA), version 4.1" in text
    )
    assert "100 % des critères du RGAA version 4.1 vérifiés sont respectés" in text
    assert "en raison des critères qui n'ont pas encore été vérifiés, énumérés ci-dessous" in text
    assert "établie le 1er décembre 2026" in text
    assert "Non-conformités Aucune parmi les critères vérifiés." in text
    assert "accessibilite@examens.example" in text
    assert re.search(r"Rectorat de Rennes - DEC : dec@ac-rennes.example ?, 02 23 21 77 77", text)
    assert "Défenseur des droits" in text
    assert "Libre réponse 71120 75342 Paris CEDEX 07" in " ".join(text.split())


def test_without_a_contact_setting_the_statement_sends_readers_to_the_exam_office(
    client: Any,
) -> None:
    text = text_of(client.get("/accessibilite"))
    assert "Par courriel" not in text
    assert "Auprès du service des examens et concours de votre académie" in text
