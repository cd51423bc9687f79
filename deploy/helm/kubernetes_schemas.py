"""JSON Schemas for kubeconform, made offline from the Kubernetes OpenAPI document and CustomResourceDefinitions.

    python deploy/helm/kubernetes_schemas.py --openapi swagger.json --crd servicemonitors-crd.json \
        --out DIR MANIFEST.yaml...

Writes one schema per apiVersion and kind found in the manifests, named as kubeconform looks them up
(`DIR/<kind>-<group prefix>-<version>.json`), each standalone (no references) and strict (unknown fields are errors,
as the API server's strict field validation makes them). Standard library only, so it runs before any venv exists.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

Schema = dict[str, Any]

INT_OR_STRING: Schema = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
QUANTITY: Schema = {"oneOf": [{"type": "string"}, {"type": "number"}]}
SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": INT_OR_STRING,
    "io.k8s.apimachinery.pkg.api.resource.Quantity": QUANTITY,
}
DROPPED = {"description", "format", "example", "externalDocs"}


def file_name(api_version: str, kind: str) -> str:
    """kubeconform's name for a schema: `deployment-apps-v1.json`, `service-v1.json`."""
    group, _, version = api_version.rpartition("/")
    prefix = f"-{group.split('.')[0]}" if group else ""
    return f"{kind.lower()}{prefix}-{version}.json".lower()


def strict(schema: Schema) -> Schema:
    """Unknown fields are errors wherever an object lists its fields and does not say it keeps unknown ones."""
    if (
        schema.get("type") == "object"
        and "properties" in schema
        and "additionalProperties" not in schema
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        schema["additionalProperties"] = False
    return schema


def inline(node: Any, definitions: dict[str, Schema], seen: tuple[str, ...] = ()) -> Any:
    """The OpenAPI node with every `$ref` replaced by its definition; a recursive reference accepts anything."""
    if isinstance(node, list):
        return [inline(item, definitions, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in SPECIAL:
            return dict(SPECIAL[name])
        if name in seen:
            return {}
        return inline(definitions[name], definitions, (*seen, name))
    if node.get("format") == "int-or-string" or node.get("x-kubernetes-int-or-string"):
        return dict(INT_OR_STRING)
    converted = {key: inline(value, definitions, seen) for key, value in node.items() if key not in DROPPED}
    if "properties" in node:
        converted["properties"] = {
            field: inline(value, definitions, seen) for field, value in node["properties"].items()
        }
    if node.get("nullable") and isinstance(converted.get("type"), str):
        converted["type"] = [converted["type"], "null"]
    return strict(converted)


def pinned_to(schema: Schema, api_version: str, kind: str) -> Schema:
    schema = dict(schema)
    properties = dict(schema.get("properties", {}))
    properties["apiVersion"] = {"type": "string", "enum": [api_version]}
    properties["kind"] = {"type": "string", "enum": [kind]}
    schema["properties"] = properties
    schema["required"] = sorted({*schema.get("required", []), "apiVersion", "kind"})
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return strict(schema)


def kubernetes_kinds(openapi: Schema) -> dict[tuple[str, str], str]:
    """(apiVersion, kind) → the definition's name, for every kind the OpenAPI document serves."""
    kinds = {}
    for name, definition in openapi["definitions"].items():
        for gvk in definition.get("x-kubernetes-group-version-kind", []):
            api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            kinds.setdefault((api_version, gvk["kind"]), name)
    return kinds


def crd_kinds(crd: Schema) -> dict[tuple[str, str], Schema]:
    group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
    return {
        (f"{group}/{version['name']}", kind): version["schema"]["openAPIV3Schema"]
        for version in crd["spec"]["versions"]
        if version.get("served", True)
    }


def manifest_kinds(paths: list[Path]) -> set[tuple[str, str]]:
    """apiVersion and kind of every document (the first two top-level keys `helm template` writes)."""
    found = set()
    for path in paths:
        for document in re.split(r"^---\s*$", path.read_text(), flags=re.MULTILINE):
            api_version = re.search(r"^apiVersion:\s*[\"']?([^\s\"']+)", document, flags=re.MULTILINE)
            kind = re.search(r"^kind:\s*[\"']?([^\s\"']+)", document, flags=re.MULTILINE)
            if api_version and kind:
                found.add((api_version.group(1), kind.group(1)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--openapi", type=Path, required=True, help="the Kubernetes OpenAPI v2 document")
    parser.add_argument("--crd", type=Path, action="append", default=[], help="a CustomResourceDefinition (JSON)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("manifests", type=Path, nargs="+")
    args = parser.parse_args()
    openapi = json.loads(args.openapi.read_text())
    definitions = openapi["definitions"]
    builtin = kubernetes_kinds(openapi)
    custom: dict[tuple[str, str], Schema] = {}
    for path in args.crd:
        custom.update(crd_kinds(json.loads(path.read_text())))
    args.out.mkdir(parents=True, exist_ok=True)
    unknown = []
    for api_version, kind in sorted(manifest_kinds(args.manifests)):
        target = args.out / file_name(api_version, kind)
        if target.exists():
            continue
        if (api_version, kind) in builtin:
            schema = inline(definitions[builtin[(api_version, kind)]], definitions)
        elif (api_version, kind) in custom:
            schema = inline(custom[(api_version, kind)], {})
        else:
            unknown.append(f"{api_version} {kind}")
            continue
        target.write_text(json.dumps(pinned_to(schema, api_version, kind), sort_keys=True))
    if unknown:
        # kubeconform would say "could not find schema"; say which source lacks it instead.
        print(f"no schema for {', '.join(unknown)} in {args.openapi} or the CRDs given", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
