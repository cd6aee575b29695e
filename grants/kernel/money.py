"""Dollar amounts as people read them: $25,000.00 in English, 25 000,00 $ in French."""

from decimal import Decimal

from django.utils.formats import number_format

from grants.kernel.language import is_french


def format_money(value) -> str:
    if value in (None, ""):
        return ""
    amount = number_format(Decimal(value).quantize(Decimal("0.01")), decimal_pos=2, force_grouping=True)
    if is_french():
        return f"{amount}\u00a0$"
    return f"${amount}"
