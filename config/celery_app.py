import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("spotlight")
# Every Celery option is a Django setting named CELERY_<OPTION>.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
