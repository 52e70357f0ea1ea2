#!/usr/bin/env python3
"""Derives schemas.json (property names, JSON types, readOnly and nullable flags) from the Looker 4.0 spec.

Usage: derive-schemas.py PATH/TO/Looker.4.0.oas.json
Only facts are kept: no descriptions. The sandbox tests check the server's JSON against the result.
"""
import json
import os
import sys

SCHEMAS = [
    "User", "CredentialsEmail", "CredentialsSaml", "CredentialsGoogle", "CredentialsOIDC", "CredentialsLDAP",
    "CredentialsTotp", "CredentialsApi3", "CredentialsEmbed", "CredentialsLookerOpenid", "CredentialsWorkforce",
    "Session", "ValidationError", "ValidationErrorDetail", "Error", "AccessToken",
    "Role", "PermissionSet", "ModelSet", "Group", "UserAttribute", "UserAttributeGroupValue", "UserAttributeWithValue",
    "ScheduledPlan", "ScheduledPlanDestination", "Alert", "AlertField", "Folder", "Dashboard", "LookWithQuery",
]


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def describe(prop):
    fact = {}
    if "$ref" in prop:
        fact["type"] = "object"
        fact["ref"] = ref_name(prop["$ref"])
    else:
        fact["type"] = prop.get("type", "object")
        if fact["type"] == "array":
            items = prop.get("items", {})
            fact["items"] = {"type": "object", "ref": ref_name(items["$ref"])} if "$ref" in items \
                else {"type": items.get("type", "object")}
        if fact["type"] == "object" and "additionalProperties" in prop:
            fact["values"] = prop["additionalProperties"].get("type", "object")
    fact["readOnly"] = bool(prop.get("readOnly", False))
    fact["nullable"] = bool(prop.get("nullable", False))
    return fact


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: derive-schemas.py Looker.4.0.oas.json")
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    components = spec["components"]["schemas"]
    result = {"source": {"info_version": spec["info"]["version"]}, "schemas": {}}
    for name in SCHEMAS:
        schema = components[name]
        result["schemas"][name] = {
            "required": sorted(schema.get("required", [])),
            "properties": {key: describe(prop) for key, prop in schema.get("properties", {}).items()},
        }
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas.json")
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
