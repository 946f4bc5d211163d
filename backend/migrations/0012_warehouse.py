"""Generated serial numbers (issue 16): a numbering pattern on products and variants and one
counter per variant (serial_counter)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_serial_status_link')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SerialCounter',
            fields=[
                ('variant', fields.OneToOneField('models.Variant', source_field='variant_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='serial_counter', on_delete=OnDelete.CASCADE)),
                ('value', fields.BigIntField(default=0)),
            ],
            options={'table': 'serial_counter', 'app': 'models', 'pk_attr': 'variant_id', 'table_description': "The counter a variant's generated serial numbers take (`{#####}` of its pattern),"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Product',
            name='numbering_pattern',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Variant',
            name='numbering_pattern',
            field=fields.CharField(null=True, max_length=64),
        ),
    ]
