"""Account users (the console's users) over HTTP, in both link profiles: updated and deleted as
tasks; the owner — whose API key the requests carry — cannot change its own role nor delete itself."""
from __future__ import annotations

from family_support import api, finished, links_of

__all__ = ["api"]  # the fixture, in both link profiles


def task(api, response):
    return finished(api, response, 200)  # account users' tasks answer 200, as the spec says


def read_until(api, path, wanted, max_reads=5):
    for _ in range(max_reads):
        response = api.get(path)
        if wanted(response):
            return response
    raise AssertionError(f"{path}: {response.status_code} {response.get_json()}")


def test_a_member_is_updated_then_deleted(api):
    owner, member = api.get("/users").get_json()["users"]
    path = f"/users/{member['id']}"
    updated = task(api, api.put(path, json={"name": "Renamed", "role": "Viewer"}))
    assert (updated["commandType"], updated["status"]) == ("accountUserUpdateRequest", "processing-completed")
    assert updated["response"] == {"resourceId": member["id"]}
    assert links_of(updated) == ["resource", "self"]  # the user answers GET
    body = api.get(path).get_json()
    assert (body["name"], body["email"], "status" in body) == ("Renamed", member["email"], False)

    deleted = task(api, api.delete(path))
    assert (deleted["commandType"], deleted["response"]) == ("accountUserDeleteRequest", {"resourceId": member["id"]})
    # A user is read at once (no task, no poll): its deprovisioning ends by the clock (10 s, the default profile).
    assert api.get(path).status_code == 200
    assert api.client.post("/_mock/clock/advance", json={"seconds": 10}).status_code == 200
    assert api.get(path).status_code == 404
    assert [user["id"] for user in api.get("/users").get_json()["users"]] == [owner["id"]]
    again = task(api, api.delete(path))
    assert again["response"]["error"] == {"type": "USER_NOT_FOUND", "status": "404 NOT_FOUND",
                                          "description": "User was not found"}


def test_the_owner_keeps_its_role_and_itself(api):
    owner = api.get("/users").get_json()["users"][0]
    path = f"/users/{owner['id']}"
    assert task(api, api.put(path, json={"name": "Boss"}))["status"] == "processing-completed"
    refused = task(api, api.put(path, json={"name": "Boss", "role": "Viewer"}))
    assert refused["response"]["error"]["type"] == "USER_CANNOT_UPDATE_IT_IS_OWN_ROLE"
    assert task(api, api.delete(path))["response"]["error"]["type"] == "USER_CANNOT_DELETE_OWN_USER"
    body = read_until(api, path, lambda r: r.get_json().get("name") == "Boss").get_json()
    assert body["role"] == "Owner"


def test_bodies_are_checked_against_the_official_schema(api):
    member = api.get("/users").get_json()["users"][1]
    assert api.put(f"/users/{member['id']}", json={"role": "Viewer"}).status_code == 400  # `name` is required
    assert api.put(f"/users/{member['id']}", json={"name": "x", "role": "Emperor"}).status_code == 400
    assert api.get("/tasks").get_json()["tasks"] == []
