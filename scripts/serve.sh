#!/usr/bin/env bash
# Production-like local server: DEBUG off, hashed and compressed static files, gunicorn on 127.0.0.1.
# Plain HTTP on loopback, so the HTTPS redirect and HSTS are off; everything else is as deployed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh heif,photos
[ -f .serve-secret ] || (head -c 48 /dev/urandom | base64 | tr -d '\n=' > .serve-secret && chmod 600 .serve-secret)
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$(cat .serve-secret)" \
  DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
  DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0 DJANGO_SERVE_MEDIA="${DJANGO_SERVE_MEDIA:-1}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_demo
echo "Expedition (production settings) at http://${HOST:-127.0.0.1}:${PORT:-8000}/"
exec .venv/bin/gunicorn -c expedition/gunicorn.conf.py -b "${HOST:-127.0.0.1}:${PORT:-8000}"
