"""The wire's models move to the wire app (wire/migrations/0001_initial.py takes them over).

Only Django's record of the models changes: their tables, rows and constraints stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_image_checks_on_upload_only"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WireItem"),
                migrations.DeleteModel(name="MarketQuote"),
                migrations.DeleteModel(name="ApiToken"),
            ],
            database_operations=[],
        ),
    ]
