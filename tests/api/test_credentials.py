"""Sign-in throttling (per account and per address, a lockout the right password does not
bypass) and credentials that end with their account: deactivation and new passwords revoke
sessions, links and tokens; tokens expire and can be read-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.domain import throttle, users
from backend.models import Credential, SignInThrottle
from support.client import Client

PASSWORD = "correct horse battery"


def _user(client: Client, name: str, role: str = "OPERATOR") -> str:
    made = client(
        """mutation($input: CreateUserInput!) { createUser(input: $input) {
        user { id } errors { code } } }""",
        {"input": {"username": name, "role": role, "password": PASSWORD}},
    )["createUser"]
    assert made["errors"] == []
    return made["user"]["id"]


def _sign_in(client: Client, name: str, password: str):  # noqa: ANN202
    return client.http.post(
        "/auth/sign-in",
        json={"username": name, "password": password},
        headers={"Authorization": ""},
    )


def test_failed_sign_ins_slow_down_and_the_right_password_waits_too(client: Client) -> None:
    _user(client, "maya")
    for _ in range(throttle.ACCOUNT.free):
        assert _sign_in(client, "maya", "wrong password").status_code == 401
    assert client.run(_blocked_for, "account:maya") == 0  # the free attempts cost no wait
    for _ in range(3):  # each failure past the free ones doubles the wait: 1 s, 2 s, 4 s
        assert _sign_in(client, "maya", "wrong password").status_code == 401
        client.run(_unblock, "account:maya")
    assert _sign_in(client, "maya", "wrong password").status_code == 401
    assert 4 < client.run(_blocked_for, "account:maya") <= 8  # the fourth: 8 s
    blocked = _sign_in(client, "maya", PASSWORD)
    assert blocked.status_code == 429
    assert 4 < int(blocked.headers["retry-after"]) <= 8
    assert "Too many failed sign-ins for this account" in blocked.json()["error"]
    assert "serialtrace_session" not in blocked.cookies
    client.run(_unblock, "account:maya")  # the wait is over
    assert _sign_in(client, "maya", PASSWORD).status_code == 200
    assert client.run(_blocked_for, "account:maya") is None  # a success starts afresh


async def _blocked_for(key: str) -> float | None:
    row = await SignInThrottle.filter(key=key).first()
    if row is None:
        return None
    if row.blocked_until is None:
        return 0
    return (row.blocked_until - datetime.now(UTC)).total_seconds()


async def _unblock(key: str) -> None:
    """As if the wait had passed (without waiting in the test)."""
    await SignInThrottle.filter(key=key).update(blocked_until=datetime.now(UTC))
    throttle.forget()  # what this process remembers of blocks


def test_a_lockout_holds_against_the_right_password(client: Client) -> None:
    _user(client, "erik")

    async def nearly_locked() -> None:
        await SignInThrottle.create(
            key="account:erik",
            failures=throttle.ACCOUNT.lock_at - 1,
            last_failure_at=datetime.now(UTC),
        )

    client.run(nearly_locked)
    assert _sign_in(client, "erik", "guess").status_code == 401  # the 10th failure
    locked = _sign_in(client, "erik", PASSWORD)
    assert locked.status_code == 429
    assert 14 * 60 < int(locked.headers["retry-after"]) <= 15 * 60
    assert "15 minutes" in locked.json()["error"]


def test_many_accounts_tried_from_one_address_are_throttled_there(client: Client) -> None:
    _user(client, "kadri")

    async def busy_address() -> None:
        await SignInThrottle.create(
            key="address:testclient",
            failures=throttle.ADDRESS.lock_at - 1,
            last_failure_at=datetime.now(UTC),
        )

    client.run(busy_address)
    assert _sign_in(client, "nobody-1", "x").status_code == 401
    refused = _sign_in(client, "kadri", PASSWORD)
    assert refused.status_code == 429
    assert "network address" in refused.json()["error"]


def test_deactivating_a_user_ends_its_tokens_and_links_for_good(client: Client) -> None:
    user_id = _user(client, "ola")

    async def credentials() -> tuple[str, str]:
        user = await users.User.get(username="ola")
        token = (await users.issue(user, users.TOKEN, "erp")).secret
        link = (await users.issue(user, users.LINK, "link", users.LINK_LIFETIME)).secret
        return token, link

    token, link = client.run(credentials)
    as_ola = Client(client.transport, token)
    assert as_ola("{ me { username } }") == {"me": {"username": "ola"}}

    update = """mutation($input: UpdateUserInput!) { updateUser(input: $input) {
        user { active } errors { code } } }"""
    client(update, {"input": {"userId": user_id, "active": False}})
    client(update, {"input": {"userId": user_id, "active": True}})
    assert (
        as_ola.execute("{ purchaseOrders { totalCount } }")["errors"][0]["extensions"]["code"]
        == "UNAUTHENTICATED"
    )
    assert client.http.get(f"/auth/link/{link}", follow_redirects=False).status_code == 404


def test_a_new_password_ends_tokens_unless_the_admin_keeps_them(client: Client) -> None:
    user_id = _user(client, "jonas")

    async def token() -> str:
        return (await users.issue(await users.User.get(username="jonas"), users.TOKEN, "x")).secret

    update = """mutation($input: UpdateUserInput!) { updateUser(input: $input) {
        errors { code } } }"""
    kept = Client(client.transport, client.run(token))
    client(
        update, {"input": {"userId": user_id, "password": "another long one", "keepTokens": True}}
    )
    assert kept("{ me { username } }")["me"]["username"] == "jonas"
    client(update, {"input": {"userId": user_id, "password": "yet another one"}})
    assert (
        kept.execute("{ purchaseOrders { totalCount } }")["errors"][0]["extensions"]["code"]
        == "UNAUTHENTICATED"
    )


def test_tokens_expire_and_can_be_read_only(client: Client) -> None:
    create = """mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
        secret token { expiresAt scope } errors { code field } } }"""
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    made = client(create, {"input": {"name": "reports", "expiresAt": soon, "scope": "VIEWER"}})[
        "createApiToken"
    ]
    assert made["errors"] == [] and made["token"]["scope"] == "VIEWER"
    reader = Client(client.transport, made["secret"])
    assert reader("{ purchaseOrders { totalCount } }")["purchaseOrders"]["totalCount"] == 0
    refused = reader.execute("""mutation { createSupplier(input: {name: "X"}) {
        errors { code } } }""")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "VIEWER" in refused["errors"][0]["message"]

    past = client(create, {"input": {"name": "old", "expiresAt": "2020-01-01T00:00:00Z"}})[
        "createApiToken"
    ]
    assert past["errors"] == [{"code": "INVALID_DATE", "field": "expiresAt"}]
    operator_id = _user(client, "op2")
    above = client(
        """mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
        errors { code field } } }""",
        {"input": {"name": "x", "userId": operator_id, "scope": "ADMIN"}},
    )["createApiToken"]
    assert above["errors"] == [{"code": "INVALID_SCOPE", "field": "scope"}]

    async def expire() -> None:  # as if the hour had passed
        await Credential.filter(name="reports").update(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)
        )

    client.run(expire)
    expired = reader.execute("{ purchaseOrders { totalCount } }")
    assert expired["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
