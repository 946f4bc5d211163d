"""Suppliers and customers in the browser, from an empty database: the empty states and their
next step; a supplier made with its contact details, found in the list (mailto: and tel:
links), edited (the phone cleared), its purchase orders (paged, linked) and the link to a new
order for it; a customer made, its units after a delivered and a reserved sales order, each
linked to its trace view, and its CSV downloaded and read; refusals in place (invalid email,
phone, a name taken); not found and a load error with Retry; keyboard focus of the dialogs;
axe and screenshots at desktop and phone size."""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.catalog_helpers import DESKTOP, check_screen, fail_next_graphql, phone_page
from tests.browser.helpers import TODAY_JS, deep_focus

pytestmark = pytest.mark.browser

SUPPLIER = "query($id: ID!) { supplier(id: $id) { name contactPerson email phone address } }"
CUSTOMER = "query($id: ID!) { customer(id: $id) { name contactPerson email phone address } }"


def id_from_url(page: Any, section: str) -> str:
    match = re.search(rf"#/{section}/([^/?]+)$", page.url)
    assert match, page.url
    return match.group(1)


def fill_party(dialog: Any, **values: str) -> None:
    for key, value in values.items():
        dialog.locator(f"[name={key}]").fill(value)


def field_error(dialog: Any, field: str) -> Any:
    """The refusal under a field of a form dialog."""
    return dialog.locator(f"[data-field={field}] .field-error")


def stocked(api: Api, name: str, sku: str, numbers: list[str]) -> None:
    """A tracked item with these numbers received on a new PO."""
    api.product_sku(name, tracked=True, sku=sku)
    order = api.order([(sku, str(len(numbers)))])
    api.assign(order["rows"][0]["id"], numbers)
    api.receive_row(order["rows"][0]["id"])


def test_empty_lists_name_the_next_step(page: Any) -> None:
    page.set_viewport_size(DESKTOP)
    for path, tag, text, button in [
        ("suppliers", "st-supplier-list", "No suppliers yet", "New supplier"),
        ("customers", "st-customer-list", "No customers yet", "New customer"),
    ]:
        page.goto(f"/#/{path}")
        empty = page.locator(f"{tag} [data-testid=empty]")
        expect(empty).to_contain_text(text)
        expect(empty.locator("button.new")).to_have_text(button)
        check_screen(page, f"{path}-empty")
        empty.locator("button.new").click()
        expect(page.locator("st-catalog-form-dialog h2")).to_have_text(button)
        expect(page.locator("st-catalog-form-dialog input[name=name]")).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator("st-catalog-form-dialog")).to_have_count(0)
        assert deep_focus(page) == "button.primary new"


def test_supplier_created_found_edited_and_its_orders(page: Any, api: Api) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/#/suppliers")
    listing = page.locator("st-supplier-list")
    listing.locator(".head button.new").click()
    dialog = page.locator("st-catalog-form-dialog")
    fill_party(
        dialog,
        name="Nordic Motors AB",
        contactPerson="Erik Sandberg",
        email="erik@nordicmotors.example",
        phone="+46 8 555 012 34",
        address="Motorvägen 1\n111 22 Stockholm",
    )
    check_screen(page, "supplier-new-dialog")
    dialog.locator("button.confirm").click()

    detail = page.locator("st-supplier-detail")
    expect(detail.locator("h1")).to_have_text("Nordic Motors AB")
    supplier_id = id_from_url(page, "suppliers")
    details = detail.locator("st-party-details")
    expect(details.locator("dd.contact-person")).to_have_text("Erik Sandberg")
    expect(details.locator("dd.email a")).to_have_attribute(
        "href", "mailto:erik@nordicmotors.example"
    )
    expect(details.locator("dd.phone a")).to_have_attribute("href", "tel:+46855501234")
    expect(details.locator("dd.address")).to_contain_text("111 22 Stockholm")
    assert api.client(SUPPLIER, {"id": supplier_id})["supplier"] == {
        "name": "Nordic Motors AB",
        "contactPerson": "Erik Sandberg",
        "email": "erik@nordicmotors.example",
        "phone": "+46 8 555 012 34",
        "address": "Motorvägen 1\n111 22 Stockholm",
    }
    expect(detail.locator("section.purchase-orders .empty")).to_contain_text(
        "No purchase orders with this supplier yet"
    )
    new_order = detail.locator("a.new-order")
    expect(new_order).to_have_text("New purchase order for this supplier")
    expect(new_order).to_have_attribute(
        "href", f"#/purchase-orders/new?supplier={quote(supplier_id, safe='')}"
    )

    # Found in the list by name, with its contact links; the search is kept in the URL.
    api.supplier("Baltic Electronics OÜ")
    detail.locator("a.back").click()
    rows = listing.locator("tbody tr")
    expect(rows).to_have_count(2)
    listing.locator("input[type=search]").fill("nordic")
    expect(page).to_have_url(re.compile(r"#/suppliers\?search=nordic$"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.contact-person")).to_have_text("Erik Sandberg")
    expect(rows.first.locator("td.email a[href^=mailto]")).to_have_attribute(
        "href", "mailto:erik@nordicmotors.example"
    )
    expect(rows.first.locator("td.phone a")).to_have_attribute("href", "tel:+46855501234")
    check_screen(page, "suppliers")
    rows.first.locator("td.name a").click()

    # Edit: the phone cleared, the contact person changed; the rest stays.
    details.locator("button.edit").click()
    edit = page.locator("st-catalog-form-dialog")
    expect(edit.locator("input[name=phone]")).to_have_value("+46 8 555 012 34")
    check_screen(page, "supplier-edit-dialog")
    fill_party(edit, phone="", contactPerson="Anna Berg")
    edit.locator("button.confirm").click()
    expect(edit).to_have_count(0)
    expect(detail.locator(".notice")).to_contain_text("Nordic Motors AB saved.")
    expect(details.locator("dd.phone")).to_have_text("—")
    expect(details.locator("dd.contact-person")).to_have_text("Anna Berg")
    assert deep_focus(page) == "button.small edit"
    saved = api.client(SUPPLIER, {"id": supplier_id})["supplier"]
    assert saved["phone"] == ""
    assert saved["contactPerson"] == "Anna Berg"
    assert saved["email"] == "erik@nordicmotors.example"
    assert saved["address"] == "Motorvägen 1\n111 22 Stockholm"

    # Its purchase orders, newest first, paged 25 at a time, each linked.
    sku = api.product_sku("Housing", tracked=False, sku="HSG-1")
    orders = [api.order([(sku, "1")], supplier=supplier_id) for _ in range(26)]
    api.order([(sku, "1")])  # another supplier's
    page.reload()
    section = detail.locator("section.purchase-orders")
    order_rows = section.locator("tbody tr")
    expect(order_rows).to_have_count(25)
    expect(section.locator(".section-head .count")).to_have_text("26")
    expect(order_rows.first.locator("td.number")).to_have_text(orders[-1]["number"])
    expect(order_rows.first).to_contain_text("PO")
    expect(order_rows.first).to_contain_text("Not received")
    expect(order_rows.first.locator("td.ordered")).to_have_text(page.evaluate(TODAY_JS))
    section.locator("st-pager button", has_text="Next").click()
    expect(order_rows).to_have_count(1)
    expect(order_rows.first.locator("td.number")).to_have_text(orders[0]["number"])
    check_screen(page, "supplier-detail")
    order_rows.first.locator("td.number a").click()
    expect(page.locator("st-purchase-order-detail h1")).to_have_text(orders[0]["number"])


def test_customer_units_and_their_csv(page: Any, api: Api) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/#/customers")
    listing = page.locator("st-customer-list")
    listing.locator(".head button.new").click()
    dialog = page.locator("st-catalog-form-dialog")
    fill_party(
        dialog,
        name="Helios Robotics",
        contactPerson="Maya Lindqvist",
        email="maya@helios.example",
        phone="+46 31 555 0142",
    )
    dialog.locator("button.confirm").click()
    detail = page.locator("st-customer-detail")
    expect(detail.locator("h1")).to_have_text("Helios Robotics")
    customer_id = id_from_url(page, "customers")
    units = detail.locator("section.units")
    expect(units.locator(".empty")).to_contain_text("No serial-numbered unit")
    new_order = detail.locator("a.new-order")
    expect(new_order).to_have_text("New sales order for this customer")
    expect(new_order).to_have_attribute(
        "href", f"#/sales-orders/new?customer={quote(customer_id, safe='')}"
    )

    # A delivered sales order and one with a unit reserved; another customer's unit.
    stocked(api, "Servo motor", "SRV-1", ["S-1", "S-2", "S-3", "S-4"])
    delivered = api.sales_order(customer_id, [("SRV-1", "2")])
    api.pick(delivered["rows"][0]["id"], ["S-1", "S-2"])
    api.deliver(delivered["id"])
    reserved = api.sales_order(customer_id, [("SRV-1", "1")])
    api.pick(reserved["rows"][0]["id"], ["S-3"])
    other = api.sales_order(api.customer("Vektor Automation"), [("SRV-1", "1")])
    api.pick(other["rows"][0]["id"], ["S-4"])
    page.reload()

    rows = units.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(units.locator(".section-head .count")).to_have_text("3 serial numbers")
    shipped = units.locator("tr[data-number='S-1']")
    expect(shipped).to_contain_text("SRV-1")
    expect(shipped).to_contain_text("Servo motor")
    expect(shipped).to_contain_text("Shipped")
    expect(shipped.locator("td.so a")).to_have_text(delivered["number"])
    expect(shipped.locator("td.delivered")).to_have_text(page.evaluate(TODAY_JS))
    expect(units.locator("tr[data-number='S-3']")).to_contain_text("Reserved")
    expect(units.locator("tr[data-number='S-4']")).to_have_count(0)
    expect(shipped.locator("td.number a")).to_have_attribute("href", "#/trace/SRV-1/S-1")
    sales = detail.locator("section.sales-orders tbody tr")
    expect(sales).to_have_count(2)
    expect(sales.first).to_contain_text(reserved["number"])
    expect(sales.first).to_contain_text("Not shipped")
    expect(sales.nth(1)).to_contain_text(delivered["number"])
    expect(sales.nth(1)).to_contain_text("Delivered")
    check_screen(page, "customer-detail")

    # The export: every unit of this customer, nothing of the other's.
    export = units.locator("a.export-csv")
    expect(export).to_be_visible()
    with page.expect_download() as download_info:
        export.click()
    download = download_info.value
    assert download.suggested_filename == "Helios-Robotics-serial-numbers.csv"
    with open(download.path(), encoding="utf-8-sig") as file:
        records = list(csv.DictReader(io.StringIO(file.read())))
    assert sorted(
        (r["serial_number"], r["sku"], r["status"], r["sales_order"], r["customer"])
        for r in records
    ) == [
        ("S-1", "SRV-1", "SHIPPED", delivered["number"], "Helios Robotics"),
        ("S-2", "SRV-1", "SHIPPED", delivered["number"], "Helios Robotics"),
        ("S-3", "SRV-1", "RESERVED", reserved["number"], "Helios Robotics"),
    ]

    # A number opens its trace view; a sales order its page.
    shipped.locator("td.number a").click()
    expect(page).to_have_url(re.compile(r"#/trace/SRV-1/S-1$"))
    expect(page.locator("st-serial-trace")).to_contain_text("S-1")
    page.go_back()
    sales.nth(1).locator("a").click()
    expect(page.locator("st-sales-order-detail h1")).to_have_text(delivered["number"])

    # The list: the customer with its contact links.
    page.goto("/#/customers?search=helios")
    row = listing.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td.email a[href^=mailto]")).to_have_attribute(
        "href", "mailto:maya@helios.example"
    )
    check_screen(page, "customers")


def test_party_refusals_in_place(page: Any, api: Api) -> None:
    api.customer("Aurora Packaging AS")
    page.set_viewport_size(DESKTOP)
    page.goto("/#/customers")
    listing = page.locator("st-customer-list")
    listing.locator(".head button.new").click()
    dialog = page.locator("st-catalog-form-dialog")

    fill_party(dialog, name="Aurora Packaging AS", email="sales at aurora", phone="call us")
    dialog.locator("button.confirm").click()
    expect(field_error(dialog, "email")).to_have_text(
        "'sales at aurora' is not an email address (name@example.com)."
    )
    expect(field_error(dialog, "phone")).to_contain_text("'call us' is not a phone number")
    email = dialog.locator("input[name=email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_be_focused()
    expect(email).to_have_attribute("aria-describedby", "f-email-error")
    check_screen(page, "customer-new-dialog-refused")
    fill_party(dialog, email="sales@aurora.example", phone="")
    dialog.locator("button.confirm").click()
    expect(field_error(dialog, "name")).to_have_text(
        "A customer named 'Aurora Packaging AS' exists already."
    )
    expect(field_error(dialog, "email")).to_have_count(0)
    fill_party(dialog, name="Aurora Packaging Oy")
    dialog.locator("button.confirm").click()
    detail = page.locator("st-customer-detail")
    expect(detail.locator("h1")).to_have_text("Aurora Packaging Oy")

    # Editing: an invalid email is refused in place and nothing changes.
    detail.locator("st-party-details button.edit").click()
    edit = page.locator("st-catalog-form-dialog")
    fill_party(edit, email="nobody@", name="")
    edit.locator("button.confirm").click()
    expect(field_error(edit, "email")).to_have_text(
        "'nobody@' is not an email address (name@example.com)."
    )
    expect(field_error(edit, "name")).to_have_text("A customer name is required.")
    expect(edit.locator("input[name=name]")).to_be_focused()
    check_screen(page, "customer-edit-dialog-refused")
    edit.locator("button.cancel").click()
    expect(detail.locator("st-party-details dd.email a")).to_have_text("sales@aurora.example")

    # A supplier's name taken.
    api.supplier("Kappa Sensors GmbH")
    page.goto("/#/suppliers")
    page.locator("st-supplier-list .head button.new").click()
    fill_party(dialog, name="Kappa Sensors GmbH")
    dialog.locator("button.confirm").click()
    expect(field_error(dialog, "name")).to_have_text(
        "A supplier named 'Kappa Sensors GmbH' exists already."
    )


def test_parties_not_found_and_load_errors(page: Any, api: Api) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/#/suppliers/bm9wZTox")
    expect(page.locator("st-supplier-detail [data-testid=not-found]")).to_contain_text(
        "Supplier not found"
    )
    check_screen(page, "supplier-not-found")
    page.goto("/#/customers/bm9wZTox")
    expect(page.locator("st-customer-detail [data-testid=not-found]")).to_contain_text(
        "Customer not found"
    )
    check_screen(page, "customer-not-found")

    fail_next_graphql(page, "CustomerList")
    page.goto("/#/customers")
    listing = page.locator("st-customer-list")
    alert = listing.locator("[role=alert]")
    expect(alert).to_contain_text("Could not load customers: The database is busy.")
    alert.locator("button", has_text="Retry").click()
    expect(alert).to_have_count(0)
    expect(listing.locator("tbody tr").first).to_be_visible()

    customer_id = api.customer("Retry Retail")
    fail_next_graphql(page, "CustomerSerialNumbers")
    page.goto(f"/#/customers/{customer_id}")
    units = page.locator("st-customer-detail section.units")
    expect(units.locator("[role=alert]")).to_contain_text(
        "Could not load units: The database is busy."
    )
    units.locator("[role=alert] button", has_text="Retry").click()
    expect(units.locator(".empty")).to_contain_text("No serial-numbered unit")

    supplier_id = api.supplier("Retry Supplies")
    fail_next_graphql(page, "SupplierDetail")
    page.goto(f"/#/suppliers/{supplier_id}")
    detail = page.locator("st-supplier-detail")
    expect(detail.locator("[role=alert]")).to_contain_text(
        "Could not load the supplier: The database is busy."
    )
    detail.locator("[role=alert] button", has_text="Retry").click()
    expect(detail.locator("h1")).to_have_text("Retry Supplies")


def test_party_screens_on_a_phone(browser: Any, server: str, api: Api) -> None:
    supplier_id = api.supplier("Precision Castings Ltd")
    contact = {
        "contactPerson": "Ian Moore",
        "email": "orders@precision-castings.example",
        "phone": "+44 121 496 0321",
    }
    api.client.mutate(
        "updateSupplier",
        "UpdateSupplierInput",
        {"supplierId": supplier_id, "contact": contact},
        "supplier { id }",
    )
    sku = api.product_sku("Casting", tracked=False, sku="CAST-1")
    api.order([(sku, "3")], supplier=supplier_id)
    customer_id = api.customer("Phone Customer AB")
    stocked(api, "Phone sensor", "PS-1", ["PS-0001", "PS-0002"])
    sale = api.sales_order(customer_id, [("PS-1", "2")])
    api.pick(sale["rows"][0]["id"], ["PS-0001", "PS-0002"])
    api.deliver(sale["id"])
    with phone_page(browser, server, api) as page:
        page.goto("/#/suppliers?search=precision")
        listing = page.locator("st-supplier-list")
        expect(listing.locator("tbody tr")).to_have_count(1)
        # On a phone the phone number sits under the email, the contact person under the name.
        expect(listing.locator("td.email .narrow-only a")).to_have_attribute(
            "href", "tel:+441214960321"
        )
        expect(listing.locator("td.name .sub")).to_have_text("Ian Moore")
        check_screen(page, "suppliers-phone")
        listing.locator(".head button.new").tap()
        check_screen(page, "supplier-new-dialog-phone")
        page.locator("st-catalog-form-dialog button.cancel").tap()

        page.goto(f"/#/suppliers/{supplier_id}")
        detail = page.locator("st-supplier-detail")
        expect(detail.locator("section.purchase-orders tbody tr")).to_have_count(1)
        check_screen(page, "supplier-detail-phone")
        detail.locator("st-party-details button.edit").tap()
        edit = page.locator("st-catalog-form-dialog")
        edit.locator("input[name=email]").fill("orders@")
        edit.locator("button.confirm").tap()
        expect(field_error(edit, "email")).to_be_visible()
        check_screen(page, "supplier-edit-dialog-refused-phone")
        page.locator("st-catalog-form-dialog button.cancel").tap()

        page.goto("/#/customers")
        expect(page.locator("st-customer-list tbody tr").first).to_be_visible()
        check_screen(page, "customers-phone")
        page.locator("st-customer-list .head button.new").tap()
        page.locator("st-catalog-form-dialog input[name=name]").fill("Phone Customer AB")
        page.locator("st-catalog-form-dialog button.confirm").tap()
        expect(field_error(page.locator("st-catalog-form-dialog"), "name")).to_contain_text(
            "exists already"
        )
        check_screen(page, "customer-new-dialog-refused-phone")
        page.locator("st-catalog-form-dialog button.cancel").tap()
        page.goto(f"/#/customers/{customer_id}")
        customer = page.locator("st-customer-detail")
        expect(customer.locator("section.units tbody tr")).to_have_count(2)
        expect(customer.locator("section.units a.export-csv")).to_be_visible()
        check_screen(page, "customer-detail-phone")
        customer.locator("st-party-details button.edit").tap()
        check_screen(page, "customer-edit-dialog-phone")
        page.locator("st-catalog-form-dialog button.cancel").tap()
        page.goto("/#/customers/bm9wZTox")
        expect(page.locator("st-customer-detail [data-testid=not-found]")).to_be_visible()
        check_screen(page, "customer-not-found-phone")
