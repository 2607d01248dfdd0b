"""Hand-built Exam objects for the runtime's tests: small, shaped like the real CAP and Bac Pro."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from engine.conditions import Condition, SessionCalendar, parse_condition
from engine.errors import SourceMap
from engine.spec.model import (
    AcquisRule,
    Category,
    Choice,
    ChoiceGroup,
    Diploma,
    Exam,
    Field,
    Piece,
    Section,
    Speciality,
    Tab,
    Unit,
    UnitGroup,
    Variant,
)

SESSION_2025 = SessionCalendar(
    year=2025, start=dt.date(2025, 6, 2), registration_close=dt.date(2024, 11, 20)
)
_hashes = itertools.count(1)
# The opening lines of a one-exam spec written out in a test; its tabs follow.
MINI_SPEC_HEADER = """\
language: 1
exam:
  code: mini
  label: MINI
  short_label: MINI
  domain: examen
  version: "1"
tabs:
"""


def cond(node: object) -> Condition:
    """A condition written as in YAML, parsed by the real parser (it must be well formed)."""
    parsed, errors = parse_condition(node, (), SourceMap())
    assert parsed is not None and not errors, errors
    return parsed


_order = itertools.count()


def field(code: str, type_: str, tab: str, section: str = "", **kw: Any) -> Field:
    for key in ("visible_if", "required"):
        if isinstance(kw.get(key), dict):
            kw[key] = cond(kw[key])
    if "choices" in kw:
        kw["choices"] = tuple(
            Choice(c[0], c[1], cond(c[2]) if len(c) > 2 else None) for c in kw["choices"]
        )
    label = kw.pop("label", code.replace("_", " ").capitalize())
    return Field(code=code, type=type_, label=label, tab=tab, section=section,  # type: ignore[arg-type]
                 order=next(_order), **kw)


def tab(code: str, role: str, *sections: Section, **kw: Any) -> Tab:
    if isinstance(kw.get("visible_if"), dict):
        kw["visible_if"] = cond(kw["visible_if"])
    return Tab(code=code, title=code.capitalize(), role=role, sections=sections, **kw)  # type: ignore[arg-type]


def section(title: str, *fields: Field, visible_if: dict[str, Any] | None = None) -> Section:
    return Section(title, fields, cond(visible_if) if visible_if else None)


def unit(code: str, group: str = "obligatoires", kind: str = "ecrit", **kw: Any) -> Unit:
    return Unit(code=code, label=kw.pop("label", f"Épreuve {code}"), group=group,
                kind=kind, **kw)  # type: ignore[arg-type]


EG1 = unit("EG1", kind="ecrit_oral", coefficient=3, duration="2 h 15")
EG2 = unit("EG2", coefficient=2, duration="2 h")
EG3 = unit("EG3", kind="pratique", coefficient=1)
UF_LV = unit("UF_LV", "facultatives", "oral", optional=True,
             languages=("anglais", "allemand", "espagnol"), modes={"fpc_public": "ponctuel"})
UF_AA = unit("UF_AA", "facultatives", optional=True)


def cap_like() -> Exam:
    """A CAP-shaped exam: 9 tabs, born-abroad filiation, categories, AEPE and its variant."""
    ident = "identification"
    tabs = (
        tab("modalites", "acceptance", section(
            "Acceptation", field("modalites_acceptees", "checkbox", "modalites", required=True))),
        tab(ident, "fields",
            section("Naissance",
                    field("pays_naissance", "reference", ident, list="countries",
                          from_account="pays_naissance"),
                    field("date_naissance", "date", ident, from_account="date_naissance"),
                    field("nationalite", "reference", ident, list="nationalities",
                          required=True)),
            section("Filiation",
                    field("nom_pere", "text", ident, max_length=50, required=True),
                    field("nom_mere", "text", ident, max_length=50, required=True),
                    visible_if={"field": "pays_naissance", "not_equals": "FR"}),
            section("Adresse",
                    field("adresse_pays", "reference", ident, list="countries", required=True),
                    field("adresse_1", "text", ident, required=True, max_length=38),
                    field("code_postal", "postal_code", ident,
                          required={"field": "adresse_pays", "equals": "FR"}),
                    field("localite", "text", ident, required=True, max_length=38)),
            section("Contacts",
                    field("telephone_mobile", "phone", ident, required=True),
                    field("email", "email", ident, prefill="email", required=True),
                    field("numero_ine", "text", ident, pattern=r"[0-9]{9}[A-Z]{2}",
                          pattern_message="Le numéro INE comporte 9 chiffres et 2 lettres."))),
        tab("informations", "fields",
            section("Type de candidature",
                    field("categorie", "category", "informations", required=True),
                    field("etablissement", "select", "informations", required=True,
                          choices=[("individuels", "INDIVIDUELS"),
                                   ("cned", "CNED", {"field": "categorie",
                                                     "equals": "enseignement_distance"})])),
            section("Aménagement",
                    field("amenagement", "yesno", "informations", required=True),
                    field("amenagement_detail", "textarea", "informations", max_length=200,
                          visible_if={"field": "amenagement", "equals": True},
                          required=True))),
        tab("scolarite", "fields",
            section("Dernier établissement",
                    field("dernier_etablissement", "text", "scolarite", required=True)),
            visible_if={"field": "categorie", "equals": "ex_scolaire"}),
        tab("qualification", "fields", section(
            "Spécialité",
            field("specialite", "speciality", "qualification", required=True),
            field("forme", "forme", "qualification", required=True))),
        tab("acquis", "acquis"),
        tab("epreuves", "units"),
        tab("recapitulatif", "summary", save=True),
        tab("numero_inscription", "receipt"),
    )
    majeur = cond({"age": "date_naissance", "ge": 18})
    return Exam(
        code="capx", label="CAP DE TEST", short_label="CAPX", domain="examen", version="1",
        source_hash=f"cap-like-{next(_hashes)}", path="<factories>",
        birth_date_field="date_naissance", texts={"nothing_to_choose": "Rien à choisir."},
        tabs=tabs,
        categories=(
            Category("individuel", "INDIVIDUEL", ("globale", "progressive"), "ponctuel", majeur,
                     "Un candidat individuel doit être majeur au 31 décembre de l'année de "
                     "l'examen."),
            Category("ex_scolaire", "EX. SCOLAIRE", ("globale", "progressive"), "ponctuel"),
            Category("enseignement_distance", "ENSEIGNEMENT A DISTANCE", ("globale",),
                     "ponctuel"),
            Category("fpc_public", "FPC PUBLIC", ("globale", "progressive"), "ccf"),
        ),
        unit_groups=(UnitGroup("obligatoires", "Epreuve(s) obligatoire(s)"),
                     UnitGroup("facultatives", "Epreuve(s) facultative(s)")),
        common_units=(EG1, EG2, EG3, UF_LV, UF_AA),
        specialities=(
            Speciality("aepe", "Accompagnant éducatif petite enfance",
                       (unit("EP1", kind="ecrit_oral", coefficient=7), unit("EP2", coefficient=4),
                        unit("EP3", kind="oral", coefficient=4), EG1, EG2, EG3, UF_LV),
                       (Variant("aepe_agrement_am", "AEPE ep1, ep3 agrément", ("EP1", "EP3")),)),
            Speciality("patissier", "Pâtissier",
                       (unit("EP1", kind="ecrit_pratique", coefficient=9),
                        unit("EP2", kind="ecrit_pratique"), EG1, EG2, EG3, UF_AA)),
        ),
        choice_groups=(),
        diplomas=(Diploma("cap", "CAP (certificat d'aptitude professionnelle)"),
                  Diploma("bac", "Baccalauréat")),
        acquis_rules=(
            AcquisRule("cap_anterieur", "dispense", "Titulaire d'un CAP ou plus",
                       ("EG1", "EG2", "EG3"), diplomas=("cap", "bac")),
            AcquisRule("notes_conservees", "benefice", "Notes ≥ 10 conservées 5 ans",
                       ("EP1", "EP2", "EP3", "EG1", "EG2"), min_grade=10, within_years=5),
        ),
        pieces=(
            Piece("piece_identite", "Pièce d'identité", formats=("pdf", "jpg"),
                  deadline_days_after_close=21),
            Piece("certificat_medical", "Certificat médical", delivery="post",
                  required_if=cond({"field": "amenagement", "equals": True})),
            Piece("justificatif_diplome", "Copie des diplômes déclarés",
                  deadline_days_after_close=21,
                  required_if=cond({"any": [{"acquis": "cap"}, {"acquis": "bac"}]})),
            Piece("releve_notes", "Relevé de notes", deadline_days_after_close=21,
                  required_if=cond({"any": [{"unit": "EP1", "status": "benefice"},
                                            {"unit": "EP2", "status": "benefice"}]})),
        ),
    )


def bacpro_like() -> Exam:
    """A Bac-Pro-shaped exam: sub-units under E1, a compulsory language among three."""
    base = cap_like()
    e1 = unit("E1", kind="ecrit")
    units = (
        e1,
        unit("E11", coefficient=2, parent="E1"),
        unit("E12", coefficient=1.5, parent="E1"),
        unit("E2", kind="oral", coefficient=4),
        unit("E4_ANGLAIS", kind="oral", coefficient=2),
        unit("E4_ESPAGNOL", kind="oral", coefficient=2),
        unit("E4_ALLEMAND", kind="oral", coefficient=2),
        UF_LV,
    )
    return Exam(
        code="bacx", label="BAC PRO DE TEST", short_label="BACX", domain="examen", version="1",
        source_hash=f"bac-like-{next(_hashes)}", path="<factories>",
        birth_date_field="date_naissance", texts={}, tabs=base.tabs, categories=base.categories,
        unit_groups=base.unit_groups, common_units=(UF_LV,),
        specialities=(Speciality("mcv", "Métiers du commerce et de la vente", units),),
        choice_groups=(ChoiceGroup("lv_obligatoire", "Langue vivante obligatoire",
                                   ("E4_ANGLAIS", "E4_ESPAGNOL", "E4_ALLEMAND"), 1, 1),),
        diplomas=base.diplomas,
        acquis_rules=(AcquisRule("notes_conservees", "benefice", "Notes conservées",
                                 ("E11", "E12", "E2"), min_grade=10, within_years=5),),
        pieces=(),
    )


ACCOUNT_FR = {
    "sexe": "F", "nom_naissance": "MARTIN", "prenoms": "Julie", "date_naissance": "1990-05-30",
    "pays_naissance": "FR", "email": "julie.martin@example.fr",
}
ACCOUNT_ABROAD = dict(ACCOUNT_FR, pays_naissance="MA")


def answers(**fields: Any) -> dict[str, Any]:
    return {"fields": dict(fields), "acquis": {"diplomas": [], "grades": [], "renounced": []},
            "units": {"chosen": [], "languages": {}}}


def complete_answers(**overrides: Any) -> dict[str, Any]:
    """A candidature of the CAP-like exam that passes every tab (born in France, AEPE)."""
    fields: dict[str, Any] = {
        "modalites_acceptees": True, "pays_naissance": "FR", "date_naissance": "1990-05-30",
        "nationalite": "FR", "adresse_pays": "FR", "adresse_1": "3 rue des Lilas",
        "code_postal": "51100", "localite": "REIMS", "telephone_mobile": "0612345678",
        "email": "julie.martin@example.fr", "categorie": "individuel",
        "etablissement": "individuels", "amenagement": False, "specialite": "aepe",
        "forme": "globale",
    }
    fields.update(overrides)
    out = answers(**{k: v for k, v in fields.items() if v is not None})
    out["units"]["languages"] = {}
    return out


# ------------------------------------------------------------ realistic candidatures of any spec

SESSION_2026 = SessionCalendar(
    year=2026, start=dt.date(2026, 5, 18), registration_close=dt.date(2025, 11, 28)
)
ACCOUNT_REIMS = {
    "sexe": "F", "nom_naissance": "MARTIN", "nom_usage": "", "prenoms": "Julie Anne",
    "date_naissance": "1995-03-14", "pays_naissance": "FR", "departement_naissance": "51",
    "commune_naissance": "51454", "email": "julie.martin@example.fr",
}


def _sample(f: Field, fields: dict[str, Any]) -> Any:
    from engine import reference

    t = f.type
    if t in ("checkbox",):
        return True
    if t == "yesno":
        return False
    if t == "date":
        return "2000-01-15"
    if t == "integer":
        return f.min if isinstance(f.min, int) else 1
    if t == "phone":
        return "0612345678"
    if t == "email":
        return "julie.martin@example.fr"
    if t == "postal_code":
        return "51100"
    if t == "reference" and f.list == "communes":
        dep = fields.get(f.depends_on or "", "51")
        return reference.communes(str(dep), "", limit=1)[0].code
    if t == "reference" and f.list:
        return reference.choices(f.list)[0][0]
    return "RUE DES TEST"[: f.max_length or 40]


def fill_candidature(
    exam: Exam, calendar: SessionCalendar, account: dict[str, Any], **chosen: Any
) -> dict[str, Any]:
    """Answers that pass every tab: each visible field gets `chosen[code]` or a valid sample
    (first offered choice), tab after tab, until the wizard shows nothing left to answer."""
    from engine.wizard import build_state, choosable_units, initial_answers

    out = initial_answers(exam, account)
    for _ in range(len(exam.fields) + 1):
        state = build_state(exam, out, calendar, account)
        missing = [fv for t in state.tabs for fv in t.fields
                   if fv.value is None and not fv.readonly]
        if not missing:
            break
        fv = missing[0]
        if fv.code in chosen:
            value = chosen[fv.code]
        elif fv.has_choices:
            value = fv.choices[0].value if fv.choices else None
        else:
            value = _sample(fv.field, out["fields"])
        out = state.answers
        out["fields"][fv.code] = value
    state = build_state(exam, out, calendar, account)
    out = state.answers
    allowed = choosable_units(exam, out)
    for group in exam.choice_groups:
        members = [c for c in group.units if c in allowed]
        out["units"]["chosen"].extend(c for c in members[: group.min]
                                      if c not in out["units"]["chosen"])
    state = build_state(exam, out, calendar, account)
    used: set[str] = set()
    for line in state.units:
        if line.languages and line.taken:
            lang = next(lg for lg in line.languages if lg not in used)
            used.add(lang)
            out["units"]["languages"][line.code] = lang
    return build_state(exam, out, calendar, account).answers
