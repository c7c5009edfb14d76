#!/usr/bin/env bash
# Places the CNPG-I protocol's .proto files (github.com/cloudnative-pg/cnpg-i) in a directory, for the build to compile
# into Java (pom.xml runs it in generate-sources; the protobuf-maven-plugin compiles the result). The version is the
# one the Barman Cloud plugin's release pins in its go.mod, so Cairn speaks exactly the protocol of the plugin it is
# proven with; both modules come through the Go module proxy into Go's module cache (checksum-verified, outside the
# repository), and nothing is copied by hand.
#
#   local/cnpg-i-protos.sh OUTPUT_DIR
#
# OUTPUT_DIR is replaced (it is meant to be under target/). A stamp file in it names the versions, so a second run
# with the same versions does nothing and needs no Go.
set -euo pipefail
shopt -s inherit_errexit

# The Barman Cloud plugin release Cairn is proven with; local/plugin-barman-cloud.sh builds the same release.
BARMAN_CLOUD_PLUGIN_VERSION=${CAIRN_BARMAN_CLOUD_PLUGIN_VERSION:-v0.15.0}
PLUGIN_MODULE=github.com/cloudnative-pg/plugin-barman-cloud
CNPG_I_MODULE=github.com/cloudnative-pg/cnpg-i
CACHE=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}

out=${1:?usage: local/cnpg-i-protos.sh OUTPUT_DIR}
stamp="$out/cnpg-i.version"
if [ -f "$stamp" ] && grep -q "^plugin-barman-cloud $BARMAN_CLOUD_PLUGIN_VERSION$" "$stamp"; then
  exit 0
fi

source "$(dirname "${BASH_SOURCE[0]}")/go-toolchain.sh"
use_go_toolchain "$CACHE"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# go mod download MODULE@VERSION outside any module; prints the value of FIELD (Dir, GoMod) of its JSON answer.
download() { (cd "$scratch" && go mod download -json "$1") | sed -n "s/.*\"$2\": \"\(.*\)\".*/\1/p"; }

plugin_go_mod=$(download "$PLUGIN_MODULE@$BARMAN_CLOUD_PLUGIN_VERSION" GoMod)
[ -f "$plugin_go_mod" ] || { echo "cnpg-i-protos.sh: no go.mod for $PLUGIN_MODULE@$BARMAN_CLOUD_PLUGIN_VERSION" >&2; exit 1; }
cnpg_i_version=$(sed -n "s#^[[:space:]]*\(require[[:space:]]*\)\{0,1\}$CNPG_I_MODULE \(v[^ ]*\).*#\2#p" "$plugin_go_mod" | head -1)
[ -n "$cnpg_i_version" ] || { echo "cnpg-i-protos.sh: $plugin_go_mod requires no $CNPG_I_MODULE" >&2; exit 1; }
cnpg_i_dir=$(download "$CNPG_I_MODULE@$cnpg_i_version" Dir)
ls "$cnpg_i_dir"/proto/*.proto >/dev/null

rm -rf "$out.tmp" && mkdir -p "$out.tmp"
cp "$cnpg_i_dir"/proto/*.proto "$out.tmp/"
chmod u+w "$out.tmp"/*.proto
printf 'plugin-barman-cloud %s\ncnpg-i %s\n' "$BARMAN_CLOUD_PLUGIN_VERSION" "$cnpg_i_version" > "$out.tmp/cnpg-i.version"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "[cnpg-i-protos] cnpg-i $cnpg_i_version (pinned by plugin-barman-cloud $BARMAN_CLOUD_PLUGIN_VERSION) -> $out" >&2
