"""deploy/k8s rendered by the pinned kustomize (deploy/local/kustomize.sh), and the lookups its tests make on it.

Rendering with the real kustomize, not a reading of the YAML files, so what is checked is what `kubectl apply -k`
would send: patches merged, ConfigMap names hashed, an overlay's images and counts in place.
"""

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.support.stack import REPO_ROOT

K8S = REPO_ROOT / "deploy" / "k8s"
# The base and every overlay: each must render to a whole, valid platform.
KUSTOMIZATIONS = [K8S / "base", *sorted(path for path in (K8S / "overlays").iterdir() if path.is_dir())]

Manifest = dict[str, Any]


@functools.cache
def kustomize() -> str:
    script = REPO_ROOT / "deploy" / "local" / "kustomize.sh"
    done = subprocess.run([script], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{script} could not provide kustomize:\n{done.stderr}")
    return done.stdout.strip()


@dataclass(frozen=True)
class SecretKey:
    """An environment variable taken from a Secret: the manifests name it, never hold its value."""

    secret: str
    key: str


@dataclass(frozen=True)
class Rendered:
    name: str
    objects: list[Manifest]

    def of_kind(self, kind: str) -> list[Manifest]:
        return [obj for obj in self.objects if obj["kind"] == kind]

    def find(self, kind: str, name: str) -> Manifest | None:
        return next((obj for obj in self.of_kind(kind) if obj["metadata"]["name"] == name), None)

    def one(self, kind: str, name: str) -> Manifest:
        found = self.find(kind, name)
        assert found is not None, f"{self.name} has no {kind} named {name}"
        return found

    def environment(self, container: Manifest) -> dict[str, str | SecretKey]:
        """What the container's process sees: its ConfigMaps' entries, then its own env (which wins)."""
        values: dict[str, str | SecretKey] = {}
        for source in container.get("envFrom", []):
            assert set(source) == {"configMapRef"}, f"{self.name}: only ConfigMaps feed envFrom, not {source}"
            values.update(self.one("ConfigMap", source["configMapRef"]["name"])["data"])
        for variable in container.get("env", []):
            if "value" in variable:
                values[variable["name"]] = variable["value"]
            else:
                ref = variable["valueFrom"]["secretKeyRef"]
                values[variable["name"]] = SecretKey(ref["name"], ref["key"])
        return values


def render(directory: Path) -> Rendered:
    done = subprocess.run([kustomize(), "build", str(directory)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"kustomize build {directory.relative_to(REPO_ROOT)} failed:\n{done.stderr}"
    return Rendered(str(directory.relative_to(K8S)), [obj for obj in yaml.safe_load_all(done.stdout) if obj])


def pod_spec(deployment: Manifest) -> Manifest:
    return deployment["spec"]["template"]["spec"]
