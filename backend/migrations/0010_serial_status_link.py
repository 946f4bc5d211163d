"""The database holds that a serial number is on a sales order row exactly while it is reserved
or shipped (see backend/integrity.py). Numbered 0010 so that it sorts after the 0007-0009
migrations being built on other branches; the order that counts is `dependencies`."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from backend.integrity import add_serial_checks, drop_serial_checks


async def serial_checks(apps, schema_editor) -> None:
    await add_serial_checks(schema_editor)


async def no_serial_checks(apps, schema_editor) -> None:
    await drop_serial_checks(schema_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0006_credentials')]

    initial = False

    operations = [
        ops.RunPython(serial_checks, no_serial_checks),
    ]
