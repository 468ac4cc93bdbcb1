"""What the family tests share: the app in both link profiles, request bodies (Active-Active and GCP
subscriptions, the catalog's region ids) and the calls that run a task to its end."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION, Api, wait_for_status
from mock_api import create_app

# The catalog's ids of the regions the tests use (GET /regions).
REGION_IDS = {"us-east-1": 1, "us-east-2": 59, "us-west-2": 3, "eu-west-1": 4, "us-central1": 27, "us-east1": 38}
AA_REGIONS = ("us-east-1", "us-east-2")


def throughput(region, ops=1000):
    return {"region": region, "readOperationsPerSecond": ops, "writeOperationsPerSecond": ops}


def active_active(provider="AWS", regions=AA_REGIONS):
    return {"name": "aa", "deploymentType": "active-active", "paymentMethodId": 1,
            "cloudProviders": [{"provider": provider, "regions": [
                {"region": name, "networking": {"deploymentCIDR": f"10.0.{index}.0/24"}}
                for index, name in enumerate(regions)]}],
            "databases": [{"name": "plan-db", "protocol": "redis", "datasetSizeInGb": 1,
                           "localThroughputMeasurement": [throughput(name) for name in regions]}]}


def single_region(provider="AWS", region="us-east-1"):
    return {**SUBSCRIPTION, "cloudProviders": [{"provider": provider, "regions": [{"region": region}]}]}


AA_SUBSCRIPTION = active_active()
GCP_SUBSCRIPTION = single_region("GCP", "us-central1")
GCP_AA_SUBSCRIPTION = active_active("GCP", ("us-central1", "us-east1"))


@pytest.fixture(params=["hal", "v1"])
def api(request):
    """The app in each link profile (import it as the module's `api` fixture)."""
    return Api(create_app(links=request.param).test_client())


def links_of(body):
    return [link["rel"] for link in body["links"]] if "links" in body else list(body["_links"])


def finished(api, response, code):
    """The task of a creating answer (of this status code), polled until it is finished."""
    assert response.status_code == code, response.get_json()
    return api.run_task(response)


def completed(api, response, code):
    body = finished(api, response, code)
    assert body["status"] == "processing-completed", body
    return body


def error_of(api, response, code):
    """(type, status) of the error a finished task carries."""
    body = finished(api, response, code)
    assert body["status"] == "processing-error", body
    return body["response"]["error"]["type"], body["response"]["error"]["status"]


def new_subscription(api, body):
    """A subscription created and waited for until active; its id."""
    sub = completed(api, api.post("/subscriptions", json=body), 202)["response"]["resourceId"]
    wait_for_status(api, f"/subscriptions/{sub}", "active")
    return sub
