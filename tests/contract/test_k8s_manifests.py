"""deploy/k8s cannot be applied here; the base and every overlay must at least render with kustomize, be valid
Kubernetes objects, and keep the platform's rules: every service deployed and reachable, each container hardened
and probed, each setting one the service reads, matching autoscaled, and every topic with a partition for each
matching instance the autoscaler may start.

KafkaTopic is a Strimzi custom resource, outside the Kubernetes schemas: its fields are checked here instead.
"""

import importlib
from pathlib import PurePosixPath

import kubernetes_validate
import pytest
from pydantic import AliasChoices

from mentoring_contracts import TOPICS
from mentoring_contracts.names import Service
from mentoring_runtime.settings import ServiceSettings
from mentoring_runtime.topics import wanted_topics
from tests.support.k8s import KUSTOMIZATIONS, Manifest, Rendered, SecretKey, pod_spec, render
from tests.support.stack import REPO_ROOT

pytestmark = pytest.mark.contract

# The oldest Kubernetes the manifests are meant for, and the newest the schema package knows.
KUBERNETES_VERSIONS = ["1.31", kubernetes_validate.latest_version()]
SERVICES = [service.value for service in Service]
# Services built and tested for one instance only: their held state assumes they alone consume their topics.
SINGLE_INSTANCE = [Service.ENROLMENT, Service.SCHEDULING, Service.EVALUATION]
STRIMZI_API = "kafka.strimzi.io/v1"


@pytest.fixture(scope="module", params=KUSTOMIZATIONS, ids=lambda path: path.name)
def rendered(request: pytest.FixtureRequest) -> Rendered:
    return render(request.param)


def deployment(rendered: Rendered, service: str) -> Manifest:
    return rendered.one("Deployment", service)


def container(rendered: Rendered, service: str) -> Manifest:
    (app,) = pod_spec(deployment(rendered, service))["containers"]
    return app


def matching_autoscaler(rendered: Rendered) -> Manifest:
    return rendered.one("HorizontalPodAutoscaler", Service.MATCHING)


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_is_valid_against_the_kubernetes_schemas(rendered: Rendered, version: str) -> None:
    problems = []
    for obj in rendered.objects:
        if obj["apiVersion"] == STRIMZI_API and obj["kind"] == "KafkaTopic":
            continue
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            problems.append(f"{obj['kind']} {obj['metadata']['name']} at {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{obj['apiVersion']} {obj['kind']} is no Kubernetes kind; check its apiVersion")
    assert not problems, f"{rendered.name} against Kubernetes {version}:\n" + "\n".join(problems)


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_a_deployment_and_a_service_that_selects_it(rendered: Rendered, service: str) -> None:
    pods = deployment(rendered, service)["spec"]["template"]["metadata"]["labels"]
    spec = rendered.one("Service", service)["spec"]
    assert spec["selector"].items() <= pods.items(), f"{rendered.name}: Service {service} selects no {service} pod"
    (port,) = spec["ports"]
    named = {p["name"]: p["containerPort"] for p in container(rendered, service)["ports"]}
    assert port["targetPort"] in named, f"{rendered.name}: Service {service} targets a port its pods do not name"


@pytest.mark.parametrize("service", SERVICES)
def test_every_container_is_probed_non_root_read_only_and_sized(rendered: Rendered, service: str) -> None:
    pod, app = pod_spec(deployment(rendered, service)), container(rendered, service)
    where = f"{rendered.name}: {service}"
    assert app["livenessProbe"]["httpGet"]["path"] == "/health", where
    assert app["readinessProbe"]["httpGet"]["path"] == "/ready", where
    assert app.get("startupProbe", {}).get("httpGet", {}).get("path", "/health") == "/health", where
    ports = {p["name"] for p in app["ports"]}
    for probe in ("livenessProbe", "readinessProbe"):
        assert app[probe]["httpGet"]["port"] in ports, f"{where}: its {probe} asks a port it does not serve"
    security = app["securityContext"]
    # The container's own setting wins over the pod's.
    assert security.get("runAsNonRoot", pod.get("securityContext", {}).get("runAsNonRoot")) is True, where
    assert security["readOnlyRootFilesystem"] is True, where
    assert security["allowPrivilegeEscalation"] is False, where
    assert security["capabilities"]["drop"] == ["ALL"], where
    writable = {mount["mountPath"]: mount["name"] for mount in app["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    assert "emptyDir" in volumes[writable["/tmp"]], f"{where}: /tmp must be a writable emptyDir"
    resources = app["resources"]
    assert {"cpu", "memory"} <= resources["requests"].keys(), where
    assert {"cpu", "memory"} <= resources["limits"].keys(), where
    # Otherwise the Service `gateway` puts GATEWAY_PORT=tcp://… into pods, which the gateway takes for its port.
    assert pod["enableServiceLinks"] is False, where
    image = app["image"]
    assert ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"), f"{where}: pin the image's tag"


def setting_variables(service: str) -> set[str]:
    """Every variable the service's settings class reads (services/<name>/src/<name>/settings.py)."""
    module = importlib.import_module(f"{service}.settings")
    (settings,) = {
        cls for cls in vars(module).values() if isinstance(cls, type) and issubclass(cls, ServiceSettings)
    } - {ServiceSettings}
    prefix = settings.model_config["env_prefix"]
    names: set[str] = set()
    for name, field in settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {choice.upper() for choice in alias.choices if isinstance(choice, str)}
        else:
            names.add((alias or prefix + name).upper())
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_a_service_is_given_is_one_it_reads(rendered: Rendered, service: str) -> None:
    app = container(rendered, service)
    environment = rendered.environment(app)
    unknown = {name for name in environment if name.startswith("MENTORING_")} - setting_variables(service)
    assert not unknown, f"{rendered.name}: {service} reads no setting {sorted(unknown)}"
    assert {"MENTORING_NAMESPACE", "MENTORING_KAFKA_BOOTSTRAP"} <= environment.keys(), rendered.name
    assert environment["MENTORING_HTTP_HOST"] == "0.0.0.0", f"{rendered.name}: {service} must listen on the pod's IP"
    (port,) = app["ports"]
    assert environment["MENTORING_HTTP_PORT"] == str(port["containerPort"]), rendered.name
    assert environment["MENTORING_MONGO_URL"] == SecretKey("mentoring-mongo", "url"), rendered.name


def test_the_gateway_reaches_each_service_through_its_kubernetes_service(rendered: Rendered) -> None:
    gateway = container(rendered, Service.GATEWAY)
    environment = rendered.environment(gateway)
    for service in set(SERVICES) - {Service.GATEWAY}:
        (port,) = rendered.one("Service", service)["spec"]["ports"]
        assert environment[f"MENTORING_{service.upper()}_URL"] == f"http://{service}:{port['port']}", rendered.name
    keys = PurePosixPath(environment["MENTORING_JWKS_FILE"])
    mounts = {PurePosixPath(mount["mountPath"]): mount["name"] for mount in gateway["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in pod_spec(deployment(rendered, Service.GATEWAY))["volumes"]}
    assert "secret" in volumes[mounts[keys.parent]], f"{rendered.name}: the token keys must come from a Secret"


def test_secrets_are_named_never_held_and_the_readme_says_how_to_make_them(rendered: Rendered) -> None:
    assert not rendered.of_kind("Secret"), f"{rendered.name}: a Secret's value does not belong in the manifests"
    named = set()
    for service in SERVICES:
        values = rendered.environment(container(rendered, service)).values()
        named |= {value.secret for value in values if isinstance(value, SecretKey)}
        pod = pod_spec(deployment(rendered, service))
        named |= {volume["secret"]["secretName"] for volume in pod.get("volumes", []) if "secret" in volume}
    readme = (REPO_ROOT / "README.md").read_text()
    assert {"mentoring-mongo", "mentoring-token-keys"} <= named
    assert not {name for name in named if f"`{name}`" not in readme}, "README must say how to create each Secret"


def test_matching_is_autoscaled_on_cpu_from_at_least_two_instances(rendered: Rendered) -> None:
    hpa = matching_autoscaler(rendered)
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["apiVersion"], target["kind"], target["name"]) == ("apps/v1", "Deployment", Service.MATCHING)
    metrics = [m["resource"] for m in hpa["spec"]["metrics"] if m["type"] == "Resource"]
    assert [(m["name"], m["target"]["type"]) for m in metrics] == [("cpu", "Utilization")], rendered.name
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"], rendered.name
    # A count on the Deployment would reset the autoscaler's on every apply.
    assert "replicas" not in deployment(rendered, Service.MATCHING)["spec"], rendered.name


@pytest.mark.parametrize("service", SINGLE_INSTANCE)
def test_services_built_for_one_instance_never_run_two(rendered: Rendered, service: str) -> None:
    spec = deployment(rendered, service)["spec"]
    assert spec["replicas"] == 1 and spec["strategy"]["type"] == "Recreate", f"{rendered.name}: {service}"
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in rendered.of_kind("HorizontalPodAutoscaler")}
    assert service not in scaled, f"{rendered.name}: {service} must not be autoscaled"


def wanted_partitions() -> tuple[dict[str, int], set[str]]:
    """Every topic the services create (runtime.topics) with its declared partitions, and which of them are keyed,
    consumed by a group."""
    return wanted_topics(), {topic.name for topic in TOPICS}


def test_every_topic_has_a_partition_for_each_matching_instance(rendered: Rendered) -> None:
    topics = {}
    for topic in rendered.of_kind("KafkaTopic"):
        assert topic["apiVersion"] == STRIMZI_API, rendered.name
        spec = topic["spec"]
        assert set(spec) <= {"topicName", "partitions", "replicas", "config"}, spec
        assert isinstance(spec["partitions"], int) and isinstance(spec["replicas"], int), spec
        topics[spec["topicName"]] = topic
    wanted, keyed = wanted_partitions()
    assert not topics.keys() - wanted.keys(), f"{rendered.name}: topics no service uses"
    most_instances = matching_autoscaler(rendered)["spec"]["maxReplicas"]
    for name, declared in wanted.items():
        assert name in topics, f"{rendered.name}: no KafkaTopic for {name}"
        partitions = topics[name]["spec"]["partitions"]
        needed = max(declared, most_instances) if name in keyed else declared
        assert partitions >= needed, f"{rendered.name}: {name} has {partitions} partitions, needs {needed}"


def test_every_topic_belongs_to_the_kafka_cluster_the_services_connect_to(rendered: Rendered) -> None:
    clusters = {topic["metadata"]["labels"]["strimzi.io/cluster"] for topic in rendered.of_kind("KafkaTopic")}
    (cluster,) = clusters
    for service in SERVICES:
        bootstrap = rendered.environment(container(rendered, service))["MENTORING_KAFKA_BOOTSTRAP"]
        assert bootstrap == f"{cluster}-kafka-bootstrap:9092", f"{rendered.name}: {service} connects elsewhere"
