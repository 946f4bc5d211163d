"""Webhooks (issue 15): endpoints, the outbox of deliveries (written in the transaction of the
change they announce, backend/domain/webhooks.py) and the log of attempts. The database holds
the rules it can: foreign keys, one event id per endpoint, CHECKs on status, attempts and URL
(constraints on PostgreSQL, triggers on SQLite; backend/integrity.py)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.models import WebhookDeliveryStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from backend.integrity import add_webhook_checks, drop_webhook_checks


async def webhook_checks(apps, schema_editor) -> None:
    await add_webhook_checks(schema_editor)


async def no_webhook_checks(apps, schema_editor) -> None:
    await drop_webhook_checks(schema_editor)

class Migration(migrations.Migration):
    dependencies = [('models', '0014_live')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('url', fields.CharField(max_length=2000)),
                ('description', fields.CharField(default='', max_length=200)),
                ('event_types', fields.TextField(unique=False)),
                ('secret', fields.CharField(max_length=100)),
                ('active', fields.BooleanField(default=True)),
                ('created_by', fields.CharField(null=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Where the change feed is sent (backend/domain/webhooks.py). The secret signs each'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event_id', fields.CharField(max_length=64)),
                ('event_type', fields.CharField(max_length=64)),
                ('payload', fields.TextField(unique=False)),
                ('position', fields.BigIntField()),
                ('document_key', fields.CharField(max_length=64)),
                ('status', fields.CharEnumField(default=WebhookDeliveryStatus.PENDING, description='PENDING: PENDING\nRETRYING: RETRYING\nDELIVERED: DELIVERED\nFAILED: FAILED', enum_type=WebhookDeliveryStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_status_code', fields.IntField(null=True)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'unique_together': (('endpoint', 'event_id'),), 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['endpoint_id', 'document_key', 'id']), Index(fields=['endpoint_id', 'id'])], 'pk_attr': 'id', 'table_description': 'The outbox: one message for one endpoint, written in the transaction of its change.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery', fields.ForeignKeyField('models.WebhookDelivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempt_log', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status_code', fields.IntField(null=True)),
                ('error', fields.CharField(null=True, max_length=500)),
                ('duration_ms', fields.IntField()),
            ],
            options={'table': 'webhook_attempt', 'app': 'models', 'indexes': [Index(fields=['delivery_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One try at sending a delivery: what the receiver answered (or what went wrong).'},
            bases=['Model'],
        ),
        ops.RunPython(webhook_checks, no_webhook_checks),
    ]
