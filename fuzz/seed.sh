#!/usr/bin/env bash
# Seeds the fuzz corpora at run time (nothing large is committed): the templates of every
# snapshot, the hand-written template fixtures and, when the SAM translator's corpus is
# given (FORMWORK_SAM_CORPUS: its folder, holding input/*.yaml), its input templates; the example spec files; and a few small byte strings for the writers
# and the asset packer. Usage: fuzz/seed.sh  (from anywhere; writes fuzz/corpus/<target>/)
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
corpus="$fuzz/corpus"
sam="${FORMWORK_SAM_CORPUS:-}"
mkdir -p "$corpus"/{validate_template,spec_synth,writers_roundtrip,asset_packer}

n=0
# Snapshots hold `# <stack>.<ext>` headers between templates after the insta front matter.
for snap in "$root"/snapshots/*.snap; do
  awk 'BEGIN{n=0} /^---$/{n++; next} n>=2' "$snap" >"$corpus/validate_template/snap-$(basename "$snap" .snap)"
  n=$((n + 1))
done
for t in "$root"/crates/formwork-cli/tests/fixtures/templates/*; do
  cp "$t" "$corpus/validate_template/fixture-$(basename "$t")"
  n=$((n + 1))
done
if [[ -n "$sam" && -d "$sam/input" ]]; then
  for t in "$sam"/input/*.yaml; do
    cp "$t" "$corpus/validate_template/sam-$(basename "$t")"
    n=$((n + 1))
  done
else
  echo "fuzz/seed.sh: no SAM corpus (FORMWORK_SAM_CORPUS); seeding from the snapshots and fixtures only" >&2
fi
echo "validate_template: $n seeds"

n=0
for spec in "$root"/examples/*/app.yaml "$root"/crates/formwork-cli/tests/fixtures/*.yaml; do
  [[ -f "$spec" ]] || continue
  cp "$spec" "$corpus/spec_synth/$(basename "$(dirname "$spec")")-$(basename "$spec")"
  n=$((n + 1))
done
cat >"$corpus/spec_synth/kitchen-sink.yaml" <<'SPEC'
app: kitchen-sink
account_concurrency: 3000
stacks:
  sink:
    description: every kind of construct once
    tables:
      Orders: { partition_key: { name: pk, type: string }, sort_key: { name: sk, type: number }, stream: new_and_old_images }
    topics:
      Alerts: { kms_key: alias/custom }
    queues:
      Jobs: { visibility_timeout: 15m, retention: 2d, dead_letter_queue: { queue: Dead, max_receive_count: 3 } }
      Dead: { retention: 14d }
      Done: { retention: 4d }
    functions:
      Worker:
        runtime: python3.12
        handler: app.handler
        code: functions/worker
        memory: 1024
        timeout: 1m
        environment: { TABLE: { name_of: Orders }, JOBS_URL: { url_of: Jobs }, MODE: fast }
        reserved_concurrency: 50
        provisioned_concurrency: 1
        retry_attempts: 1
        max_event_age: 1h
        on_success: Done
        on_failure: Alerts
        dead_letter_queue: Dead
        events: [{ sqs: Jobs, batch_size: 10, report_batch_item_failures: true }]
        grants: [{ read_data: Orders }, { write_data: Orders }]
        schedules: { Daily: { cron: "0 6 * * ? *" }, Hourly: { every: 1h } }
  other:
    queues: { Q: {} }
suppressions: [{ rule: FW203, on: Jobs, reason: a test }]
severity: { FW203: error }
SPEC
n=$((n + 1))
echo "spec_synth: $n seeds"

for i in 0 1 2 3 4 5 6 7; do
  head -c $((64 * (i + 1))) /dev/urandom >"$corpus/writers_roundtrip/random-$i"
  head -c $((256 * (i + 1))) /dev/urandom >"$corpus/asset_packer/random-$i"
done
echo "writers_roundtrip, asset_packer: 8 random seeds each"
