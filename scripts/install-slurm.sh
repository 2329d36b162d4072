#!/usr/bin/env bash
# Installs Debian's single-node Slurm (slurmctld, slurmd, the client commands) and munge, which
# test/slurm-recipe.test.ts runs docs/scale-out.md's Slurm recipe on. It starts nothing: the test runs
# its own private munged, slurmctld and slurmd (no systemd needed) and stops them when done.
#
# Usage (as root): bash scripts/install-slurm.sh
# Exits non-zero with one line on stderr when it cannot; running it again changes nothing.
set -euo pipefail

fail() {
  echo "install-slurm: $*" >&2
  exit 1
}

missing=()
for tool in slurmctld slurmd sbatch munged; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" = 0 ]; then
  echo "install-slurm: slurmctld, slurmd, sbatch and munged already installed"
  exit 0
fi
[ "$(id -u)" = 0 ] || fail "must run as root to install ${missing[*]} (apt-get); rerun with sudo"
command -v apt-get >/dev/null 2>&1 || fail "no apt-get here: install Slurm (slurmctld, slurmd, client commands) and munge by hand"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed (is Debian's archive reachable?)"
# The packages' start scripts are refused where there is no init system; that is expected.
apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null 2>&1 \
  || fail "could not install slurmctld, slurmd, slurm-client and munge"
for tool in slurmctld slurmd sbatch munged; do command -v "$tool" >/dev/null 2>&1 || fail "$tool is still missing after the install"; done
echo "install-slurm: installed $(slurmctld -V) and munge $(dpkg-query -W -f='${Version}' munge)"
