from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

from backend.domain.serial_rules import sort_key
from backend.integrity import add_tracking_checks, drop_tracking_checks

BATCH = 10_000


async def natural_sort_keys(apps, schema_editor) -> None:
    """Fills the natural sort key of the numbers there are; PostgreSQL compares it byte by
    byte whatever the database's collation."""
    client = schema_editor.client
    postgres = client.capabilities.dialect != "sqlite"
    if postgres:
        await client.execute_script(
            'ALTER TABLE "serial_number" ALTER COLUMN "number_sort" TYPE VARCHAR(100) '
            'COLLATE "C"')
    last = 0
    while True:
        _, rows = await client.execute_query(
            "SELECT id, number_key FROM serial_number WHERE id > "
            + ("$1" if postgres else "?") + " ORDER BY id LIMIT " + str(BATCH), [last])
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        pairs = [(sort_key(key), id_) for id_, key in rows]
        if postgres:
            await client.execute_query(
                "UPDATE serial_number s SET number_sort = t.k FROM unnest($1::text[], "
                "$2::int[]) AS t(k, id) WHERE s.id = t.id",
                [[k for k, _ in pairs], [i for _, i in pairs]])
        else:
            await client.execute_many(
                "UPDATE serial_number SET number_sort = ? WHERE id = ?", [list(p) for p in pairs])
        last = rows[-1][0]


async def nothing(apps, schema_editor) -> None:
    return None


async def tracking_checks(apps, schema_editor) -> None:
    await add_tracking_checks(schema_editor)


async def no_tracking_checks(apps, schema_editor) -> None:
    await drop_tracking_checks(schema_editor)

class Migration(migrations.Migration):
    dependencies = [('models', '0004_event_documents')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Customer',
            name='address',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='contact_person',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='Customer',
            name='email',
            field=fields.CharField(default='', max_length=254),
        ),
        ops.AddField(
            model_name='Customer',
            name='phone',
            field=fields.CharField(default='', max_length=50),
        ),
        ops.AddField(
            model_name='PurchaseOrder',
            name='expected_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='SerialNumber',
            name='number_sort',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.RunPython(natural_sort_keys, nothing),
        ops.AddIndex(
            model_name='SerialNumber',
            index=Index(fields=['number_sort', 'id']),
        ),
        ops.AddField(
            model_name='Supplier',
            name='address',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Supplier',
            name='contact_person',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='Supplier',
            name='email',
            field=fields.CharField(default='', max_length=254),
        ),
        ops.AddField(
            model_name='Supplier',
            name='phone',
            field=fields.CharField(default='', max_length=50),
        ),
        ops.AddIndex(model_name='SerialNumber', index=Index(fields=['variant_id', 'status'])),
        ops.AddIndex(model_name='PurchaseOrderRow', index=Index(fields=['variant_id', 'status'])),
        ops.AddIndex(model_name='SalesOrderRow', index=Index(fields=['variant_id'])),
        ops.AddField(model_name='PurchaseOrder', name='ordered_at',
                     field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
        ops.AddField(model_name='SalesOrder', name='ordered_at',
                     field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
        ops.RunSQL("UPDATE purchase_order SET ordered_at = created_at",
                   reverse_sql="SELECT 1"),
        ops.RunSQL("UPDATE sales_order SET ordered_at = created_at", reverse_sql="SELECT 1"),
        ops.AddField(model_name='SerialNumberEvent', name='recorded_at',
                     field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
        ops.RunSQL("UPDATE serial_number_event SET recorded_at = at", reverse_sql="SELECT 1"),
        ops.RunPython(tracking_checks, no_tracking_checks),
    ]
