"""Products, variants, suppliers and customers: what is bought and sold, from and to whom."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.domain.db import atomic, flat, locked
from backend.domain.errors import CatalogErrorCode as Code
from backend.domain.errors import DomainError, Problem
from backend.domain.patterns import check_pattern, stored
from backend.models import (
    Customer,
    Product,
    PurchaseOrderRow,
    SalesOrderRow,
    SerialNumber,
    Supplier,
    Variant,
)

NAME_LIMIT = 200
SKU_LIMIT = 64
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9+()./\- ]+")


@dataclass(frozen=True)
class VariantInput:
    sku: str
    name: str = ""
    numbering_pattern: str | None = None  # None or "": the product's


@dataclass(frozen=True)
class Contact:
    """Who to reach at a supplier or customer (about a recall, a late delivery); all optional.
    In an update, None leaves a field as it is and "" clears it."""

    contact_person: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


_CONTACT_LIMITS = {"contact_person": 200, "email": 254, "phone": 50, "address": 1000}
_CONTACT_FIELDS = {
    "contact_person": "contactPerson",
    "email": "email",
    "phone": "phone",
    "address": "address",
}


def _required(
    value: str, field: str, what: str, limit: int, index: int | None = None
) -> list[Problem]:
    text = value.strip()
    if not text:
        return [Problem(Code.REQUIRED, f"{what} is required.", field=field, index=index)]
    if len(text) > limit:
        return [
            Problem(
                Code.TOO_LONG,
                f"{what} has {len(text)} characters; the most is {limit}.",
                field=field,
                index=index,
            )
        ]
    return []


def _check_contact(contact: Contact) -> list[Problem]:
    problems: list[Problem] = []
    for name, limit in _CONTACT_LIMITS.items():
        value = getattr(contact, name)
        if value is None:
            continue
        text = value.strip()
        field = _CONTACT_FIELDS[name]
        label = name.replace("_", " ")
        if len(text) > limit:
            problems.append(
                Problem(
                    Code.TOO_LONG,
                    f"The {label} has {len(text)} characters; the most is {limit}.",
                    field=field,
                )
            )
        elif name == "email" and text and not _EMAIL.fullmatch(text):
            problems.append(
                Problem(
                    Code.INVALID_EMAIL,
                    f"{text!r} is not an email address (name@example.com).",
                    field=field,
                )
            )
        elif (
            name == "phone"
            and text
            and not (_PHONE.fullmatch(text) and any(c.isdigit() for c in text))
        ):
            problems.append(
                Problem(
                    Code.INVALID_PHONE,
                    f"{text!r} is not a phone number: digits, spaces and + - ( ) . / only.",
                    field=field,
                )
            )
    return problems


def _contact_values(contact: Contact) -> dict[str, str]:
    return {
        f.name: getattr(contact, f.name).strip()
        for f in fields(contact)
        if getattr(contact, f.name) is not None
    }


Party = TypeVar("Party", Supplier, Customer)


async def _name_taken(
    model: type[Party], name: str, what: str, conn: BaseDBAsyncClient, exclude: int | None = None
) -> None:
    query = model.filter(name=name).using_db(conn)
    if exclude is not None:
        query = query.exclude(id=exclude)
    if await query.exists():
        raise DomainError(
            [Problem(Code.NAME_EXISTS, f"A {what} named {name!r} exists already.", field="name")]
        )


async def _create_party(model: type[Party], name: str, contact: Contact, what: str) -> Party:
    problems = _required(name, "name", f"A {what} name", NAME_LIMIT) + _check_contact(contact)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Party:
        await _name_taken(model, name.strip(), what, conn)
        return await model.create(name=name.strip(), **_contact_values(contact), using_db=conn)

    return await atomic(work)


async def _update_party(
    model: type[Party], party_id: int, name: str | None, contact: Contact, what: str, field: str
) -> Party:
    problems = _required(name, "name", f"A {what} name", NAME_LIMIT) if name is not None else []
    problems += _check_contact(contact)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Party:
        party = await locked(model.filter(id=party_id), conn)
        if party is None:
            raise DomainError([Problem(Code.NOT_FOUND, f"The {what} was not found.", field=field)])
        changes = _contact_values(contact)
        if name is not None:
            await _name_taken(model, name.strip(), what, conn, exclude=party.id)
            changes["name"] = name.strip()
        for key, value in changes.items():
            setattr(party, key, value)
        if changes:
            await party.save(using_db=conn, update_fields=list(changes))
        return party

    return await atomic(work)


async def create_supplier(name: str, contact: Contact | None = None) -> Supplier:
    return await _create_party(Supplier, name, contact or Contact(), "supplier")


async def create_customer(name: str, contact: Contact | None = None) -> Customer:
    return await _create_party(Customer, name, contact or Contact(), "customer")


async def update_supplier(
    supplier_id: int, name: str | None = None, contact: Contact | None = None
) -> Supplier:
    return await _update_party(
        Supplier, supplier_id, name, contact or Contact(), "supplier", "supplierId"
    )


async def update_customer(
    customer_id: int, name: str | None = None, contact: Contact | None = None
) -> Customer:
    return await _update_party(
        Customer, customer_id, name, contact or Contact(), "customer", "customerId"
    )


def _check_variants(variants: list[VariantInput]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, variant in enumerate(variants):
        sku = variant.sku.strip()
        problems += _required(sku, "variants.sku", f"Variant {index + 1}'s SKU", SKU_LIMIT, index)
        if len(variant.name.strip()) > NAME_LIMIT:
            problems.append(
                Problem(
                    Code.TOO_LONG,
                    f"Variant {index + 1}'s name is over {NAME_LIMIT} characters.",
                    field="variants.name",
                    index=index,
                )
            )
        if sku and sku.lower() in seen:
            problems.append(
                Problem(
                    Code.DUPLICATE_SKU,
                    f"SKU {sku} is given twice (variants {seen[sku.lower()] + 1} and {index + 1}).",
                    field="variants.sku",
                    index=index,
                )
            )
        seen.setdefault(sku.lower(), index)
        problems += check_pattern(
            variant.numbering_pattern, field="variants.numberingPattern", codes=Code, index=index
        )
    return problems


async def _skus_taken(
    skus: list[str], conn: BaseDBAsyncClient, exclude: int | None = None
) -> list[Problem]:
    """SKUs are unique in any case: `srv-1` is taken when `SRV-1` exists."""
    wanted = {s.lower() for s in skus}
    query = Variant.all().using_db(conn)
    if exclude is not None:
        query = query.exclude(id=exclude)
    # A case-insensitive look-up of the few SKUs given; SKU is unique, so this stays small.
    found: set[str] = set()
    for sku in wanted:
        found |= {s.lower() for s in await flat(query.filter(sku__iexact=sku), "sku", str)}
    return [
        Problem(Code.SKU_EXISTS, f"SKU {sku} exists already.", field="variants.sku", index=i)
        for i, sku in enumerate(skus)
        if sku.lower() in found
    ]


async def create_product(
    name: str,
    serial_tracked: bool,
    variants: list[VariantInput],
    numbering_pattern: str | None = None,
) -> Product:
    problems = _required(name, "name", "A product name", NAME_LIMIT)
    problems += check_pattern(numbering_pattern, field="numberingPattern", codes=Code)
    if not variants:
        problems.append(
            Problem(Code.REQUIRED, "A product needs at least one variant.", field="variants")
        )
    problems += _check_variants(variants)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Product:
        skus = [v.sku.strip() for v in variants]
        if taken := await _skus_taken(skus, conn):
            raise DomainError(taken)
        product = await Product.create(
            name=name.strip(),
            serial_tracked=serial_tracked,
            numbering_pattern=stored(numbering_pattern),
            using_db=conn,
        )
        await Variant.bulk_create(
            [
                Variant(
                    product=product,
                    sku=v.sku.strip(),
                    name=v.name.strip() or name.strip(),
                    numbering_pattern=stored(v.numbering_pattern),
                )
                for v in variants
            ],
            using_db=conn,
        )
        return product

    return await atomic(work)


async def _lock_product(product_id: int, conn: BaseDBAsyncClient) -> Product:
    product = await locked(Product.filter(id=product_id), conn)
    if product is None:
        raise DomainError(
            [Problem(Code.NOT_FOUND, "The product was not found.", field="productId")]
        )
    return product


async def _tracking_problems(
    product: Product, tracked: bool, conn: BaseDBAsyncClient
) -> list[Problem]:
    """Tracking can be switched only while no variant has serial numbers; switching it on also
    needs every order row of the product to be in whole units."""
    held = await SerialNumber.filter(variant__product_id=product.id).using_db(conn).count()
    if held:
        return [
            Problem(
                Code.TRACKING_LOCKED,
                f"{product.name} has {held} serial number{'s' if held != 1 else ''}; "
                "serial tracking can be switched only while none of its variants has "
                "any.",
                field="serialTracked",
            )
        ]
    if not tracked:
        return []
    rows = [
        *await flat(
            PurchaseOrderRow.filter(variant__product_id=product.id).using_db(conn),
            "quantity",
            Decimal,
        ),
        *await flat(
            SalesOrderRow.filter(variant__product_id=product.id).using_db(conn), "quantity", Decimal
        ),
    ]
    broken = [q for q in rows if q != q.to_integral_value()]
    if broken:
        return [
            Problem(
                Code.INVALID_QUANTITY,
                f"{len(broken)} order row{'s' if len(broken) != 1 else ''} of "
                f"{product.name} {'have' if len(broken) != 1 else 'has'} a quantity in "
                f"part units (e.g. {broken[0].normalize()}); serial-tracked items take "
                "whole units only.",
                field="serialTracked",
            )
        ]
    return []


async def update_product(
    product_id: int,
    name: str | None = None,
    serial_tracked: bool | None = None,
    numbering_pattern: str | None = None,
) -> Product:
    """None leaves a field as it is; a numbering pattern of "" clears it."""
    problems = _required(name, "name", "A product name", NAME_LIMIT) if name is not None else []
    problems += check_pattern(numbering_pattern, field="numberingPattern", codes=Code)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Product:
        product = await _lock_product(product_id, conn)
        changed: list[str] = []
        if serial_tracked is not None and serial_tracked != product.serial_tracked:
            if problems := await _tracking_problems(product, serial_tracked, conn):
                raise DomainError(problems)
            product.serial_tracked = serial_tracked
            changed.append("serial_tracked")
        if name is not None and name.strip() != product.name:
            product.name = name.strip()
            changed.append("name")
        if numbering_pattern is not None:
            product.numbering_pattern = stored(numbering_pattern)
            changed.append("numbering_pattern")
        if changed:
            await product.save(using_db=conn, update_fields=changed)
        return product

    return await atomic(work)


async def add_variants(product_id: int, variants: list[VariantInput]) -> Product:
    problems = (
        []
        if variants
        else [Problem(Code.REQUIRED, "Name at least one variant to add.", field="variants")]
    )
    problems += _check_variants(variants)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Product:
        product = await _lock_product(product_id, conn)
        if taken := await _skus_taken([v.sku.strip() for v in variants], conn):
            raise DomainError(taken)
        made = [
            Variant(
                product=product,
                sku=v.sku.strip(),
                name=v.name.strip() or product.name,
                numbering_pattern=stored(v.numbering_pattern),
            )
            for v in variants
        ]
        for variant in made:
            await variant.save(using_db=conn)
        return product

    return await atomic(work)


async def update_variant(
    variant_id: int,
    sku: str | None = None,
    name: str | None = None,
    numbering_pattern: str | None = None,
) -> Variant:
    """None leaves a field as it is; a numbering pattern of "" clears it (the product's
    applies again)."""
    problems = check_pattern(numbering_pattern, field="numberingPattern", codes=Code)
    if sku is not None:
        problems += _required(sku, "sku", "The SKU", SKU_LIMIT)
    if name is not None:
        problems += _required(name, "name", "The variant name", NAME_LIMIT)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Variant:
        variant = await locked(Variant.filter(id=variant_id), conn)
        if variant is None:
            raise DomainError(
                [Problem(Code.NOT_FOUND, "The variant was not found.", field="variantId")]
            )
        changed: list[str] = []
        if sku is not None and sku.strip() != variant.sku:
            taken = await _skus_taken([sku.strip()], conn, exclude=variant.id)
            if taken:
                raise DomainError(
                    [Problem(Code.SKU_EXISTS, f"SKU {sku.strip()} exists already.", field="sku")]
                )
            variant.sku = sku.strip()
            changed.append("sku")
        if name is not None and name.strip() != variant.name:
            variant.name = name.strip()
            changed.append("name")
        if numbering_pattern is not None:
            variant.numbering_pattern = stored(numbering_pattern)
            changed.append("numbering_pattern")
        if changed:
            await variant.save(using_db=conn, update_fields=changed)
        return variant

    return await atomic(work)
