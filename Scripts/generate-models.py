#!/usr/bin/env python3
"""Generates Sources/LookerAPI/Models/Models.swift from the Looker API 4.0 spec.

Usage: python3 Scripts/generate-models.py PATH/TO/Looker.4.0.oas.json [--check]

Without --check the file is written; with --check nothing is written and the exit status is 1 when
the file differs from what the spec and the tables below give (2 for a bad spec or usage).

The spec gives each model's properties, their order, JSON keys and types. This script decides only
what the spec cannot: which schemas Roster uses and under which Swift names, which properties of a
write body it sends, which strings are ids (`LookerID`), and each type's doc comment. Nothing of the
spec's own prose is copied. Every property is optional (a `fields` filter drops keys and servers
leave fields out), so a type decodes whatever subset it is given.
"""
import json
import os
import sys

TARGET = os.path.join("Sources", "LookerAPI", "Models", "Models.swift")
MAX_LINE = 120


class Model:
    """One Swift type: the spec schema it comes from and the keys it keeps (all when `keys` is None).

    A write body (`write=True`, the default when `keys` is given) may keep no read-only key. A read
    model with `keys` (`write=False`) is a narrowed view of a large schema: only the properties Roster
    reads, so a schema full of nested types the generator has no model for still decodes what matters.
    It stands for its schema where another model refers to it, as an unnarrowed one does.
    """

    def __init__(self, swift, schema, doc, keys=None, ids=(), write=None):
        self.swift = swift
        self.schema = schema
        self.doc = doc
        self.keys = keys
        self.ids = set(ids)
        self.write = keys is not None if write is None else write


# In the order they appear in the file. `ids`: the string properties (or arrays of strings) that
# are Looker ids, decoded as `LookerID` so numbers are accepted too. Ids of other systems (SAML,
# Google, LDAP, embed hosts, API client ids) stay strings.
MODELS = [
    Model("User", "User", "A Looker user as `GET /users`, `/users/{id}` and `/user` return it.",
          ids=["embed_group_space_id", "group_ids", "home_folder_id", "id", "personal_folder_id", "role_ids",
               "embed_group_folder_id"]),
    Model("CredentialsEmail", "CredentialsEmail",
          "The email/password credential of a user (`/users/{id}/credentials_email`). Only `email` and\n"
          "`forcedPasswordResetAtNextLogin` are writable; see `WriteCredentialsEmail`. `passwordResetURL`\n"
          "and `accountSetupURL` are secrets.",
          ids=["user_id"]),
    Model("CredentialsSaml", "CredentialsSaml", "A SAML login of a user."),
    Model("CredentialsGoogle", "CredentialsGoogle", "A Google login of a user."),
    Model("CredentialsOIDC", "CredentialsOIDC", "An OpenID Connect login of a user."),
    Model("CredentialsLDAP", "CredentialsLDAP", "An LDAP login of a user."),
    Model("CredentialsTotp", "CredentialsTotp", "The two-factor (TOTP) credential of a user."),
    Model("CredentialsLookerOpenid", "CredentialsLookerOpenid", "A Looker OpenID login of a user."),
    Model("CredentialsWorkforce", "CredentialsWorkforce", "A Workforce Identity login of a user."),
    Model("CredentialsApi3", "CredentialsApi3", "An API key of a user (the secret is never part of it).",
          ids=["id"]),
    Model("CredentialsEmbed", "CredentialsEmbed", "An embed login of a user.", ids=["id"]),
    Model("Session", "Session", "A web session of a user.", ids=["id", "sudo_user_id"]),
    Model("Role", "Role", "A role: a permission set over a model set (`GET /roles`, `/users/{id}/roles`).",
          ids=["id", "permission_set_id", "model_set_id"]),
    Model("PermissionSet", "PermissionSet", "What a role allows.", ids=["id"]),
    Model("ModelSet", "ModelSet", "The models a role's permissions apply to.", ids=["id"]),
    Model("Group", "Group",
          "A group of users (`GET /groups`). An externally managed group follows SAML, LDAP or OIDC: its\n"
          "members are not changed by hand.",
          ids=["id"]),
    Model("GroupHierarchy", "GroupHierarchy",
          "A group with the groups it sits in and the roles it gives (`GET /groups/search/with_hierarchy`):\n"
          "everything the list's `group:` and `role:` qualifiers need, in one request.",
          ids=["id", "parent_group_ids", "role_ids"]),
    Model("UserAttribute", "UserAttribute", "A user attribute as defined for the instance (`GET /user_attributes`).",
          ids=["id"]),
    Model("UserAttributeWithValue", "UserAttributeWithValue",
          "One user attribute's value for a user, and where it comes from (`source`). A hidden value comes\n"
          "back blank: blank is not empty.",
          ids=["user_id", "user_attribute_id"]),
    Model("AccessToken", "AccessToken", "The answer to `POST /login`. `accessToken` is a secret."),
    Model("ValidationErrorDetail", "ValidationErrorDetail", "One field's complaint inside a 422 answer."),
    Model("ValidationError", "ValidationError",
          "The body of a 422 answer: a generic message plus one entry per field."),
    Model("WriteCredentialsEmail", "CredentialsEmail",
          "The body of `PATCH`/`POST /users/{id}/credentials_email`: only the two writable fields, and only\n"
          "those that are set. Nothing read-only ever goes on the wire.",
          keys=["email", "forced_password_reset_at_next_login"]),
    Model("WriteUser", "User",
          "The body of `PATCH /users/{id}` as Roster uses it: names and the disabled flag. Credentials are\n"
          "never sent through a user PATCH (they are read-only there).",
          keys=["first_name", "last_name", "is_disabled", "locale"]),
    Model("WriteUserAttributeValue", "UserAttributeWithValue",
          "The body of `PATCH /users/{id}/attribute_values/{attribute_id}`: the value only.",
          keys=["value"]),
    Model("ScheduledPlan", "ScheduledPlan",
          "A scheduled delivery (`GET /scheduled_plans`, `/scheduled_plans/{id}`): what it sends, when, to\n"
          "where, and whose it is. Narrowed to what an owner change needs.",
          write=False,
          keys=["name", "user_id", "run_as_recipient", "enabled", "look_id", "dashboard_id", "lookml_dashboard_id",
                "crontab", "datagroup", "timezone", "scheduled_plan_destination", "run_once", "id", "created_at",
                "updated_at", "title", "next_run_at", "last_run_at"],
          ids=["user_id", "look_id", "dashboard_id", "id"]),
    Model("ScheduledPlanDestination", "ScheduledPlanDestination",
          "Where a scheduled plan delivers: an email address, a webhook, a bucket. `secret_parameters` is\n"
          "left out: a secret is never modelled.",
          write=False,
          keys=["id", "scheduled_plan_id", "format", "apply_formatting", "apply_vis", "address", "looker_recipient",
                "type", "parameters", "message"],
          ids=["id", "scheduled_plan_id"]),
    Model("WriteScheduledPlanOwner", "ScheduledPlan",
          "The body of `PATCH /scheduled_plans/{id}` as Roster sends it: the new owner only. Never the\n"
          "destinations: a PATCH that names them replaces every one.",
          keys=["user_id"]),
    Model("Alert", "Alert",
          "An alert on a dashboard tile (`GET /alerts/search`, `/alerts/{id}`) and whose it is. Narrowed to\n"
          "plain values; the field, destinations and filters are not modelled.",
          write=False,
          keys=["comparison_type", "cron", "custom_title", "dashboard_element_id", "description", "id", "is_disabled",
                "disabled_reason", "is_public", "lookml_dashboard_id", "owner_id", "owner_display_name", "threshold"],
          ids=["dashboard_element_id", "id", "owner_id"]),
    Model("WriteAlertOwner", "AlertPatch",
          "The body of `PATCH /alerts/{id}` as Roster sends it: the new owner only.",
          keys=["owner_id"]),
    Model("Folder", "Folder",
          "A content folder (`GET /folders/{id}`, `/folders/{id}/children`). A user's personal folder is\n"
          "`isPersonal`; its sub-folders are `isPersonalDescendant`.",
          write=False,
          keys=["name", "parent_id", "id", "created_at", "creator_id", "child_count", "is_personal",
                "is_personal_descendant", "is_shared_root", "is_users_root"],
          ids=["parent_id", "id", "creator_id"]),
    Model("Dashboard", "Dashboard",
          "A user-defined dashboard (`GET /dashboards/{id}`, `/folders/{id}/dashboards`): its title, owner\n"
          "and folder. Narrowed to plain values.",
          write=False,
          keys=["description", "hidden", "id", "title", "user_id", "created_at", "deleted", "deleted_at", "updated_at",
                "user_name", "folder_id"],
          ids=["id", "user_id", "folder_id"]),
    Model("WriteDashboardFolder", "Dashboard",
          "The body of `PATCH /dashboards/{id}` as Roster sends it: the folder to move it to, only.",
          keys=["folder_id"]),
    Model("Look", "LookWithQuery",
          "A saved look (`GET /looks/{id}`, `/folders/{id}/looks`): its title, owner and folder. Narrowed to\n"
          "plain values; the query is not modelled.",
          write=False,
          keys=["id", "title", "user_id", "created_at", "deleted", "deleted_at", "description", "folder_id",
                "updated_at", "user_name", "query_id"],
          ids=["id", "user_id", "folder_id", "query_id"]),
    Model("WriteLookFolder", "LookWithQuery",
          "The body of `PATCH /looks/{id}` as Roster sends it: the folder to move it to, only.",
          keys=["folder_id"]),
    Model("LookerErrorBody", "Error", "The body of most error answers (`Error` in the spec)."),
]

# A property's Swift name is its key in camel case, these words in capitals (`avatar_url` is
# `avatarURL`, `group_ids` is `groupIDs`) unless they come first (`url`, `id`). Other words keep
# their case as the spec spells them (`credentials_api3` is `credentialsApi3`, `ldap_dn` `ldapDn`).
ACRONYMS = {"url": "URL", "id": "ID", "ids": "IDs"}

HEADER = """\
// Generated by Scripts/generate-models.py from the Looker API 4.0 spec; do not edit.
//
// Models of the Looker API 4.0, one property per schema property. Every property is optional: a
// `fields` filter drops keys, and servers leave fields out. Unknown keys are ignored. Ids are strings
// (numbers are accepted too, see `LookerID`). Timestamps stay strings: their format varies.
"""


class SpecError(Exception):
    pass


# Keys that are Swift keywords get a name of their own.
KEYWORD_NAMES = {"internal": "isInternal"}


def swift_name(key):
    if key in KEYWORD_NAMES:
        return KEYWORD_NAMES[key]
    words = key.split("_")
    return words[0] + "".join(ACRONYMS.get(w, w[:1].upper() + w[1:]) for w in words[1:])


def ref_name(ref, by_schema):
    name = ref.rsplit("/", 1)[-1]
    if name not in by_schema:
        raise SpecError("a property refers to %s, which no model is generated from" % name)
    return by_schema[name]


def swift_type(model, key, prop, by_schema):
    """The Swift type of one property, without the `?` every property has."""
    is_id = key in model.ids
    kind = prop.get("type")
    items = prop.get("items", {}) if kind == "array" else {}
    if is_id and kind != "string" and items.get("type") != "string":
        raise SpecError("%s.%s is listed as an id but is not a string" % (model.schema, key))
    if "$ref" in prop:
        return ref_name(prop["$ref"], by_schema)
    if kind == "string":
        return "LookerID" if is_id else "String"
    if kind == "boolean":
        return "Bool"
    if kind == "integer" and prop.get("format") == "int64":
        return "Int64"
    if kind == "number" and prop.get("format") == "double":
        return "Double"
    if "$ref" in items:
        return "[%s]" % ref_name(items["$ref"], by_schema)
    if items.get("type") == "string":
        return "[LookerID]" if is_id else "[String]"
    values = prop.get("additionalProperties", {}).get("type") if kind == "object" else None
    if values in ("boolean", "string"):
        return "[String: %s]" % ("Bool" if values == "boolean" else "String")
    raise SpecError("%s.%s: no Swift type for %s" % (model.schema, key, json.dumps(prop, sort_keys=True)))


def properties(model, schemas, by_schema):
    """(Swift name, Swift type, JSON key) for each property, in the spec's order."""
    if model.schema not in schemas:
        raise SpecError("the spec has no schema %s" % model.schema)
    props = schemas[model.schema].get("properties", {})
    keys = list(props) if model.keys is None else model.keys
    for key in list(model.ids) + keys:
        if key not in props:
            raise SpecError("%s has no property %s" % (model.schema, key))
    if model.write:
        for key in keys:
            if props[key].get("readOnly"):
                raise SpecError("%s.%s is read-only: %s must not send it" % (model.schema, key, model.swift))
    return [(swift_name(key), swift_type(model, key, props[key], by_schema), key) for key in keys]


def wrap(head, items, tail, indent):
    """`head` + items joined by ", " + `tail` on one line if it fits, else one item per line."""
    one_line = indent + head + ", ".join(items) + tail
    if len(one_line) <= MAX_LINE:
        return [one_line]
    return [indent + head] + [indent + "    " + item + "," for item in items[:-1]] + \
        [indent + "    " + items[-1]] + [indent + tail]


def render_model(model, props):
    lines = ["/// " + line for line in model.doc.split("\n")]
    lines.append("public struct %s: Codable, Sendable, Equatable {" % model.swift)
    lines += ["    public var %s: %s?" % (name, kind) for name, kind, _ in props]
    lines.append("")
    params = ["%s: %s? = nil" % (name, kind) for name, kind, _ in props]
    lines += wrap("public init(", params, ") {", "    ")
    lines += ["        self.%s = %s" % (name, name) for name, _, _ in props]
    lines.append("    }")
    lines.append("")
    lines.append("    enum CodingKeys: String, CodingKey {")
    # In property order, several to a line; only a key that is not its Swift name is spelled out.
    cases = [name if name == key else '%s = "%s"' % (name, key) for name, _, key in props]
    line = ""
    for case in cases:
        candidate = (line + ", " if line else "        case ") + case
        if len(candidate) > MAX_LINE:
            lines.append(line)
            candidate = "        case " + case
        line = candidate
    lines.append(line)
    lines.append("    }")
    lines.append("}")
    return lines


def generate(spec):
    schemas = spec.get("components", {}).get("schemas", {})
    by_schema = {}
    for model in MODELS:
        if not model.write:
            by_schema.setdefault(model.schema, model.swift)
    blocks = [HEADER.rstrip("\n").split("\n")]
    for model in MODELS:
        blocks.append(render_model(model, properties(model, schemas, by_schema)))
    text = "\n\n".join("\n".join(block) for block in blocks) + "\n"
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise SpecError("line %d of the output is longer than %d characters" % (number, MAX_LINE))
    return text


def main(argv):
    args = [a for a in argv if a != "--check"]
    check = len(args) != len(argv)
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write("usage: generate-models.py PATH/TO/Looker.4.0.oas.json [--check]\n")
        return 2
    try:
        with open(args[0], encoding="utf-8") as handle:
            spec = json.load(handle)
        text = generate(spec)
    except (OSError, ValueError, SpecError) as error:
        sys.stderr.write("generate-models.py: %s\n" % error)
        return 2
    target = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), TARGET)
    if check:
        try:
            with open(target, encoding="utf-8") as handle:
                current = handle.read()
        except OSError:
            current = None
        if current != text:
            sys.stderr.write("%s is out of date: run python3 Scripts/generate-models.py SPEC\n" % TARGET)
            return 1
        return 0
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
