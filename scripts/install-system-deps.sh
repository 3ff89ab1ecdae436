#!/usr/bin/env bash
# Install the Debian packages policygraph needs, only those missing.
#   java     default-jre-headless (HermiT reasoner, via owlready2)
#   browser  chromium + CJK fonts (headless browser tests of the HTML views)
#   virtuoso OpenLink Virtuoso 7 (the second SPARQL engine the remote tests push to)
set -euo pipefail

declare -A PACKAGE_GROUPS=(
  [java]="default-jre-headless"
  [browser]="chromium fonts-noto-cjk"
  [virtuoso]="virtuoso-opensource"
)

wanted=()
for group in "${@:-java browser}"; do
  for name in $group; do
    [[ -n "${PACKAGE_GROUPS[$name]:-}" ]] || { echo "unknown group: $name (java|browser|virtuoso)" >&2; exit 2; }
    for package in ${PACKAGE_GROUPS[$name]}; do
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || wanted+=("$package")
    done
  done
done
# java may come from another JDK already on PATH
if [[ " ${wanted[*]:-} " == *" default-jre-headless "* ]] && command -v java >/dev/null; then
  wanted=("${wanted[@]/default-jre-headless}")
fi
wanted=(${wanted[@]:-})
[[ ${#wanted[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
echo "installing Debian packages: ${wanted[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
