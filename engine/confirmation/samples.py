"""Example confirmations: the CFG guide's own example and a CAP one (demo, tests, benchmark)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from engine.confirmation.model import (
    AcademyBlock,
    CandidateBlock,
    ConfirmationData,
    Consent,
    ExtraLine,
    UnitRow,
    UnitSection,
)

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
            establishment="INDIVIDUELS 051 (0519999X)",
            category="INDIVIDUEL SALARIE (521)",
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
                             "Dispensé", "Ponctuel", "BEP obtenu en 2016 (règle acquis.diplome_v)"),
                    UnitRow("EG2", "Mathématiques et physique-chimie", "Bénéfice conservé",
                             "Ponctuel", "Note de 12,5/20 obtenue en 2022"),
                    UnitRow("EG3", "Éducation physique et sportive", "Inscrit", "Ponctuel"),
                    UnitRow("EG4", "Prévention-santé-environnement", "Inscrit", "Ponctuel"),
                ),
            ),
            UnitSection(
                title="Epreuve(s) facultative(s)",
                units=(UnitRow("UF_LV", "Langue vivante étrangère (anglais)", "Choisi",
                               "Ponctuel"),),
            ),
        ),
        consents=(Consent(PRESS_CONSENT, True), Consent(COLLECTIVITIES_CONSENT, False)),
        legal_notice=LEGAL_NOTICE,
    )
