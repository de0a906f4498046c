"""WSGI entry point for gunicorn: `gunicorn zhujing_center.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhujing_center.settings")

application = get_wsgi_application()
