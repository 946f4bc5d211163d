"""Products, variants, suppliers and customers."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.domain.db import atomic
from backend.domain.errors import CatalogErrorCode as Code
from backend.domain.errors import DomainError, Problem
from backend.models import Customer, Product, Supplier, Variant


@dataclass(frozen=True)
class VariantInput:
    sku: str
    name: str = ""


def _required(value: str, field: str, what: str, limit: int, index: int | None = None) -> list:
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


async def _create_named(model: type[Supplier] | type[Customer], name: str, what: str):
    problems = _required(name, "name", f"A {what} name", 200)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient):
        if await model.filter(name=name.strip()).using_db(conn).exists():
            raise DomainError([Problem(Code.NAME_EXISTS,
                                       f"A {what} named {name.strip()!r} exists already.",
                                       field="name")])
        return await model.create(name=name.strip(), using_db=conn)

    return await atomic(work)


async def create_supplier(name: str) -> Supplier:
    return await _create_named(Supplier, name, "supplier")


async def create_customer(name: str) -> Customer:
    return await _create_named(Customer, name, "customer")


async def create_product(name: str, serial_tracked: bool, variants: list[VariantInput]) -> Product:
    problems = _required(name, "name", "A product name", 200)
    if not variants:
        problems.append(
            Problem(Code.REQUIRED, "A product needs at least one variant.", field="variants")
        )
    seen: dict[str, int] = {}
    for index, variant in enumerate(variants):
        sku = variant.sku.strip()
        problems += _required(sku, "variants.sku", f"Variant {index + 1}'s SKU", 64, index)
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
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> Product:
        skus = [v.sku.strip() for v in variants]
        taken = set(
            await Variant.filter(sku__in=skus).using_db(conn).values_list("sku", flat=True)
        )
        if taken:
            raise DomainError(
                [
                    Problem(Code.SKU_EXISTS, f"SKU {sku} exists already.", field="variants.sku",
                            index=i)
                    for i, sku in enumerate(skus)
                    if sku in taken
                ]
            )
        product = await Product.create(
            name=name.strip(), serial_tracked=serial_tracked, using_db=conn
        )
        await Variant.bulk_create(
            [
                Variant(product=product, sku=v.sku.strip(), name=v.name.strip() or name.strip())
                for v in variants
            ],
            using_db=conn,
        )
        return product

    return await atomic(work)
