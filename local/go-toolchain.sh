# Sourced, not run: use_go_toolchain <cache dir> puts a Go of at least 1.26 first on the PATH: the machine's when it
# is new enough, else the official toolchain from the Go module proxy, unpacked once into the cache. It exports
# GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod, so builds fetch modules from the proxy and nothing else.
GO_TOOLCHAIN=${CAIRN_GO_TOOLCHAIN:-go1.26.8}

go_is_usable() {
  command -v go >/dev/null || return 1
  local have; have=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  [ "$(printf '%s\n%s\n' "1.26" "$have" | sort -V | head -1)" = "1.26" ]
}

use_go_toolchain() {
  local cache=$1
  if ! go_is_usable; then
    local go_home="$cache/$GO_TOOLCHAIN"
    if [ ! -x "$go_home/bin/go" ]; then
      echo "fetching the $GO_TOOLCHAIN toolchain from the Go module proxy" >&2
      local zip="$cache/$GO_TOOLCHAIN.zip"
      mkdir -p "$cache"
      curl -fsSL -o "$zip" "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-amd64.zip"
      rm -rf "$cache/golang.org"
      python3 -m zipfile -e "$zip" "$cache"
      mv "$cache/golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-amd64" "$go_home"
      chmod +x "$go_home"/bin/* "$go_home"/pkg/tool/*/*
      rm -rf "$zip" "$cache/golang.org"
    fi
    export PATH="$go_home/bin:$PATH"
  fi
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
}
