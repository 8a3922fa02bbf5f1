"""`dalil update-guide`: a good archive is installed, a broken one refused with its
diagnostics while the installed guide keeps working, and --rollback goes back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from guide.cli import main
from guide.install import update_archive
from guide.install.guide_store import GuideStore

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "guide.yaml"


def scenario_count() -> int:
    from guide.loader import load_guide

    return len(load_guide(MINI.parent).guide.scenarios)


PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Next"\nmsgstr "Suivant"\n'


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def trainer_key(tmp_path, monkeypatch, data_dir):
    """A trainer's key pair, trusted on this 'laptop' and used by --build."""
    from guide.install import signing

    private = tmp_path / "keys" / "trainer"
    signing.new_key_pair(private, "test trainer")
    signing.trust_key(private.with_name("trainer.pub"))
    monkeypatch.setenv("DALIL_SIGNING_KEY", str(private))
    return private


def guide_source(root: Path, yaml_text: str | None = None, po_text: str = PO) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "indicators" / "guide.yaml").write_text(
        yaml_text if yaml_text is not None else MINI.read_text("utf-8"), "utf-8"
    )
    messages = root / "locales" / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "ui.po").write_text(po_text, "utf-8")
    return root


def unchecked_archive(tmp_path: Path, name: str, **source) -> Path:
    """An archive made without the builder's checks: what a careless or hostile sender makes."""
    folder = guide_source(tmp_path / f"src-{name}", **source)
    out = tmp_path / f"{name}.zip"
    from guide.install import signing

    key = signing.load_private_key(Path(os.environ["DALIL_SIGNING_KEY"]))
    update_archive.build(folder, out, update_archive.Manifest("mini", "x", built_with="0"), key)
    return out


def good_archive(tmp_path: Path, capsys) -> Path:
    out = tmp_path / "good.zip"
    assert (
        main(["update-guide", "--build", str(guide_source(tmp_path / "src")), "-o", str(out)]) == 0
    )
    assert f"{scenario_count()} scenarios passed" in capsys.readouterr().out
    return out


def test_good_archive_is_installed_and_rolled_back(tmp_path, capsys):
    archive = good_archive(tmp_path, capsys)
    assert main(["update-guide", str(archive)]) == 0
    out = capsys.readouterr().out
    assert f"Installed guide mini 0.1: valid, {scenario_count()} scenarios passed" in out
    assert "the guide shipped with Dalil" in out  # what --rollback returns to
    store = GuideStore()
    current = store.update(store.state().current)
    assert current is not None
    assert (current.indicators / "guide.yaml").read_text("utf-8") == MINI.read_text("utf-8")
    assert (current.locales / "fr" / "LC_MESSAGES" / "ui.po").is_file()

    assert main(["update-guide", "--status"]) == 0
    assert "In use:   mini 0.1" in capsys.readouterr().out

    assert main(["update-guide", "--rollback"]) == 0
    assert "the guide shipped with Dalil" in capsys.readouterr().out
    assert store.update(store.state().current) is None


def test_broken_guide_is_refused_with_diagnostics_and_the_installed_one_stays(tmp_path, capsys):
    assert main(["update-guide", str(good_archive(tmp_path, capsys))]) == 0
    store = GuideStore()
    installed = store.state().current
    capsys.readouterr()

    broken_yaml = MINI.read_text("utf-8").replace("raises: [long_hours]", "raises: [long_hourz]")
    assert broken_yaml != MINI.read_text("utf-8")
    broken = unchecked_archive(tmp_path, "broken", yaml_text=broken_yaml)
    assert main(["update-guide", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "indicators/guide.yaml:" in err
    assert "error G002" in err and "long_hourz" in err
    assert "refused: broken.zip" in err
    assert "guide in use is unchanged" in err
    assert store.state().current == installed
    assert not list(store.root.glob(".staging-*"))


def test_failing_scenario_is_refused(tmp_path, capsys):
    wrong = MINI.read_text("utf-8").replace(
        "expect: {verdict: alert, elements: [], steps: [explain_rights]}",
        "expect: {verdict: grounds, elements: [], steps: [explain_rights]}",
    )
    archive = unchecked_archive(tmp_path, "wrong", yaml_text=wrong)
    assert main(["update-guide", str(archive)]) == 1
    err = capsys.readouterr().err
    assert "scenario s1 fails: verdict: expected grounds, got alert" in err
    assert GuideStore().state().current == "shipped"


def test_broken_catalog_is_refused(tmp_path, capsys):
    archive = unchecked_archive(tmp_path, "po", po_text=PO + 'msgid "Back"\n\n')
    assert main(["update-guide", str(archive)]) == 1
    assert (
        "locales/fr/LC_MESSAGES/ui.po:7: broken catalog: missing msgstr for msgid 'Back'"
        in capsys.readouterr().err
    )
    assert GuideStore().state().current == "shipped"


def test_build_refuses_a_broken_guide(tmp_path, capsys):
    source = guide_source(tmp_path / "src", yaml_text="guide: [\n")
    out = tmp_path / "never.zip"
    assert main(["update-guide", "--build", str(source), "-o", str(out)]) == 1
    assert "indicators/guide.yaml:" in capsys.readouterr().err
    assert not out.exists()


def test_check_only_installs_nothing(tmp_path, capsys):
    archive = good_archive(tmp_path, capsys)
    assert main(["update-guide", "--check", str(archive)]) == 0
    assert "not installed" in capsys.readouterr().out
    assert GuideStore().state().current == "shipped"


def test_hostile_archive_is_refused_with_a_clear_message(tmp_path, capsys):
    import zipfile

    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("../../outside.yaml", "x: 1\n")
    assert main(["update-guide", str(hostile)]) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "leaves the archive folder" in err
    assert "Traceback" not in err
    assert not (tmp_path / "outside.yaml").exists()


def test_rollback_with_nothing_installed_says_so(capsys):
    assert main(["update-guide", "--rollback"]) == 1
    assert "no previous guide" in capsys.readouterr().err


def test_revalidate_after_a_dalil_upgrade(tmp_path, capsys, monkeypatch):
    assert main(["update-guide", str(good_archive(tmp_path, capsys))]) == 0
    store = GuideStore()
    update = store.update(store.state().current)
    store.mark_validated(update, "0.0.1")  # as if installed by an older Dalil
    capsys.readouterr()
    assert main(["update-guide", "--status"]) == 0
    assert "checked with Dalil 0.0.1" in capsys.readouterr().out
    assert main(["update-guide", "--revalidate"]) == 0
    assert "checked again, in use" in capsys.readouterr().out
    from guide import __version__

    assert store.update(store.state().current).validated_with == __version__


def test_missing_archive_file(tmp_path, capsys):
    assert main(["update-guide", str(tmp_path / "nope.zip")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_copying_keeps_nothing_of_the_source(tmp_path, capsys):
    # The installed guide is a copy: changing the trainer's folder later changes nothing.
    source = guide_source(tmp_path / "src")
    out = tmp_path / "u.zip"
    assert main(["update-guide", "--build", str(source), "-o", str(out)]) == 0
    assert main(["update-guide", str(out)]) == 0
    shutil.rmtree(source)
    store = GuideStore()
    assert (store.update(store.state().current).indicators / "guide.yaml").is_file()


def test_revalidate_prefers_a_newer_shipped_edition_of_the_same_guide(
    tmp_path, capsys, monkeypatch
):
    import guide.paths

    assert main(["update-guide", str(good_archive(tmp_path, capsys))]) == 0
    store = GuideStore()
    update = store.update(store.state().current)
    store.mark_validated(update, "0.0.1")  # installed by an older Dalil
    newer = tmp_path / "shipped"
    newer.mkdir()
    (newer / "guide.yaml").write_text(
        MINI.read_text("utf-8").replace('version: "0.1"', 'version: "0.2"'), "utf-8"
    )
    monkeypatch.setattr(guide.paths, "shipped_guide_dir", lambda: newer)
    capsys.readouterr()
    assert main(["update-guide", "--revalidate"]) == 0
    assert "ships mini 0.2, newer than the installed update (0.1)" in capsys.readouterr().out
    assert store.state().current == "shipped"
    assert store.state().previous == update.name


def test_unusable_data_folder_gives_a_message_not_a_traceback(
    tmp_path, capsys, monkeypatch, trainer_key
):
    archive = good_archive(tmp_path, capsys)
    from guide.install import signing

    # the key ships with Dalil here, so the archive is trusted without the data folder
    monkeypatch.setattr(signing, "SHIPPED_KEYS_DIR", trainer_key.parent)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DALIL_DATA_DIR", str(blocker))
    assert main(["update-guide", str(archive)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dalil update-guide: ") and "not-a-folder" in err
