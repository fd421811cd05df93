# Spotlight's production image: gunicorn serves the site, whitenoise its static files; the same
# image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
RUN useradd --system --create-home --uid 1000 spotlight

COPY pyproject.toml constraints.txt README.md ./
RUN pip install --no-cache-dir -c constraints.txt .

COPY . .
# collectstatic needs settings to load, not real secrets or reachable services.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build \
    SPOTLIGHT_BASE_URL=https://build.invalid DATABASE_URL=postgres://build@build/build \
    REDIS_URL=redis://build:6379/0 python manage.py collectstatic --noinput

USER spotlight
EXPOSE 8000
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
