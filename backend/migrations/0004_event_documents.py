from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_users')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SerialNumberEvent',
            name='purchase_order',
            field=fields.ForeignKeyField('models.PurchaseOrder', source_field='purchase_order_id', null=True, db_constraint=True, to_field='id', related_name='serial_events', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='SerialNumberEvent',
            name='sales_order',
            field=fields.ForeignKeyField('models.SalesOrder', source_field='sales_order_id', null=True, db_constraint=True, to_field='id', related_name='serial_events', on_delete=OnDelete.SET_NULL),
        ),
    ]
