# Written by hand (issue 19): API tokens get an expiry and the marks of the credentials they were
# issued against; tokens issued before are given both here.

import datetime
import hashlib

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


# Frozen copies of accounts.selectors.password_mark and grants_mark as they are at this
# migration (tests/accounts/test_migrations.py checks they agree).
def _password_mark(password):  # type: ignore[no-untyped-def]
    return hashlib.sha256(("password\0" + password).encode("utf-8")).hexdigest()


def _grants_mark(role, grants):  # type: ignore[no-untyped-def]
    lines = [f"role:{role}", *sorted(f"{pk}:{unit_id}:{access}" for pk, unit_id, access in grants)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def stamp_existing_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    """A token issued before expiries existed expires `API_TOKEN_DAYS` after it was issued
    (an old one at once: it has lived longer than any token may now), and holds for the
    credentials its user has today (a password changed earlier cannot be known any more)."""
    api_token = apps.get_model("accounts", "ApiToken")
    user_scope = apps.get_model("accounts", "UserScope")
    lifetime = datetime.timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90))
    for token in api_token.objects.select_related("user").iterator():
        user = token.user
        grants = user_scope.objects.filter(user=user).values_list("pk", "unit_id", "access")
        token.expires_at = token.created_at + lifetime
        token.password_mark = _password_mark(user.password)
        token.grants_mark = _grants_mark(user.role, grants)
        token.save(update_fields=["expires_at", "password_mark", "grants_mark"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='expires'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='apitoken',
            name='grants_mark',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='apitoken',
            name='password_mark',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='apitoken',
            name='revoked_reason',
            field=models.CharField(blank=True, choices=[('by_hand', 'revoked by its owner or an administrator'), ('password', 'the password of its user changed'), ('grants', 'the role or units of its user changed')], max_length=10, verbose_name='reason revoked'),
        ),
        # last, and no schema change after it (PostgreSQL refuses ALTER TABLE on a table with
        # updates pending in the same transaction)
        migrations.RunPython(stamp_existing_tokens, migrations.RunPython.noop),
    ]
