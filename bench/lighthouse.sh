#!/usr/bin/env bash
# Lighthouse scores of the home, gallery and photo pages, mobile and desktop, on the demo (with the
# real public-domain photos of the `photos` extra) served with production settings by gunicorn.
# Prints one row per page and form factor: performance, accessibility, best practices, SEO, CLS, LCP.
#
# Usage: [PAGES="/ /missions/x/"] bench/lighthouse.sh            (installs Lighthouse into bench/.tools on first use: npm registry)
# Needs Chromium (/usr/bin/chromium, or CHROME_PATH) and Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8765}"
tools=bench/.tools
[ -x "$tools/node_modules/.bin/lighthouse" ] || npm install --prefix "$tools" --no-audit --no-fund --silent lighthouse@12
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
scripts/bootstrap.sh heif,photos

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:///$work/db.sqlite3" MEDIA_ROOT="$work/media" STATIC_ROOT="$work/static" \
  DJANGO_DEBUG=0 DJANGO_SECRET_KEY="lighthouse-bench-$(head -c 16 /dev/urandom | base64)" \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0 DJANGO_SERVE_MEDIA=1
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_demo >/dev/null
photo=$(.venv/bin/python manage.py shell --no-imports -c \
  "from galleries.models import Photo; print(Photo.objects.published().filter(mission__slug='from-the-archives').in_order().first().get_absolute_url())" | tail -1)
.venv/bin/gunicorn -c expedition/gunicorn.conf.py -b "127.0.0.1:$PORT" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$PORT"
printf '%-44s %-8s %5s %5s %5s %5s %7s %7s\n' page form perf a11y bp seo CLS LCP_ms
for path in ${PAGES:-/ /missions/from-the-archives/ /missions/expedition-56/ "$photo"}; do
  for form in mobile desktop; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    "$tools/node_modules/.bin/lighthouse" "$base$path" "${preset[@]}" --quiet --output=json \
      --output-path="$work/report.json" --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >"$work/lighthouse.log" 2>&1 \
      || { echo "$path $form: Lighthouse failed: $(tail -1 "$work/lighthouse.log")"; continue; }
    node -e '
      const r = require(process.argv[1]);
      const c = r.categories, a = r.audits, pct = (k) => Math.round(c[k].score * 100);
      console.log([process.argv[2].padEnd(44), process.argv[3].padEnd(8), pct("performance"), pct("accessibility"),
        pct("best-practices"), pct("seo"), a["cumulative-layout-shift"].numericValue.toFixed(3),
        Math.round(a["largest-contentful-paint"].numericValue)].map(String).map((s, i) => i > 1 ? s.padStart(5) : s).join(" "));
      for (const [k, cat] of Object.entries(c)) for (const ref of cat.auditRefs)
        if (ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 1 && k !== "performance")
          console.log("    " + k + ": " + ref.id + " (" + a[ref.id].title + ")");
    ' "$work/report.json" "$path" "$form"
  done
done
