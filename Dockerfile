# Production image: gunicorn with uvicorn workers for web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=werkplekleren.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app

WORKDIR /app
COPY . .
# Editable install: code, templates, static files and locale stay together under /app.
RUN pip install -e .
# collectstatic needs settings to import; these values exist only during the build.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && chown -R app:app /app
USER app

EXPOSE 8000
# gunicorn.conf.py is the one web-server configuration (uvicorn workers: HTTP + WebSockets).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "werkplekleren.asgi:application"]
