#!/bin/bash
# Mozilla HTTP Observatory (@mdn/mdn-http-observatory 1.4.8) scan of the site as deployed: gunicorn with the
# production settings behind nginx configured from deploy/nginx.conf (only paths, port, host name and
# certificate swapped), at https://zhujing.test with a certificate from a local CA.
#
#     sudo bench/observatory/run.sh          (as root, from any folder)
#
# Sets up what is missing (nginx-light, /etc/hosts entry, local CA and certificate, node_modules), waits
# while bench/load.py or bench/search.py runs, then scans each page in PAGES and prints grade, score and
# tests passed per page, plus every test not at its best result. Writes results/ beside this file.
# Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zhujing_load; created, migrated and
# filled with the sample catalogue if it does not exist), OBSERVATORY_APP_PORT (gunicorn, default 8799).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
HOST=zhujing.test
APP_PORT="${OBSERVATORY_APP_PORT:-8799}"
PAGES=(/ /services/ /kiosk/ /admin/login/)
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zhujing_load}"
TLS="$HERE/tls"
OUT="$HERE/results"
OBS="$HERE/node_modules/@mdn/mdn-http-observatory"
PY="$REPO/.venv/bin/python"
export PATH="$PATH:/usr/sbin:/sbin"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root: it installs nginx-light, edits /etc/hosts and binds ports 80 and 443"
[ -x "$PY" ] || die "no $PY: create the project's virtualenv first (README)"
command -v node >/dev/null && command -v npm >/dev/null || die "node (20 or later) and npm are needed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "node $(node -v) is too old: the scanner needs 20+"
rm -rf "$OUT"
mkdir -p "$OUT"

# ------------------------------------------------------------------ one-time setup (skipped when done)
if ! command -v nginx >/dev/null; then
  log "installing nginx-light"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >"$OUT/apt.log" 2>&1 ||
    { tail -n 20 "$OUT/apt.log" >&2; die "apt-get install nginx-light failed"; }
fi

if ! grep -Eq "^[[:space:]]*127\.0\.0\.1[[:space:]]+([^#]*[[:space:]])?${HOST//./\\.}([[:space:]#]|$)" /etc/hosts; then
  log "adding '127.0.0.1 $HOST' to /etc/hosts"
  echo "127.0.0.1 $HOST" >>/etc/hosts
fi

# A local CA, trusted by the scanner only (NODE_EXTRA_CA_CERTS), so its "verified" flag is true as it would
# be with a real certificate. Made anew when missing or expiring within a day.
if ! [ -s "$TLS/ca.pem" ] || ! [ -s "$TLS/privkey.pem" ] || ! [ -s "$TLS/fullchain.pem" ] ||
  ! openssl x509 -checkend 86400 -noout -in "$TLS/cert.pem" >/dev/null 2>&1; then
  log "creating a local CA and a certificate for $HOST in $TLS"
  rm -rf "$TLS"
  mkdir -m 700 "$TLS"
  (
    cd "$TLS"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -keyout ca.key -out ca.pem \
      -subj "/CN=Observatory local test CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout privkey.pem -out server.csr -subj "/CN=$HOST" 2>/dev/null
    printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
      "$HOST" >ext.cnf
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -extfile ext.cnf \
      -out cert.pem 2>/dev/null
    cat cert.pem ca.pem >fullchain.pem
  )
fi

# --ignore-scripts: the package's postinstall downloads Chromium's HSTS preload list and IANA's TLD list
# (not reachable here). The scanner needs the first file: an empty list (no site counts as preloaded).
if ! [ -f "$HERE/node_modules/.package-lock.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ] ||
  ! [ -f "$OBS/package.json" ]; then
  log "npm ci"
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund) >"$OUT/npm.log" 2>&1 ||
    { tail -n 20 "$OUT/npm.log" >&2; die "npm ci failed"; }
fi
[ -f "$OBS/conf/hsts-preload.json" ] || echo '{}' >"$OBS/conf/hsts-preload.json"

# ------------------------------------------------------------------ wait for CPU benchmarks to end
waited=0
while pgrep -f 'bench/load\.py' >/dev/null || pgrep -f 'bench/search\.py' >/dev/null; do
  [ "$waited" -lt 1200 ] || die "bench/load.py or bench/search.py still running after 20 minutes: try again later"
  [ "$waited" -gt 0 ] || log "a benchmark is running (bench/load.py or bench/search.py): waiting (up to 20 minutes)"
  sleep 20
  waited=$((waited + 20))
done

busy="$(ss -Hltn "( sport = :80 or sport = :443 or sport = :$APP_PORT )")"
[ -z "$busy" ] || die "ports 80, 443 or $APP_PORT are taken (another nginx?):
$busy"

# ------------------------------------------------------------------ app: production settings, own temp dirs
TMP="$(mktemp -d)" # a fresh folder under $TMPDIR (or /tmp)
chmod 755 "$TMP" # nginx workers (www-data) read static/ and media/
mkdir -p "$TMP/static" "$TMP/media" "$TMP/nginx-tmp" "$TMP/home"
GUNICORN_PID=""
NGINX_STARTED=""

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$NGINX_STARTED" ] && [ -s "$TMP/nginx.pid" ]; then
    local npid
    npid="$(cat "$TMP/nginx.pid")"
    kill -QUIT "$npid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$npid" 2>/dev/null && kill -TERM "$npid"
  fi
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    for _ in $(seq 1 150); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$GUNICORN_PID" 2>/dev/null && kill -KILL "$GUNICORN_PID"
  fi
  cp "$TMP"/nginx-*.log "$TMP/site.conf" "$OUT/" 2>/dev/null
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Only what is set here reaches the app (env -i): no DEBUG or other override from the caller's shell.
APP_ENV=(
  PATH="$REPO/.venv/bin:/usr/local/bin:/usr/bin:/bin"
  HOME="$TMP/home" # gunicorn 27 puts its control socket there: none shared with another gunicorn
  LANG=C.UTF-8
  DATABASE_URL="$DATABASE_URL"
  SECRET_KEY="$(openssl rand -hex 32)"
  ALLOWED_HOSTS="localhost,127.0.0.1,$HOST"
  CSRF_TRUSTED_ORIGINS="https://$HOST"
  REDIS_URL=redis://127.0.0.1:6379/7
  TRUSTED_PROXY_COUNT=1
  STATIC_ROOT="$TMP/static"
  MEDIA_ROOT="$TMP/media"
  GUNICORN_WORKERS=3
)
app() { (cd "$REPO" && env -i "${APP_ENV[@]}" "$@"); }

if [[ "$DATABASE_URL" == postgres* ]]; then
  db_state="$(app "$PY" - <<'EOF'
import os
from urllib.parse import urlparse

import psycopg

parts = urlparse(os.environ["DATABASE_URL"])
name = parts.path.lstrip("/")
with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
    if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        print("exists")
    else:  # UTF-8 locale, as bench/search.py makes it (pg_trgm finds no trigrams in Chinese under C)
        conn.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )
        print("created")
EOF
)" || die "cannot reach PostgreSQL for $DATABASE_URL (is it running?)"
else
  db_state=exists
fi
if [ "$db_state" = created ]; then
  log "new database: migrate and load the sample catalogue"
  app env LOG_LEVEL=WARNING "$PY" manage.py migrate --noinput -v0
  app "$PY" manage.py load_sample_catalogue >/dev/null
  app "$PY" manage.py load_sample_activities >/dev/null
elif ! app "$PY" manage.py migrate --check -v0 >/dev/null 2>&1; then
  log "migrate"
  app env LOG_LEVEL=WARNING "$PY" manage.py migrate --noinput -v0
fi

log "collectstatic"
app env LOG_LEVEL=WARNING "$PY" manage.py collectstatic --noinput -v0

log "gunicorn on 127.0.0.1:$APP_PORT"
(cd "$REPO" && exec env -i "${APP_ENV[@]}" "$REPO/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py \
  --bind "127.0.0.1:$APP_PORT" config.wsgi) >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for i in $(seq 1 120); do
  kill -0 "$GUNICORN_PID" 2>/dev/null || { tail -n 30 "$OUT/gunicorn.log" >&2; die "gunicorn exited"; }
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $HOST" "http://127.0.0.1:$APP_PORT/robots.txt" || true)"
  [ "$code" = 000 ] || break
  [ "$i" -lt 120 ] || die "gunicorn did not answer within 60 s"
  sleep 0.5
done

# ------------------------------------------------------------------ nginx: deploy/nginx.conf, local paths
sed -e "s/127\.0\.0\.1:8000/127.0.0.1:$APP_PORT/" \
  -e "s/fuwu\.example\.cn/$HOST/g" \
  -e "s#/etc/ssl/zhujing/#$TLS/#g" \
  -e "s#/srv/zhujing/staticfiles/#$TMP/static/#g" \
  -e "s#/srv/zhujing/media/#$TMP/media/#g" \
  "$REPO/deploy/nginx.conf" >"$TMP/site.conf"
if grep -nE '127\.0\.0\.1:8000|fuwu\.example\.cn|/etc/ssl/zhujing/|/srv/zhujing/' "$TMP/site.conf" >&2 ||
  ! grep -q "127.0.0.1:$APP_PORT" "$TMP/site.conf"; then
  die "deploy/nginx.conf changed shape: the substitutions above no longer cover it (see the sed in run.sh)"
fi
# Debian's /etc/nginx/nginx.conf, with its paths moved to the temp dir, 2 workers and only this site.
cat >"$TMP/nginx.conf" <<EOF
user www-data;
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events {
	worker_connections 768;
}
http {
	sendfile on;
	tcp_nopush on;
	types_hash_max_size 2048;
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
	ssl_prefer_server_ciphers on;
	access_log $TMP/nginx-access.log;
	gzip on;
	client_body_temp_path $TMP/nginx-tmp/body;
	proxy_temp_path $TMP/nginx-tmp/proxy;
	fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
	uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
	scgi_temp_path $TMP/nginx-tmp/scgi;
	include $TMP/site.conf;
}
EOF
nginx -t -q -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" || die "nginx rejects the generated config ($OUT/site.conf)"
log "nginx $(nginx -v 2>&1 | sed 's#.*/##') on :80 and :443"
NGINX_STARTED=1
nginx -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf"
code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.pem" "https://$HOST/" || true)"
[ "$code" = 200 ] || log "warning: https://$HOST/ answers $code"

# ------------------------------------------------------------------ scans
name_of() { local n="${1//[^a-z0-9]/_}"; n="${n#_}"; n="${n%_}"; echo "${n:-home}"; }
report_args=()
for p in "${PAGES[@]}"; do
  n="$(name_of "$p")"
  log "scanning https://$HOST$p"
  (cd "$HERE" && NODE_EXTRA_CA_CERTS="$TLS/ca.pem" node scan-path.mjs "$HOST" "$p") >"$OUT/scan-$n.json" || true
  report_args+=("$p=$OUT/scan-$n.json")
done
# The stock CLI (home page only), to check that scan-path.mjs grades "/" the same.
(cd "$HERE" && NODE_EXTRA_CA_CERTS="$TLS/ca.pem" node "$OBS/src/scan.js" "$HOST") >"$OUT/cli-home.json" || true
for p in "${PAGES[@]}"; do
  echo "\$ curl -sI http://$HOST$p"
  curl -sI "http://$HOST$p" | tr -d '\r'
  echo "\$ curl -sI https://$HOST$p"
  curl -sI --cacert "$TLS/ca.pem" "https://$HOST$p" | tr -d '\r'
done >"$OUT/headers.txt" 2>&1 || true

version="$(node -p "require('$OBS/package.json').version")"
algorithm="$(cd "$OBS" && node --input-type=module -e 'console.log((await import("./src/constants.js")).ALGORITHM_VERSION)')"
commit="$(git -c safe.directory="$REPO" -C "$REPO" log -1 --format=%h 2>/dev/null || echo '?')"
printf 'HTTP Observatory %s (algorithm %s), %s, commit %s\n\n' "$version" "$algorithm" "$(date '+%Y-%m-%d %H:%M %Z')" \
  "$commit" >"$OUT/summary.txt"
rc=0
(cd "$HERE" && node report.mjs "${report_args[@]}" --cli "$OUT/cli-home.json") >>"$OUT/summary.txt" || rc=$?
cat "$OUT/summary.txt"
echo
echo "Scan JSON, response headers and logs: $OUT"
exit "$rc"
