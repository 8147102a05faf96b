#!/bin/sh
# The certbot service: twice a day, renew what is due (30 days before expiry) through the webroot.
# nginx watches the certificate files and reloads when they change, so a renewal is served without a
# restart and without giving this container the Docker socket. RENEW_ONCE=1 runs one round (tests,
# or by hand: docker compose run --rm -e RENEW_ONCE=1 certbot renew.sh --force-renewal).
# Arguments go to `certbot renew`.
set -u

interval="${RENEW_INTERVAL:-12h}"
config_dir="${CERTBOT_CONFIG_DIR:-/etc/letsencrypt}"
work_dir="${CERTBOT_WORK_DIR:-/var/lib/letsencrypt}"
logs_dir="${CERTBOT_LOGS_DIR:-/var/log/letsencrypt}"

trap 'exit 0' TERM INT
while :; do
    echo "certbot: checking renewals ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    # The webroot, server and account come from each certificate's renewal file.
    certbot renew --non-interactive \
        --config-dir "$config_dir" --work-dir "$work_dir" --logs-dir "$logs_dir" "$@"
    rc=$?
    [ "$rc" = 0 ] || echo "certbot: renewal failed (exit $rc); trying again in $interval"
    [ "${RENEW_ONCE:-0}" = 1 ] && exit "$rc"
    sleep "$interval" &
    wait $!
done
