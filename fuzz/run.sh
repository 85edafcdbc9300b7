#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on the first crash.
#   fuzz/run.sh [SECONDS_PER_TARGET]   (default 60; FUZZ_SECONDS works too)
# Installs cargo-fuzz when it is missing, seeds the corpora (fuzz/seed.sh), builds the
# targets once, then runs each with libFuzzer's -max_total_time and prints how many
# inputs it ran. Works on a stable toolchain: RUSTC_BOOTSTRAP=1 lets rustc take the
# sanitizer-coverage flags cargo-fuzz passes (see fuzz/README.md).
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
seconds="${1:-${FUZZ_SECONDS:-60}}"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
"$fuzz/seed.sh"
cd "$fuzz/.."
targets=(validate_template spec_synth writers_roundtrip asset_packer)
# Address sanitizer off: the code is safe Rust, and without it a run does several times
# more inputs in the same time. Coverage guidance and debug assertions stay on.
flags=(--sanitizer none --debug-assertions --release)
cargo fuzz build "${flags[@]}"
status=0
for target in "${targets[@]}"; do
  log="$fuzz/artifacts/$target.log"
  mkdir -p "$fuzz/artifacts/$target"
  if cargo fuzz run "${flags[@]}" "$target" "$fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $target: $runs inputs in ${seconds}s, no crash"
  else
    echo "fuzz $target: FAILED (see below; the input is in fuzz/artifacts/$target/)" >&2
    tail -n 60 "$log" >&2
    status=1
  fi
done
exit "$status"
