"""``--anonymize``: account ids, resource ids and names replaced by fake ones, consistently (the same
real value always gets the same fake, across every task, path and text of one recording).

What counts:

* ids: the value of a field named ``id`` or ``…Id`` (``accountId``, ``subscriptionId``,
  ``paymentMethodId``…; not ``taskId``), a path parameter, or a numeric path segment — when it is
  1000 or more (smaller ids are the service's built-in objects, such as cloud account 1 or the
  default ACL rules, and identify nobody). Fakes start at 9000001.
* names: the value of ``name`` and of the account's other naming fields (``accountName``,
  ``userName``, ``email``…). Fakes are ``name-1``, ``name-2``…
* inside any other text (error descriptions, additionalInfo, response values): every known id as a
  whole number and every known name of 4 characters or more as a whole word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .observations import ObservedOutcome, ObservedStep, ResourceObservation, TaskObservation

NAME_KEYS = frozenset({"name", "accountName", "subscriptionName", "databaseName", "userName", "username", "email",
                       "ownerName", "displayName"})
SMALLEST_ID = 1000
FIRST_FAKE_ID = 9_000_001
_NUMBER = re.compile(r"(?<!\d)\d{4,18}(?!\d)")  # ids fit in 18 digits; longer runs are not ids
MAX_DEPTH = 64


def _is_id_key(key: str) -> bool:
    return key != "taskId" and (key == "id" or key.endswith("Id"))


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        number = int(value)
    else:
        return None
    return number if number >= SMALLEST_ID else None


class Anonymizer:
    def __init__(self) -> None:
        self._ids: dict[int, int] = {}
        self._names: dict[str, str] = {}
        self._name_pattern: re.Pattern | None = None

    # ------------------------------------------------------------ learning what to replace

    def learn(self, observations: Iterable[TaskObservation], paths: Iterable[str] = ()) -> None:
        """Registers every id and name, in the order met (so fakes are numbered the same every run)."""
        for observation in observations:
            self._learn_path(observation.path)
            for value in observation.params.values():
                self._learn_id(value)
            self._learn_value(observation.body)
            self._learn_value(observation.outcome.response)
            if observation.resource is not None:
                self._learn_path(observation.resource.path)
        for path in paths:
            self._learn_path(path)
        names = sorted((n for n in self._names if len(n) >= 4), key=len, reverse=True)
        self._name_pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in names)) \
            if names else None

    def _learn_id(self, value: Any) -> None:
        number = _as_id(value)
        if number is not None and number not in self._ids:
            self._ids[number] = FIRST_FAKE_ID + len(self._ids)

    def _learn_path(self, path: str) -> None:
        for segment in path.split("/"):
            self._learn_id(segment)

    def _learn_value(self, value: Any, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                if _is_id_key(str(key)):
                    self._learn_id(item)
                elif str(key) in NAME_KEYS and isinstance(item, str) and item and item not in self._names:
                    self._names[item] = f"name-{len(self._names) + 1}"
                else:
                    self._learn_value(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                self._learn_value(item, depth + 1)

    # ------------------------------------------------------------ replacing

    def text(self, text: str) -> str:
        text = _NUMBER.sub(lambda m: str(self._ids.get(int(m.group()), m.group())), text)
        if self._name_pattern is not None:
            text = self._name_pattern.sub(lambda m: self._names[m.group()], text)
        return text

    def path(self, path: str) -> str:
        return "/".join(self.text(segment) if _as_id(segment) is not None else segment for segment in path.split("/"))

    def value(self, value: Any, key: str = "", depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            return value
        if isinstance(value, dict):
            return {k: self.value(item, str(k), depth + 1) for k, item in value.items()}
        if isinstance(value, list):
            return [self.value(item, key, depth + 1) for item in value]
        if _is_id_key(key) and _as_id(value) is not None:
            self._learn_id(value)  # an id met only now (e.g. in an error) is replaced all the same
            fake = self._ids[_as_id(value)]
            return fake if isinstance(value, int) else str(fake)
        if isinstance(value, str):
            return self._names[value] if key in NAME_KEYS and value in self._names else self.text(value)
        return value

    def observation(self, observation: TaskObservation) -> TaskObservation:
        outcome = observation.outcome
        return replace(
            observation,
            path=self.path(observation.path),
            params={name: self.text(value) for name, value in observation.params.items()},
            body=self.value(observation.body),
            steps=self._steps(observation.steps),
            outcome=ObservedOutcome(error=self.value(outcome.error) if outcome.error is not None else None,
                                    additional_info=self.text(outcome.additional_info)
                                    if outcome.additional_info else outcome.additional_info,
                                    response=self.value(outcome.response) if outcome.response is not None else None),
            resource=None if observation.resource is None else self._resource(observation.resource))

    def _steps(self, steps: Iterable[ObservedStep]) -> tuple:
        return tuple(replace(step, description=self.text(step.description)) if step.description else step
                     for step in steps)

    def _resource(self, resource: ResourceObservation) -> ResourceObservation:
        return replace(resource, path=self.path(resource.path), steps=self._steps(resource.steps))


def anonymize(observations: list[TaskObservation], paths: Iterable[str] = ()) -> Anonymizer:
    """An anonymizer that knows every id and name of these observations and paths."""
    anonymizer = Anonymizer()
    anonymizer.learn(observations, list(paths))
    return anonymizer
