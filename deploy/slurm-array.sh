#!/bin/bash
# A study as a Slurm job array: task i runs shard i/K of the study on the cores Slurm gives it.
#
#   sbatch deploy/slurm-array.sh
#   # when every task is done (or: sbatch --dependency=afterok:JOBID with a merge job)
#   npx lbsim merge results/shard-*.jsonl
#
# Resubmitting a failed task (sbatch --array=5 deploy/slurm-array.sh) resumes it from its results
# file. Change K with --array=0-(K-1). Run from the repository root after `npm ci`.
#SBATCH --job-name=lbsim-study
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=results/slurm-%A_%a.log

set -euo pipefail
mkdir -p results
SHARDS=$((SLURM_ARRAY_TASK_MAX + 1))
npx lbsim run scenarios/geo-large-latency.json --replications 400 \
  --workers "${SLURM_CPUS_PER_TASK}" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" \
  --out "results/shard-${SLURM_ARRAY_TASK_ID}.jsonl"
