"""Flux site → Team: Editors add writers and editors and change their role, and nothing more.

They never see or edit a superuser, never grant a permission directly (a role is a group), can't
change their own role or deactivate themselves, and can't delete anyone (deactivate instead, so
bylines and history keep their author).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import Group

from fluxsite.models import TeamMember


class RoleMixin(forms.Form):
    role = forms.ChoiceField(choices=TeamMember.ROLES)


class TeamMemberAddForm(RoleMixin, BaseUserCreationForm):
    class Meta:
        model = TeamMember
        fields = ("username", "first_name", "last_name", "email")


class TeamMemberChangeForm(RoleMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ("username", "first_name", "last_name", "email", "is_active")
        help_texts = {"is_active": "Untick instead of deleting: they can't sign in, their bylines stay."}


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ("username", "full_name", "email", "role", "is_active", "last_login")
    list_filter = ("groups", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)

    def get_queryset(self, request):
        return super().get_queryset(request).newsroom().prefetch_related("groups")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = TeamMemberChangeForm if obj else TeamMemberAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["role"].initial = obj.role if obj else TeamMember.WRITER
        own = obj is not None and obj.pk == request.user.pk
        for name in ("role", "is_active"):
            if name in form.base_fields:
                form.base_fields[name].disabled = own  # nobody promotes or locks out themselves
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ("username", "first_name", "last_name", "email", "role", "password1", "password2")})]
        return [(None, {"fields": ("username", "first_name", "last_name", "email", "role", "is_active")})]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.is_staff = True
        obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        member = form.instance
        if member.pk != request.user.pk:
            member.groups.set(Group.objects.filter(name=form.cleaned_data["role"]))
        member.user_permissions.clear()

    @admin.display(description="name", ordering="last_name")
    def full_name(self, member):
        return member.get_full_name()

    @admin.display(description="role")
    def role(self, member):
        return {TeamMember.EDITOR: "Editor", TeamMember.WRITER: "Writer"}.get(member.role, "—")
