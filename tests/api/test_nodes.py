"""Relay Global Object Identification: `node(id:)` / `nodes(ids:)` give back anything by the ID
an answer carried, batched; the IDs the API always gave stay valid."""

from __future__ import annotations

from support.builders import Scenario
from tests.api.test_reading import counting_queries

NODE = """... on Node { id __typename }
    ... on PurchaseOrder { number }
    ... on PurchaseOrderRow { quantity }
    ... on SerialNumber { number }
    ... on Variant { sku }
    ... on Supplier { name }"""


def test_node_gives_back_each_kind_by_its_id(scenario: Scenario) -> None:
    sku = scenario.product_sku("Node server", True)
    order = scenario.order([(sku, 2)])
    row = order["rows"][0]
    serial = scenario.assign(row["id"], ["N-1"])["serialNumbers"][0]
    variant = scenario.client(
        "query($s: String!) { variants(search: $s) { edges { node { id } } } }", {"s": sku}
    )["variants"]["edges"][0]["node"]["id"]
    supplier = scenario.client(
        "query($id: ID!) { purchaseOrder(id: $id) { supplier { id } } }", {"id": order["id"]}
    )["purchaseOrder"]["supplier"]["id"]
    expected = {
        order["id"]: ("PurchaseOrder", "number", order["number"]),
        row["id"]: ("PurchaseOrderRow", "quantity", "2"),
        serial["id"]: ("SerialNumber", "number", "N-1"),
        variant: ("Variant", "sku", sku),
        supplier: ("Supplier", "name", order["supplier"]["name"]),
    }
    for id_, (typename, field, value) in expected.items():
        found = scenario.client(f"query($id: ID!) {{ node(id: $id) {{ {NODE} }} }}", {"id": id_})[
            "node"
        ]
        assert (found["__typename"], found["id"], found[field]) == (typename, id_, value)


def test_nodes_keeps_the_order_asked_and_answers_null_for_what_is_not_there(
    scenario: Scenario,
) -> None:
    order = scenario.order([(scenario.product_sku("Nodes", False), 1)])
    found = scenario.client(
        f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ {NODE} }} }}",
        {"ids": [order["rows"][0]["id"], "not-an-id", order["id"], order["id"]]},
    )["nodes"]
    assert [n and n["__typename"] for n in found] == [
        "PurchaseOrderRow",
        None,
        "PurchaseOrder",
        "PurchaseOrder",
    ]


def test_nodes_refuses_more_than_100_ids_with_a_clear_error(scenario: Scenario) -> None:
    body = scenario.client.execute(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["x"] * 101}
    )
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "101" in error["message"] and "100" in error["message"]


def test_nodes_loads_each_kind_in_one_query_whatever_the_count(scenario: Scenario) -> None:
    orders = [scenario.order([(scenario.product_sku(f"Batch {i}", False), 1)]) for i in range(6)]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on PurchaseOrder { number } } }"
    counts = []
    for size in (2, 6):
        with counting_queries() as counter:
            found = scenario.client(query, {"ids": [o["id"] for o in orders[:size]]})["nodes"]
        assert [n["number"] for n in found] == [o["number"] for o in orders[:size]]
        counts.append(len([s for s in counter.statements if "purchase_order" in s]))
    assert counts[0] == counts[1] == 1


def test_users_and_tokens_are_nodes_for_admins_only(scenario: Scenario) -> None:
    viewer = scenario.client.as_role("VIEWER", "node-viewer")
    me = viewer("{ me { id } }")["me"]["id"]
    query = "query($id: ID!) { node(id: $id) { id ... on User { username } } }"
    assert scenario.client(query, {"id": me})["node"] == {"id": me, "username": "node-viewer"}
    assert viewer(query, {"id": me})["node"] is None


def test_a_token_fetched_as_a_node_names_its_user(scenario: Scenario) -> None:
    owner = scenario.client.as_role("OPERATOR", "token-owner")
    owner_id = owner("{ me { id } }")["me"]["id"]
    made = scenario.client.mutate(
        "createApiToken",
        "CreateApiTokenInput",
        {"name": "ERP sync", "userId": owner_id},
        "token { id }",
    )
    query = """query($id: ID!) { node(id: $id) { id
        ... on ApiToken { name user { id username role } } } }"""
    assert scenario.client(query, {"id": made["token"]["id"]})["node"] == {
        "id": made["token"]["id"],
        "name": "ERP sync",
        "user": {"id": owner_id, "username": "token-owner", "role": "OPERATOR"},
    }
