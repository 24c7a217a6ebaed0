"""The keychain door: passwords go to the keychain, or to memory for one run, and nowhere else."""

from __future__ import annotations

import os
import uuid

import keyring
import pytest
from keyring.backends import fail, null

from fieldvisit.cli import main
from fieldvisit.errors import FieldVisitError
from fieldvisit.secrets import SERVICE_NAME, SecretStore, obtain_password, smtp_key
from fieldvisit.store.team import PASSWORD_VARIABLE
from tests.either_engine import child_env, stored_bytes

from .builder import add_visit, configure
from .conftest import SMTP_PASSWORD, SMTP_USER

# The command-line tests log in without TLS (the CLI cannot be handed a test certificate).
no_tls_warning = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def no_keychain():
    """A machine without any keychain (keyring's `fail` backend raises NoKeyringError)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_secret_goes_to_the_keychain_and_comes_back(memory_keyring):
    store = SecretStore()
    assert store.set("smtp:casey@mail.example", "pw-1") is True
    assert memory_keyring.passwords == {(SERVICE_NAME, "smtp:casey@mail.example"): "pw-1"}
    assert SecretStore().get("smtp:casey@mail.example") == "pw-1"  # a later run finds it
    store.delete("smtp:casey@mail.example")
    assert store.get("smtp:casey@mail.example") is None
    store.delete("smtp:casey@mail.example")  # deleting what is gone is fine


def test_without_a_keychain_the_secret_lives_in_memory_for_this_run_only(no_keychain):
    told: list[str] = []
    store = SecretStore(notify=told.append)
    assert store.set("smtp:casey@mail.example", "pw-secret-2") is False
    assert store.get("smtp:casey@mail.example") == "pw-secret-2"
    assert store.in_memory_only("smtp:casey@mail.example")
    assert len(told) == 1
    assert "No keychain is available" in told[0] and "SMTP password" in told[0]
    assert "pw-secret-2" not in told[0]
    assert SecretStore(notify=told.append).get("smtp:casey@mail.example") is None


def test_a_keychain_that_drops_secrets_counts_as_none():
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    try:
        told: list[str] = []
        store = SecretStore(notify=told.append)
        assert store.set("caldav:casey@https://dav.example/", "pw-3") is False
        assert store.get("caldav:casey@https://dav.example/") == "pw-3"
        assert told and "CalDAV password" in told[0]
    finally:
        keyring.set_keyring(previous)


def test_password_from_the_environment_goes_to_the_keychain(memory_keyring):
    store = SecretStore()
    key = smtp_key("casey", "mail.example")
    env = {"FIELDVISIT_SMTP_PASSWORD": "from-env"}
    assert obtain_password(store, key, "FIELDVISIT_SMTP_PASSWORD", "SMTP", None, env) == "from-env"
    assert obtain_password(store, key, "FIELDVISIT_SMTP_PASSWORD", "SMTP", None, {}) == "from-env"
    assert memory_keyring.passwords[(SERVICE_NAME, key)] == "from-env"


def test_typed_password_goes_to_the_keychain_and_missing_one_is_a_clear_error(memory_keyring):
    store = SecretStore()
    key = smtp_key("casey", "mail.example")
    asked: list[str] = []

    def prompt(question: str) -> str:
        asked.append(question)
        return "typed-pw"

    assert obtain_password(store, key, "FIELDVISIT_SMTP_PASSWORD", "SMTP", prompt, {}) == "typed-pw"
    assert asked == ["SMTP password for casey@mail.example: "]
    assert memory_keyring.passwords[(SERVICE_NAME, key)] == "typed-pw"
    with pytest.raises(FieldVisitError, match="FIELDVISIT_SMTP_PASSWORD"):
        obtain_password(
            store, smtp_key("other", "mail.example"), "FIELDVISIT_SMTP_PASSWORD", "SMTP", None, {}
        )


def _everything_written(root) -> list[bytes]:
    return [p.read_bytes() for p in root.rglob("*") if p.is_file()]


@no_tls_warning
def test_no_password_reaches_the_workspace_logs_or_output(
    workspace,
    workspace_path,
    login_smtp_server,
    memory_keyring,
    fieldvisit_home,
    monkeypatch,
    caplog,
    capsys,
):
    caplog.set_level("DEBUG")
    configure(
        workspace,
        smtp_host=login_smtp_server.host,
        smtp_port=login_smtp_server.port,
        smtp_username=SMTP_USER,
        smtp_starttls=False,
    )
    add_visit(workspace)
    workspace.close()
    monkeypatch.setenv("FIELDVISIT_SMTP_PASSWORD", SMTP_PASSWORD)
    assert main(["--db", workspace.label, "send-invites", "--visit", "V-1"]) == 0
    monkeypatch.delenv("FIELDVISIT_SMTP_PASSWORD")
    # A second run finds the password in the keychain.
    assert main(["--db", workspace.label, "send-invites", "--visit", "V-1"]) == 0
    assert login_smtp_server.logins == [(SMTP_USER, SMTP_PASSWORD)] * 2
    kept = memory_keyring.passwords.items()
    assert {key: pw for key, pw in kept if not key[1].startswith("postgresql:")} == {
        (SERVICE_NAME, smtp_key(SMTP_USER, login_smtp_server.host)): SMTP_PASSWORD
    }  # (and a team workspace's own login, put there by the test)
    secret = SMTP_PASSWORD.encode()
    written = [stored_bytes(workspace)]
    written += _everything_written(workspace_path.parent)
    written += _everything_written(fieldvisit_home) if fieldvisit_home.exists() else []
    assert all(secret not in blob for blob in written)
    out = capsys.readouterr()
    assert SMTP_PASSWORD not in out.out + out.err
    assert SMTP_PASSWORD not in caplog.text
    assert all(SMTP_PASSWORD not in str(r.args) for r in caplog.records)
    assert all(secret not in r.data for r in login_smtp_server.received)


@no_tls_warning
def test_without_a_keychain_the_command_still_sends_and_says_why(
    workspace, workspace_path, login_smtp_server, monkeypatch, capsys, request
):
    # A team database's password comes from the environment on a machine without a keychain.
    monkeypatch.setenv(PASSWORD_VARIABLE, child_env(workspace).get(PASSWORD_VARIABLE, ""))
    request.getfixturevalue("no_keychain")
    configure(
        workspace,
        smtp_host=login_smtp_server.host,
        smtp_port=login_smtp_server.port,
        smtp_username=SMTP_USER,
        smtp_starttls=False,
    )
    add_visit(workspace)
    workspace.close()
    monkeypatch.setenv("FIELDVISIT_SMTP_PASSWORD", SMTP_PASSWORD)
    assert main(["--db", workspace.label, "send-invites", "--visit", "V-1"]) == 0
    err = capsys.readouterr().err
    assert "No keychain is available" in err and "kept in memory" in err
    assert SMTP_PASSWORD not in err
    assert SMTP_PASSWORD.encode() not in stored_bytes(workspace)


# --- the real Secret Service (run by .ci/run under dbus-run-session with gnome-keyring) -------

needs_secret_service = pytest.mark.skipif(
    os.environ.get("FIELDVISIT_TEST_SECRET_SERVICE") != "1",
    reason="needs a real Secret Service: set FIELDVISIT_TEST_SECRET_SERVICE=1 inside "
    "dbus-run-session with gnome-keyring unlocked (as .ci/run does)",
)


@pytest.fixture
def secret_service():
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.secret_service
@needs_secret_service
def test_secret_service_keeps_sets_and_deletes_a_password(secret_service):
    key = f"smtp:test-{uuid.uuid4()}@mail.example"
    store = SecretStore()
    assert store.set(key, "ss-pw-Ünïcode") is True
    assert not store.in_memory_only(key)
    assert SecretStore().get(key) == "ss-pw-Ünïcode"
    assert secret_service.get_password(SERVICE_NAME, key) == "ss-pw-Ünïcode"
    store.delete(key)
    assert SecretStore().get(key) is None


@pytest.mark.secret_service
@pytest.mark.sqlite_only  # the real keychain: a team login's password is not put there
@needs_secret_service
@no_tls_warning
def test_secret_service_password_is_used_by_the_command_line(
    secret_service, workspace, workspace_path, login_smtp_server, monkeypatch
):
    configure(
        workspace,
        smtp_host=login_smtp_server.host,
        smtp_port=login_smtp_server.port,
        smtp_username=SMTP_USER,
        smtp_starttls=False,
    )
    add_visit(workspace)
    workspace.close()
    key = smtp_key(SMTP_USER, login_smtp_server.host)
    secret_service.set_password(SERVICE_NAME, key, SMTP_PASSWORD)
    try:
        monkeypatch.delenv("FIELDVISIT_SMTP_PASSWORD", raising=False)
        assert main(["--db", workspace.label, "send-invites", "--visit", "V-1"]) == 0
        assert login_smtp_server.logins == [(SMTP_USER, SMTP_PASSWORD)]
    finally:
        secret_service.delete_password(SERVICE_NAME, key)
