from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.models import Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_sales_orders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('role', fields.CharEnumField(description='VIEWER: VIEWER\nOPERATOR: OPERATOR\nADMIN: ADMIN', enum_type=Role, max_length=16)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'app_user', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Credential',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='credentials', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('name', fields.CharField(default='', max_length=100)),
                ('secret_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'credential', 'app': 'models', 'indexes': [Index(fields=['user_id', 'kind'])], 'pk_attr': 'id', 'table_description': 'A secret that stands for a user: a browser session, an API token or a one-time sign-in'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IdempotentRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=200)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='idempotent_requests', on_delete=OnDelete.CASCADE)),
                ('request_hash', fields.CharField(max_length=64)),
                ('response', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idempotent_request', 'app': 'models', 'unique_together': (('user', 'key'),), 'pk_attr': 'id', 'table_description': 'The first answer to a mutation sent with an `Idempotency-Key`, stored in the transaction'},
            bases=['Model'],
        ),
    ]
