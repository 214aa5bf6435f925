#!/bin/bash
# Monte Carlo shards on Slurm: a job array runs shard k of N in each task (SLURM_ARRAY_TASK_ID = k, 1-based
# to match --shard), then a job that depends on the whole array merges the shard folders into the result of
# the whole run (same digest as one unsharded `xmargin run`).
#
#   bash examples/slurm-shards.sh    # submits the array, then the merge with --dependency=afterok on it
#   (`sbatch examples/slurm-shards.sh` submits the array alone; merge by hand when it is done)
#
#SBATCH --job-name=xmargin-mc
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --output=logs/xmargin-mc-%A_%a.out

set -euo pipefail
SCENARIO=${SCENARIO:-scenarios/mc-jump-contagion.json}
SHARDS_DIR=${SHARDS_DIR:-shards}

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  # Not inside the array: submit it and the merge that waits for every task to succeed.
  mkdir -p logs
  array=$(sbatch --parsable "$0")
  sbatch --dependency="afterok:${array}" --job-name=xmargin-mc-merge --output=logs/xmargin-mc-merge-%j.out \
    --wrap "node bin/xmargin.js merge ${SHARDS_DIR}/[0-9]* --out ${SHARDS_DIR}/merged"
  exit 0
fi

node bin/xmargin.js run "$SCENARIO" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
  --threads "${SLURM_CPUS_PER_TASK}" \
  --out "${SHARDS_DIR}/${SLURM_ARRAY_TASK_ID}"
