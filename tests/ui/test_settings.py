"""Settings: every rule is editable, saves in one go, reloads, and passwords stay out of the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import text

from fieldvisit import secrets
from fieldvisit.changes import Kind
from fieldvisit.settings import RULE_KEYS, load_rules
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.settings import SettingsPage
from fieldvisit.ui.pages.settings_forms import ALL_FIELD_SPECS, SPECIAL_KEYS
from tests.keyring_backend import MemoryKeyring
from tests.ui.demo_files import app_context, small_demo_copy

PASSWORD = "pa55-Unique-7781"


@pytest.fixture
def demo_path(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


@pytest.fixture
def ctx(qapp: QApplication, demo_path: Path) -> Iterator[AppContext]:
    with app_context(demo_path) as context:
        yield context  # type: ignore[misc]


@pytest.fixture
def memory_keychain() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    chain = MemoryKeyring()
    keyring.set_keyring(chain)
    yield chain
    keyring.set_keyring(before)


@pytest.fixture
def no_keychain() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def shown(qtbot, ctx: AppContext) -> SettingsPage:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale)
    return page


def workspace_bytes(path: Path) -> bytes:
    found = b""
    for suffix in ("", "-wal", "-journal"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            found += side.read_bytes()
    return found


def test_every_rule_has_a_control() -> None:
    keys = [spec.key for spec in ALL_FIELD_SPECS]
    assert len(keys) == len(set(keys))
    assert set(keys) | SPECIAL_KEYS == RULE_KEYS


def test_settings_save_in_one_go_and_come_back(qtbot, ctx: AppContext, demo_path: Path) -> None:
    page = shown(qtbot, ctx)
    page.controls["idle_days"].setValue(35)
    page.controls["strategic_amount"].setValue(250_000)
    page.weight_controls["idle"].setValue(4.5)
    page.stage_limit_controls["Negotiation"].setValue(45)
    page.pipeline.list.setCurrentRow(3)
    page.pipeline.add()
    page.pipeline.list.currentItem().setText("Security review")
    page.friction.list.setCurrentRow(page.friction.list.count() - 1)
    page.friction.add()
    page.friction.list.currentItem().setText("Travel approvals")
    first_exec = page.targets.rows[0]
    page.targets.setData(page.targets.index(0, 1), 9, Qt.ItemDataRole.EditRole)
    with qtbot.waitSignal(ctx.changed, check_params_cb=lambda c: Kind.RULES in c):
        assert page.save()
    assert page.status.text().startswith("Saved")

    with app_context(demo_path) as again:
        with again.workspace.connect() as conn:
            rules = load_rules(conn)
            target = conn.execute(
                text("SELECT monthly_visit_target FROM executive WHERE id = :pk"),
                {"pk": first_exec.executive_pk},
            ).scalar()
        assert rules.idle_days == 35
        assert rules.strategic_amount == 250_000
        assert rules.signal_weights["idle"] == 4.5
        assert rules.stage_limits == {"Negotiation": 45}
        assert rules.pipeline[4] == "Security review"
        assert rules.friction_categories[-1] == "Travel approvals"
        assert target == 9
        reloaded = shown(qtbot, again)
        assert reloaded.controls["idle_days"].value() == 35
        assert reloaded.pipeline.names() == rules.pipeline


def test_a_pipeline_with_a_repeated_stage_is_refused(qtbot, ctx: AppContext) -> None:
    page = shown(qtbot, ctx)
    page.pipeline.list.setCurrentRow(0)
    page.pipeline.add()
    page.pipeline.list.currentItem().setText("Proposal")
    assert not page.save()
    assert "same name" in page.status.text()
    with ctx.workspace.connect() as conn:
        assert load_rules(conn).pipeline.count("Proposal") == 1


def test_passwords_go_to_the_keychain_never_the_workspace(
    qtbot, ctx: AppContext, demo_path: Path, memory_keychain: MemoryKeyring
) -> None:
    page = shown(qtbot, ctx)
    assert "keychain" in page.smtp_password.property("note").text()
    page.controls["smtp_host"].setText("mail.example.com")
    page.controls["smtp_username"].setText("jordan")
    qtbot.keyClicks(page.smtp_password, PASSWORD)
    assert page.save()
    key = secrets.smtp_key("jordan", "mail.example.com")
    assert memory_keychain.passwords[(secrets.SERVICE_NAME, key)] == PASSWORD
    assert page.smtp_password.text() == ""
    assert "saved in the keychain" in page.status.text()
    ctx.workspace.close()
    assert PASSWORD.encode() not in workspace_bytes(demo_path)


def test_without_a_keychain_the_password_stays_in_memory_and_the_user_is_told(
    qtbot, ctx: AppContext, demo_path: Path, no_keychain: None
) -> None:
    ctx.secrets = secrets.SecretStore(notify=lambda _message: None)
    page = shown(qtbot, ctx)
    assert "No keychain is available" in page.caldav_password.property("note").text()
    page.controls["caldav_url"].setText("https://cal.example.com/dav/")
    page.controls["caldav_username"].setText("jordan")
    qtbot.keyClicks(page.caldav_password, PASSWORD)
    assert page.save()
    key = secrets.caldav_key("jordan", "https://cal.example.com/dav/")
    assert ctx.secrets.in_memory_only(key)
    assert "kept in memory" in page.status.text()
    ctx.workspace.close()
    assert PASSWORD.encode() not in workspace_bytes(demo_path)


def test_the_pipeline_order_changed_with_the_keyboard_is_saved_and_read_back(
    qtbot, ctx: AppContext, demo_path: Path
) -> None:
    page = shown(qtbot, ctx)
    page.show_section("pipeline")
    assert page.sections.currentItem().text() == "Pipeline stages"
    stages = page.pipeline.list
    stages.setFocus()
    stages.setCurrentRow(2)
    moved = stages.currentItem().text()
    qtbot.keyClick(stages, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(stages, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert page.pipeline.names()[0] == moved
    with qtbot.waitSignal(ctx.changed, check_params_cb=lambda c: Kind.RULES in c):
        qtbot.keyClick(stages, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.status.text().startswith("Saved")
    with app_context(demo_path) as again:
        with again.workspace.connect() as conn:
            assert load_rules(conn).pipeline[0] == moved
        assert shown(qtbot, again).pipeline.names()[0] == moved


def test_a_pipeline_leaving_out_a_stage_deals_are_in_or_closing_early_is_refused(
    qtbot, ctx: AppContext
) -> None:
    page = shown(qtbot, ctx)
    with ctx.workspace.connect() as conn:
        before = load_rules(conn).pipeline
    stages = page.pipeline.list
    stages.setCurrentRow(before.index("Negotiation"))
    page.pipeline.remove()
    assert not page.save()
    assert "leaves out stages deals are in: 'Negotiation'" in page.status.text()
    page.refresh()
    stages.setFocus()
    stages.setCurrentRow(before.index("Closed Won"))
    qtbot.keyClick(stages, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert not page.save()
    assert "Won and lost stages come last: move 'Negotiation' above 'Closed Won'" in (
        page.status.text()
    )
    with ctx.workspace.connect() as conn:
        assert load_rules(conn).pipeline == before


def test_the_title_rule_shows_what_it_gives_and_is_saved(
    qtbot, ctx: AppContext, demo_path: Path
) -> None:
    page = shown(qtbot, ctx)
    page.show_section("titles")
    editor = page.titles
    assert editor.isVisible()
    assert "0 differences" in editor.preview.text()
    assert "Wei Nguyen, CRO → C-level" in editor.preview.text()
    qtbot.keyClicks(editor.try_title, "Senior Vice President, EMEA")
    assert editor.tried.text() == "→ SVP"
    editor.try_title.clear()
    qtbot.keyClicks(editor.try_title, "Executive Assistant to the CEO")
    assert editor.tried.text() == "→ Not an executive"  # exceptions come first

    rows = [pattern for pattern, _level in editor.rules()]
    editor.table.setCurrentCell(rows.index("cro"), 0)
    editor.buttons["Remove"].click()
    assert "1 difference" in editor.preview.text()
    assert "Wei Nguyen, CRO → Not an executive (now C-level)" in editor.preview.text()

    editor.table.setCurrentCell(-1, -1)
    editor.buttons["Add rule"].click()  # at the top: it wins over the later rules
    typing = editor.table.findChild(QLineEdit)
    assert typing is not None, "the new rule is open for typing"
    qtbot.keyClicks(typing, "chief revenue*")
    qtbot.keyClick(typing, Qt.Key.Key_Return)
    level = editor.table.cellWidget(0, 1)
    level.setFocus()
    qtbot.keyClicks(level, "S")
    editor.try_title.clear()
    qtbot.keyClicks(editor.try_title, "Chief Revenue Officer")
    assert editor.tried.text() == "→ SVP"
    assert page.save()
    with app_context(demo_path) as again, again.workspace.connect() as conn:
        rules = load_rules(conn).executive_titles
    assert rules[0] == ["chief revenue*", "SVP"] and ["cro", "C"] not in rules


def test_other_pages_can_open_a_settings_section(window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("settings#titles")
    assert isinstance(page, SettingsPage)
    assert page.sections.currentItem().text() == "Executive titles"
    assert page.stack.currentWidget().isVisible()
