#!/bin/sh
# The first certificate for E-Raport (run once, after `docker compose up -d`):
#   docker compose run --rm certbot first-certificate.sh
# nginx is already serving a self-signed stand-in and the ACME webroot on port 80. This checks that
# http://DOMAIN/.well-known/acme-challenge/ reaches it, then asks Let's Encrypt through the webroot.
# STAGING by default (an untrusted test certificate, no risk of the production rate limit of 5 per week);
# set LETSENCRYPT_STAGING=0 in .env and run it again for the real one. nginx picks up the new files by
# itself within a minute (it watches them); the certbot service renews from then on.
set -eu

domain="${DOMAIN:?DOMAIN is not set: put DOMAIN=your.school.domain in .env}"
email="${LETSENCRYPT_EMAIL:?LETSENCRYPT_EMAIL is not set: put LETSENCRYPT_EMAIL=you@example.org in .env (expiry warnings go there)}"
staging="${LETSENCRYPT_STAGING:-1}"
webroot="${CERTBOT_WEBROOT:-/var/www/certbot}"
config_dir="${CERTBOT_CONFIG_DIR:-/etc/letsencrypt}"
work_dir="${CERTBOT_WORK_DIR:-/var/lib/letsencrypt}"
logs_dir="${CERTBOT_LOGS_DIR:-/var/log/letsencrypt}"
# Where the challenge check goes; the tests point it at nginx's loopback port.
check_base="${ACME_CHECK_BASE:-http://$domain}"

production_url=https://acme-v02.api.letsencrypt.org/directory
staging_url=https://acme-staging-v02.api.letsencrypt.org/directory
if [ -n "${ACME_SERVER:-}" ]; then
    # Another ACME CA (the tests use Pebble, Let's Encrypt's test server).
    server="$ACME_SERVER"; label="the ACME server $ACME_SERVER"
elif [ "$staging" = 0 ]; then
    server="$production_url"; label="Let's Encrypt (production, trusted by browsers)"
else
    server="$staging_url"; label="Let's Encrypt STAGING (a test certificate browsers do NOT trust)"
fi

step() { printf '\n== %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

step "Certificate for $domain from $label"
renewal="$config_dir/renewal/$domain.conf"
renew_flag=--keep-until-expiring
if [ -f "$renewal" ]; then
    current=$(sed -n 's/^server *= *//p' "$renewal")
    if [ "$current" = "$server" ]; then
        echo "A certificate from this server already exists ($config_dir/live/$domain); the certbot service renews it."
        echo "Nothing to do."
        exit 0
    fi
    # A certificate is renewed only when due: switching servers (staging -> production) must force it.
    echo "Replacing the certificate from $current"
    renew_flag=--force-renewal
fi

step "Checking that $check_base/.well-known/acme-challenge/ reaches nginx's webroot"
token="eraport-check-$(date +%s)-$$"
mkdir -p "$webroot/.well-known/acme-challenge"
echo "$token" > "$webroot/.well-known/acme-challenge/$token"
answer=$(python3 - "$check_base/.well-known/acme-challenge/$token" <<'EOF' 2>&1
import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=15).read().decode().strip())
except Exception as e:
    print(e)
EOF
) || true
rm -f "$webroot/.well-known/acme-challenge/$token"
if [ "$answer" != "$token" ]; then
    fail "$check_base/.well-known/acme-challenge/$token answered: $answer
The CA will not reach this server either. Check that the DNS A record of $domain points to this
server, that port 80 is open in the firewall, and that nginx runs (docker compose ps; docker compose logs nginx)."
fi
echo "OK"

step "Asking for the certificate (webroot $webroot)"
certbot certonly --non-interactive --agree-tos --no-eff-email --email "$email" \
    --webroot --webroot-path "$webroot" --cert-name "$domain" -d "$domain" \
    --server "$server" $renew_flag \
    --config-dir "$config_dir" --work-dir "$work_dir" --logs-dir "$logs_dir" \
    || fail "certbot could not get a certificate (see above). nginx keeps serving what it had."

step "Done: $config_dir/live/$domain"
echo "nginx notices the new certificate and reloads within a minute (or now: docker compose exec nginx nginx -s reload)."
if [ -z "${ACME_SERVER:-}" ] && [ "$staging" != 0 ]; then
    echo "This is a STAGING certificate: browsers will warn. When https://$domain/ works apart from that warning,"
    echo "set LETSENCRYPT_STAGING=0 in .env and run this again for the real certificate."
fi
