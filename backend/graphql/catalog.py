"""Products and their variants, suppliers and customers: the lists and pages the app shows,
and their changes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend import ids
from backend.domain import catalog, lookups, queries
from backend.graphql.context import Info
from backend.graphql.errors import CatalogError
from backend.graphql.expected import exactly_one
from backend.graphql.mutations import mutation, query
from backend.graphql.pagination import Connection, paginate
from backend.graphql.types import Customer, Product, Supplier, Variant

# --- inputs and payloads ------------------------------------------------------------------


@strawberry.input
class VariantInput:
    sku: str = strawberry.field(description="Unique in any case, at most 64 characters.")
    name: str = strawberry.field(default="", description="Default: the product's name.")
    numbering_pattern: str | None = strawberry.field(
        default=None, description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "Null or empty: the product's.")


@strawberry.input
class CreateProductInput:
    name: str
    serial_tracked: bool = False
    variants: list[VariantInput]
    numbering_pattern: str | None = strawberry.field(
        default=None, description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "The default of its variants; null: none.")


@strawberry.input
class UpdateProductInput:
    product_id: strawberry.ID
    name: str | None = None
    serial_tracked: bool | None = strawberry.field(
        default=None, description="Switched only while no variant has serial numbers (else "
        "TRACKING_LOCKED); on also needs every order row of the product in whole units.")
    numbering_pattern: str | None = strawberry.field(
        default=None, description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "Null leaves it; an empty text clears it.")


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[CatalogError] = strawberry.field(default_factory=list)


@strawberry.input
class AddVariantsInput:
    product_id: strawberry.ID
    variants: list[VariantInput]


@strawberry.input
class UpdateVariantInput:
    variant_id: strawberry.ID
    sku: str | None = None
    name: str | None = None
    numbering_pattern: str | None = strawberry.field(
        default=None, description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "Null leaves it; an empty text clears it (the product's applies).")


@strawberry.type
class VariantPayload:
    variant: Variant | None = None
    errors: list[CatalogError] = strawberry.field(default_factory=list)


@strawberry.input
class ContactInput:
    """In an update, a field left out (or null) stays as it is; an empty string clears it."""

    contact_person: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


def _contact(value: ContactInput | None) -> catalog.Contact:
    if value is None:
        return catalog.Contact()
    return catalog.Contact(value.contact_person, value.email, value.phone, value.address)


@strawberry.input
class CreateSupplierInput:
    name: str
    contact: ContactInput | None = None


@strawberry.input
class UpdateSupplierInput:
    supplier_id: strawberry.ID
    name: str | None = None
    contact: ContactInput | None = None


@strawberry.type
class SupplierPayload:
    supplier: Supplier | None = None
    errors: list[CatalogError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCustomerInput:
    name: str
    contact: ContactInput | None = None


@strawberry.input
class UpdateCustomerInput:
    customer_id: strawberry.ID
    name: str | None = None
    contact: ContactInput | None = None


@strawberry.type
class CustomerPayload:
    customer: Customer | None = None
    errors: list[CatalogError] = strawberry.field(default_factory=list)


# --- queries ------------------------------------------------------------------------------


@strawberry.type
class CatalogQuery:
    @query(description="Products by name, or by a variant's SKU or name; alphabetical.")
    async def products(
        self, search: str | None = None, serial_tracked: bool | None = None,
        first: int | None = None, after: str | None = None,
        last: int | None = None, before: str | None = None,
    ) -> Connection[Product]:
        return await paginate(queries.products(search, serial_tracked), queries.BY_NAME, first,
                              after, lambda m: Product(m=m), last, before)

    @query(description="One product by its ID; null when none has it.")
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        pk = ids.decode("Product", id)
        found = await info.context.loaders.product.load(pk) if pk else None
        return Product(m=found) if found else None

    @query(description="Variants by SKU or name, alphabetical by SKU (the order forms' item "
           "search).")
    async def variants(
        self, search: str | None = None, serial_tracked: bool | None = None,
        first: int | None = None, after: str | None = None,
        last: int | None = None, before: str | None = None,
    ) -> Connection[Variant]:
        return await paginate(queries.variants(search, serial_tracked), queries.BY_SKU, first,
                              after, lambda m: Variant(m=m), last, before)

    @query(description="One variant, by `id` or by `sku` (any case): give exactly one. Null "
           "when none matches.")
    async def variant(
        self, info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(
            description="The variant's ID.")] = None,
        sku: Annotated[str | None, strawberry.argument(
            description="The variant's SKU, e.g. `SRV-100`.")] = None,
    ) -> Variant | None:
        if exactly_one(id=id, sku=sku) == "sku":
            found = await lookups.variant_by_sku(sku or "")
        else:
            pk = ids.decode("Variant", id or "")
            found = await info.context.loaders.variant.load(pk) if pk else None
        return Variant(m=found) if found else None

    @query(description="Suppliers by name, alphabetical.")
    async def suppliers(
        self, search: str | None = None, first: int | None = None, after: str | None = None,
        last: int | None = None, before: str | None = None,
    ) -> Connection[Supplier]:
        return await paginate(queries.suppliers(search), queries.BY_NAME, first, after,
                              lambda m: Supplier(m=m), last, before)

    @query(description="One supplier, by `id` or by its exact `name` (any case): give exactly "
           "one. Null when none matches.")
    async def supplier(
        self, info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(
            description="The supplier's ID.")] = None,
        name: Annotated[str | None, strawberry.argument(
            description="The whole name, in any case (for part of it: `suppliers(search:)`).")
        ] = None,
    ) -> Supplier | None:
        if exactly_one(id=id, name=name) == "name":
            found = await lookups.supplier_by_name(name or "")
        else:
            pk = ids.decode("Supplier", id or "")
            found = await info.context.loaders.supplier.load(pk) if pk else None
        return Supplier(m=found) if found else None

    @query(description="Customers by name, alphabetical.")
    async def customers(
        self, search: str | None = None, first: int | None = None, after: str | None = None,
        last: int | None = None, before: str | None = None,
    ) -> Connection[Customer]:
        return await paginate(queries.customers(search), queries.BY_NAME, first, after,
                              lambda m: Customer(m=m), last, before)

    @query(description="One customer, by `id` or by its exact `name` (any case): give exactly "
           "one. Null when none matches.")
    async def customer(
        self, info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(
            description="The customer's ID.")] = None,
        name: Annotated[str | None, strawberry.argument(
            description="The whole name, in any case (for part of it: `customers(search:)`).")
        ] = None,
    ) -> Customer | None:
        if exactly_one(id=id, name=name) == "name":
            found = await lookups.customer_by_name(name or "")
        else:
            pk = ids.decode("Customer", id or "")
            found = await info.context.loaders.customer.load(pk) if pk else None
        return Customer(m=found) if found else None


# --- mutations ----------------------------------------------------------------------------


@strawberry.type
class CatalogMutation:
    @mutation()
    async def create_product(self, input: CreateProductInput) -> ProductPayload:
        product = await catalog.create_product(
            input.name, input.serial_tracked,
            [catalog.VariantInput(v.sku, v.name, v.numbering_pattern) for v in input.variants],
            input.numbering_pattern)
        return ProductPayload(product=Product(m=product))

    @mutation()
    async def update_product(self, input: UpdateProductInput) -> ProductPayload:
        product = await catalog.update_product(ids.decode_or_missing("Product", input.product_id),
                                               input.name, input.serial_tracked,
                                               input.numbering_pattern)
        return ProductPayload(product=Product(m=product))

    @mutation(description="Adds variants to a product; all or none.")
    async def add_variants(self, input: AddVariantsInput) -> ProductPayload:
        product = await catalog.add_variants(
            ids.decode_or_missing("Product", input.product_id),
            [catalog.VariantInput(v.sku, v.name, v.numbering_pattern) for v in input.variants])
        return ProductPayload(product=Product(m=product))

    @mutation()
    async def update_variant(self, input: UpdateVariantInput) -> VariantPayload:
        variant = await catalog.update_variant(ids.decode_or_missing("Variant", input.variant_id),
                                               input.sku, input.name,
                                               input.numbering_pattern)
        return VariantPayload(variant=Variant(m=variant))

    @mutation()
    async def create_supplier(self, input: CreateSupplierInput) -> SupplierPayload:
        supplier = await catalog.create_supplier(input.name, _contact(input.contact))
        return SupplierPayload(supplier=Supplier(m=supplier))

    @mutation()
    async def update_supplier(self, input: UpdateSupplierInput) -> SupplierPayload:
        supplier = await catalog.update_supplier(
            ids.decode_or_missing("Supplier", input.supplier_id), input.name,
            _contact(input.contact))
        return SupplierPayload(supplier=Supplier(m=supplier))

    @mutation()
    async def create_customer(self, input: CreateCustomerInput) -> CustomerPayload:
        customer = await catalog.create_customer(input.name, _contact(input.contact))
        return CustomerPayload(customer=Customer(m=customer))

    @mutation()
    async def update_customer(self, input: UpdateCustomerInput) -> CustomerPayload:
        customer = await catalog.update_customer(
            ids.decode_or_missing("Customer", input.customer_id), input.name,
            _contact(input.contact))
        return CustomerPayload(customer=Customer(m=customer))
