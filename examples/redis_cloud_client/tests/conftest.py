import pytest

from rcclient import RedisCloudClient, requests_transport


@pytest.fixture
def in_process(mock_api, mock_api_client):
    """The client over mock_api's in-process test client; sleeping moves the mock's clock."""

    def transport(method, path, body):
        response = mock_api_client.request(method, path, json=body)
        return response.status_code, response.get_json()

    return RedisCloudClient(transport, sleep=mock_api.advance)


@pytest.fixture
def live(mock_api_live):
    """The client over real HTTP to the session's live server, with this test's own account."""
    transport = requests_transport(mock_api_live.v1_url, mock_api_live.key, mock_api_live.secret)
    return RedisCloudClient(transport, sleep=mock_api_live.advance)
