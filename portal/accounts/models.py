from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.privileges import user_staff_privileges_active

FORMER_MEMBER_NAME = "Former member"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Logs in by email; there is no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        permissions = [("manage_roles", "Can grant and remove roles")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        # A request that paused a superuser's flags (no second factor yet) never stores them.
        paused = getattr(self, "_paused_flags", None)
        if paused is None:
            return super().save(*args, **kwargs)
        shown = (self.is_staff, self.is_superuser)
        self.is_staff, self.is_superuser = paused
        try:
            super().save(*args, **kwargs)
        finally:
            self.is_staff, self.is_superuser = shown

    def staff_privileges_active(self) -> bool:
        """False while a role that needs MFA lacks it: the account then has a patient's rights."""
        return user_staff_privileges_active(self)

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.staff_privileges_active() and super().has_perm(perm, obj)

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.staff_privileges_active() and super().has_perms(perm_list, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.staff_privileges_active() and super().has_module_perms(app_label)

    def get_all_permissions(self, obj=None) -> set[str]:
        return super().get_all_permissions(obj) if self.staff_privileges_active() else set()

    def get_forum_display_name(self) -> str:
        """The name shown in support groups: a pseudonym, never the email address."""
        profile = getattr(self, "group_profile", None)
        if profile is not None:
            return profile.display_name
        # A deleted account keeps its posts under this name (its pseudonym is gone).
        return f"Member {self.pk}" if self.is_active else FORMER_MEMBER_NAME
