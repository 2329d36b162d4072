#!/usr/bin/env bash
# Installs a Vulkan driver that Dawn (the `webgpu` npm package) accepts, so the WebGPU backend can
# run without a GPU: Mesa's lavapipe (a software Vulkan device) from bookworm-backports, and the
# Vulkan loader. Debian bookworm's own Mesa 22.3 is rejected by Dawn (it lacks
# shaderUniformBufferArrayDynamicIndexing), so the backports build (Mesa 25) is required.
#
# A fresh bookworm machine has only `bookworm` and `bookworm-updates` among apt's sources: when
# bookworm-backports is missing, this script adds it as a deb822 file
# (/etc/apt/sources.list.d/pama-bookworm-backports.sources) on the same archive as the existing
# bookworm entry, signed by the Debian archive keyring. Running it again changes nothing.
#
# Also installs Debian's chromium for the browser-demo test when it is missing.
#
# Usage (as root): bash scripts/install-webgpu-driver.sh
# Exits non-zero with one line on stderr when the driver could not be installed; callers decide
# whether that is fatal.
set -euo pipefail

fail() {
  echo "install-webgpu-driver: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "must run as root (it adds an apt source and installs packages); rerun with sudo"

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ "$codename" = bookworm ] \
  || fail "written for Debian bookworm, found '${codename:-unknown}'; install Mesa >= 24 lavapipe (mesa-vulkan-drivers) and libvulkan1 by hand"

# The installed version of a package, or nothing: dpkg also remembers packages that were removed but
# left their configuration behind ("deinstall … config-files"), with the version they had.
installed_version() {
  # dpkg-query exits 1 for a package dpkg has never heard of (a fresh machine); under `set -e -o pipefail`
  # that would end the script silently, so an unknown package reads as "not installed".
  { dpkg-query -W -f='${db:Status-Status} ${Version}' "$1" 2>/dev/null || true; } | awk '$1 == "installed" { print $2 }'
}

# Already there?
installed=$(installed_version mesa-vulkan-drivers)
[ -n "$(installed_version libvulkan1)" ] || installed=""
major=${installed%%.*}
need_chromium=0
command -v chromium >/dev/null 2>&1 || need_chromium=1
if [ -n "$installed" ] && [ "${major:-0}" -ge 24 ] 2>/dev/null && [ "$need_chromium" = 0 ]; then
  echo "install-webgpu-driver: mesa-vulkan-drivers $installed and chromium already installed"
  exit 0
fi

sources=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)

# The archive that serves bookworm now (deb822 `URIs:` of a stanza whose Suites name bookworm, or a
# one-line `deb URI bookworm …`); Debian's main mirror when none is found.
archive_uri() {
  local file
  for file in "${sources[@]}"; do
    [ -f "$file" ] || continue
    case "$file" in
      *.sources)
        awk 'BEGIN { RS = ""; FS = "\n" }
          /(^|\n)Suites:[^\n]*(^|[ \t])bookworm([ \t]|$)/ && !/(^|\n)Enabled:[ \t]*no/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { split($i, f, /[ \t]+/); print f[2]; exit }
          }' "$file"
        ;;
      *) awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i == "bookworm") { u = $(i - 1); print u; exit } }' "$file" | grep -v '^\[' || true ;;
    esac
  done | head -n 1
}

if ! grep -Eqs '^[^#]*bookworm-backports' "${sources[@]}"; then
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || fail "bookworm-backports is not among apt's sources and $keyring is missing (apt-get install debian-archive-keyring)"
  uri=$(archive_uri)
  uri=${uri:-http://deb.debian.org/debian}
  target=/etc/apt/sources.list.d/pama-bookworm-backports.sources
  tmp=$(mktemp "$target.XXXXXX")
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' "$uri" "$keyring" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$target"
  echo "install-webgpu-driver: added bookworm-backports ($uri) as $target"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed (is Debian's archive reachable?)"
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null \
  || fail "could not install mesa-vulkan-drivers and libvulkan1 from bookworm-backports"
if [ "$need_chromium" = 1 ]; then
  apt-get install -y -qq chromium >/dev/null || fail "could not install chromium"
fi

installed=$(installed_version mesa-vulkan-drivers)
major=${installed%%.*}
[ "${major:-0}" -ge 24 ] 2>/dev/null || fail "mesa-vulkan-drivers $installed is installed, but Dawn needs >= 24 (from bookworm-backports)"
echo "install-webgpu-driver: mesa-vulkan-drivers $installed installed"
