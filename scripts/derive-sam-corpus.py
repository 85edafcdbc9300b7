#!/usr/bin/env python3
"""Vendors aws-sam-translator's transform tests for formwork's SAM lowering test.

Usage: scripts/derive-sam-corpus.py CORPUS_DIR

CORPUS_DIR holds `input/*.yaml` (SAM templates), `output/*.json` (the transform's
CloudFormation for each, or its error message for `error_*` inputs), LICENSE and NOTICE,
as taken from tests/translator/ of aws/serverless-application-model (Apache-2.0).

Writes crates/formwork-spec/tests/corpora/sam-translator/: the inputs as they are,
LICENSE, NOTICE, and expected.tsv, one line per resource of each non-error input's
output: `<input name>\t<logical id>\t<resource type>`. Only the (logical id, type) pairs
are kept: the test compares what formwork lowers a template to with what the transform
produced, not the properties.
"""

import hashlib
import json
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEST = ROOT / "crates/formwork-spec/tests/corpora/sam-translator"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = pathlib.Path(sys.argv[1])
    if DEST.exists():
        shutil.rmtree(DEST / "input", ignore_errors=True)
    (DEST / "input").mkdir(parents=True, exist_ok=True)
    for name in ("LICENSE", "NOTICE"):
        shutil.copyfile(src / name, DEST / name)
    lines = []
    inputs = sorted((src / "input").glob("*.yaml"))
    for path in inputs:
        shutil.copyfile(path, DEST / "input" / path.name)
        if path.name.startswith("error_"):
            continue
        out = src / "output" / (path.stem + ".json")
        if not out.exists():
            continue
        resources = json.loads(out.read_text()).get("Resources", {})
        for logical_id, resource in resources.items():
            kind = resource.get("Type") if isinstance(resource, dict) else None
            if isinstance(kind, str):
                lines.append(f"{path.stem}\t{logical_id}\t{kind}")
    (DEST / "expected.tsv").write_text("\n".join(lines) + "\n")
    digest = hashlib.sha256((DEST / "expected.tsv").read_bytes()).hexdigest()
    print(f"{len(inputs)} inputs, {len(lines)} expected resources, expected.tsv sha256 {digest}")


if __name__ == "__main__":
    main()
