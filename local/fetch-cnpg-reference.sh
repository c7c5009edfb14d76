#!/usr/bin/env bash
# Assembles CloudNativePG's reference data (CRDs, samples, e2e fixtures) from its repository at the commit our
# reference describes, in the layout of ../shared/reference/cnpg, for machines that do not have that directory
# (GitHub Actions). Usage: local/fetch-cnpg-reference.sh <output-dir>
set -euo pipefail
OUT=${1:?usage: $0 <output-dir>}
COMMIT=${CNPG_COMMIT:-a95a534d}
SRC=$(mktemp -d)
trap 'rm -rf "$SRC"' EXIT
git clone -q --filter=blob:none https://github.com/cloudnative-pg/cloudnative-pg "$SRC"
git -C "$SRC" checkout -q "$COMMIT"
mkdir -p "$OUT/crds" "$OUT/samples" "$OUT/e2e-fixtures"
for kind in backups scheduledbackups clusters; do
  cp "$SRC/config/crd/bases/postgresql.cnpg.io_$kind.yaml" "$OUT/crds/"
done
while read -r name; do
  cp "$SRC/docs/src/samples/$name" "$OUT/samples/"
done < "$(dirname "$0")/cnpg-reference-samples.txt"
mkdir -p "$OUT/e2e-fixtures/backup"
cp -r "$SRC/tests/e2e/fixtures/backup/object_store" "$OUT/e2e-fixtures/backup/"
cp -r "$SRC/tests/e2e/fixtures/backup/scheduled_backup_suspend" "$SRC/tests/e2e/fixtures/backup/scheduled_backup_immediate" \
  "$OUT/e2e-fixtures/backup/"
cp "$SRC"/tests/e2e/fixtures/backup/cluster-from-restore*.yaml.template "$OUT/e2e-fixtures/backup/"
echo "$OUT"
