#!/usr/bin/env bash
# Installs what the deployment tests (tests/ERaport.Tests/Deploy) run for real instead of Docker:
# nginx, certbot, Pebble (Let's Encrypt's test ACME server), sslscan, docker-compose (only to validate
# docker-compose.yml; no engine), openssl, envsubst, ip (nginx in a network namespace of its own) and Chromium. Idempotent and quiet: installs only what is
# missing, runs apt-get update at most once. As root; otherwise prints what to install and exits 1.
set -euo pipefail

# command -> Debian package
declare -A tools=(
  [nginx]=nginx
  [certbot]=certbot
  [pebble]=pebble
  [pebble-challtestsrv]=pebble
  [sslscan]=sslscan
  [docker-compose]=docker-compose
  [openssl]=openssl
  [envsubst]=gettext-base
  [ip]=iproute2
  [chromium]=chromium
)
missing=()
for tool in "${!tools[@]}"; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ] && [ ! -x "/usr/bin/$tool" ]; then
    missing+=("${tools[$tool]}")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The deployment tests need: ${missing[*]}. Install them first: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Installing test tools: ${missing[*]} ..." >&2
# Installing nginx must not start the system service on port 80: forbid service starts while
# installing, unless the machine already has such a policy (as Docker-built machines do).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
# Update the package lists only when they are missing or an install fails on them.
if ! { compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null && install; }; then
  apt-get update -qq >/dev/null
  install
fi
echo "Installed: ${missing[*]}" >&2
