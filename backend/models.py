"""Tortoise models: the tables. Rules live in `backend.domain`; integrity that the database can
hold (unique numbers per variant, row quantity limits, no orphaned serials) is declared here."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class PurchaseOrderKind(StrEnum):
    PURCHASE = "PURCHASE"
    OUTSOURCED = "OUTSOURCED"


class PurchaseOrderStatus(StrEnum):
    NOT_RECEIVED = "NOT_RECEIVED"
    PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED"
    RECEIVED = "RECEIVED"


class RowStatus(StrEnum):
    NOT_RECEIVED = "NOT_RECEIVED"
    RECEIVED = "RECEIVED"


class SerialNumberStatus(StrEnum):
    EXPECTED = "EXPECTED"
    IN_STOCK = "IN_STOCK"
    RESERVED = "RESERVED"
    SHIPPED = "SHIPPED"


class SalesOrderStatus(StrEnum):
    NOT_SHIPPED = "NOT_SHIPPED"
    DELIVERED = "DELIVERED"


class SerialNumberEventKind(StrEnum):
    ASSIGNED = "ASSIGNED"
    RECEIVED = "RECEIVED"
    REMOVED = "REMOVED"
    RECEIPT_REVERTED = "RECEIPT_REVERTED"
    IMPORTED = "IMPORTED"
    RESERVED = "RESERVED"
    RELEASED = "RELEASED"
    SHIPPED = "SHIPPED"
    DELIVERY_REVERTED = "DELIVERY_REVERTED"


class Role(StrEnum):
    VIEWER = "VIEWER"  # reads
    OPERATOR = "OPERATOR"  # also assigns, receives, picks, delivers, imports
    ADMIN = "ADMIN"  # also manages users and API tokens

    @property
    def rank(self) -> int:
        return _RANK[self]

    def covers(self, needed: Role) -> bool:
        """Whether this role may do what `needed` may (ADMIN covers OPERATOR covers VIEWER)."""
        return self.rank >= needed.rank


_RANK = {Role.VIEWER: 1, Role.OPERATOR: 2, Role.ADMIN: 3}


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255, null=True)  # argon2; null: no password
    role = fields.CharEnumField(Role, max_length=16)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_user"


class Credential(Model):
    """A secret that stands for a user: a browser session, an API token or a one-time sign-in
    link. Only its SHA-256 is stored; the secret itself is shown once."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="credentials", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)  # session | token | link
    name = fields.CharField(max_length=100, default="")
    secret_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    # API tokens: the most they may do; null = their user's role (VIEWER = read-only).
    scope = fields.CharEnumField(Role, max_length=16, null=True)

    user_id: int

    class Meta:
        table = "credential"
        indexes = (("user_id", "kind"),)


class SignInThrottle(Model):
    """Failed sign-ins counted per account and per client address, in the database so that
    every app process sees the same count (backend.domain.throttle)."""

    key = fields.CharField(max_length=200, primary_key=True)  # account:<name> | address:<ip>
    failures = fields.IntField(default=0)
    blocked_until = fields.DatetimeField(null=True)
    last_failure_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sign_in_throttle"


class IdempotentRequest(Model):
    """The first answer to a mutation sent with an `Idempotency-Key`, stored in the transaction
    of its change, so a retry gets the same answer and the change applies once."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="idempotent_requests", on_delete=fields.CASCADE
    )
    request_hash = fields.CharField(max_length=64)
    response = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "idempotent_request"
        unique_together = (("user", "key"),)


class Sequence(Model):
    """Document number counters (PO-1, OPO-1, ...), advanced atomically by one UPDATE."""

    name = fields.CharField(max_length=32, primary_key=True)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "sequence"


class Supplier(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    # Who to reach about a recall or a late delivery; all optional.
    contact_person = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=50, default="")
    address = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    class Meta:
        table = "supplier"


class Product(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    serial_tracked = fields.BooleanField(default=False)
    # The numbering pattern its variants generate serial numbers from unless they have their
    # own (backend.domain.numbering); null: none.
    numbering_pattern = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    class Meta:
        table = "product"


class Variant(Model):
    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="variants", on_delete=fields.RESTRICT
    )
    sku = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    # Its own numbering pattern; null: the product's (backend.domain.numbering).
    numbering_pattern = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(null=True, auto_now_add=True)  # null: never (0013)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    product_id: int

    class Meta:
        table = "variant"


class SerialCounter(Model):
    """The counter a variant's generated serial numbers take (`{#####}` of its pattern),
    advanced by one UPDATE … RETURNING that holds the row's lock until the transaction ends, so
    no value is handed out twice (backend.domain.numbering)."""

    variant: fields.OneToOneRelation[Variant] = fields.OneToOneField(
        "models.Variant",
        related_name="serial_counter",
        on_delete=fields.CASCADE,
        primary_key=True,
    )
    value = fields.BigIntField(default=0)  # the last value handed out

    variant_id: int

    class Meta:
        table = "serial_counter"


class PurchaseOrder(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    kind = fields.CharEnumField(PurchaseOrderKind, max_length=16)
    supplier: fields.ForeignKeyRelation[Supplier] = fields.ForeignKeyField(
        "models.Supplier", related_name="purchase_orders", on_delete=fields.RESTRICT
    )
    # Derived from the rows by the domain layer in the transaction that changes them; stored so
    # that lists can filter and page on it in SQL.
    status = fields.CharEnumField(
        PurchaseOrderStatus, max_length=24, default=PurchaseOrderStatus.NOT_RECEIVED
    )
    expected_on = fields.DateField(null=True)  # when the supplier said it would arrive
    # The business date the order was placed (a paper order may be entered later); receipts
    # are not dated before it. Null only on rows older than migration 0005: read created_at.
    ordered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    supplier_id: int

    class Meta:
        table = "purchase_order"
        # Keyset pages of the lists (migration 0011).
        indexes = (
            ("kind", "status"),
            ("created_at", "id"),
            ("ordered_at", "id"),
            ("status", "created_at", "id"),
            ("supplier_id", "created_at", "id"),
        )


class PurchaseOrderRow(Model):
    id = fields.IntField(primary_key=True)
    purchase_order: fields.ForeignKeyRelation[PurchaseOrder] = fields.ForeignKeyField(
        "models.PurchaseOrder", related_name="rows", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="purchase_order_rows", on_delete=fields.RESTRICT
    )
    position = fields.IntField(default=0)
    quantity = fields.DecimalField(max_digits=14, decimal_places=3)
    status = fields.CharEnumField(RowStatus, max_length=16, default=RowStatus.NOT_RECEIVED)
    received_at = fields.DatetimeField(null=True)
    # How many serial numbers the row holds; kept by the domain layer in the same transaction
    # as the serials, and bounded by the quantity in the database itself.
    assigned_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(null=True, auto_now_add=True)  # null: never (0013)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    purchase_order_id: int
    variant_id: int

    class Meta:
        table = "purchase_order_row"
        # CHECK (quantity > 0, 0 <= assigned_count <= quantity) is added by migration 0001 in
        # the dialect's own way (a constraint on PostgreSQL, triggers on SQLite).
        indexes = (("purchase_order_id", "position"), ("variant_id", "status"))


class Customer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    # Who to reach about a recall or a late delivery; all optional.
    contact_person = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=50, default="")
    address = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    class Meta:
        table = "customer"


class SalesOrder(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="sales_orders", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(
        SalesOrderStatus, max_length=16, default=SalesOrderStatus.NOT_SHIPPED
    )
    delivered_at = fields.DatetimeField(null=True)
    ordered_at = fields.DatetimeField(null=True)  # as on purchase orders
    created_at = fields.DatetimeField(auto_now_add=True)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    customer_id: int

    class Meta:
        table = "sales_order"
        indexes = (
            ("customer_id", "id"),
            ("status",),
            ("created_at", "id"),
            ("ordered_at", "id"),
            ("status", "created_at", "id"),
            ("customer_id", "created_at", "id"),
        )


class SalesOrderRow(Model):
    id = fields.IntField(primary_key=True)
    sales_order: fields.ForeignKeyRelation[SalesOrder] = fields.ForeignKeyField(
        "models.SalesOrder", related_name="rows", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="sales_order_rows", on_delete=fields.RESTRICT
    )
    position = fields.IntField(default=0)
    quantity = fields.DecimalField(max_digits=14, decimal_places=3)
    # Serial numbers picked on the row; bounded by the quantity in the database (migration 0002).
    assigned_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(null=True, auto_now_add=True)  # null: never (0013)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    sales_order_id: int
    variant_id: int

    class Meta:
        table = "sales_order_row"
        indexes = (("sales_order_id", "position"), ("variant_id",))


class SerialNumber(Model):
    id = fields.IntField(primary_key=True)
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="serial_numbers", on_delete=fields.RESTRICT
    )
    number = fields.CharField(max_length=32)  # as entered (trimmed)
    number_key = fields.CharField(max_length=32)  # normalised: case-folded, for uniqueness
    # Natural order (SN-2 before SN-10), computed once by `serial_rules.sort_key`; compared
    # byte by byte (PostgreSQL: COLLATE "C", migration 0005).
    number_sort = fields.CharField(max_length=100, default="")
    status = fields.CharEnumField(SerialNumberStatus, max_length=16)
    added_at = fields.DatetimeField(null=True)
    purchase_order_row: fields.ForeignKeyNullableRelation[PurchaseOrderRow] = (
        fields.ForeignKeyField(
            "models.PurchaseOrderRow",
            related_name="serial_numbers",
            null=True,
            on_delete=fields.RESTRICT,
        )
    )
    # Set while the number is picked on a sales order row (RESERVED) and once shipped.
    sales_order_row: fields.ForeignKeyNullableRelation[SalesOrderRow] = fields.ForeignKeyField(
        "models.SalesOrderRow",
        related_name="serial_numbers",
        null=True,
        on_delete=fields.RESTRICT,
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    # Moved by the database on every write (triggers, migration 0013), bulk SQL too.
    updated_at = fields.DatetimeField(null=True, auto_now=True)

    variant_id: int
    purchase_order_row_id: int | None
    sales_order_row_id: int | None

    class Meta:
        table = "serial_number"
        unique_together = (("variant", "number_key"),)
        indexes = (
            ("purchase_order_row_id", "id"),
            ("sales_order_row_id", "id"),
            ("number_key",),
            ("number_sort", "id"),
            ("variant_id", "status"),
            # Keyset pages of the stock list in each order (backend/domain/serial_list.py,
            # migration 0011; substring search: backend/search_index.py).
            ("added_at", "id"),
            ("status", "added_at", "id"),
            ("variant_id", "added_at", "id"),
            ("variant_id", "id"),
            ("status", "number_sort", "id"),
        )


class SerialNumberEvent(Model):
    """The history of a number on a variant. Kept by (variant, number) so that it outlives the
    serial row: a number removed from a PO and assigned again shows both stories."""

    id = fields.BigIntField(primary_key=True)
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="serial_events", on_delete=fields.RESTRICT
    )
    number = fields.CharField(max_length=32)
    number_key = fields.CharField(max_length=32)
    kind = fields.CharEnumField(SerialNumberEventKind, max_length=24)
    at = fields.DatetimeField()  # the business date (e.g. the received date chosen)
    # When it was written; null only on events older than migration 0005 (read `at`).
    recorded_at = fields.DatetimeField(null=True)
    document = fields.CharField(max_length=200, null=True)
    user = fields.CharField(max_length=200, null=True)
    # The document as a reference, when it is an order (imports name a file).
    purchase_order: fields.ForeignKeyNullableRelation[PurchaseOrder] = fields.ForeignKeyField(
        "models.PurchaseOrder",
        related_name="serial_events",
        null=True,
        on_delete=fields.SET_NULL,
    )
    sales_order: fields.ForeignKeyNullableRelation[SalesOrder] = fields.ForeignKeyField(
        "models.SalesOrder",
        related_name="serial_events",
        null=True,
        on_delete=fields.SET_NULL,
    )

    variant_id: int
    purchase_order_id: int | None
    sales_order_id: int | None

    class Meta:
        table = "serial_number_event"
        indexes = (("variant_id", "number_key", "id"),)


class Change(Model):
    """One entry of the change feed (backend/domain/changes.py): its id is its position, given
    in commit order. Ids of documents, not foreign keys: the feed outlives what it names."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=32)
    purchase_order_id = fields.IntField(null=True)
    sales_order_id = fields.IntField(null=True)
    event_kind = fields.CharField(max_length=24, null=True)
    serial_ids = fields.TextField()  # a JSON array
    variant_ids = fields.TextField()  # a JSON array
    count = fields.IntField(default=0)
    user = fields.CharField(max_length=200, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "change"


class WebhookDeliveryStatus(StrEnum):
    PENDING = "PENDING"  # waiting for its first attempt, or for the one before it in order
    RETRYING = "RETRYING"  # an attempt failed; the next one is due at next_attempt_at
    DELIVERED = "DELIVERED"  # the receiver answered 2xx
    FAILED = "FAILED"  # gave up after the last attempt (an admin may resend it)


class WebhookEndpoint(Model):
    """Where the change feed is sent (backend/domain/webhooks.py). The secret signs each
    delivery (Standard Webhooks, `whsec_…`); the API shows it once, when it is made."""

    id = fields.IntField(primary_key=True)
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    event_types = fields.TextField()  # a JSON array of event type names
    secret = fields.CharField(max_length=100)
    active = fields.BooleanField(default=True)
    created_by = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_endpoint"


class WebhookDelivery(Model):
    """The outbox: one message for one endpoint, written in the transaction of its change."""

    id = fields.BigIntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    event_id = fields.CharField(max_length=64)  # msg_… (the `webhook-id` header)
    event_type = fields.CharField(max_length=64)
    payload = fields.TextField()  # the JSON body, exactly as signed and sent
    position = fields.BigIntField()  # the change feed position it announces
    document_key = fields.CharField(max_length=64)  # sent in order per endpoint and key
    status = fields.CharEnumField(
        WebhookDeliveryStatus, max_length=16, default=WebhookDeliveryStatus.PENDING
    )
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_status_code = fields.IntField(null=True)
    last_error = fields.CharField(max_length=500, null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    endpoint_id: int

    class Meta:
        table = "webhook_delivery"
        unique_together = (("endpoint", "event_id"),)
        indexes = (
            ("status", "next_attempt_at"),
            ("endpoint_id", "document_key", "id"),
            ("endpoint_id", "id"),
        )


class WebhookAttempt(Model):
    """One try at sending a delivery: what the receiver answered (or what went wrong)."""

    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempt_log", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    status_code = fields.IntField(null=True)
    error = fields.CharField(max_length=500, null=True)
    duration_ms = fields.IntField()

    delivery_id: int

    class Meta:
        table = "webhook_attempt"
        indexes = (("delivery_id", "id"),)
