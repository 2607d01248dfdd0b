"""`python -m engine show` and the `engine doc` pages say the results rules in French."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from engine.doc.render import exam_html
from engine.results.describe import results_overview
from engine.spec.diff import diff_exams
from engine.spec.show import render_exam
from tests.engine.results_support import exam

CAP_RULES = (
    "Moyenne des unités affectées de leur coefficient ; admis à partir de 10 sur 20.",
    "Épreuves facultatives : seuls les points au-dessus de 10 comptent (multipliés par leur "
    "coefficient, 1 s'il n'y en a pas).",
    "Unité dispensée : ne compte pas ; bénéfice : la note conservée compte.",
    "Absence à une épreuve obligatoire : le diplôme n'est pas délivré.",
    "Groupe « domaine professionnel » (EP1, EP2, EP3) : moyenne d'au moins 10 exigée.",
    "Groupe « domaine général » (EG1, EG2, EG3, EG4, EG5) : moyenne affichée.",
    "Mentions : Assez bien à partir de 12, Bien à partir de 14, Très bien à partir de 16 (au "
    "premier groupe seulement).",
    "Moyennes affichées tronquées à 2 décimales.",
    "Notes conservées si le candidat n'est pas admis : EG1, EG2, EG3, EG4, EG5 (au moins 10 sur "
    "20, pendant 5 ans).",
    "Notes conservées si le candidat n'est pas admis : EP1, EP2, EP3 (au moins 10 sur 20, "
    "pendant 5 ans).",
)
UNKNOWN_EP2 = ("Résultat non calculable : le coefficient de l'épreuve EP2 de cette spécialité "
               "n'est pas encore renseigné.",)


def test_the_cap_results_rules_read_as_french_sentences_with_the_specialities_that_differ() -> None:
    variant = (*CAP_RULES[:4], "Groupe « épreuve EP1 » (EP1) : moyenne d'au moins 10 exigée.",
               "Groupe « épreuve EP3 » (EP3) : moyenne d'au moins 10 exigée.",
               "Moyennes affichées tronquées à 2 décimales.")
    assert results_overview(exam("cap")) == (
        ("Règles de l'examen", CAP_RULES),
        ("Variante Accompagnant éducatif petite enfance ep1, ep3 pour l'agrément assistant(e) "
         "maternel(le)", variant),
        ("Spécialité Pâtissier", UNKNOWN_EP2),
        ("Spécialité Métiers de la coiffure", UNKNOWN_EP2),
    )


def test_the_bac_pro_rules_say_the_second_group_and_the_felicitations_du_jury() -> None:
    rules = dict(results_overview(exam("bacpro")))["Règles de l'examen"]
    assert ("Second groupe (épreuve de contrôle) : moyenne d'au moins 8 et inférieure à 10, avec "
            "« épreuve de pratique professionnelle » d'au moins 10 (ou toutes ses unités "
            "dispensées) ; moyenne finale = (1 × moyenne + 1 × note de l'épreuve de contrôle) / "
            "2, admis à partir de 10.") in rules
    assert ("Mentions : Assez bien à partir de 12, Bien à partir de 14, Très bien à partir de 16, "
            "Très bien avec les félicitations du jury à partir de 18 (au premier groupe "
            "seulement).") in rules


def test_the_cfg_rule_is_a_total_of_200_points() -> None:
    assert results_overview(exam("cfg"))[0][1][:2] == (
        "Total des points des épreuves ; admis à partir de 200 points.",
        "Notes sur : 001 160 points, 002 120 points, 003 120 points ; 20 pour une épreuve non "
        "citée.",
    )


def test_show_and_the_doc_page_print_the_results_rules() -> None:
    shown = render_exam(exam("cap")).splitlines()
    start = shown.index("Résultats — Règles de l'examen")
    assert shown[start + 1 : start + 1 + len(CAP_RULES)] == [f"  - {s}" for s in CAP_RULES]
    html = exam_html(exam("cap"), "exams/cap.yaml")
    assert '<h2 id="resultats">Résultats : comment les notes se combinent</h2>' in html
    assert '<li><a href="#resultats">Résultats</a></li>' in html
    assert ("<li>Groupe « domaine professionnel » (EP1, EP2, EP3) : moyenne d&#39;au moins 10 "
            "exigée.</li>") in html


def test_the_spec_diff_reports_a_change_of_the_results_rules_as_safe_for_candidatures() -> None:
    cap = exam("cap")
    assert cap.results is not None
    stricter = dataclasses.replace(cap.results, pass_mark=cap.results.pass_mark + 1)
    new = dataclasses.replace(cap, results=stricter, specialities=tuple(
        dataclasses.replace(s, results=stricter) if s.results == cap.results else s
        for s in cap.specialities))
    changes = [(c.kind, c.level, str(c)) for c in diff_exams(cap, new)]
    assert changes == [("results_changed", "safe", "results of the exam: changed: pass_mark")]


def test_each_second_group_requirement_is_said_and_an_unknown_group_by_its_code() -> None:
    from engine.results.describe import describe_rules
    from engine.spec.model_results import Requirement

    rules = exam("bacpro").results
    assert rules is not None and rules.second_group is not None
    sg = dataclasses.replace(rules.second_group, requires=(
        *rules.second_group.requires, Requirement("arts", Decimal("9.5"))))
    said = describe_rules(dataclasses.replace(rules, second_group=sg))
    assert ("Second groupe (épreuve de contrôle) : moyenne d'au moins 8 et inférieure à 10, avec "
            "« épreuve de pratique professionnelle » d'au moins 10 (ou toutes ses unités "
            "dispensées), avec « arts » d'au moins 9,5 (ou toutes ses unités dispensées) ; "
            "moyenne finale = (1 × moyenne + 1 × note de l'épreuve de contrôle) / 2, admis à "
            "partir de 10.") in said


def test_a_kept_grade_threshold_with_decimals_is_written_with_a_comma() -> None:
    from engine.results.describe import kept_rules

    cap = exam("cap")
    rules = tuple(dataclasses.replace(r, min_grade=10.5) if r.type == "benefice" else r
                  for r in cap.acquis_rules)
    assert kept_rules(dataclasses.replace(cap, acquis_rules=rules))[0] == (
        "Notes conservées si le candidat n'est pas admis : EG1, EG2, EG3, EG4, EG5 (au moins "
        "10,5 sur 20, pendant 5 ans).")


def test_zero_for_an_absence_mentions_after_the_control_no_time_limit_and_a_note_are_said(
) -> None:
    from engine.results.describe import describe_rules, kept_rules

    cap = exam("cap")
    assert cap.results is not None and cap.results.mentions is not None
    rules = dataclasses.replace(
        cap.results, absent="zero", note="Règlement de 2019.",
        mentions=dataclasses.replace(cap.results.mentions, first_group_only=False))
    said = describe_rules(rules)
    assert said[3] == "Absence à une épreuve obligatoire : note zéro."
    assert said[-3:] == (
        "Mentions : Assez bien à partir de 12, Bien à partir de 14, Très bien à partir de 16.",
        "Moyennes affichées tronquées à 2 décimales.",
        "Règlement de 2019.",
    )
    unlimited = tuple(dataclasses.replace(r, within_years=None) for r in cap.acquis_rules)
    assert kept_rules(dataclasses.replace(cap, acquis_rules=unlimited))[0] == (
        "Notes conservées si le candidat n'est pas admis : EG1, EG2, EG3, EG4, EG5 (au moins "
        "10 sur 20).")


def test_the_cfg_rules_end_with_their_note() -> None:
    assert results_overview(exam("cfg"))[0][1][-1] == (
        "Le CFG est délivré avec un total d'au moins 200 points ; l'entretien avec le jury est "
        "noté sur 160 points.")


def test_a_variant_with_its_specialitys_rules_is_not_described_again() -> None:
    cap = exam("cap")
    same = dataclasses.replace(cap, specialities=tuple(
        dataclasses.replace(s, variants=tuple(
            dataclasses.replace(v, results=s.results) for v in s.variants))
        for s in cap.specialities))
    assert [title for title, _ in results_overview(same)] == [
        "Règles de l'examen", "Spécialité Pâtissier", "Spécialité Métiers de la coiffure"]
