FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cspr_site.settings.production \
    GUNICORN_BIND=0.0.0.0:8000

# The site never needs root at run time.
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so editing the code does not reinstall them.
# --require-hashes refuses any package whose hash is not in the lock file.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt

COPY --chown=app:app . .

# media exists in the image owned by app, so a fresh named volume mounted
# there inherits that ownership and uploads can be written.
RUN mkdir -p /app/media /app/staticfiles && chown app:app /app/media /app/staticfiles

USER app

# Production settings refuse to load without a secret key and allowed hosts.
# These values exist ONLY for this build step and are not kept in the image;
# the real ones are supplied at run time.
RUN DJANGO_SETTINGS_MODULE=cspr_site.settings.production \
    DJANGO_SECRET_KEY=build-only-not-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

EXPOSE 8000

# Workers, timeouts and logging: gunicorn.conf.py, tuned from the environment (WEB_CONCURRENCY).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "cspr_site.wsgi:application"]
