#!/usr/bin/env bash
# formwork-deploy's tests against a real CloudFormation endpoint on loopback: moto's
# server (moto[server] from PyPI, pinned with everything it pulls in by
# moto-requirements.txt beside this script). Makes the venv when it is missing or
# stale, then runs `cargo test -p formwork-deploy --features spec` (which builds the
# rust-api example's Rust handlers: zig and cargo-zigbuild must be installed) with
# FORMWORK_MOTO_VENV pointing at it and FORMWORK_REQUIRE_MOTO set, so a missing server
# fails the run instead of skipping the tests. Each test starts its own server on a free
# 127.0.0.1 port with a time limit and kills it when it ends.
#
#   crates/formwork-deploy/tests/moto.sh
#
# FORMWORK_MOTO_VENV: where the venv goes (default: $TMPDIR/formwork-moto-venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
requirements="$here/moto-requirements.txt"
venv="${FORMWORK_MOTO_VENV:-${TMPDIR:-/tmp}/formwork-moto-venv}"

if ! cmp -s "$requirements" "$venv/formwork-requirements.txt"; then
  echo "moto.sh: installing moto[server] into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  timeout 900 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/formwork-requirements.txt"
fi
"$venv/bin/python" -c 'import importlib.metadata as m; print("moto", m.version("moto"))'

# The rust-api test builds its Rust handlers with cargo zigbuild, as synthesis does:
# zig and cargo-zigbuild on PATH or in ~/.cache/formwork/zig (.ci/run installs them there).
if ! command -v cargo-zigbuild >/dev/null && [[ ! -x "$HOME/.cache/formwork/zig/bin/cargo-zigbuild" ]]; then
  echo "moto.sh: cargo-zigbuild is not installed; the rust-api deploy test needs it:" >&2
  echo "  python3 -m venv ~/.cache/formwork/zig && ~/.cache/formwork/zig/bin/pip install ziglang cargo-zigbuild" >&2
  exit 2
fi

cd "$root"
FORMWORK_MOTO_VENV="$venv" FORMWORK_REQUIRE_MOTO=1 \
  timeout 1800 cargo test -p formwork-deploy --features spec --locked -- --nocapture
