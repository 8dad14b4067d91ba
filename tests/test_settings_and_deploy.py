"""Settings from the environment: production mode must be safe, or refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DIENST_DNA_ENV": "production",
    "SECRET_KEY": "k" * 20 + "Zx9!q2@Lm#4$Vb7^Nc8&Hd1*Fg5(Jt3)Wy6",
    "ALLOWED_HOSTS": "api.zeventerpen.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DIENST_DNA", "FIREBASE"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_firebase_emulator_setting_fails_the_deploy_check():
    result = manage(
        "check", "--deploy", env={**PRODUCTION_ENV, "FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099"}
    )
    assert result.returncode != 0
    assert "dienst_dna.E001" in result.stderr + result.stdout


@pytest.mark.slow
def test_production_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_demo_data_is_refused_in_production():
    result = manage("load_demo_data", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "production" in result.stderr


def test_defaults_are_safe_and_dutch(settings):
    assert settings.DEBUG is False
    assert settings.LANGUAGE_CODE == "nl"
    assert ("en", "English") in [(code, str(name)) for code, name in settings.LANGUAGES] or any(
        code == "en" for code, _name in settings.LANGUAGES
    )
    assert settings.TIME_ZONE == "Europe/Amsterdam" and settings.USE_TZ is True
    assert settings.APPEND_SLASH is False


def test_api_is_stateless_no_session_authentication(settings):
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert not any("Session" in name for name in classes)
