"""Example confirmations: the CFG guide's own example and a CAP one (demo, tests, benchmark)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from engine.confirmation.model import (
    AcademyBlock,
    CandidateBlock,
    ConfirmationData,
    Consent,
    ExtraLine,
    UnitRow,
    UnitSection,
)

if TYPE_CHECKING:
    from engine.views import WizardState

# The wording of exams/common/diffusion_resultats.yaml and of common/texts.yaml's legal_notice,
# as the web side will pass them from the spec.
PRESS_CONSENT = (
    "J'accepte la communication de mes résultats d'examen, en vue d'une publication par la "
    "presse ou sur les sites internet de sociétés de droit privé"
)
COLLECTIVITIES_CONSENT = (
    "J'accepte la communication de mes résultats, de mon nom et de mon adresse aux "
    "collectivités territoriales en vue d'éventuelles félicitations"
)
LEGAL_NOTICE = (
    'Conformément à la "loi informatique et libertés" du 6 janvier 1978 modifiée en 2004, '
    "vous bénéficiez d'un droit d'accès et de rectification aux informations qui vous "
    "concernent : vous pouvez exercer ce droit en vous adressant au service des examens et "
    "concours de votre académie d'inscription. Vous pouvez également, pour des motifs "
    "légitimes, vous opposer au traitement des données vous concernant."
)

REIMS = AcademyBlock(
    label="ACADÉMIE DE REIMS",
    name="Reims",
    region="GRAND EST",
    office_lines=("Rectorat", "Rue", "51000 CHALONS EN CHAMPAGNE"),
    office_email="a@a.fr",
)


def cfg_example() -> ConfirmationData:
    """The example of seeds/004 §4.1, value for value."""
    return ConfirmationData(
        academy=REIMS,
        exam_label="CERTIFICAT DE FORMATION GENERALE",
        version=1,
        version_at=datetime(2023, 9, 11, 8, 45, tzinfo=UTC),  # 10:45 in Paris
        candidate_number="02",
        inscription_number="006",
        session_label="JUIN 2023",
        return_by=date(2023, 9, 29),
        candidate=CandidateBlock(
            civility="MONSIEUR",
            last_name="LAMY",
            first_names="Paul",
            birth_date=date(2002, 1, 1),
            birth_place="RENNES - 035",
            nationality="Français",
            email="paul.lamy@gmail.com",
            establishment="CLG DU MAZELOT - ANGLURE (0510001Z)",
            category="INDIVIDUEL (520)",
        ),
        unit_sections=(
            UnitSection(
                title="Epreuve(s) ponctuelle(s)",
                note="NB : Pensez à apporter le dossier que vous avez éventuellement préparé.",
                units=(
                    UnitRow("001", "Entretien avec le jury", "Inscrit", "Ponctuel"),
                    UnitRow("002", "Mathématiques", "Inscrit", "Ponctuel"),
                    UnitRow("003", "Français", "Inscrit", "Ponctuel"),
                ),
            ),
        ),
        consents=(Consent(PRESS_CONSENT, False), Consent(COLLECTIVITIES_CONSENT, False)),
        legal_notice=LEGAL_NOTICE,
    )


def cap_example() -> ConfirmationData:
    """A CAP AEPE candidate with a dispense, a kept bénéfice and an optional unit.

    Codes and group labels as in exams/cap.yaml.
    """
    return ConfirmationData(
        academy=REIMS,
        exam_label="CERTIFICAT D'APTITUDE PROFESSIONNELLE",
        version=2,
        version_at=datetime(2024, 10, 3, 15, 12, tzinfo=UTC),
        candidate_number="0512345678",
        inscription_number="000417",
        session_label="JUIN 2025",
        return_by=date(2024, 11, 15),
        candidate=CandidateBlock(
            civility="MADAME",
            last_name="Lefèvre-Nguyễn",
            first_names="Héloïse Françoise",
            birth_date=date(1998, 3, 14),
            birth_place="ÉPERNAY - 051",
            usage_name="DURAND",
            nationality="Française",
            address_lines=("12 rue de l'Église", "Bâtiment B", "51100 REIMS"),
            phone="06 12 34 56 78",
            email="heloise.lefevre@example.fr",
            establishment="INDIVIDUELS 051",  # the portal's entry: no UAI
            category="INDIVIDUEL SALARIE",  # no official code known (only 520, CFG)
            accommodation_requested=True,
        ),
        extra_lines=(
            ExtraLine("Spécialité", "ACCOMPAGNANT EDUCATIF PETITE ENFANCE"),
            ExtraLine("Forme de passage", "Globale"),
        ),
        unit_sections=(
            UnitSection(
                title="Epreuve(s) obligatoire(s)",
                units=(
                    UnitRow("EP1", "Accompagner le développement du jeune enfant",
                             "Inscrit", "Ponctuel"),
                    UnitRow("EP2", "Exercer son activité en accueil collectif",
                             "Inscrit", "Ponctuel"),
                    UnitRow("EP3", "Exercer son activité en accueil individuel",
                             "Inscrit", "Ponctuel"),
                    UnitRow("EG1", "Français et histoire-géographie-enseignement moral et civique",
                             "Dispensé", "Ponctuel",
                             "Vous êtes titulaire d'un diplôme de niveau 3 ou supérieur "
                             "(BEP obtenu en 2016)"),
                    UnitRow("EG2", "Mathématiques et physique-chimie", "Bénéfice conservé",
                             "Ponctuel", "Note de 12,5/20 obtenue en 2022"),
                    UnitRow("EG3", "Éducation physique et sportive", "Inscrit", "Ponctuel"),
                    UnitRow("EG4", "Prévention-santé-environnement", "Inscrit", "Ponctuel"),
                ),
            ),
            UnitSection(
                title="Epreuve(s) facultative(s)",
                units=(UnitRow("UF1", "Langue vivante étrangère (anglais)", "Choisi",
                               "Ponctuel"),),
            ),
        ),
        consents=(Consent(PRESS_CONSENT, True), Consent(COLLECTIVITIES_CONSENT, False)),
        legal_notice=LEGAL_NOTICE,
    )


# ---------------------------------------------------------------- from the real specs

ACCOUNT = {
    "sexe": "F", "nom_naissance": "MARTIN", "nom_usage": "", "prenoms": "Julie Anne",
    "date_naissance": "1996-04-12", "pays_naissance": "FR", "departement_naissance": "51",
    "commune_naissance": "51454", "email": "julie.martin@example.fr",
}
_IDENTIFICATION = {
    "modalites_acceptees": True, "nationalite": "FR", "adresse_pays": "FR",
    "adresse_1": "12 rue de l'Église", "code_postal": "51100", "localite": "REIMS",
    "telephone_mobile": "0612345678", "email": ACCOUNT["email"], "pcs_representant_legal": "61",
    "categorie": "individuel", "etablissement": "individuels-51", "amenagement": True,
    "consentement_presse": True, "consentement_collectivites": False, "forme": "globale",
}
SPEC_ANSWERS: dict[str, dict[str, object]] = {
    # A CAP Cuisine candidate: a BEP with a language, a kept EP1 grade, an optional language.
    "cap": {
        "fields": {**_IDENTIFICATION, "specialite": "cuisine", "dispense_eps": False,
                   "periode_etranger": False},
        "acquis": {"diplomas": [{"diploma": "bep", "year": 2015, "academy": "reims"}],
                   "grades": [{"unit": "EP1", "grade": 12.5, "year": 2025, "academy": "reims",
                               "speciality": "cuisine"}], "renounced": []},
        "units": {"chosen": ["UF_LV"], "languages": {"EG5": "anglais", "UF_LV": "espagnol"}},
    },
    # A Bac Pro AGOrA candidate with three years of activity, two optional units.
    "bacpro": {
        "fields": {**_IDENTIFICATION, "condition_individuel": "experience_3_ans",
                   "specialite": "agora", "dispense_eps": False, "periode_etranger": False},
        "acquis": {"diplomas": [], "grades": [{"unit": "E51", "grade": 11, "year": 2024,
                                               "academy": "reims", "speciality": "agora"}],
                   "renounced": []},
        "units": {"chosen": ["UF_LV", "UF_EPS"],
                  "languages": {"E41": "anglais", "E42": "espagnol", "UF_LV": "italien"}},
    },
}


def spec_example(exam_code: str) -> ConfirmationData:
    """A confirmation built as the portal builds it, from the real spec of `exam_code`
    (exams/cap.yaml, exams/bacpro.yaml): what a reviewer compares with the règlement."""
    from engine.conditions import SessionCalendar
    from engine.specs import load_exam
    from engine.wizard import build_state

    exam = load_exam(Path(__file__).resolve().parents[2] / "exams" / f"{exam_code}.yaml")
    calendar = SessionCalendar(year=2026, start=date(2026, 5, 18),
                               registration_close=date(2025, 11, 28), academy="reims")
    state = build_state(exam, SPEC_ANSWERS[exam_code], calendar, ACCOUNT)
    return sample_confirmation(state, "JUIN 2026", datetime(2025, 11, 3, 9, 30, tzinfo=UTC))


def sample_confirmation(
    state: WizardState, session_label: str, saved_at: datetime
) -> ConfirmationData:
    """The confirmation of any wizard state for the sample candidate (ACCOUNT, Reims), with
    sample numbers: the units, texts and answers are the state's own (the spec preview)."""
    from engine.confirmation.from_state import exam_parts, printed_answer

    extra = tuple(ExtraLine(v.field.summary_label or v.label, printed_answer(state, v.code))
                  for t in state.tabs for v in t.fields
                  if v.field.type in ("speciality", "forme") and v.value is not None)
    return ConfirmationData(
        academy=REIMS, exam_label=state.exam.label, version=1,
        version_at=saved_at, candidate_number="0510004321",
        inscription_number="000128", session_label=session_label,
        candidate=CandidateBlock(
            civility="MADAME", last_name="MARTIN", first_names="Julie Anne",
            birth_date=date(1996, 4, 12), birth_place="REIMS - 051", nationality="Français",
            address_lines=("12 rue de l'Église", "51100 REIMS", "FRANCE"), phone="0612345678",
            email=ACCOUNT["email"], establishment=printed_answer(state, "etablissement"),
            category=printed_answer(state, "categorie"), accommodation_requested=True,
        ),
        extra_lines=extra,
        consents=(Consent(PRESS_CONSENT, True), Consent(COLLECTIVITIES_CONSENT, False)),
        **exam_parts(state),
    )
