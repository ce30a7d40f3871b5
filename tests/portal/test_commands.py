import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ensure_admin_uses_admin_password(monkeypatch, capsys):
    monkeypatch.setenv("ADMIN_PASSWORD", "mot-mat-khau-dai")
    call_command("ensure_admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("mot-mat-khau-dai")
    assert admin.emailaddress_set.get().verified  # signs in by email through allauth at once
    assert "mot-mat-khau-dai" not in capsys.readouterr().out


def test_ensure_admin_prints_a_generated_password_once(monkeypatch, capsys):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    assert "already exists" in capsys.readouterr().out
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
