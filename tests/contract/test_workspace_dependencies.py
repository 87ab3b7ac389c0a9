"""Each workspace member declares what it imports, and no service imports another service.

One shared virtualenv would hide a missing declaration until a service's own image is built; this finds it now.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.support.stack import REPO_ROOT

pytestmark = pytest.mark.contract

SERVICES = ("enrolment", "matching", "scheduling", "evaluation", "gateway")
MEMBERS = {
    "mentoring_contracts": REPO_ROOT / "contracts",
    "mentoring_runtime": REPO_ROOT / "runtime",
    **{name: REPO_ROOT / "services" / name for name in SERVICES},
}
WORKSPACE_DISTRIBUTIONS = {
    "mentoring_contracts": "mentoring-contracts",
    "mentoring_runtime": "mentoring-runtime",
    **{name: f"mentoring-{name}" for name in SERVICES},
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules(member: Path) -> set[str]:
    modules = set()
    for path in (member / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def _declared(member: Path) -> set[str]:
    project = tomllib.loads((member / "pyproject.toml").read_text())["project"]
    return {_normal(re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0]) for requirement in project["dependencies"]}


@pytest.mark.parametrize("package", sorted(MEMBERS))
def test_a_member_declares_every_distribution_it_imports(package: str) -> None:
    member = MEMBERS[package]
    distributions = packages_distributions()
    third_party = _imported_modules(member) - set(sys.stdlib_module_names) - {package}
    missing = {}
    for module in sorted(third_party):
        names = (
            [WORKSPACE_DISTRIBUTIONS[module]] if module in WORKSPACE_DISTRIBUTIONS else distributions.get(module, [])
        )
        if not {_normal(name) for name in names} & _declared(member):
            missing[module] = names
    assert not missing, f"{member.relative_to(REPO_ROOT)}/pyproject.toml does not declare what provides {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_never_imports_another_service(service: str) -> None:
    others = set(SERVICES) - {service}
    assert not _imported_modules(MEMBERS[service]) & others


# The one part of the runtime a domain may import: the kinds of refusal, which import nothing but the standard library.
# The runtime's pure parts, which domain code may use: its errors, the fold of a stream, and calendar months.
PURE_RUNTIME = {"mentoring_runtime.errors", "mentoring_runtime.folding", "mentoring_runtime.calendar_months"}


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, by its full dotted name."""
    return {
        node.module or "" if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }


def test_the_runtime_parts_domain_code_uses_import_no_io() -> None:
    """Only the standard library, and the contracts, which are models."""
    for module in PURE_RUNTIME:
        path = MEMBERS["mentoring_runtime"] / "src" / f"{module.replace('.', '/')}.py"
        imported = {name.split(".")[0] for name in _imports(path)}
        assert imported <= {*sys.stdlib_module_names, "mentoring_contracts"}, f"{module} imports {imported}"


def test_domain_code_imports_no_io() -> None:
    io_packages = {"pymongo", "faststream", "aiokafka", "litestar", "httpx", "uvicorn", "mentoring_runtime"}
    for domain in REPO_ROOT.glob("services/*/src/*/domain*"):
        member = domain.parents[2]
        files = [domain] if domain.is_file() else list(domain.rglob("*.py"))
        for path in files:
            imported = {name.split(".")[0] for name in _imports(path) - PURE_RUNTIME}
            assert not imported & io_packages, f"{path.relative_to(member)} imports {imported & io_packages}"
