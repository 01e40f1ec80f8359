"""Fixtures for the spam client's tests: a real Akismet-compatible server on 127.0.0.1 and
clients pointed at it; no database, no mocked requests."""

from collections.abc import Iterator

import pytest
import requests

from comments.spam.client import AkismetClient
from tests.akismet_server import AkismetTestServer
from tests.comments.spam_client.support import API_KEY, BLOG, MakeClient


@pytest.fixture
def akismet_server() -> Iterator[AkismetTestServer]:
    with AkismetTestServer(valid_key=API_KEY) as server:
        yield server


@pytest.fixture
def make_client(akismet_server: AkismetTestServer) -> Iterator[MakeClient]:
    sessions: list[requests.Session] = []

    def make(**overrides: object) -> AkismetClient:
        session = requests.Session()
        # Ignore proxy variables from the environment: tests talk to 127.0.0.1 only.
        session.trust_env = False
        sessions.append(session)
        settings = {
            "api_key": API_KEY,
            "blog": BLOG,
            "api_url": akismet_server.url,
            "is_test": True,
            "session": session,
            **overrides,
        }
        return AkismetClient(**settings)

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def client(make_client: MakeClient) -> AkismetClient:
    return make_client()
