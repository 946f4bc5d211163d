"""The change feed (`change`): one row per document change or batch of serial number events,
its id the position in commit order (backend/domain/changes.py)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0013_api')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Change',
            fields=[
                ('id', fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=32)),
                ('purchase_order_id', fields.IntField(null=True)),
                ('sales_order_id', fields.IntField(null=True)),
                ('event_kind', fields.CharField(null=True, max_length=24)),
                ('serial_ids', fields.TextField(unique=False)),
                ('variant_ids', fields.TextField(unique=False)),
                ('count', fields.IntField(default=0)),
                ('user', fields.CharField(null=True, max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'change', 'app': 'models', 'pk_attr': 'id',
                     'table_description': 'One entry of the change feed'},
            bases=['Model'],
        ),
    ]
