import pytest


@pytest.mark.django_db
def test_it_reports_ok_when_the_database_and_broker_answer(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_down(client, settings, unused_tcp_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{unused_tcp_port}/0"

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


@pytest.mark.django_db
def test_it_answers_probes_that_use_an_unlisted_host_name(client):
    response = client.get("/healthz/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_other_pages_still_refuse_unlisted_host_names(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
