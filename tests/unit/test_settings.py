"""Streamlit's own settings that the product's safety relies on, and the OpenID Connect role list."""
from __future__ import annotations

import tomllib

from etl.read import DEFAULT_LIMITS
from ipmonitor.store.analyst_accounts import Account, account_from_identity
from ipmonitor.paths import PROJECT_ROOT


def settings() -> dict:
    return tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_xsrf_protection_is_on_and_error_details_are_hidden_from_viewers():
    config = settings()
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"


def test_the_upload_size_limit_is_small_and_the_same_as_the_one_the_etl_checks_again():
    assert settings()["server"]["maxUploadSize"] * 2**20 == DEFAULT_LIMITS.max_bytes <= 20 * 2**20


def test_the_secrets_example_is_committed_and_the_real_file_is_ignored():
    assert (PROJECT_ROOT / ".streamlit" / "secrets.toml.example").exists()
    assert ".streamlit/secrets.toml" in (PROJECT_ROOT / ".gitignore").read_text().splitlines()


def test_a_city_sign_in_gets_the_role_listed_for_its_address_and_nobody_else_gets_one():
    roles = {"admin": ["Quan.Tri@example.vn"], "analyst": ["lan@example.vn", "quan.tri@example.vn"]}
    assert account_from_identity(" quan.tri@EXAMPLE.vn", roles) == Account("quan.tri@example.vn", "admin")
    assert account_from_identity("lan@example.vn", roles).role == "analyst"
    assert account_from_identity("someone@example.vn", roles) is None
    assert account_from_identity(None, roles) is None and account_from_identity("lan@example.vn", None) is None
