from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.models import PurchaseOrderKind, PurchaseOrderStatus, RowStatus, SerialNumberEventKind, SerialNumberStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from backend.integrity import add_row_checks, drop_row_checks



async def add_integrity_checks(apps, schema_editor) -> None:
    await add_row_checks(schema_editor, "purchase_order_row")


async def drop_integrity_checks(apps, schema_editor) -> None:
    await drop_row_checks(schema_editor, "purchase_order_row")


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('serial_tracked', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'product', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Sequence',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32)),
                ('value', fields.BigIntField(default=0)),
            ],
            options={'table': 'sequence', 'app': 'models', 'pk_attr': 'name', 'table_description': 'Document number counters (PO-1, OPO-1, ...), advanced atomically by one UPDATE.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Supplier',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'supplier', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PurchaseOrder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('kind', fields.CharEnumField(description='PURCHASE: PURCHASE\nOUTSOURCED: OUTSOURCED', enum_type=PurchaseOrderKind, max_length=16)),
                ('supplier', fields.ForeignKeyField('models.Supplier', source_field='supplier_id', db_constraint=True, to_field='id', related_name='purchase_orders', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=PurchaseOrderStatus.NOT_RECEIVED, description='NOT_RECEIVED: NOT_RECEIVED\nPARTIALLY_RECEIVED: PARTIALLY_RECEIVED\nRECEIVED: RECEIVED', enum_type=PurchaseOrderStatus, max_length=24)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'purchase_order', 'app': 'models', 'indexes': [Index(fields=['kind', 'status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Variant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='variants', on_delete=OnDelete.RESTRICT)),
                ('sku', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=200)),
            ],
            options={'table': 'variant', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PurchaseOrderRow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('purchase_order', fields.ForeignKeyField('models.PurchaseOrder', source_field='purchase_order_id', db_constraint=True, to_field='id', related_name='rows', on_delete=OnDelete.CASCADE)),
                ('variant', fields.ForeignKeyField('models.Variant', source_field='variant_id', db_constraint=True, to_field='id', related_name='purchase_order_rows', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
                ('quantity', fields.DecimalField(max_digits=14, decimal_places=3)),
                ('status', fields.CharEnumField(default=RowStatus.NOT_RECEIVED, description='NOT_RECEIVED: NOT_RECEIVED\nRECEIVED: RECEIVED', enum_type=RowStatus, max_length=16)),
                ('received_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('assigned_count', fields.IntField(default=0)),
            ],
            options={'table': 'purchase_order_row', 'app': 'models', 'indexes': [Index(fields=['purchase_order_id', 'position'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SerialNumber',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('variant', fields.ForeignKeyField('models.Variant', source_field='variant_id', db_constraint=True, to_field='id', related_name='serial_numbers', on_delete=OnDelete.RESTRICT)),
                ('number', fields.CharField(max_length=32)),
                ('number_key', fields.CharField(max_length=32)),
                ('status', fields.CharEnumField(description='EXPECTED: EXPECTED\nIN_STOCK: IN_STOCK\nRESERVED: RESERVED\nSHIPPED: SHIPPED', enum_type=SerialNumberStatus, max_length=16)),
                ('added_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('purchase_order_row', fields.ForeignKeyField('models.PurchaseOrderRow', source_field='purchase_order_row_id', null=True, db_constraint=True, to_field='id', related_name='serial_numbers', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'serial_number', 'app': 'models', 'unique_together': (('variant', 'number_key'),), 'indexes': [Index(fields=['purchase_order_row_id', 'id']), Index(fields=['status', 'added_at']), Index(fields=['number_key'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SerialNumberEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('variant', fields.ForeignKeyField('models.Variant', source_field='variant_id', db_constraint=True, to_field='id', related_name='serial_events', on_delete=OnDelete.RESTRICT)),
                ('number', fields.CharField(max_length=32)),
                ('number_key', fields.CharField(max_length=32)),
                ('kind', fields.CharEnumField(description='ASSIGNED: ASSIGNED\nRECEIVED: RECEIVED\nREMOVED: REMOVED\nRECEIPT_REVERTED: RECEIPT_REVERTED\nIMPORTED: IMPORTED\nRESERVED: RESERVED\nRELEASED: RELEASED\nSHIPPED: SHIPPED\nDELIVERY_REVERTED: DELIVERY_REVERTED', enum_type=SerialNumberEventKind, max_length=24)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('document', fields.CharField(null=True, max_length=200)),
                ('user', fields.CharField(null=True, max_length=200)),
            ],
            options={'table': 'serial_number_event', 'app': 'models', 'indexes': [Index(fields=['variant_id', 'number_key', 'id'])], 'pk_attr': 'id', 'table_description': 'The history of a number on a variant. Kept by (variant, number) so that it outlives the'},
            bases=['Model'],
        ),
        ops.RunPython(add_integrity_checks, drop_integrity_checks),
    ]
