"""`diagnum questionnaire publish`, `versions`, `use` and `validate --json`, run as a
facilitator runs them: real processes, a real data dir."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEFAULT_TEXT, NEW, SHIPPED, facilitator_copy

ROOT = Path(__file__).resolve().parents[2]


def diagnum(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "terminal", "--data-dir", str(data), "questionnaire", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def ours(tmp_path: Path, version: int, title: str | None = None) -> Path:
    return facilitator_copy(tmp_path / f"ours-{version}.yaml", version, title=title)


def test_publish_list_and_go_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = diagnum(data, "publish", str(ours(tmp_path, NEW)))
    assert done.returncode == 0, done.stderr
    published_fr = f"version {NEW} de « diagnum_default » publiée"
    assert published_fr in done.stdout.replace("\u00a0", " ")
    assert diagnum(data, "publish", str(ours(tmp_path, NEW + 1, "Notre bilan"))).returncode == 0
    listed = diagnum(data, "versions", "--json")
    versions = [json.loads(line) for line in listed.stdout.splitlines()]
    published = [(v["version"], v["current"]) for v in versions if not v["builtin"]]
    assert published == [(NEW + 1, True), (NEW, False)]
    assert any(v["builtin"] and v["version"] == 1 for v in versions)  # shipped, for old codes
    back = diagnum(data, "use", str(NEW), "--lang", "en")
    assert back.returncode == 0
    assert f"the kiosk will use version {NEW} of 'diagnum_default'" in back.stdout
    listed = diagnum(data, "versions", "--lang", "en")
    assert f"▶ diagnum_default v{NEW} (DG)" in listed.stdout
    wrong = diagnum(data, "use", "9", "--lang", "en")
    assert wrong.returncode == 2
    there_are = ", ".join(str(v) for v in range(NEW + 1, 0, -1))  # published, then shipped
    assert f"there is no version 9 of 'diagnum_default' (there are: {there_are})" in wrong.stderr


def test_a_version_changed_in_place_is_refused_with_the_number_to_use(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert diagnum(data, "publish", str(ours(tmp_path, NEW))).returncode == 0
    edited = ours(tmp_path, NEW, "Un titre changé")
    refused = diagnum(data, "publish", str(edited), "--lang", "en")
    assert refused.returncode == 2
    assert f"Raise the version to {NEW + 1}" in refused.stderr
    checked = diagnum(data, "validate", "--json", str(edited))
    assert checked.returncode == 2
    [problem] = [json.loads(line) for line in checked.stdout.splitlines()]
    assert problem["file"] == str(edited)
    assert problem["line"] == DEFAULT_TEXT.splitlines().index(f"version: {SHIPPED}") + 1
    assert f"Raise the version to {NEW + 1}" in problem["message"]
    assert f"Passez la version à {NEW + 1}" in problem["message_fr"]
    assert problem["warning"] is False
