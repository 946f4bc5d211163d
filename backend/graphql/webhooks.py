"""Webhooks for admins: endpoints (the secret shown once), the delivery log, resending. The rules
are in backend/domain/webhooks.py; this maps them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import strawberry

from backend import ids, models
from backend.domain import webhooks
from backend.graphql.context import Info
from backend.graphql.errors import WebhookError
from backend.graphql.expected import ExpectedError
from backend.graphql.mutations import mutation, query
from backend.graphql.pagination import Connection, paginate


class _EventType(StrEnum):
    PURCHASE_ORDER_CHANGED = "purchase_order.changed"
    SALES_ORDER_CHANGED = "sales_order.changed"
    SERIAL_NUMBER_EVENTS = "serial_number.events"


assert {e.value for e in _EventType} == set(webhooks.EVENT_TYPES.values())

WebhookEventType = strawberry.enum(
    _EventType,
    name="WebhookEventType",
    description="What a webhook message announces; its value here is the GraphQL name, the "
    "message's `type` is the dotted name (`purchase_order.changed`, …).",
)
WebhookDeliveryStatus = strawberry.enum(
    models.WebhookDeliveryStatus, description="Where a webhook delivery stands."
)
EVENT_TYPE_DOCS = {
    "PURCHASE_ORDER_CHANGED": "`purchase_order.changed`: a purchase order, its rows, tracing "
    "or status changed (`data.purchaseOrderId`).",
    "SALES_ORDER_CHANGED": "`sales_order.changed`: a sales order, its rows, picks or status "
    "changed (`data.salesOrderId`).",
    "SERIAL_NUMBER_EVENTS": "`serial_number.events`: serial number events of one kind were "
    "recorded on one document (`data.eventKind`, `data.count`; the numbers through "
    "`changes(after:)`).",
}
STATUS_DOCS = {
    "PENDING": "Waiting for its first attempt (or for an earlier message about the same document).",
    "RETRYING": "An attempt failed; the next one is at `nextAttemptAt` (exponential backoff).",
    "DELIVERED": "The receiver answered 2xx.",
    "FAILED": "Every attempt failed; nothing more is tried unless an admin resends it.",
}


def _endpoint_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("WebhookEndpoint", value)


@strawberry.type(description="Where webhook messages are sent, and which.")
class WebhookEndpoint:
    m: strawberry.Private[models.WebhookEndpoint]

    @strawberry.field(description="Opaque ID of the endpoint.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("WebhookEndpoint", self.m.id))

    @strawberry.field(description="The http(s) URL the messages are POSTed to.")
    def url(self) -> str:
        return self.m.url

    @strawberry.field(description="What the endpoint is for, in words (may be empty).")
    def description(self) -> str:
        return self.m.description

    @strawberry.field(description="The event types sent to it.")
    def event_types(self) -> list[WebhookEventType]:  # type: ignore[valid-type]
        return [_EventType(t) for t in webhooks.event_types_of(self.m)]

    @strawberry.field(
        description="False: paused; no messages are made for it, and those "
        "waiting are held until it is resumed."
    )
    def active(self) -> bool:
        return self.m.active

    @strawberry.field(description="Who registered it.")
    def created_by(self) -> str | None:
        return self.m.created_by

    @strawberry.field(description="When it was registered.")
    def created_at(self) -> datetime:
        return self.m.created_at


@strawberry.type(description="One try at sending a webhook delivery.")
class WebhookAttempt:
    m: strawberry.Private[models.WebhookAttempt]

    @strawberry.field(description="When it was tried.")
    def at(self) -> datetime:
        return self.m.at

    @strawberry.field(
        description="The HTTP status the receiver answered; null when none "
        "came (refused address, no connection, timeout)."
    )
    def status_code(self) -> int | None:
        return self.m.status_code

    @strawberry.field(description="What went wrong, if anything (null for a 2xx).")
    def error(self) -> str | None:
        return self.m.error

    @strawberry.field(description="How long it took, in milliseconds.")
    def duration_ms(self) -> int:
        return self.m.duration_ms


@strawberry.type(description="One message for one endpoint (the outbox), with its attempts.")
class WebhookDelivery:
    m: strawberry.Private[models.WebhookDelivery]

    @strawberry.field(description="Opaque ID of the delivery (for resendWebhookDelivery).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("WebhookDelivery", self.m.id))

    @strawberry.field(
        description="The `webhook-id` header (`msg_…`), the same on every "
        "attempt and resend: receivers deduplicate by it."
    )
    def event_id(self) -> str:
        return self.m.event_id

    @strawberry.field(description="What it announces.")
    def event_type(self) -> WebhookEventType:  # type: ignore[valid-type]
        return _EventType(self.m.event_type)

    @strawberry.field(description="The endpoint it is for (its ID).")
    def endpoint_id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("WebhookEndpoint", self.m.endpoint_id))

    @strawberry.field(description="The change feed cursor of the change it announces.")
    def cursor(self) -> str:
        return webhooks.cursor_of(self.m.position)

    @strawberry.field(description="The body sent (JSON text), exactly as signed.")
    def payload(self) -> str:
        return self.m.payload

    @strawberry.field(description="Where it stands.")
    def status(self) -> WebhookDeliveryStatus:  # type: ignore[valid-type]
        return self.m.status

    @strawberry.field(description="Attempts made since it was made or last resent.")
    def attempt_count(self) -> int:
        return self.m.attempts

    @strawberry.field(description="When it is (or was) due to be tried next.")
    def next_attempt_at(self) -> datetime:
        return self.m.next_attempt_at

    @strawberry.field(description="The HTTP status of the last attempt; null when none came.")
    def last_status_code(self) -> int | None:
        return self.m.last_status_code

    @strawberry.field(description="What went wrong on the last attempt, if anything.")
    def last_error(self) -> str | None:
        return self.m.last_error

    @strawberry.field(description="When the receiver accepted it (null: not yet).")
    def delivered_at(self) -> datetime | None:
        return self.m.delivered_at

    @strawberry.field(description="When it was made (the change's commit).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description="Every attempt, oldest first (resends included).")
    async def attempts(self, info: Info) -> list[WebhookAttempt]:
        return [
            WebhookAttempt(m=a) for a in await info.context.loaders.webhook_attempts.load(self.m.id)
        ]


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    url: str = strawberry.field(
        description="http:// or https://; its host must resolve to "
        "public addresses only (unless the server allows private ones)."
    )
    event_types: list[WebhookEventType] = strawberry.field(  # type: ignore[valid-type]
        description="The event types to send it (at least one)."
    )
    description: str | None = strawberry.field(
        default=None, description="What it is for (at most 200 characters)."
    )


@strawberry.input(description="Changes to a webhook endpoint; what is left out stays.")
class UpdateWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")
    url: str | None = strawberry.field(default=None, description="A new URL (same rules).")
    event_types: list[WebhookEventType] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="The event types to send from now on."
    )
    description: str | None = strawberry.field(default=None, description="A new description.")
    active: bool | None = strawberry.field(
        default=None, description="False pauses it, true resumes it (what waited is sent)."
    )


@strawberry.input(description="Names one webhook endpoint.")
class WebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")


@strawberry.input(description="Names one webhook delivery.")
class WebhookDeliveryInput:
    id: strawberry.ID = strawberry.field(description="The delivery.")


@strawberry.type(description="The endpoint changed, or why not.")
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = strawberry.field(
        default=None, description="The endpoint as it is now (as it was, when deleted)."
    )
    secret: str | None = strawberry.field(
        default=None,
        description="The signing secret (`whsec_…`, Standard Webhooks), only in "
        "the answer of createWebhookEndpoint and rotateWebhookSecret: it is never shown again.",
    )
    errors: list[WebhookError] = strawberry.field(
        default_factory=list, description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="The delivery queued again, or why not.")
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = strawberry.field(
        default=None, description="The delivery, PENDING again."
    )
    errors: list[WebhookError] = strawberry.field(
        default_factory=list, description="Why nothing changed (empty on success)."
    )


@strawberry.type
class WebhooksQuery:
    @query(
        role=models.Role.ADMIN,
        description="Every webhook endpoint (ADMIN only; secrets are never shown again).",
    )
    async def webhook_endpoints(self) -> list[WebhookEndpoint]:
        return [WebhookEndpoint(m=e) for e in await webhooks.list_endpoints()]

    @query(role=models.Role.ADMIN, description="The delivery log, newest first (ADMIN only).")
    async def webhook_deliveries(
        self,
        endpoint_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this endpoint's.")
        ] = None,
        status: Annotated[
            WebhookDeliveryStatus | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only deliveries in this status."),
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (at most 500).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The cursor to continue after.")
        ] = None,
    ) -> Connection[WebhookDelivery]:
        endpoint = None
        if endpoint_id is not None:
            endpoint = ids.decode("WebhookEndpoint", endpoint_id)
            if endpoint is None:
                raise ExpectedError(f"`endpointId`: {endpoint_id!r} is not a webhook endpoint ID.")
        return await paginate(
            webhooks.deliveries(endpoint, status),
            webhooks.NEWEST_FIRST,
            first,
            after,
            lambda m: WebhookDelivery(m=m),
        )


@strawberry.type
class WebhooksMutation:
    @mutation(
        role=models.Role.ADMIN,
        description="Registers an endpoint; the answer holds its secret, shown only this once.",
    )
    async def create_webhook_endpoint(
        self, info: Info, input: CreateWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        endpoint = await webhooks.create_endpoint(
            input.url,
            [_EventType(t).value for t in input.event_types],
            input.description,
            info.context.actor,
        )
        return WebhookEndpointPayload(endpoint=WebhookEndpoint(m=endpoint), secret=endpoint.secret)

    @mutation(
        role=models.Role.ADMIN,
        description="Changes an endpoint's URL, event types, description, or pauses/resumes it.",
    )
    async def update_webhook_endpoint(
        self, input: UpdateWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        endpoint = await webhooks.update_endpoint(
            _endpoint_id(input.id),
            url=input.url,
            event_types=None
            if input.event_types is None
            else [_EventType(t).value for t in input.event_types],
            description=input.description,
            active=input.active,
        )
        return WebhookEndpointPayload(endpoint=WebhookEndpoint(m=endpoint))

    @mutation(role=models.Role.ADMIN, description="Deletes an endpoint with its delivery log.")
    async def delete_webhook_endpoint(self, input: WebhookEndpointInput) -> WebhookEndpointPayload:
        endpoint = await webhooks.delete_endpoint(_endpoint_id(input.id))
        return WebhookEndpointPayload(endpoint=WebhookEndpoint(m=endpoint))

    @mutation(
        role=models.Role.ADMIN,
        description="Gives the endpoint a new secret (shown only "
        "this once); later messages are signed with it.",
    )
    async def rotate_webhook_secret(self, input: WebhookEndpointInput) -> WebhookEndpointPayload:
        endpoint = await webhooks.rotate_secret(_endpoint_id(input.id))
        return WebhookEndpointPayload(endpoint=WebhookEndpoint(m=endpoint), secret=endpoint.secret)

    @mutation(
        role=models.Role.ADMIN,
        description="Sends a delivered or failed delivery again (same `webhook-id`), now.",
    )
    async def resend_webhook_delivery(self, input: WebhookDeliveryInput) -> WebhookDeliveryPayload:
        delivery = await webhooks.resend(ids.decode_or_missing("WebhookDelivery", input.id))
        return WebhookDeliveryPayload(delivery=WebhookDelivery(m=delivery))
