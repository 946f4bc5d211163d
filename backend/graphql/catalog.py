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


@strawberry.input(description="A new variant of a product: its SKU, name and numbering pattern.")
class VariantInput:
    sku: str = strawberry.field(description="Unique in any case, at most 64 characters.")
    name: str = strawberry.field(default="", description="Default: the product's name.")
    numbering_pattern: str | None = strawberry.field(
        default=None,
        description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "Null or empty: the product's.",
    )


@strawberry.input(description="A new product with its first variants, written all or none.")
class CreateProductInput:
    name: str = strawberry.field(
        description="The product's name, 1 to 200 characters, trimmed (REQUIRED, TOO_LONG)."
    )
    serial_tracked: bool = strawberry.field(
        default=False,
        description="Whether each unit gets a serial number (for all its "
        "variants); then order quantities must be whole. Default: false.",
    )
    variants: list[VariantInput] = strawberry.field(
        description="At least one (REQUIRED); SKUs unique in the input (DUPLICATE_SKU) and in "
        "the catalogue (SKU_EXISTS), compared in any case."
    )
    numbering_pattern: str | None = strawberry.field(
        default=None,
        description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "The default of its variants; null: none.",
    )


@strawberry.input(description="Changes to a product; a field left out (or null) stays as it is.")
class UpdateProductInput:
    product_id: strawberry.ID = strawberry.field(
        description="The product, by its ID (NOT_FOUND when it names none)."
    )
    name: str | None = strawberry.field(
        default=None, description="A new name, 1 to 200 characters, trimmed; null leaves it."
    )
    serial_tracked: bool | None = strawberry.field(
        default=None,
        description="Switched only while no variant has serial numbers (else "
        "TRACKING_LOCKED); on also needs every order row of the product in whole units.",
    )
    numbering_pattern: str | None = strawberry.field(
        default=None,
        description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "Null leaves it; an empty text clears it.",
    )


@strawberry.type(description="The product after the change, or why nothing changed.")
class ProductPayload:
    product: Product | None = strawberry.field(
        default=None, description="The product as it is now; null when refused."
    )
    errors: list[CatalogError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(description="New variants for an existing product.")
class AddVariantsInput:
    product_id: strawberry.ID = strawberry.field(
        description="The product, by its ID (NOT_FOUND when it names none)."
    )
    variants: list[VariantInput] = strawberry.field(
        description="At least one (REQUIRED); each SKU new in any case (DUPLICATE_SKU in the "
        "input, SKU_EXISTS in the catalogue)."
    )


@strawberry.input(description="Changes to a variant; a field left out (or null) stays as it is.")
class UpdateVariantInput:
    variant_id: strawberry.ID = strawberry.field(
        description="The variant, by its ID (NOT_FOUND when it names none)."
    )
    sku: str | None = strawberry.field(
        default=None,
        description="A new SKU, 1 to 64 characters, not taken by another variant "
        "in any case (SKU_EXISTS). Its serial numbers and history stay with the variant.",
    )
    name: str | None = strawberry.field(
        default=None, description="A new name, 1 to 200 characters, trimmed."
    )
    numbering_pattern: str | None = strawberry.field(
        default=None,
        description="The numbering pattern generated serial numbers follow, e.g. "
        "`SN-{YYYY}-{#####}`: literal text, `{YYYY}` `{YY}` `{MM}` `{DD}` and one zero-padded "
        "counter (as many digits as `#`). INVALID_PATTERN when it can't be used. "
        "Null leaves it; an empty text clears it (the product's applies).",
    )


@strawberry.type(description="The variant after the change, or why nothing changed.")
class VariantPayload:
    variant: Variant | None = strawberry.field(
        default=None, description="The variant as it is now; null when refused."
    )
    errors: list[CatalogError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(
    description="Who to reach at a supplier or customer; every field is "
    "optional. In an update, a field left out (or null) stays as it is; an empty "
    "string clears it."
)
class ContactInput:
    contact_person: str | None = strawberry.field(
        default=None, description="The person to ask for, at most 200 characters (TOO_LONG)."
    )
    email: str | None = strawberry.field(
        default=None,
        description="An email address `name@domain.tld`, at most 254 characters "
        "(INVALID_EMAIL, TOO_LONG).",
    )
    phone: str | None = strawberry.field(
        default=None,
        description="Digits, spaces and `+ - ( ) . /`, with at least one digit, at "
        "most 50 characters (INVALID_PHONE, TOO_LONG).",
    )
    address: str | None = strawberry.field(
        default=None,
        description="The postal address, lines separated by line breaks, at most "
        "1000 characters (TOO_LONG).",
    )


def _contact(value: ContactInput | None) -> catalog.Contact:
    if value is None:
        return catalog.Contact()
    return catalog.Contact(value.contact_person, value.email, value.phone, value.address)


@strawberry.input(description="A new supplier.")
class CreateSupplierInput:
    name: str = strawberry.field(
        description="The name, 1 to 200 characters, trimmed, not taken by another supplier "
        "(NAME_EXISTS)."
    )
    contact: ContactInput | None = strawberry.field(
        default=None, description="Who to reach there; every field may be left out."
    )


@strawberry.input(description="Changes to a supplier; a field left out (or null) stays as it is.")
class UpdateSupplierInput:
    supplier_id: strawberry.ID = strawberry.field(
        description="The supplier, by its ID (NOT_FOUND when it names none)."
    )
    name: str | None = strawberry.field(
        default=None,
        description="A new name, 1 to 200 characters, trimmed, not taken by "
        "another supplier (NAME_EXISTS).",
    )
    contact: ContactInput | None = strawberry.field(
        default=None,
        description="Contact fields to change: left out stays, an empty string clears.",
    )


@strawberry.type(description="The supplier after the change, or why nothing changed.")
class SupplierPayload:
    supplier: Supplier | None = strawberry.field(
        default=None, description="The supplier as it is now; null when refused."
    )
    errors: list[CatalogError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(description="A new customer.")
class CreateCustomerInput:
    name: str = strawberry.field(
        description="The name, 1 to 200 characters, trimmed, not taken by another customer "
        "(NAME_EXISTS)."
    )
    contact: ContactInput | None = strawberry.field(
        default=None, description="Who to reach there; every field may be left out."
    )


@strawberry.input(description="Changes to a customer; a field left out (or null) stays as it is.")
class UpdateCustomerInput:
    customer_id: strawberry.ID = strawberry.field(
        description="The customer, by its ID (NOT_FOUND when it names none)."
    )
    name: str | None = strawberry.field(
        default=None,
        description="A new name, 1 to 200 characters, trimmed, not taken by "
        "another customer (NAME_EXISTS).",
    )
    contact: ContactInput | None = strawberry.field(
        default=None,
        description="Contact fields to change: left out stays, an empty string clears.",
    )


@strawberry.type(description="The customer after the change, or why nothing changed.")
class CustomerPayload:
    customer: Customer | None = strawberry.field(
        default=None, description="The customer as it is now; null when refused."
    )
    errors: list[CatalogError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


# --- queries ------------------------------------------------------------------------------


@strawberry.type
class CatalogQuery:
    @query(description="Products by name, or by a variant's SKU or name; alphabetical.")
    async def products(
        self,
        search: str | None = None,
        serial_tracked: bool | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Product]:
        return await paginate(
            queries.products(search, serial_tracked),
            queries.BY_NAME,
            first,
            after,
            lambda m: Product(m=m),
            last,
            before,
        )

    @query(description="One product by its ID; null when none has it.")
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        pk = ids.decode("Product", id)
        found = await info.context.loaders.product.load(pk) if pk else None
        return Product(m=found) if found else None

    @query(
        description="Variants by SKU or name, alphabetical by SKU (the order forms' item search)."
    )
    async def variants(
        self,
        search: str | None = None,
        serial_tracked: bool | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Variant]:
        return await paginate(
            queries.variants(search, serial_tracked),
            queries.BY_SKU,
            first,
            after,
            lambda m: Variant(m=m),
            last,
            before,
        )

    @query(
        description="One variant, by `id` or by `sku` (any case): give exactly one. Null "
        "when none matches."
    )
    async def variant(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The variant's ID.")
        ] = None,
        sku: Annotated[
            str | None, strawberry.argument(description="The variant's SKU, e.g. `SRV-100`.")
        ] = None,
    ) -> Variant | None:
        if exactly_one(id=id, sku=sku) == "sku":
            found = await lookups.variant_by_sku(sku or "")
        else:
            pk = ids.decode("Variant", id or "")
            found = await info.context.loaders.variant.load(pk) if pk else None
        return Variant(m=found) if found else None

    @query(description="Suppliers by name, alphabetical.")
    async def suppliers(
        self,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Supplier]:
        return await paginate(
            queries.suppliers(search),
            queries.BY_NAME,
            first,
            after,
            lambda m: Supplier(m=m),
            last,
            before,
        )

    @query(
        description="One supplier, by `id` or by its exact `name` (any case): give exactly "
        "one. Null when none matches."
    )
    async def supplier(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The supplier's ID.")
        ] = None,
        name: Annotated[
            str | None,
            strawberry.argument(
                description="The whole name, in any case (for part of it: `suppliers(search:)`)."
            ),
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
        self,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Customer]:
        return await paginate(
            queries.customers(search),
            queries.BY_NAME,
            first,
            after,
            lambda m: Customer(m=m),
            last,
            before,
        )

    @query(
        description="One customer, by `id` or by its exact `name` (any case): give exactly "
        "one. Null when none matches."
    )
    async def customer(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The customer's ID.")
        ] = None,
        name: Annotated[
            str | None,
            strawberry.argument(
                description="The whole name, in any case (for part of it: `customers(search:)`)."
            ),
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
    @mutation(
        description="Creates a product with its variants, all or none. Errors: REQUIRED "
        "(name, at least one variant, each SKU), TOO_LONG, DUPLICATE_SKU, SKU_EXISTS, "
        "INVALID_PATTERN."
    )
    async def create_product(self, input: CreateProductInput) -> ProductPayload:
        product = await catalog.create_product(
            input.name,
            input.serial_tracked,
            [catalog.VariantInput(v.sku, v.name, v.numbering_pattern) for v in input.variants],
            input.numbering_pattern,
        )
        return ProductPayload(product=Product(m=product))

    @mutation(
        description="Changes a product's name, serial tracking or numbering pattern. "
        "Errors: NOT_FOUND, REQUIRED, TOO_LONG, INVALID_PATTERN, TRACKING_LOCKED (a "
        "variant has serial numbers), INVALID_QUANTITY (tracking on while an order row has "
        "part units)."
    )
    async def update_product(self, input: UpdateProductInput) -> ProductPayload:
        product = await catalog.update_product(
            ids.decode_or_missing("Product", input.product_id),
            input.name,
            input.serial_tracked,
            input.numbering_pattern,
        )
        return ProductPayload(product=Product(m=product))

    @mutation(
        description="Adds variants to a product; all or none. Errors: NOT_FOUND, "
        "REQUIRED, TOO_LONG, DUPLICATE_SKU, SKU_EXISTS, INVALID_PATTERN."
    )
    async def add_variants(self, input: AddVariantsInput) -> ProductPayload:
        product = await catalog.add_variants(
            ids.decode_or_missing("Product", input.product_id),
            [catalog.VariantInput(v.sku, v.name, v.numbering_pattern) for v in input.variants],
        )
        return ProductPayload(product=Product(m=product))

    @mutation(
        description="Changes a variant's SKU, name or numbering pattern. Errors: "
        "NOT_FOUND, REQUIRED, TOO_LONG, SKU_EXISTS, INVALID_PATTERN."
    )
    async def update_variant(self, input: UpdateVariantInput) -> VariantPayload:
        variant = await catalog.update_variant(
            ids.decode_or_missing("Variant", input.variant_id),
            input.sku,
            input.name,
            input.numbering_pattern,
        )
        return VariantPayload(variant=Variant(m=variant))

    @mutation(
        description="Creates a supplier. Errors: REQUIRED, TOO_LONG, NAME_EXISTS, "
        "INVALID_EMAIL, INVALID_PHONE."
    )
    async def create_supplier(self, input: CreateSupplierInput) -> SupplierPayload:
        supplier = await catalog.create_supplier(input.name, _contact(input.contact))
        return SupplierPayload(supplier=Supplier(m=supplier))

    @mutation(
        description="Changes a supplier's name or contact. Errors: NOT_FOUND, REQUIRED, "
        "TOO_LONG, NAME_EXISTS, INVALID_EMAIL, INVALID_PHONE."
    )
    async def update_supplier(self, input: UpdateSupplierInput) -> SupplierPayload:
        supplier = await catalog.update_supplier(
            ids.decode_or_missing("Supplier", input.supplier_id),
            input.name,
            _contact(input.contact),
        )
        return SupplierPayload(supplier=Supplier(m=supplier))

    @mutation(
        description="Creates a customer. Errors: REQUIRED, TOO_LONG, NAME_EXISTS, "
        "INVALID_EMAIL, INVALID_PHONE."
    )
    async def create_customer(self, input: CreateCustomerInput) -> CustomerPayload:
        customer = await catalog.create_customer(input.name, _contact(input.contact))
        return CustomerPayload(customer=Customer(m=customer))

    @mutation(
        description="Changes a customer's name or contact. Errors: NOT_FOUND, REQUIRED, "
        "TOO_LONG, NAME_EXISTS, INVALID_EMAIL, INVALID_PHONE."
    )
    async def update_customer(self, input: UpdateCustomerInput) -> CustomerPayload:
        customer = await catalog.update_customer(
            ids.decode_or_missing("Customer", input.customer_id),
            input.name,
            _contact(input.contact),
        )
        return CustomerPayload(customer=Customer(m=customer))
