from pathlib import Path

import pytest

from gateway.cli import main
from gateway.keys import dev_key_set
from gateway.tokens import Principal, verify_token

pytestmark = pytest.mark.unit


def test_the_token_command_prints_a_token_the_gateway_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MENTORING_DEV_KEYS_DIR", str(tmp_path))
    monkeypatch.setenv("MENTORING_JWT_ISSUER", "issuer-x")
    monkeypatch.setenv("MENTORING_JWT_AUDIENCE", "audience-x")
    main(["token", "--sub", "c1", "--agency", "a1", "--role", "coordinator", "--role", "mentor", "--ttl-minutes", "5"])
    token = capsys.readouterr().out.strip()
    principal = verify_token(token, dev_key_set(tmp_path), issuer="issuer-x", audience="audience-x")
    assert principal == Principal(sub="c1", agency="a1", roles=("coordinator", "mentor"))


def test_a_role_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["token", "--sub", "c1", "--agency", "a1"])
    assert exit_.value.code == 2
    assert "--role" in capsys.readouterr().err


def test_help_lists_the_token_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "token" in capsys.readouterr().out


def test_the_token_commands_help_names_every_role(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["token", "--help"])
    assert "coordinator, mentor, mentee, leadership" in capsys.readouterr().out
