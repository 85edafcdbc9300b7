#!/usr/bin/env python3
"""Regenerates the SAM schema vendored by crates/formwork-schema.

aws-sam-translator ships the SAM resource types as pydantic models
(samtranslator/internal/schema_source/*.py) and the code that turns them into SAM's JSON
Schema (samtranslator/internal/schema_source/schema.py: `get_schema(SamModel)`, the
schema the SAM project publishes as schema/sam.schema.json). This script installs the
pinned wheel and the pinned pydantic into a temporary virtual environment, runs that
generator, trims the result to what validation needs (documentation keys dropped:
`title`, `description`, `markdownDescription`, `__samPassThrough`, `$schema`) and writes it
as compact, key-sorted ASCII JSON to crates/formwork-schema/schemas/sam/sam.schema.json,
with the wheel's LICENSE and NOTICE (Apache-2.0).

Usage: scripts/refresh-sam-schema.py [AWS_SAM_TRANSLATOR_WHEEL]
Without an argument the pinned wheel is downloaded with `pip download --no-deps`. The
wheel's sha256 and the written schema's sha256 are checked. Needs `python3 -m venv` and
network access to the package index for the pinned generator dependencies.
"""
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

VERSION = "1.115.0"
WHEEL = f"aws_sam_translator-{VERSION}-py3-none-any.whl"
# sha256 of the wheel the package index serves for aws-sam-translator==VERSION.
WHEEL_SHA256 = "9be2d7b04041a64e89ed3fb1186f948377ecc118033a8a7538f271d4bcab0afa"
# What the generator runs on; pinned so that the output is the same bytes every time.
GENERATOR_DEPENDENCIES = [
    "pydantic==2.13.5",
    "pydantic_core==2.46.5",
    "typing_extensions==4.16.0",
    "typing-inspection==0.4.5",
    "annotated-types==0.8.0",
]
SCHEMA_SHA256 = "4a02ef34a0caa2fe464abac1ce0eac38478b8776e25808db3928c9b04a94c9e2"
DROPPED = {"title", "description", "markdownDescription", "__samPassThrough", "$schema"}

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/formwork-schema/schemas/sam"

GENERATE = (
    "import json, sys\n"
    "from samtranslator.internal.schema_source.schema import get_schema, SamModel\n"
    "json.dump(get_schema(SamModel), sys.stdout)\n"
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def trimmed(node, in_map=False):
    """The schema without documentation keys; names under `properties` and
    `definitions` are kept whatever they are."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if not in_map and key in DROPPED:
                continue
            out[key] = trimmed(value, in_map=(not in_map and key in ("properties", "definitions", "patternProperties")))
        return out
    if isinstance(node, list):
        return [trimmed(item) for item in node]
    return node


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        if len(sys.argv) > 1:
            wheel = pathlib.Path(sys.argv[1])
        else:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(tmp), f"aws-sam-translator=={VERSION}"],
                check=True,
            )
            wheel = tmp / WHEEL
        data = wheel.read_bytes()
        if sha256(data) != WHEEL_SHA256:
            sys.exit(f"{wheel}: sha256 {sha256(data)}, expected {WHEEL_SHA256}")
        venv = tmp / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", *GENERATOR_DEPENDENCIES, str(wheel)], check=True)
        raw = subprocess.run([str(python), "-c", GENERATE], check=True, capture_output=True).stdout
        schema = trimmed(json.loads(raw))
        body = (json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n").encode()
        if sha256(body) != SCHEMA_SHA256:
            sys.exit(f"generated schema: sha256 {sha256(body)}, expected {SCHEMA_SHA256}")
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "sam.schema.json").write_bytes(body)
        with zipfile.ZipFile(wheel) as z:
            for name in ("LICENSE", "NOTICE"):
                (OUT / name).write_bytes(z.read(f"aws_sam_translator-{VERSION}.dist-info/licenses/{name}"))
    print(f"wrote sam.schema.json ({len(body)} bytes), LICENSE, NOTICE to {OUT}")


if __name__ == "__main__":
    main()
