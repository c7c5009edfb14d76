#!/usr/bin/env bash
# Checks (default) or rewrites the expected column of CronSchedule's test table against robfig/cron v1.2.0 itself:
#   local/cron-vectors.sh [check|write]
# runs local/cron-vectors (a small Go program; robfig/cron from the Go module proxy, pinned by its go.sum) on
# src/test/resources/cron/robfig-cron-v1.2.0.txt. check exits 1 and names every row robfig answers differently.
set -euo pipefail
MODE=${1:-check}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TABLE="$REPO/src/test/resources/cron/robfig-cron-v1.2.0.txt"
source "$REPO/local/go-toolchain.sh"
use_go_toolchain "${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}"
cd "$REPO/local/cron-vectors"
go run . "$MODE" "$TABLE"
