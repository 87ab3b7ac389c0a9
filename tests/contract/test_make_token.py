"""`make token`, the README's way to a token, works without uv on the PATH and prints only the token."""

import os
import subprocess
from pathlib import Path

import pytest

from gateway.keys import dev_key_set
from gateway.tokens import Principal, verify_token
from tests.support.stack import REPO_ROOT

pytestmark = pytest.mark.contract


def _make_token(tmp_path: Path, *assignments: str) -> subprocess.CompletedProcess[str]:
    # uv is found where deploy/local/uv.sh puts it, as on a fresh machine: not on the PATH.
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not (Path(p) / "uv").exists())
    env = {**os.environ, "PATH": path, "MENTORING_DEV_KEYS_DIR": str(tmp_path)}
    return subprocess.run(
        ["make", "--no-print-directory", "token", *assignments],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_token_prints_a_token_the_gateway_accepts_for_several_roles(tmp_path: Path) -> None:
    done = _make_token(tmp_path, "SUB=c1", "AGENCY=a1", "ROLE=mentor,mentee")
    assert done.returncode == 0, done.stderr
    principal = verify_token(
        done.stdout.strip(), dev_key_set(tmp_path), issuer="mentoring-dev", audience="mentoring-api"
    )
    assert principal == Principal(sub="c1", agency="a1", roles=("mentor", "mentee"))


def test_make_token_says_what_it_needs(tmp_path: Path) -> None:
    done = _make_token(tmp_path, "SUB=c1")
    assert done.returncode != 0
    assert "make token SUB=coord-1 AGENCY=agency-1 ROLE=coordinator" in done.stderr
    assert done.stdout == ""


def test_make_token_mints_a_leadership_token(tmp_path: Path) -> None:
    done = _make_token(tmp_path, "SUB=lead-1", "AGENCY=a1", "ROLE=leadership")
    assert done.returncode == 0, done.stderr
    principal = verify_token(
        done.stdout.strip(), dev_key_set(tmp_path), issuer="mentoring-dev", audience="mentoring-api"
    )
    assert principal == Principal(sub="lead-1", agency="a1", roles=("leadership",))
