"""The OpenAPI document tells the truth: every API operation's real responses, for every
role of the permission matrix, match the schema the document gives for their status.

Schemathesis (test_api_fuzz.py) mostly meets 401s as an anonymous client; here each
operation is asked by each role of the permission matrix's world (organisers at every
level, a participant, an exhibitor, gate staff, platform staff, ...), so the bodies of
real successes are checked too. Schemas must have unique names: two classes of one name
(the expo's and the entrance's ``FiguresOut``) made ninja document one with the other."""

import jsonschema_rs
import pytest

from tests.common.permission_matrix import EXPECTED, ROLES
from tests.common.test_permission_matrix import ask, fill, resolve, world  # noqa: F401  (fixture)
from tradefair.api import api

pytestmark = pytest.mark.django_db

API_ENTRIES = sorted(key for key, entry in EXPECTED.items() if entry.path.startswith("/api/"))


@pytest.fixture(autouse=True)
def _quiet(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    # Video rooms through a provider that needs no media server running.
    settings.VIDEO_PROVIDER = "jitsi"
    settings.JITSI_DOMAIN = "meet.example.org"
    settings.JITSI_APP_SECRET = "matrix-secret"


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _schema_of(document: dict, method: str, path: str, status: int) -> dict | None:
    """The documented JSON schema of this operation's response with this status, the
    document's components beside it so that references resolve; None if the status is
    not documented with a JSON body."""
    operation = document["paths"][path][method.lower()]
    responses = operation.get("responses", {})
    # ninja keys responses by int; a document read from JSON has strings.
    response = responses.get(status, responses.get(str(status)))
    if response is None:
        return None
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    return {**schema, "components": document.get("components", {})}


def test_every_schema_name_is_used_by_one_class_only():
    """ninja names a component after its class: two classes of one name share one entry."""
    from ninja import Schema

    seen: dict[str, str] = {}
    duplicates = []
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("tradefair."):
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.__name__ in seen and seen[cls.__name__] != where:
            duplicates.append(f"{cls.__name__}: {seen[cls.__name__]} and {where}")
        seen.setdefault(cls.__name__, where)
    assert duplicates == []


@pytest.mark.parametrize("key", API_ENTRIES)
def test_real_responses_match_the_document(world, document, key):  # noqa: F811
    entry = EXPECTED[key]
    objects = world["objects"]
    url = fill(
        entry.path, objects, {name: resolve(value, objects) for name, value in entry.parameters.items()}
    )
    if entry.query:
        url += "?" + entry.query
    data = resolve(entry.data, objects)
    problems = []
    validated = 0
    for role in ROLES:
        response = ask(world, role, entry.method, url, is_api=True, data=data)
        if response.status_code >= 500:
            problems.append(f"  {role}: {response.status_code}")
            continue
        schema = _schema_of(document, entry.method, entry.path, response.status_code)
        if schema is None or "json" not in response.get("Content-Type", ""):
            continue
        errors = [
            f"{'/'.join(map(str, error.instance_path))}: {error.message[:200]}"
            for error in jsonschema_rs.validator_for(schema).iter_errors(response.json())
        ]
        validated += 1
        if errors:
            problems.append(f"  {role} ({response.status_code}): " + "; ".join(errors[:3]))
    assert not problems, f"{entry.method} {url}\n" + "\n".join(problems)
    VALIDATED[key] = validated


VALIDATED: dict[str, int] = {}


def test_the_responses_were_validated_at_all():
    """Run after the others (in file order): most operations had a documented body checked."""
    if len(VALIDATED) < len(API_ENTRIES):
        pytest.skip("run with the whole module")
    assert sum(1 for count in VALIDATED.values() if count) > len(API_ENTRIES) // 2, VALIDATED
