#!/usr/bin/env python3
"""Regenerates the CloudFormation resource schemas vendored by crates/formwork-schema.

The schemas ship in the cfn-lint wheel (MIT-0 licensed) as
cfnlint/data/schemas/resources/<hash>.json; the `typeName` inside each file says which
resource type it describes. This script keeps only the types in TYPES, trims each one to
what validation and `Fn::GetAtt` checks need (descriptions, handlers, tagging and the like
are dropped), and writes them deterministically (sorted keys, compact JSON, ASCII) as
crates/formwork-schema/schemas/cloudformation/<aws-service-resource>.json, together with
a NOTICE naming their source and the Rust table src/vendored.rs that includes them. Last it
runs the crate's test `compiled_schemas_are_fresh` with FORMWORK_SCHEMA_REGENERATE=1, which
rewrites schemas/cloudformation/compiled.bin, their compiled form.

Usage: scripts/refresh-cfn-schemas.py [SITE_PACKAGES_DIR]
With a directory it reads cfnlint/data from there (e.g. the check-templates venv, whose
cfn-lint must be CFN_LINT's version); without one it downloads the pinned wheel with
`pip download --no-deps` into a temporary folder and checks its sha256 first.
Standard library only.
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

CFN_LINT_VERSION = "1.58.0"
CFN_LINT = f"cfn-lint=={CFN_LINT_VERSION}"
WHEEL = f"cfn_lint-{CFN_LINT_VERSION}-py3-none-any.whl"
# sha256 of the wheel PyPI serves for CFN_LINT (computed once, when the version was pinned).
WHEEL_SHA256 = "9d9f06043160756a6158f5c3f92a44ce38254b1c578127461608305bc8262987"
SCHEMAS = "cfnlint/data/schemas/resources/"
DIST_INFO = f"cfn_lint-{CFN_LINT_VERSION}.dist-info"
LICENSE_MEMBER = f"{DIST_INFO}/licenses/LICENSE"
NOTICE_MEMBER = f"{DIST_INFO}/licenses/NOTICE"

CRATE = pathlib.Path(__file__).resolve().parent.parent / "crates/formwork-schema"
OUT = CRATE / "schemas/cloudformation"
TABLE = CRATE / "src/vendored.rs"

TYPES = [
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::CloudWatch::Alarm",
    "AWS::DynamoDB::Table",
    "AWS::EC2::SecurityGroup",
    "AWS::Events::Rule",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::KMS::Key",
    "AWS::Kinesis::Stream",
    "AWS::Lambda::Alias",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::Function",
    "AWS::Lambda::LayerVersion",
    "AWS::Lambda::Permission",
    "AWS::Lambda::Url",
    "AWS::Lambda::Version",
    "AWS::Logs::LogGroup",
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::SNS::Subscription",
    "AWS::SNS::Topic",
    "AWS::SNS::TopicPolicy",
    "AWS::SQS::Queue",
    "AWS::SQS::QueuePolicy",
    "AWS::SSM::Parameter",
    "AWS::Scheduler::Schedule",
    "AWS::SecretsManager::Secret",
]

# Keywords kept wherever a schema stands; the crate's validator knows each of them
# (`format` is kept for readers and ignored by the validator).
KEYWORDS = {
    "$ref", "additionalItems", "additionalProperties", "allOf", "anyOf", "const", "contains",
    "dependencies", "dependentExcluded", "dependentRequired", "dependentSchemas", "else", "enum",
    "exclusiveMaximum", "exclusiveMinimum", "format", "if", "items", "maxItems", "maxLength",
    "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf",
    "not", "oneOf", "pattern", "patternProperties", "prefixItems", "properties", "propertyNames",
    "required", "requiredOr", "requiredXor", "then", "type", "uniqueItems", "uniqueKeys",
}
# Kept only at the top of a resource schema.
TOP = {"typeName", "definitions", "readOnlyProperties", "createOnlyProperties"}
# Dropped without a word: documentation and provisioning metadata that validation ignores.
DROPPED = {
    "$comment", "$schema", "additionalIdentifiers", "arrayType", "conditionalCreateOnlyProperties",
    "default", "deprecatedProperties", "description", "examples",
    "handlers", "insertionOrder", "primaryIdentifier", "propertyTransform", "relationshipRef",
    "replacementStrategy", "sourceUrl", "taggable", "tagging", "title", "writeOnlyProperties",
}
# Keywords whose value maps names to schemas, or holds schemas.
SCHEMA_MAPS = {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
SCHEMA_ONE = {"additionalItems", "additionalProperties", "contains", "else", "if", "not", "propertyNames", "then"}


def trim(schema, where, dropped_unknown):
    """The schema with only validation keywords left, recursively."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in SCHEMA_MAPS:
            out[key] = {name: trim(sub, f"{where}/{key}/{name}", dropped_unknown) for name, sub in value.items()}
        elif key in SCHEMA_LISTS:
            out[key] = [trim(sub, f"{where}/{key}/{i}", dropped_unknown) for i, sub in enumerate(value)]
        elif key in SCHEMA_ONE:
            out[key] = trim(value, f"{where}/{key}", dropped_unknown)
        elif key == "items":
            if isinstance(value, list):
                out[key] = [trim(sub, f"{where}/items/{i}", dropped_unknown) for i, sub in enumerate(value)]
            else:
                out[key] = trim(value, f"{where}/items", dropped_unknown)
        elif key == "dependencies":
            out[key] = {
                name: (trim(sub, f"{where}/dependencies/{name}", dropped_unknown) if isinstance(sub, dict) else sub)
                for name, sub in value.items()
            }
        elif key in KEYWORDS:
            out[key] = value
        elif key not in DROPPED:
            dropped_unknown.add(f"{where}/{key}")
    return out


def trim_resource(doc, dropped_unknown):
    name = doc["typeName"]
    body = trim({k: v for k, v in doc.items() if k not in TOP}, name, dropped_unknown)
    for key in TOP:
        if key == "definitions" and key in doc:
            body[key] = {n: trim(s, f"{name}/definitions/{n}", dropped_unknown) for n, s in doc[key].items()}
        elif key in doc:
            body[key] = doc[key]
    return body


def file_name(type_name):
    return type_name.lower().replace("::", "-") + ".json"


def pick(read, names):
    """({type name: (member name, parsed schema)} for the wanted types, licence, notice)."""
    found = {}
    every = set()
    for name in sorted(names):
        if name.startswith(SCHEMAS) and name.endswith(".json"):
            doc = json.loads(read(name))
            every.add(doc.get("typeName"))
            if doc.get("typeName") in TYPES:
                if doc["typeName"] in found:
                    raise SystemExit(f"two schemas for {doc['typeName']}")
                found[doc["typeName"]] = (name, doc)
    missing = sorted(set(TYPES) - set(found))
    if missing:
        raise SystemExit(f"no schema found for {', '.join(missing)}")
    return found, sorted(t for t in every if t), read(LICENSE_MEMBER), read(NOTICE_MEMBER)


def load(argv):
    if len(argv) > 1:
        base = pathlib.Path(argv[1])
        if not (base / DIST_INFO).is_dir():
            raise SystemExit(f"{base} does not hold {CFN_LINT}")
        names = [str(p.relative_to(base)) for p in (base / SCHEMAS).glob("*.json")]
        return pick(lambda n: (base / n).read_bytes(), names), f"{CFN_LINT} installed at {base}"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, CFN_LINT], check=True
        )
        wheel = pathlib.Path(tmp) / WHEEL
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:
            raise SystemExit(f"{WHEEL}: sha256 {digest}, expected {WHEEL_SHA256}")
        with zipfile.ZipFile(wheel) as z:
            return pick(z.read, z.namelist()), f"{WHEEL} (sha256 {WHEEL_SHA256})"


def dump(doc):
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"


NOTICE = """CloudFormation resource schemas
===============================

The files in this folder are the AWS CloudFormation resource provider schemas of the
resource types listed below, as shipped in the cfn-lint {version} wheel on PyPI
({wheel_file}, sha256 {sha}) under cfnlint/data/schemas/resources/.

cfn-lint is Copyright Amazon.com, Inc. or its affiliates, and licensed under the MIT No
Attribution licence (SPDX: MIT-0), whose text is in LICENSE beside this file, copied from
the wheel's {license_member} (its {notice_member} is NOTICE-cfn-lint here).

They were modified by scripts/refresh-cfn-schemas.py: trimmed to typeName,
readOnlyProperties, createOnlyProperties (what `formwork diff` reads to tell whether a
change replaces a resource), definitions and the validation keywords (descriptions,
handlers, tagging, write-only lists and similar metadata removed), and written with
sorted keys as compact JSON. types.txt lists the typeName of every resource schema in the
wheel, one a line, sorted. compiled.bin holds the same schemas compiled, in the compact
binary form formwork-schema reads at run time instead of parsing the JSON; it is generated
from the JSON files here. Regenerate them with that script; do not edit them by hand.

type -> file here <- file in the wheel
{table}
"""


def main(argv):
    (found, every_type, license_text, notice_text), source = load(argv)
    dropped_unknown = set()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    (OUT / "LICENSE").write_bytes(license_text)
    (OUT / "NOTICE-cfn-lint").write_bytes(notice_text)
    rows = []
    for type_name in TYPES:
        member, doc = found[type_name]
        (OUT / file_name(type_name)).write_text(dump(trim_resource(doc, dropped_unknown)))
        rows.append(f"{type_name} -> {file_name(type_name)} <- {member}")
    # Every type name the wheel has a schema for, so that a misspelt or unknown type is
    # caught even where its schema is not vendored.
    (OUT / "types.txt").write_text("".join(f"{t}\n" for t in every_type))
    (OUT / "NOTICE").write_text(
        NOTICE.format(
            version=CFN_LINT_VERSION,
            wheel_file=WHEEL,
            sha=WHEEL_SHA256,
            license_member=LICENSE_MEMBER,
            notice_member=NOTICE_MEMBER,
            table="\n".join(rows),
        )
    )
    lines = [
        "//! Generated by scripts/refresh-cfn-schemas.py from the resource schemas in the",
        f"//! {CFN_LINT} wheel (MIT-0); see schemas/cloudformation/NOTICE. Do not edit by hand.",
        "",
        "/// Every vendored resource schema: type name and the trimmed schema's JSON text,",
        "/// sorted by type name.",
        "#[rustfmt::skip]",
        "pub(crate) const RESOURCE_SCHEMAS: &[(&str, &str)] = &[",
    ]
    for type_name in TYPES:
        lines.append(f'    ("{type_name}", include_str!("../schemas/cloudformation/{file_name(type_name)}")),')
    lines.append("];")
    lines += [
        "",
        "/// The type name of every resource schema in the wheel, one a line, sorted.",
        'pub(crate) const RESOURCE_TYPES: &str = include_str!("../schemas/cloudformation/types.txt");',
    ]
    TABLE.write_text("\n".join(lines) + "\n")
    for where in sorted(dropped_unknown):
        print(f"note: dropped unknown keyword {where}", file=sys.stderr)
    print(f"wrote {len(TYPES)} schemas from {source}", file=sys.stderr)
    # The compiled form is written by the crate's own compiler, so it cannot drift from it.
    compiled = OUT / "compiled.bin"
    if not compiled.exists():
        compiled.write_bytes(b"")  # included by the crate: it must exist to build the test
    subprocess.run(
        ["cargo", "test", "-q", "-p", "formwork-schema", "--lib", "compiled_schemas_are_fresh"],
        cwd=CRATE.parent.parent,
        env=dict(os.environ, FORMWORK_SCHEMA_REGENERATE="1"),
        check=True,
    )
    print(f"wrote {compiled.relative_to(CRATE)}", file=sys.stderr)


if __name__ == "__main__":
    if sorted(TYPES) != TYPES:
        raise SystemExit("keep TYPES sorted")
    main(sys.argv)
