"""Back office: administrators reset the authenticator of someone locked out."""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grants.accounts import services

# allauth's own admin shows and edits each authenticator's data, secrets included: this one replaces it.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has which authenticator, for administrators helping someone who lost both phone and recovery
    codes: deleting their authenticator app lets them sign in with the password alone and set up a new one.
    Never the secrets (the data field); no adding or editing."""

    list_display = ["user", "user__email", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    search_help_text = _("Search by e-mail address.")
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    ordering = ["user__email", "type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.authenticator_remove(authenticator=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        removed: set[int] = set()
        # Apps before recovery codes: removing someone's app removes their recovery codes with it.
        for authenticator in queryset.select_related("user").order_by("-type"):
            if authenticator.pk not in removed:
                removed.update(services.authenticator_remove(authenticator=authenticator, by=request.user))
