"""The accessibility statement's facts (loi n° 2005-102 art. 47, décret n° 2019-768).

The RGAA audit grid is docs/accessibility.md; a test keeps the level, the rate and the list of
non-conformities below in step with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RGAA_VERSION = "4.1"
STATEMENT_DATE = date(2026, 12, 1)
LEVEL = "partiellement conforme"
# Verified criteria of the grid: conform and not conform (NA and not verified left out).
CONFORM = 49
NOT_CONFORM = 14


@dataclass(frozen=True)
class NonConformity:
    criterion: str
    text: str


NON_CONFORMITIES = (
    NonConformity(
        "3.2",
        "Dans le formulaire d'inscription, les informations d'identité non "
        "modifiables sont grisées avec un contraste insuffisant.",
    ),
    NonConformity(
        "7.4",
        "Sur les onglets Acquis et Épreuves, après « Mettre à jour », « Ajouter "
        "un diplôme » ou « Ajouter une note », la page est rechargée et le focus "
        "revient en haut de la page.",
    ),
    NonConformity(
        "7.5",
        "Les dispenses accordées ou retirées sur l'onglet Épreuves ne sont pas "
        "annoncées aux lecteurs d'écran.",
    ),
    NonConformity(
        "8.6",
        "Le titre des onglets du formulaire d'inscription n'indique ni l'étape "
        "ni la présence d'erreurs ; certaines étapes du choix de l'examen partagent "
        "le même titre.",
    ),
    NonConformity(
        "9.1",
        "Sur certaines pages, un titre de niveau 2 précède le titre principal, "
        "et les titres des cartes de candidature ne sont pas des titres.",
    ),
    NonConformity(
        "10.3", "Les boutons du formulaire d'inscription sont réordonnés par la feuille de style."
    ),
    NonConformity(
        "11.2",
        "La liste de la langue de l'épreuve de langue vivante porte un code "
        "interne dans son intitulé.",
    ),
    NonConformity(
        "11.3",
        "La même donnée s'appelle « Sexe » dans le compte et « Civilité » "
        "dans le formulaire d'inscription.",
    ),
    NonConformity(
        "11.10",
        "La signification de l'astérisque n'est pas indiquée sur chaque "
        "formulaire ; des groupes de boutons radio et des listes obligatoires ne sont "
        "pas signalés comme tels ; les erreurs des lignes de diplômes et de notes ne "
        "sont pas reliées à leurs champs.",
    ),
    NonConformity("11.11", "Une ligne de diplôme en erreur revient vide : la saisie est perdue."),
    NonConformity(
        "11.13",
        "Les champs d'adresse du formulaire d'inscription ne permettent pas la saisie automatique.",
    ),
    NonConformity(
        "12.1",
        "Le portail n'offre qu'un système de navigation (le menu) : ni plan "
        "du site ni moteur de recherche.",
    ),
    NonConformity(
        "12.8",
        "Dans le formulaire d'inscription, la touche Tab atteint « Suivant » avant « Précédent ».",
    ),
    NonConformity(
        "13.1",
        "La session se termine après une période d'inactivité sans "
        "avertissement ni possibilité de la prolonger (le brouillon enregistré garde "
        "les réponses).",
    ),
)


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def statement_date() -> str:
    """The statement's date as the official model writes it: "1er décembre 2026"."""
    day = "1er" if STATEMENT_DATE.day == 1 else str(STATEMENT_DATE.day)
    return f"{day} {MONTHS[STATEMENT_DATE.month - 1]} {STATEMENT_DATE.year}"


def conformity_rate() -> int:
    """The percentage of the verified RGAA criteria that are met, rounded."""
    return round(100 * CONFORM / (CONFORM + NOT_CONFORM))
