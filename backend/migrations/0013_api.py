"""`createdAt` / `updatedAt` for the API (issue 14): `created_at` on variants and order rows
(filled from their product's and order's), `updated_at` on items, parties, orders, rows and
serial numbers (filled with `created_at`), kept by the database on every write
(backend/integrity.py). Numbered 0013 for the branch `api`; the order that counts is
`dependencies`."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from backend.integrity import TIMESTAMPED, add_touch_triggers, drop_touch_triggers


async def touch_triggers(apps, schema_editor) -> None:
    await add_touch_triggers(schema_editor)


async def no_touch_triggers(apps, schema_editor) -> None:
    await drop_touch_triggers(schema_editor)


def _datetime(auto_now: bool = False, auto_now_add: bool = False) -> fields.DatetimeField:
    return fields.DatetimeField(null=True, auto_now=auto_now, auto_now_add=auto_now_add)


_MODELS = {"product": "Product", "variant": "Variant", "supplier": "Supplier",
           "customer": "Customer", "purchase_order": "PurchaseOrder",
           "purchase_order_row": "PurchaseOrderRow", "sales_order": "SalesOrder",
           "sales_order_row": "SalesOrderRow", "serial_number": "SerialNumber"}


class Migration(migrations.Migration):
    dependencies = [('models', '0012_warehouse')]

    initial = False

    operations = [
        ops.AddField(model_name='Variant', name='created_at', field=_datetime(auto_now_add=True)),
        ops.AddField(model_name='PurchaseOrderRow', name='created_at',
                     field=_datetime(auto_now_add=True)),
        ops.AddField(model_name='SalesOrderRow', name='created_at',
                     field=_datetime(auto_now_add=True)),
        ops.RunSQL("UPDATE variant SET created_at = (SELECT p.created_at FROM product p "
                   "WHERE p.id = variant.product_id)", reverse_sql="SELECT 1"),
        ops.RunSQL("UPDATE purchase_order_row SET created_at = (SELECT o.created_at FROM "
                   "purchase_order o WHERE o.id = purchase_order_row.purchase_order_id)",
                   reverse_sql="SELECT 1"),
        ops.RunSQL("UPDATE sales_order_row SET created_at = (SELECT o.created_at FROM "
                   "sales_order o WHERE o.id = sales_order_row.sales_order_id)",
                   reverse_sql="SELECT 1"),
        *(ops.AddField(model_name=_MODELS[t], name='updated_at', field=_datetime(auto_now=True))
          for t in TIMESTAMPED),
        *(ops.RunSQL(f"UPDATE {t} SET updated_at = created_at", reverse_sql="SELECT 1")
          for t in TIMESTAMPED),
        ops.RunPython(touch_triggers, no_touch_triggers),
    ]
