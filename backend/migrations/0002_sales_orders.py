from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.models import SalesOrderStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from backend.integrity import add_row_checks, drop_row_checks


async def add_integrity_checks(apps, schema_editor) -> None:
    await add_row_checks(schema_editor, "sales_order_row")


async def drop_integrity_checks(apps, schema_editor) -> None:
    await drop_row_checks(schema_editor, "sales_order_row")


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Customer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'customer', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SalesOrder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='sales_orders', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=SalesOrderStatus.NOT_SHIPPED, description='NOT_SHIPPED: NOT_SHIPPED\nDELIVERED: DELIVERED', enum_type=SalesOrderStatus, max_length=16)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sales_order', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'id']), Index(fields=['status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SalesOrderRow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sales_order', fields.ForeignKeyField('models.SalesOrder', source_field='sales_order_id', db_constraint=True, to_field='id', related_name='rows', on_delete=OnDelete.CASCADE)),
                ('variant', fields.ForeignKeyField('models.Variant', source_field='variant_id', db_constraint=True, to_field='id', related_name='sales_order_rows', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
                ('quantity', fields.DecimalField(max_digits=14, decimal_places=3)),
                ('assigned_count', fields.IntField(default=0)),
            ],
            options={'table': 'sales_order_row', 'app': 'models', 'indexes': [Index(fields=['sales_order_id', 'position'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='SerialNumber',
            name='sales_order_row',
            field=fields.ForeignKeyField('models.SalesOrderRow', source_field='sales_order_row_id', null=True, db_constraint=True, to_field='id', related_name='serial_numbers', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddIndex(
            model_name='SerialNumber',
            index=Index(fields=['sales_order_row_id', 'id']),
        ),
        ops.RunPython(add_integrity_checks, drop_integrity_checks),
    ]
