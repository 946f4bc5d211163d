from datetime import UTC, datetime

from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.models import Role
from tortoise import fields

from backend.domain.dates import to_utc

# Every date-time column. Older versions stored a business date with whatever offset a client
# sent; on SQLite a value such as 9999-12-31T23:59:59-23:59 was written fine and failed when
# read back, breaking every list that showed it. They are rewritten in UTC here.
TIME_COLUMNS = {
    "app_user": ["created_at"], "credential": ["created_at", "expires_at", "last_used_at",
                                               "revoked_at"],
    "idempotent_request": ["created_at"], "supplier": ["created_at"], "product": ["created_at"],
    "purchase_order": ["created_at", "ordered_at"], "purchase_order_row": ["received_at"],
    "customer": ["created_at"], "sales_order": ["delivered_at", "ordered_at", "created_at"],
    "serial_number": ["added_at", "created_at"],
    "serial_number_event": ["at", "recorded_at"],
}
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def _in_utc(text: str) -> str:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return str(LATEST)
    return str(to_utc(value) or LATEST)


async def times_in_utc(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return  # PostgreSQL's timestamptz keeps instants, whatever the offset sent
    for table, columns in TIME_COLUMNS.items():
        for column in columns:
            _, rows = await client.execute_query(
                f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL '
                f'AND "{column}" NOT LIKE \'%+00:00\'')
            fixes = [[_in_utc(row[1]), row[0]] for row in (tuple(r) for r in rows)]
            if fixes:
                await client.execute_many(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', fixes)


async def nothing(apps, schema_editor) -> None:
    return None

class Migration(migrations.Migration):
    dependencies = [('models', '0005_app_screens')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SignInThrottle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=200)),
                ('failures', fields.IntField(default=0)),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_failure_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sign_in_throttle', 'app': 'models', 'pk_attr': 'key', 'table_description': 'Failed sign-ins counted per account and per client address, in the database so that'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Credential',
            name='scope',
            field=fields.CharEnumField(null=True, description='VIEWER: VIEWER\nOPERATOR: OPERATOR\nADMIN: ADMIN', enum_type=Role, max_length=16),
        ),
        ops.RunPython(times_in_utc, nothing),
    ]
