
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from fluxsite.permissions import grant_permissions

# Editors run the wire; Writers get nothing here. Tokens are revoked, not deleted (superusers only).
# (The wire's models lived in the articles app until wire/migrations/0001_initial.py took them over.)
EDITOR_WIRE_PERMS = [
    f"articles.{codename}"
    for codename in [
        "add_wireitem", "change_wireitem", "delete_wireitem", "view_wireitem",
        "add_marketquote", "change_marketquote", "delete_marketquote", "view_marketquote",
        "add_apitoken", "change_apitoken", "view_apitoken",
    ]
]


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_search_vector_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(help_text='Which client uses it, e.g. “markets-bot on ops-1”.', max_length=80, unique=True)),
                ('prefix', models.CharField(editable=False, help_text="The token's first characters, to recognise it.", max_length=16)),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API token',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='MarketQuote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('symbol', models.CharField(help_text='Upper-case letters, digits and . - _ : / @, e.g. NVX or LLAMA-70B@NIMBUS.', max_length=32, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9.\\-_:/@]{0,31}$', message='Not a valid symbol. Upper-case letters, digits and . - _ : / @, e.g. NVX or LLAMA-70B@NIMBUS.')])),
                ('label', models.CharField(help_text='Readable name, e.g. “Llama 3.3 70B at Nimbus (input)”.', max_length=80)),
                ('value', models.DecimalField(decimal_places=6, max_digits=18)),
                ('unit', models.CharField(help_text='USD for share prices, “$/M tokens” for inference prices.', max_length=20)),
                ('as_of', models.DateTimeField(help_text='When the figure was true (not when it was entered).', verbose_name='as of')),
                ('source', models.CharField(blank=True, max_length=80)),
            ],
            options={
                'ordering': ['symbol', '-as_of'],
                'get_latest_by': 'as_of',
                'indexes': [models.Index(fields=['as_of'], name='marketquote_as_of_idx')],
                'constraints': [models.UniqueConstraint(fields=('symbol', 'as_of'), name='marketquote_unique_symbol_as_of'), models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='marketquote_value_not_negative', violation_error_message="A figure can't be negative.")],
            },
        ),
        migrations.CreateModel(
            name='WireItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('headline', models.CharField(help_text='One line; the ticker shows it as written.', max_length=140)),
                ('url', models.CharField(blank=True, help_text='…or to another site (http or https). Leave both empty for a dispatch without a link.', max_length=500, validators=[django.core.validators.URLValidator(message='Enter an http:// or https:// address.', schemes=['http', 'https'])], verbose_name='external link')),
                ('source', models.CharField(blank=True, help_text='Who reports it, e.g. “Flux desk”.', max_length=80)),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now, help_text='A future time schedules the dispatch.')),
                ('pinned', models.BooleanField(default=False, help_text='Pinned dispatches lead the ticker until unpinned or expired.')),
                ('expires_at', models.DateTimeField(blank=True, help_text='Optional: the dispatch leaves the wire at this time.', null=True)),
                ('article', models.ForeignKey(blank=True, help_text='Link to one of our articles (shown once it is published)…', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='wire_items', to='articles.article')),
            ],
            options={
                'verbose_name': 'wire dispatch',
                'verbose_name_plural': 'wire dispatches',
                'ordering': ['-pinned', '-published_at', '-id'],
                'get_latest_by': 'published_at',
                'indexes': [models.Index(fields=['-published_at'], name='wireitem_pub_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('article__isnull', True), ('url', ''), _connector='OR'), name='wireitem_one_link_at_most', violation_error_message='Link to an article or to an external address, not both.'), models.CheckConstraint(condition=models.Q(('expires_at__isnull', True), ('expires_at__gt', models.F('published_at')), _connector='OR'), name='wireitem_expires_after_publishing', violation_error_message='The expiry must come after the publishing time.')],
            },
        ),
        grant_permissions({"Editors": EDITOR_WIRE_PERMS}),
    ]
