#!/usr/bin/env python3
"""Regenerates SAM's policy templates vendored by crates/formwork-rules.

`policy_templates.json` is aws-sam-translator's table of SAM policy templates
(`SQSPollerPolicy`, `DynamoDBCrudPolicy`, ...: a policy document per template, with
placeholders for its parameters). It is taken unmodified from the pinned
aws-sam-translator wheel (samtranslator/policy_templates_data/policy_templates.json) and
written with the wheel's LICENSE and NOTICE (Apache-2.0) to crates/formwork-rules/data/sam/.
The SAM lowering (`formwork::validate::sam_input`) expands a function's policy templates
from it.

Usage: scripts/refresh-sam-policy-templates.py [AWS_SAM_TRANSLATOR_WHEEL]
Without an argument the pinned wheel is downloaded with `pip download --no-deps` into a
temporary folder. The wheel's and the table's sha256 are checked. Standard library only.
"""
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile

VERSION = "1.115.0"
WHEEL = f"aws_sam_translator-{VERSION}-py3-none-any.whl"
# sha256 of the wheel the package index serves for aws-sam-translator==VERSION.
WHEEL_SHA256 = "9be2d7b04041a64e89ed3fb1186f948377ecc118033a8a7538f271d4bcab0afa"
FILES = {
    "samtranslator/policy_templates_data/policy_templates.json": "policy_templates.json",
    f"aws_sam_translator-{VERSION}.dist-info/licenses/LICENSE": "LICENSE",
    f"aws_sam_translator-{VERSION}.dist-info/licenses/NOTICE": "NOTICE",
}
TABLE_SHA256 = "3da6e0e839d44360b0f68d0d15f5962e709099e7b398f035a062e82c9f27ed89"

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/formwork-rules/data/sam"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wheel_path(tmp: str) -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp, f"aws-sam-translator=={VERSION}"],
        check=True,
    )
    return pathlib.Path(tmp) / WHEEL


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wheel = wheel_path(tmp)
        data = wheel.read_bytes()
        if sha256(data) != WHEEL_SHA256:
            sys.exit(f"{wheel}: sha256 {sha256(data)}, expected {WHEEL_SHA256}")
        OUT.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as z:
            for member, name in FILES.items():
                body = z.read(member)
                if name == "policy_templates.json" and sha256(body) != TABLE_SHA256:
                    sys.exit(f"{member}: sha256 {sha256(body)}, expected {TABLE_SHA256}")
                (OUT / name).write_bytes(body)
    print(f"wrote {', '.join(FILES.values())} to {OUT}")


if __name__ == "__main__":
    main()
