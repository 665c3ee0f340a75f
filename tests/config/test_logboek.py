"""Personal links are keys: their tokens never reach a log, neither Django's request log nor
gunicorn's access log."""

import logging

from django.test import Client

from config import logboek


def test_maskeren_laat_het_pad_en_verbergt_het_token():
    assert logboek.maskeren("Bad Request: /uitnodiging/abcDEF_123-x/") == (
        "Bad Request: /uitnodiging/…/"
    )
    assert logboek.maskeren("/trainingen/inschrijving/geheim?x=1") == (
        "/trainingen/inschrijving/…?x=1"
    )
    assert logboek.maskeren("/trainingen/12/") == "/trainingen/12/"


def test_django_request_log_noemt_geen_token(caplog, db):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get("/uitnodiging/dit-is-een-geheim-token/")  # unknown: 404 is logged
    assert caplog.records, "verwacht een regel van django.request"
    assert all("dit-is-een-geheim-token" not in r.getMessage() for r in caplog.records)


def test_gunicorn_toegangslog_maskeert(monkeypatch):
    monkeypatch.setattr(
        logboek._GunicornLogger,
        "atoms",
        lambda self, resp, req, environ, request_time: {
            "U": "/trainingen/inschrijving/geheim/",
            "r": "GET /uitnodiging/geheim/ HTTP/1.1",
            "s": "200",
        },
    )
    atoms = logboek.GunicornLogger.atoms(object.__new__(logboek.GunicornLogger), 0, 0, {}, 0)
    assert "geheim" not in atoms["U"] and "geheim" not in atoms["r"]
