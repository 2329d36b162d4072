#!/usr/bin/env bash
# Installs a Vulkan driver that Dawn (the `webgpu` npm package) accepts, so the WebGPU backend can
# run without a GPU: Mesa's lavapipe (a software Vulkan device) from bookworm-backports, and the
# Vulkan loader. Debian bookworm's own Mesa 22.3 is rejected by Dawn (it lacks
# shaderUniformBufferArrayDynamicIndexing), so the backports build (Mesa 25) is required.
#
# Also installs Debian's chromium for the browser-demo test when it is missing.
#
# Usage (as root): bash scripts/install-webgpu-driver.sh
# Exits non-zero when the driver could not be installed; callers decide whether that is fatal.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "install-webgpu-driver: must run as root (apt-get)" >&2
  exit 1
fi

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ "$codename" != bookworm ]; then
  echo "install-webgpu-driver: written for Debian bookworm, found '${codename:-unknown}'; install Mesa >= 24 lavapipe (mesa-vulkan-drivers) and libvulkan1 by hand" >&2
  exit 1
fi

# Already there? (dpkg reports the installed version of mesa-vulkan-drivers.)
installed=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
major=${installed%%.*}
need_chromium=0
command -v chromium >/dev/null 2>&1 || need_chromium=1
if [ -n "$installed" ] && [ "${major:-0}" -ge 24 ] 2>/dev/null && [ "$need_chromium" = 0 ]; then
  echo "install-webgpu-driver: mesa-vulkan-drivers $installed and chromium already installed"
  exit 0
fi

if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "install-webgpu-driver: bookworm-backports is not among apt's sources; add it (see Debian's backports instructions) and rerun" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
if [ "$need_chromium" = 1 ]; then
  apt-get install -y -qq chromium >/dev/null
fi

installed=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)
echo "install-webgpu-driver: mesa-vulkan-drivers $installed installed"
