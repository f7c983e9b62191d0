#!/usr/bin/env bash
# Load test on loopback: gunicorn with production settings, wrk against the demo gallery and a
# trivial Django view (/robots.txt) on the same server in the same run, page cache on, then off.
#
#   bench/load.sh            (needs wrk: apt-get install wrk)
#
# Bounded: each measurement is 20 s with 64 connections, only to 127.0.0.1. Prints requests per
# second, non-2xx counts and the gallery/trivial ratio for each cache setting. With SOAK_SECONDS=N
# (e.g. 180) it then loads the gallery for N seconds while an editor imports photos into it, and
# prints the errors and each worker's resident memory at the start and the end.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}; CONNECTIONS=${CONNECTIONS:-64}; WORKERS=${WORKERS:-3}
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
scripts/bootstrap.sh heif >/dev/null
work=$(mktemp -d); server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9)" \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0 \
  DATABASE_URL=${DATABASE_URL:-sqlite:///$work/db.sqlite3} MEDIA_ROOT=$work/media STATIC_ROOT=$work/static \
  GALLERIES_LATER_FORMATS=none LOG_FORMAT=text
if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/14}; fi
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_demo --size 1500x1000 >/dev/null
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

measure() {  # measure PATH -> "requests/s non2xx"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port$1")
  local rps non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}'); non2xx=${non2xx:-0}
  local errors; errors=$(echo "$out" | awk '/Socket errors/ {print $0}')
  echo "$rps $non2xx ${errors:+($errors)}"
}

echo "gunicorn: $WORKERS workers on 127.0.0.1:$port; cache: ${REDIS_URL:-local memory}; wrk: $CONNECTIONS connections, $DURATION each"
for seconds in 60 0; do
  GALLERIES_PAGE_CACHE_SECONDS=$seconds .venv/bin/gunicorn -c expedition/gunicorn.conf.py \
    -b "127.0.0.1:$port" -w "$WORKERS" --access-logfile /dev/null >"$work/gunicorn.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/missions/expedition-56/"  # warm the cache and the workers
  read -r trivial trivial_bad _ < <(measure /robots.txt)
  read -r gallery gallery_bad _ < <(measure /missions/expedition-56/)
  label=$([ "$seconds" = 0 ] && echo "page cache off" || echo "page cache on ")
  ratio=$(awk -v g="$gallery" -v t="$trivial" 'BEGIN { printf "%.2f", g / t }')
  echo "$label: trivial view $trivial req/s (non-2xx: $trivial_bad), gallery $gallery req/s (non-2xx: $gallery_bad), ratio ${ratio}x"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done

[ "${SOAK_SECONDS:-0}" -gt 0 ] || exit 0
# No worker recycling during the soak, so any growth in memory shows.
GALLERIES_PAGE_CACHE_SECONDS=60 .venv/bin/gunicorn -c expedition/gunicorn.conf.py --max-requests 0 \
  -b "127.0.0.1:$port" -w "$WORKERS" --access-logfile /dev/null >"$work/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/missions/expedition-56/"; done
workers_rss() { ps -o rss= --ppid "$server" | awk '{printf "%d ", $1 / 1024}'; }
before=$(workers_rss)
mkdir -p "$work/uploads"
( end=$((SECONDS + SOAK_SECONDS - 5)); n=0
  while [ $SECONDS -lt $end ]; do
    n=$((n + 1))
    .venv/bin/python -c "from PIL import Image; Image.effect_noise((1600, 1000), 40).convert('RGB').save('$work/uploads/soak-$n.jpg', quality=85)"
    .venv/bin/python manage.py import_gallery "$work/uploads" --mission expedition-56 --credit "Bench Editor/NASA" >/dev/null 2>&1 || true
  done; echo "$n" > "$work/uploaded" ) &
editor=$!
read -r gallery gallery_bad _ < <(DURATION=${SOAK_SECONDS}s measure /missions/expedition-56/)
wait "$editor" || true
after=$(workers_rss)
echo "soak ${SOAK_SECONDS}s: gallery $gallery req/s (non-2xx: $gallery_bad) while an editor imported $(cat "$work/uploaded") photos; worker RSS MB: $before-> $after"
kill "$server"; wait "$server" 2>/dev/null || true; server=""
