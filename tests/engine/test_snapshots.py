"""A spec kept as text (the portal's served version) checks again into the same exam."""

from __future__ import annotations

import pytest

from engine.snapshots import SnapshotError, restore, snapshot
from engine.spec.diff import diff_exams
from engine.specs import check_spec
from tests.engine.conftest import EXAMS_DIR


@pytest.mark.parametrize("name", ["cap", "bacpro", "cfg"])
def test_a_snapshot_restores_the_same_exam_with_the_same_hash(name: str) -> None:
    checked = check_spec(EXAMS_DIR / f"{name}.yaml")
    files = snapshot(checked)
    assert list(files)[0] == f"{name}.yaml"
    assert all(n.startswith("common/") for n in list(files)[1:])
    again = restore(files)
    assert again.exam is not None
    assert again.source_hash == checked.source_hash
    assert checked.exam is not None
    assert diff_exams(checked.exam, again.exam) == []


def test_a_snapshot_reads_its_own_fragments_not_the_folder_s() -> None:
    files = snapshot(check_spec(EXAMS_DIR / "cfg.yaml"))
    files["common/identification.yaml"] = files["common/identification.yaml"].replace(
        "Féminin", "Féminin (Mme)"
    )
    exam = restore(files).exam
    assert exam is not None
    sexe = next(f for f in exam.fields if f.code == "sexe")
    assert [c.label for c in sexe.choices] == ["Masculin", "Féminin (Mme)"]


@pytest.mark.parametrize("name", ["../cap.yaml", "/etc/cap.yaml", "common/../../x.yaml"])
def test_a_name_leaving_the_folder_is_refused(name: str) -> None:
    with pytest.raises(SnapshotError):
        restore({name: "language: 1\n"})
