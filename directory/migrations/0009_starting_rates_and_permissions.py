"""Starting exchange rates (editors keep them current in the admin) and the Editors' permissions for them."""

from decimal import Decimal

from django.db import migrations

from fluxsite.permissions import grant_permissions

AS_OF = "2026-12-01"
# US dollars per unit on AS_OF: rounded reference values, to be replaced by editors' dated rates.
RATES = {
    "EUR": "1.08", "GBP": "1.27", "CAD": "0.73", "AUD": "0.66", "INR": "0.012", "JPY": "0.0067",
    "BRL": "0.19", "NGN": "0.00065", "PHP": "0.017",
}
EDITOR_PERMS = [f"directory.{action}_exchangerate" for action in ("add", "change", "delete", "view")]


def forwards(apps, schema_editor):
    ExchangeRate = apps.get_model("directory", "ExchangeRate")
    for code, rate in RATES.items():
        ExchangeRate.objects.get_or_create(
            currency=code, as_of=AS_OF, defaults={"usd_per_unit": Decimal(rate), "source": "Flux starting table"}
        )


def backwards(apps, schema_editor):
    apps.get_model("directory", "ExchangeRate").objects.filter(as_of=AS_OF, source="Flux starting table").delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_exchange_rates_workflow_report_stats")]

    operations = [migrations.RunPython(forwards, backwards), grant_permissions({"Editors": EDITOR_PERMS})]
