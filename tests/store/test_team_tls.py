"""sslmode in a team address: verify-full with the server's CA connects, another CA is refused.

A second private server of its own (the session's server stays plain): TLS turned on with a
server certificate signed by a self-signed CA made here.
"""

from __future__ import annotations

import ipaddress
import os
import pwd
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from pg_server import APP, PgServer, build_template, start_server

from fieldvisit.cli import main
from fieldvisit.secrets import SERVICE_NAME
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.team import PASSWORD_VARIABLE

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402


def make_ca(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def server_cert(
    ca_key: ec.EllipticCurvePrivateKey, ca: x509.Certificate
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def tls_server(
    pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[PgServer, Path, Path]]:
    """A private server with TLS on; yields it, its CA file and another CA's file.

    Asking for the session's server first makes a machine without PostgreSQL skip this with the
    same one reason as every other team test.
    """
    found = start_server()
    if isinstance(found, str):
        pytest.skip(f"TLS to a team workspace not tested: {found}")
    try:
        ca_key, ca = make_ca("Field Visit test CA")
        key, cert = server_cert(ca_key, ca)
        crt_file, key_file = found.base / "server.crt", found.base / "server.key"
        crt_file.write_bytes(pem(cert))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
        key_file.chmod(0o600)
        if found.as_user:
            entry = pwd.getpwnam(found.as_user)
            for made in (crt_file, key_file):
                os.chown(made, entry.pw_uid, entry.pw_gid)
        found.admin(f"ALTER SYSTEM SET ssl_cert_file = '{crt_file}'")
        found.admin(f"ALTER SYSTEM SET ssl_key_file = '{key_file}'")
        found.admin("ALTER SYSTEM SET ssl = on")
        found.admin("SELECT pg_reload_conf()")
        build_template(found)
        folder = tmp_path_factory.mktemp("tls")
        right, wrong = folder / "ca.crt", folder / "other-ca.crt"
        right.write_bytes(pem(ca))
        wrong.write_bytes(pem(make_ca("Somebody else's CA")[1]))
        yield found, right, wrong
    finally:
        found.stop()


@pytest.fixture
def tls_url(tls_server: tuple[PgServer, Path, Path], monkeypatch: pytest.MonkeyPatch) -> str:
    """The app role's address of a fresh database on the TLS server, its password in the keychain."""
    server = tls_server[0]
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    url = server.url(server.new_database(), APP)
    keyring.set_password(SERVICE_NAME, parse_team_url(url).secret_key, server.passwords[APP])
    return url


def test_verify_full_with_the_servers_ca_connects_over_tls(
    tls_server: tuple[PgServer, Path, Path], tls_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ca = tls_server[1]
    assert main(["--db", f"{tls_url}?sslmode=verify-full&sslrootcert={ca}", "check"]) == 0
    out = capsys.readouterr().out
    assert ", TLS in use (TLSv1." in out
    assert main(["--db", f"{tls_url}?sslmode=disable", "check"]) == 0
    assert "no TLS (plain connection)" in capsys.readouterr().out


def test_verify_full_with_another_ca_is_refused_in_one_line(
    tls_server: tuple[PgServer, Path, Path], tls_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tls_server[2]
    assert main(["--db", f"{tls_url}?sslmode=verify-full&sslrootcert={other}", "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the server's certificate did not pass sslmode=verify-full" in err
    assert "sslrootcert" in err
