"""The accounts a store knows, by key pair, key, id, and by the tasks they own.

Secrets are kept as digests. In open mode (no --accounts) every new key pair is an account, and at
most ``max_accounts`` of them are kept: the least recently used is forgotten first. Not locked by
itself: the store calls it under its own lock.
"""
from __future__ import annotations

import hmac
from collections import OrderedDict
from collections.abc import Callable

from .records import Account, secret_digest


class AccountRegistry:
    def __init__(self, adopt: Callable[[Account], None], open_mode: bool, max_accounts: int):
        self._adopt = adopt  # readies an account the registry takes in (its clock, its seed resources)
        self.open_mode = open_mode
        self.max_accounts = max_accounts
        self._by_pair: OrderedDict[tuple[str, str], Account] = OrderedDict()  # least recently used first
        self._by_key: dict[str, Account] = {}
        self._by_id: dict[int, Account] = {}
        self._task_owner: dict[str, Account] = {}
        self._next_id = 1001

    @property
    def next_id(self) -> int:
        return self._next_id

    def add(self, key: str, digest: str, account_id: int | None = None, configured: bool = False) -> Account:
        if account_id is None:
            account_id = self._next_id
        self._next_id = max(self._next_id, account_id) + 1
        account = Account(account_id, key, digest, configured)
        self.take(account)
        return account

    def take(self, account: Account) -> None:
        """Register an account built elsewhere (a snapshot) with its tasks."""
        self._adopt(account)
        self._by_pair[(account.key, account.secret)] = account
        self._by_key[account.key] = account
        self._by_id[account.id] = account
        self._next_id = max(self._next_id, account.id + 1)
        for task_id in account.tasks:
            self._task_owner[task_id] = account

    def add_id_floor(self, next_id: int) -> None:
        """Ids of new accounts start at least at ``next_id`` (a snapshot's counter)."""
        self._next_id = max(self._next_id, next_id)

    def authenticate(self, key: str, secret: str) -> Account | None:
        digest = secret_digest(secret)
        account = self._by_pair.get((key, digest))
        if account is not None:
            self._by_pair.move_to_end((key, digest))
            return account
        if not self.open_mode:
            known = self._by_key.get(key)
            if known is not None:  # constant-time compare, for form's sake
                hmac.compare_digest(known.secret, digest)
            return None
        while len(self._by_pair) >= self.max_accounts:
            self.forget(next(iter(self._by_pair.values())))
        return self.add(key, digest)

    def lookup(self, key: str, secret: str) -> Account | None:
        return self._by_pair.get((key, secret_digest(secret)))

    def forget(self, account: Account) -> None:
        if self._by_pair.get((account.key, account.secret)) is account:
            del self._by_pair[(account.key, account.secret)]
        if self._by_key.get(account.key) is account:
            del self._by_key[account.key]
        if self._by_id.get(account.id) is account:
            del self._by_id[account.id]
        self.untrack_tasks(account)
        account.clear()

    def all(self) -> list[Account]:
        return list(self._by_pair.values())

    def by_id(self, account_id: int) -> Account | None:
        return self._by_id.get(account_id)

    def owner_of_task(self, task_id: str) -> Account | None:
        return self._task_owner.get(task_id)

    def track_task(self, task_id: str, account: Account) -> None:
        self._task_owner[task_id] = account

    def untrack_task(self, task_id: str) -> None:
        self._task_owner.pop(task_id, None)

    def untrack_tasks(self, account: Account) -> None:
        for task_id in account.tasks:
            self._task_owner.pop(task_id, None)

    def clear(self) -> None:
        self._by_pair.clear()
        self._by_key.clear()
        self._by_id.clear()
        self._task_owner.clear()
