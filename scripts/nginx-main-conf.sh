#!/usr/bin/env bash
# Writes DIR/nginx.conf: Debian's /etc/nginx/nginx.conf, which the nginx image runs unchanged, with its pid,
# logs, temp files and conf.d moved into DIR, so that deploy/nginx/entrypoint.sh can run Debian's nginx as a
# plain process on loopback ports (-c DIR/nginx.conf, NGINX_CONF_D=DIR/conf.d). Used by the Deploy tests
# (NginxServer) and by scripts/bench.sh --via-nginx. Each replaced line must be there exactly once: a changed
# Debian file fails loudly.
set -euo pipefail
dir=${1:?usage: scripts/nginx-main-conf.sh DIR}
config=$(cat /etc/nginx/nginx.conf)
replace() { # line replacement
  local count
  count=$(grep -cF -- "$1" <<<"$config" || true)
  [ "$count" = 1 ] || { echo "/etc/nginx/nginx.conf has '$1' $count times, expected once." >&2; exit 1; }
  config=${config/"$1"/"$2"}
}
temp="$dir/temp"
replace "pid /run/nginx.pid;" "pid $dir/nginx.pid;"
replace "error_log /var/log/nginx/error.log;" "error_log stderr;" # into the caller's log
replace "access_log /var/log/nginx/access.log;" "access_log $dir/access.log;
	client_body_temp_path $temp/body;
	proxy_temp_path $temp/proxy;
	fastcgi_temp_path $temp/fastcgi;
	uwsgi_temp_path $temp/uwsgi;
	scgi_temp_path $temp/scgi;"
replace "include /etc/nginx/conf.d/*.conf;" "include $dir/conf.d/*.conf;"
replace "include /etc/nginx/sites-enabled/*;" "" # the image deletes Debian's default site
mkdir -p "$temp"
printf '%s\n' "$config" > "$dir/nginx.conf"
