#!/bin/sh
# The first certificate for E-Raport (run once, after `docker compose up -d`):
#   docker compose run --rm certbot first-certificate.sh
# nginx is already serving a self-signed stand-in and the ACME webroot on port 80. This checks that nginx
# serves the webroot and that http://DOMAIN/.well-known/acme-challenge/ reaches it, then asks Let's Encrypt
# through the webroot.
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
# Where the challenge checks go: through the domain as the CA goes, and to nginx directly on the compose
# network (the tests point both at nginx's loopback port).
check_base="${ACME_CHECK_BASE:-http://$domain}"
nginx_base="${ACME_NGINX_BASE:-http://nginx}"

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

# Fetches a challenge file through $1 (with the domain as Host) and prints what came back.
fetch() {
    python3 - "$1/.well-known/acme-challenge/$token" "$domain" <<'EOF' 2>&1
import sys, urllib.request
try:
    request = urllib.request.Request(sys.argv[1], headers={"Host": sys.argv[2]})
    print(urllib.request.urlopen(request, timeout=15).read().decode().strip())
except Exception as e:
    print(e)
EOF
}

step "Checking that nginx serves the webroot, and that $check_base/.well-known/acme-challenge/ reaches it"
token="eraport-check-$(date +%s)-$$"
mkdir -p "$webroot/.well-known/acme-challenge"
echo "$token" > "$webroot/.well-known/acme-challenge/$token"
served=$(fetch "$nginx_base") || true
answer=$(fetch "$check_base") || true
rm -f "$webroot/.well-known/acme-challenge/$token"
if [ "$served" != "$token" ]; then
    fail "nginx did not serve the challenge file ($nginx_base answered: $served).
Check that nginx runs (docker compose ps; docker compose logs nginx); nothing was asked of the CA."
fi
if [ "$answer" != "$token" ]; then
    # A server behind a router or a provider's NAT often cannot reach its own public address while the CA can,
    # so this alone does not stop the run: the CA's own check decides.
    printf '\nWARNING: %s\n' "$check_base/.well-known/acme-challenge/ answered from this server: $answer
nginx serves the webroot, so either the DNS A record of $domain does not point to this server or port 80 is closed
in the firewall (then the CA fails too), or this network cannot reach its own public address (usual behind a
router or NAT with port 80 forwarded; the CA is not affected). Asking the CA; if it fails, check the first two." >&2
else
    echo "OK"
fi

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
