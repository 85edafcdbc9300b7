#!/usr/bin/env python3
"""AWS's cloudformation-validate (a Rust validation core with Python bindings) on one template,
for bench/run.py, in the bench virtual environment.

    python cfn_validate.py FILE              # whole process: import, build the engine, validate once
    python cfn_validate.py --warm N FILE     # build the engine once, validate once to warm up,
                                             # then N more times; prints one line of JSON:
                                             # {"seconds": [...], "diagnostics": D, "peak_kib": K}

The engine is `CompositeEngine()` with its defaults (every built-in rule, the bundled
schemas), as the package's documentation shows it. Exit status 0 when it validated (whatever
it found), 2 on a usage error.
"""

import json
import resource
import sys
import time


def main(argv):
    warm = None
    if len(argv) == 3 and argv[0] == "--warm":
        warm, argv = int(argv[1]), argv[2:]
    if len(argv) != 1 or (warm is not None and warm < 1):
        print(__doc__, file=sys.stderr)
        return 2
    template = argv[0]
    from cloudformation_validate import CompositeEngine

    engine = CompositeEngine()
    report = engine.validate_template(template)
    if warm is None:
        print(f"{len(report.diagnostics)} diagnostics")
        return 0
    seconds = []
    for _ in range(warm):
        start = time.perf_counter()
        engine.validate_template(template)
        seconds.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "diagnostics": len(report.diagnostics), "peak_kib": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
