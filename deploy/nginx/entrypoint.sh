#!/bin/sh
# nginx for E-Raport. Renders templates/*.template into conf.d, starts with a self-signed stand-in
# certificate while certbot's real one does not exist yet (so nginx can always start and serve the ACME
# webroot), and reloads whenever the certificate files change: a renewal is served without a restart.
# Arguments go to nginx (the tests pass -c/-e for a private configuration on loopback ports).
set -eu

: "${ERAPORT_SERVER_NAME:?ERAPORT_SERVER_NAME is not set: put DOMAIN=your.school.domain in .env}"
export ERAPORT_UPSTREAM="${ERAPORT_UPSTREAM:-web:8080}"
# Ports (or address:port) inside the container; the tests use loopback addresses.
export ERAPORT_HTTP_LISTEN="${ERAPORT_HTTP_LISTEN:-80}"
export ERAPORT_HTTPS_LISTEN="${ERAPORT_HTTPS_LISTEN:-443}"
export ERAPORT_PUBLIC_ORIGIN="${ERAPORT_PUBLIC_ORIGIN:-https://$ERAPORT_SERVER_NAME}"
export ERAPORT_ACME_ROOT="${ERAPORT_ACME_ROOT:-/var/www/certbot}"
export ERAPORT_RESOLVER="${ERAPORT_RESOLVER:-127.0.0.11}" # Docker's DNS on compose networks
# nginx's own error pages (deploy/nginx/errors, copied into the image).
export ERAPORT_ERROR_PAGES="${ERAPORT_ERROR_PAGES:-/usr/share/nginx/eraport-errors}"
live="${ERAPORT_LIVE_DIR:-/etc/letsencrypt/live/$ERAPORT_SERVER_NAME}"
standin="${ERAPORT_STANDIN_DIR:-/etc/nginx/standin-cert}"
templates="${NGINX_TEMPLATES_DIR:-/etc/nginx/templates}"
conf_d="${NGINX_CONF_D:-/etc/nginx/conf.d}"
poll="${ERAPORT_CERT_POLL_SECONDS:-60}"

say() { echo "eraport-nginx: $*" >&2; }

# Renders every template with the given certificate; only ${ERAPORT_*} are replaced.
render() {
    export ERAPORT_SSL_CERTIFICATE="$1/fullchain.pem" ERAPORT_SSL_CERTIFICATE_KEY="$1/privkey.pem"
    names=$(env | sed -n 's/^\(ERAPORT_[A-Z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
    mkdir -p "$conf_d"
    for template in "$templates"/*.template; do
        [ -e "$template" ] || { say "no templates in $templates"; exit 1; }
        out="$conf_d/$(basename "$template" .template)"
        envsubst "$names" < "$template" > "$out"
        if unset_name=$(grep -o '\${ERAPORT_[A-Z0-9_]*}' "$out" | head -n 1) && [ -n "$unset_name" ]; then
            say "$unset_name is used in $template but not set"; exit 1
        fi
    done
}

# A short-lived self-signed certificate for the server name, made once per container.
make_standin() {
    [ -s "$standin/fullchain.pem" ] && [ -s "$standin/privkey.pem" ] && return 0
    mkdir -p "$standin"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
        -subj "/CN=$ERAPORT_SERVER_NAME" -addext "subjectAltName=DNS:$ERAPORT_SERVER_NAME" \
        -keyout "$standin/privkey.pem" -out "$standin/fullchain.pem" 2>/dev/null
    chmod 600 "$standin/privkey.pem"
}

has_real() { [ -s "$live/fullchain.pem" ] && [ -s "$live/privkey.pem" ]; }

# Changes when certbot issues or renews (it writes new files and moves the live links).
signature() { stat -L -c '%Y %s %i' "$live/fullchain.pem" "$live/privkey.pem" 2>/dev/null || true; }

# Renders with the real certificate when it exists and nginx accepts it, else with the stand-in.
configure() {
    if has_real; then
        render "$live"
        if nginx "$@" -t -q 2>/dev/null; then
            say "serving the certificate in $live"
            return 0
        fi
        say "nginx rejects the certificate in $live; serving the self-signed stand-in instead"
    else
        say "no certificate in $live yet: serving a self-signed stand-in until certbot gets one (deploy/certbot/first-certificate.sh)"
    fi
    make_standin
    render "$standin"
    nginx "$@" -t -q
}

watch_certificate() {
    nginx_pid=$1; shift
    last=$(signature)
    # Ends with nginx (the entrypoint's process becomes nginx through exec).
    while sleep "$poll" && kill -0 "$nginx_pid" 2>/dev/null; do
        [ "$(signature)" = "$last" ] && continue
        sleep 1 # let certbot finish moving both links
        last=$(signature)
        if configure "$@" && nginx "$@" -s reload; then
            say "certificate changed: nginx reloaded"
        else
            say "certificate changed but nginx could not reload; still serving the previous configuration"
        fi
    done
}

configure "$@"
watch_certificate $$ "$@" &
exec nginx -g 'daemon off;' "$@"
