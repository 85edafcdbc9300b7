#!/usr/bin/env python3
"""Times formwork side by side with AWS CDK and troposphere on the fleet app, and formwork's
template validator against cfn-lint and AWS's cloudformation-validate: whole processes,
alternating, medians, peak memory; and cloudformation-validate's warm in-process call.

    python3 bench/run.py                     # N = 1, 10, 80; 7 runs each after a warm-up
    python3 bench/run.py --runs 15 --units 1,10,80,400
    python3 bench/run.py --no-install        # time only what is already installed
    python3 bench/run.py --baseline DIR      # also time DIR/fleet and DIR/formwork (another build)

It builds formwork in release mode, installs the peers when they are missing (aws-cdk-lib
and constructs from bench/cdk/package-lock.json with `npm ci`; troposphere, cfn-lint and
cloudformation-validate from bench/requirements.txt into bench/.venv), then for each N runs every tool once to warm
up and `--runs` times more, one tool after the other in a rotating order, so that a noisy
moment of the machine falls on all of them alike. A peer that cannot be installed is
reported and skipped; formwork is always timed.

Wall time is the whole process, start to exit, and peak memory its maximum resident set
size, both taken by `target/release/formwork-bench --exec`, a small launcher (about
2 MiB itself): a child forked straight from Python would count Python's own 15 MiB. The
copy floor is `cp -r` of formwork's output, the same bytes written by a process that
computes nothing. Ratios are the peer's median over formwork's median: how many times
longer it takes, how many times more memory. Only the standard library is used.

The targets of the performance issue are checked at the end (met / MISSED), from the
medians of this one run.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
VENV = os.path.join(BENCH, ".venv")
CDK_DIR = os.path.join(BENCH, "cdk")
RELEASE = os.path.join(ROOT, "target", "release")
LAUNCHER = os.path.join(RELEASE, "formwork-bench")

# The targets of the performance issue: per N, the most milliseconds formwork may take and
# the least troposphere's median over formwork's may be.
TARGET_UNITS = 80
TARGETS_BY_UNITS = {1: (2.0, 30.0), 80: (5.0, 20.0)}
TARGET_RSS_MIB = 20.0
TARGET_VS_CDK = 100.0
TARGET_VS_CFN_LINT = 100.0
# `formwork validate` on CDK's template against cloudformation-validate's whole process.
TARGET_VS_CFN_VALIDATE = 20.0


def log(message=""):
    print(message, flush=True)


def run_quiet(cmd, cwd=None):
    """Runs a set-up command; returns (ok, last lines of its output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as e:
        return False, str(e)
    tail = "\n".join(p.stdout.strip().splitlines()[-8:])
    return p.returncode == 0, tail


# ---- set-up ---------------------------------------------------------------------------


def build_formwork():
    log("building formwork (cargo build --release -p fleet -p formwork-cli -p formwork-bench) ...")
    cmd = ["cargo", "build", "--release", "-p", "fleet", "-p", "formwork-cli", "-p", "formwork-bench"]
    ok, tail = run_quiet(cmd, cwd=ROOT)
    if not ok:
        sys.exit(f"error: the release build failed:\n{tail}")


def install_cdk(install):
    """The node binary when aws-cdk-lib is usable, else None (and why)."""
    node = shutil.which("node")
    if node is None:
        return None, "node is not installed"
    marker = os.path.join(CDK_DIR, "node_modules", "aws-cdk-lib", "package.json")
    if not os.path.exists(marker):
        if not install:
            return None, "aws-cdk-lib is not installed (run without --no-install)"
        npm = shutil.which("npm")
        if npm is None:
            return None, "npm is not installed"
        log("installing aws-cdk-lib and constructs (npm ci in bench/cdk) ...")
        ok, tail = run_quiet([npm, "ci", "--no-audit", "--no-fund"], cwd=CDK_DIR)
        if not ok:
            return None, f"npm ci failed:\n{tail}"
    return node, None


def install_python_peers(install):
    """The venv's python when troposphere, cfn-lint and cloudformation-validate are usable,
    else None (and why)."""
    python = os.path.join(VENV, "bin", "python")
    check = [python, "-c", "import troposphere, cfnlint, cloudformation_validate"]
    if os.path.exists(python) and run_quiet(check)[0]:
        return python, None
    if not install:
        return None, "the Python peers are not installed in bench/.venv (run without --no-install)"
    log("installing troposphere, cfn-lint and cloudformation-validate (pip into bench/.venv) ...")
    if not os.path.exists(python):
        ok, tail = run_quiet([sys.executable, "-m", "venv", VENV])
        if not ok:
            return None, f"python3 -m venv failed:\n{tail}"
    ok, tail = run_quiet([python, "-m", "pip", "install", "-q", "-r", os.path.join(BENCH, "requirements.txt")])
    if not ok or not run_quiet(check)[0]:
        return None, f"pip install failed:\n{tail}"
    return python, None


def versions(node, python):
    out = {}
    rev = run_quiet(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    out["formwork"] = f"git {rev[1]}" if rev[0] else "(not a git checkout)"
    if node:
        out["node"] = run_quiet([node, "--version"])[1]
        for pkg in ("aws-cdk-lib", "constructs"):
            with open(os.path.join(CDK_DIR, "node_modules", pkg, "package.json")) as f:
                out[pkg] = json.load(f)["version"]
    if python:
        names = ("troposphere", "cfn-lint", "cloudformation-validate")
        code = f"import importlib.metadata as m; print(*(m.version(n) for n in {names!r}))"
        ok, text = run_quiet([python, "-c", code])
        if ok:
            out.update(zip(names, text.split()))
        out["python"] = run_quiet([python, "--version"])[1].replace("Python ", "")
    return out


# ---- timing ---------------------------------------------------------------------------


class Tool:
    """One command to time. `out` is a fresh, empty directory for each run; `prepare`
    may fill it (the copy floor needs a source)."""

    def __init__(self, name, argv, env=None, cwd=None, ok_codes=(0,)):
        self.name = name
        self.argv = argv
        self.env = env or {}
        self.cwd = cwd
        self.ok_codes = ok_codes
        self.samples = []  # (wall seconds, peak RSS KiB)
        self.error = None


def time_once(tool, scratch):
    """Runs the tool once: (wall seconds, peak RSS KiB, exit code, output tail).

    Through `formwork-bench --exec`, a small launcher that times the child alone and reads
    its peak RSS: a child forked straight from Python would count Python's own memory."""
    out = os.path.join(scratch, "out")
    shutil.rmtree(out, ignore_errors=True)
    argv = [a.replace("{out}", out) for a in tool.argv]
    env = dict(os.environ)
    env.update({k: v.replace("{out}", out) for k, v in tool.env.items()})
    log_path = os.path.join(scratch, "log")
    report = os.path.join(scratch, "report")
    with open(log_path, "wb") as log_file:
        if os.path.exists(LAUNCHER):
            p = subprocess.run(
                [LAUNCHER, "--exec", report, *argv],
                env=env, cwd=tool.cwd, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
            )
            with open(report) as f:
                wall_ns, rss, code = (int(x) for x in f.read().split())
            wall = wall_ns / 1e9
        else:
            start = time.perf_counter()
            p = subprocess.Popen(argv, env=env, cwd=tool.cwd, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file)
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - start
            p.returncode = code = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss
    with open(log_path, errors="replace") as f:
        tail = "\n".join(f.read().strip().splitlines()[-6:])
    return wall, rss, code, tail


def time_tools(tools, runs, scratch):
    """Warms each tool up once, then runs all of them `runs` times, rotating the order."""
    for tool in tools:
        _, _, code, tail = time_once(tool, scratch)
        if code not in tool.ok_codes:
            tool.error = f"exit status {code}:\n{tail}"
    live = [t for t in tools if t.error is None]
    for r in range(runs):
        order = live[r % len(live):] + live[: r % len(live)] if live else []
        for tool in order:
            wall, rss, code, tail = time_once(tool, scratch)
            if code not in tool.ok_codes:
                tool.error = f"exit status {code}:\n{tail}"
            tool.samples.append((wall, rss))


def time_warm(python, template, runs):
    """cloudformation-validate's warm in-process call: a Tool whose samples are the times of
    `runs` calls of one engine after a warm-up call, with the process's peak RSS."""
    tool = Tool("cloudformation-validate, warm call", [])
    script = os.path.join(BENCH, "cfn_validate.py")
    p = subprocess.run([python, script, "--warm", str(runs), template], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        result = json.loads(p.stdout.strip().splitlines()[-1])
        tool.samples = [(t, result["peak_kib"]) for t in result["seconds"]]
    except (ValueError, IndexError, KeyError):
        tool.error = f"exit status {p.returncode}:\n{p.stdout[-2000:]}"
    return tool


def median_ms(tool):
    return statistics.median(w for w, _ in tool.samples) * 1e3


def median_mib(tool):
    return statistics.median(r for _, r in tool.samples) / 1024


def table(tools, baseline, what="time"):
    rows = [f"  {'tool':<34} {'median ms':>10} {'min ms':>9} {'peak MiB':>9} {what + ' ×':>9} {'memory ×':>9}"]
    for t in tools:
        if t.error:
            rows.append(f"  {t.name:<34} failed: {t.error.splitlines()[0]}")
            continue
        if not t.samples:
            rows.append(f"  {t.name:<34} not run")
            continue
        ms, mib = median_ms(t), median_mib(t)
        mn = min(w for w, _ in t.samples) * 1e3
        if t is baseline or baseline is None or not baseline.samples:
            ratio, mem = "1", "1"
        else:
            ratio = f"{ms / median_ms(baseline):.1f}"
            mem = f"{mib / median_mib(baseline):.1f}"
        rows.append(f"  {t.name:<34} {ms:>10.1f} {mn:>9.1f} {mib:>9.1f} {ratio:>9} {mem:>9}")
    return "\n".join(rows)


def directory_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


# ---- the benchmark ----------------------------------------------------------------------


def synth_tools(units, node, python, floor_source, baseline=None, troposphere=True):
    fleet = os.path.join(RELEASE, "fleet")
    env = {"FLEET_UNITS": str(units)}
    tools = [
        Tool(
            "formwork (cloudformation, json)",
            [fleet, "synth", "--target", "cloudformation", "--format", "json", "--out", "{out}"],
            env,
        ),
        Tool("formwork (sam, yaml)", [fleet, "synth", "--target", "sam", "--format", "yaml", "--out", "{out}"], env),
        Tool("cp -r of formwork's output (floor)", ["cp", "-r", floor_source, "{out}"]),
    ]
    if baseline:
        old = os.path.join(baseline, "fleet")
        tools.append(
            Tool("baseline (cloudformation, json)", [old, "synth", "--target", "cloudformation", "--format", "json", "--out", "{out}"], env)
        )
    if node:
        app = os.path.join(CDK_DIR, "app.js")
        tools.append(Tool("AWS CDK", [node, app], {**env, "CDK_OUTDIR": "{out}"}, cwd=CDK_DIR))
        tools.append(
            Tool(
                "AWS CDK, CDK_VALIDATION=false",
                [node, app],
                {**env, "CDK_OUTDIR": "{out}", "CDK_VALIDATION": "false"},
                cwd=CDK_DIR,
            )
        )
    if python and troposphere:
        script = os.path.join(BENCH, "troposphere", "fleet.py")
        tools.append(Tool("troposphere", [python, script, "--format", "json", "--out", "{out}"], env))
    return tools


def formwork_validate_command(template):
    """How this formwork validates a CloudFormation template, or None (and why)."""
    formwork = os.path.join(RELEASE, "formwork")
    ok, help_text = run_quiet([formwork, "--help"])
    if "validate-template" in help_text:
        return [formwork, "validate-template", template], None
    p = subprocess.run([formwork, "validate", template], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode in (0, 1) and ("validated" in p.stdout or "[FW" in p.stdout):
        return [formwork, "validate", template], None
    first = p.stdout.strip().splitlines()[0] if p.stdout.strip() else f"exit status {p.returncode}"
    return None, f"`formwork validate FILE` does not validate CloudFormation templates yet ({first})"


def main():
    parser = argparse.ArgumentParser(description="formwork vs AWS CDK, troposphere, cfn-lint and cloudformation-validate")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per tool and N (default 7)")
    parser.add_argument("--units", default="1,10,80", help="comma-separated N (default 1,10,80)")
    parser.add_argument("--no-install", action="store_true", help="do not install missing peers")
    parser.add_argument(
        "--peers",
        default="cdk,troposphere,cfn-lint,cfn-validate",
        help="peers to time: cdk, troposphere, cfn-lint, cfn-validate (cloudformation-validate), none",
    )
    parser.add_argument("--no-build", action="store_true", help="use target/release as it is")
    parser.add_argument("--json", metavar="FILE", help="also write the samples as JSON")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also time DIR/fleet and DIR/formwork, release binaries of another commit (before/after in one run)",
    )
    args = parser.parse_args()
    units_list = [int(n) for n in args.units.split(",")]
    if args.runs < 1 or any(n < 1 for n in units_list):
        sys.exit("error: --runs and every N must be at least 1")

    if not args.no_build:
        build_formwork()
    peers = {p.strip() for p in args.peers.split(",")}
    unknown = peers - {"cdk", "troposphere", "cfn-lint", "cfn-validate", "none"}
    if unknown:
        sys.exit(f"error: unknown peer {', '.join(sorted(unknown))}; expected cdk, troposphere, cfn-lint, cfn-validate or none")
    node, cdk_why = install_cdk(not args.no_install) if "cdk" in peers else (None, "left out by --peers")
    python, py_why = (
        install_python_peers(not args.no_install)
        if peers & {"troposphere", "cfn-lint", "cfn-validate"}
        else (None, "left out by --peers")
    )
    for name, why in (("AWS CDK", cdk_why), ("troposphere, cfn-lint and cloudformation-validate", py_why)):
        if why:
            log(f"note: {name} not timed: {why}")
    info = versions(node, python)
    log(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; " + ", ".join(f"{k} {v}" for k, v in info.items()))
    log(f"{args.runs} timed runs per tool after a warm-up, tools alternating; medians")
    if os.path.exists(LAUNCHER):
        log("wall time and peak RSS of each process measured by formwork-bench --exec (baseline about 2 MiB)\n")
    else:
        log("note: target/release/formwork-bench is missing: peak RSS includes this Python process's (about 15 MiB)\n")

    results = {"versions": info, "runs": args.runs, "synth": {}, "validate": {}}
    checks = []
    with tempfile.TemporaryDirectory(prefix="formwork-bench-") as scratch:
        for units in units_list:
            # formwork's own output, the source of the copy floor (and a template to lint).
            source = os.path.join(scratch, f"formwork-{units}")
            env = dict(os.environ, FLEET_UNITS=str(units))
            subprocess.run(
                [os.path.join(RELEASE, "fleet"), "synth", "--target", "cloudformation", "--format", "json", "--out", source],
                env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            tools = synth_tools(units, node, python, source, args.baseline, "troposphere" in peers)
            time_tools(tools, args.runs, scratch)
            fw = tools[0]
            log(f"N = {units}: synthesize + validate + write ({directory_bytes(source):,} bytes of CloudFormation JSON from formwork)")
            log(table(tools, fw))
            log()
            results["synth"][units] = {t.name: {"samples": t.samples, "error": t.error} for t in tools}
            if units in TARGETS_BY_UNITS and not fw.error:
                wall_ms, vs_troposphere = TARGETS_BY_UNITS[units]
                byname = {t.name: t for t in tools}
                checks.append((f"formwork N={units}: wall < {wall_ms:.0f} ms", median_ms(fw) < wall_ms, f"{median_ms(fw):.1f} ms"))
                ratio_peers = [("troposphere", vs_troposphere)]
                if units == TARGET_UNITS:
                    checks.append((f"formwork N={units}: peak < {TARGET_RSS_MIB:.0f} MiB", median_mib(fw) < TARGET_RSS_MIB, f"{median_mib(fw):.1f} MiB"))
                    ratio_peers.append(("AWS CDK", TARGET_VS_CDK))
                for peer, target in ratio_peers:
                    t = byname.get(peer)
                    if t and not t.error and t.samples:
                        r = median_ms(t) / median_ms(fw)
                        checks.append((f"{peer} / formwork N={units} >= {target:.0f}×", r >= target, f"{r:.1f}×"))

        # ---- validators, on the N=80 templates of CDK and of formwork ----
        templates = []
        env = dict(os.environ, FLEET_UNITS=str(TARGET_UNITS))
        if node:
            out = os.path.join(scratch, "cdk-template")
            subprocess.run(
                [node, os.path.join(CDK_DIR, "app.js")],
                env=dict(env, CDK_OUTDIR=out), cwd=CDK_DIR, check=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            templates.append((f"AWS CDK's N={TARGET_UNITS} template", os.path.join(out, "fleet.template.json")))
        else:
            log(f"note: no CDK template to validate ({cdk_why}); formwork's own only")
        out = os.path.join(scratch, "formwork-template")
        subprocess.run(
            [os.path.join(RELEASE, "fleet"), "synth", "--target", "cloudformation", "--format", "json", "--out", out],
            env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        templates.append((f"formwork's N={TARGET_UNITS} template", os.path.join(out, "fleet.json")))
        for label, template in templates:
            fw_cmd, fw_why = formwork_validate_command(template)
            tools = []
            if fw_cmd:
                # Exit 1 (errors found) still means it validated.
                tools.append(Tool("formwork validate", fw_cmd, ok_codes=(0, 1)))
            else:
                log(f"note: formwork validate not timed: {fw_why}")
            if fw_cmd and args.baseline:
                old = [os.path.join(args.baseline, "formwork"), *fw_cmd[1:]]
                tools.append(Tool("baseline formwork validate", old, ok_codes=(0, 1)))
            if python and "cfn-lint" in peers:
                cfn_lint = os.path.join(VENV, "bin", "cfn-lint")
                # cfn-lint exits 2, 4, 8 (or their sum) when it reports errors, warnings,
                # informational findings: it still did the whole job.
                tools.append(Tool("cfn-lint", [cfn_lint, template], ok_codes=tuple(range(0, 16))))
            if python and "cfn-validate" in peers:
                script = os.path.join(BENCH, "cfn_validate.py")
                tools.append(Tool("cloudformation-validate", [python, script, template]))
            if not tools:
                continue
            time_tools(tools, args.runs, scratch)
            if python and "cfn-validate" in peers:
                tools.append(time_warm(python, template, args.runs))
            log(f"validate {label} ({os.path.getsize(template):,} bytes)")
            log(table(tools, tools[0] if fw_cmd else None))
            log()
            results["validate"][label] = {t.name: {"samples": t.samples, "error": t.error} for t in tools}
            byname = {t.name: t for t in tools if not t.error and t.samples}
            fw = byname.get("formwork validate")
            if fw and label.startswith("AWS CDK"):
                for peer, target in (("cfn-lint", TARGET_VS_CFN_LINT), ("cloudformation-validate", TARGET_VS_CFN_VALIDATE)):
                    if peer in byname:
                        r = median_ms(byname[peer]) / median_ms(fw)
                        checks.append((f"{peer} / formwork validate >= {target:.0f}×", r >= target, f"{r:.1f}×"))
                warm = byname.get("cloudformation-validate, warm call")
                if warm:
                    r = median_ms(warm) / median_ms(fw)
                    checks.append(("formwork validate (whole process) faster than cloudformation-validate's warm call", r > 1, f"{r:.1f}×"))

    log(f"load average at the end: {os.getloadavg()[0]:.2f} (above 0.5 or so, other work shared the machine)")
    if checks:
        log("targets:")
        for what, ok, value in checks:
            log(f"  {'met   ' if ok else 'MISSED'} {what}: {value}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
