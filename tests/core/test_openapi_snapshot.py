"""The record kit keeps the API it replaced: every path and every schema field of the checked-in copy.

Fields added on purpose (record numbers for measures, visits and exits;
attachments on every record; cluster members per period) are listed here; anything else new or missing fails.
"""

import json
from pathlib import Path

from giapranh.api import api

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
# handling_notes: how a record reached the reader (the message that carried it, its handling code).
ADDED_FIELDS = {
    "MeasureOut": {"number", "attachments", "handling_notes"},
    "VisitOut": {"number", "attachments", "handling_notes"},
    "ExitOut": {"number", "attachments", "handling_notes"},
    "SupervisionOut": {"attachments", "handling_notes"},
    "IncidentOut": {"attachments", "handling_notes"},
    "AccidentOut": {"attachments", "handling_notes"},
    # clusters list their members per period across the 2025 reform, and members awaiting confirmation
    "ClusterOut": {"periods", "pending"},
}


def _current() -> dict:
    doc = api.get_openapi_schema()
    paths = {}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            paths[f"{method.upper()} {path}"] = sorted(p["name"] for p in operation.get("parameters", []))
    schemas = {name: sorted(schema.get("properties", {})) for name, schema in doc["components"]["schemas"].items()}
    return {"paths": paths, "schemas": schemas}


# Removed on purpose: a name never travels in a query string (POST /persons/search stays).
REMOVED_PARAMETERS = {"GET /api/v1/persons": {"q"}}


def test_every_path_keeps_its_parameters() -> None:
    # given the API before the record kit
    before = json.loads(SNAPSHOT.read_text())
    # when the kit builds it
    now = _current()
    # then every path answers with the same parameters
    for path, parameters in before["paths"].items():
        assert path in now["paths"], path
        assert set(now["paths"][path]) == set(parameters) - REMOVED_PARAMETERS.get(path, set()), path


def test_every_schema_keeps_its_fields() -> None:
    before = json.loads(SNAPSHOT.read_text())
    now = _current()
    for name, fields in before["schemas"].items():
        assert name in now["schemas"], name
        assert set(now["schemas"][name]) == set(fields) | ADDED_FIELDS.get(name, set()), name


def test_patch_schemas_are_derived_from_in_schemas() -> None:
    # the kit never writes a Patch schema by hand: same fields as In, none required
    doc = api.get_openapi_schema()["components"]["schemas"]
    for name in ("Incident", "Accident", "Supervision", "Measure", "Visit", "Exit"):
        assert set(doc[f"{name}Patch"]["properties"]) == set(doc[f"{name}In"]["properties"])
        assert not doc[f"{name}Patch"].get("required")
