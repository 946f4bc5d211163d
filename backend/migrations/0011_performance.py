"""Indexes for every order and filter of the lists (keyset pages, see
backend/domain/serial_list.py), substring search on serial numbers without a scan
(backend/search_index.py). Chosen with EXPLAIN ANALYZE at 1M serial numbers on both databases (README,
Performance)."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from backend.search_index import add_search_index, drop_search_index


async def search_index(apps, schema_editor) -> None:
    await add_search_index(schema_editor)


async def no_search_index(apps, schema_editor) -> None:
    await drop_search_index(schema_editor)


def _index(model: str, *fields: str) -> ops.AddIndex:
    return ops.AddIndex(model_name=model, index=Index(fields=list(fields)))


class Migration(migrations.Migration):
    dependencies = [('models', '0010_serial_status_link')]

    initial = False

    operations = [
        ops.RemoveIndex(model_name='SerialNumber', fields=['status', 'added_at']),
        _index('SerialNumber', 'added_at', 'id'),
        _index('SerialNumber', 'status', 'added_at', 'id'),
        _index('SerialNumber', 'variant_id', 'added_at', 'id'),
        _index('SerialNumber', 'variant_id', 'id'),
        _index('SerialNumber', 'status', 'number_sort', 'id'),
        ops.RunPython(search_index, no_search_index),
        _index('PurchaseOrder', 'created_at', 'id'),
        _index('PurchaseOrder', 'ordered_at', 'id'),
        _index('PurchaseOrder', 'status', 'created_at', 'id'),
        _index('PurchaseOrder', 'supplier_id', 'created_at', 'id'),
        _index('SalesOrder', 'created_at', 'id'),
        _index('SalesOrder', 'ordered_at', 'id'),
        _index('SalesOrder', 'status', 'created_at', 'id'),
        _index('SalesOrder', 'customer_id', 'created_at', 'id'),
    ]
