from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.models import Role
from tortoise import fields

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
    ]
