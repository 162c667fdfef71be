from __future__ import annotations

import factory

from dieuhanh.accounts.models import Role, User

PASSWORD = "Ia-Blang@2021!"


def _staff(user: User, create: bool, extracted: object, **kwargs: object) -> None:
    """After the user is made: an admin is staff and superuser (the admin site's flags)."""
    if create:
        user.is_staff = user.is_superuser = user.role == Role.ADMIN
        user.save()


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    role = Role.DATA_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    # factory.post_generation(f) is PostGeneration(f); called here on a typed function, since
    # the decorator form leaves `staff` untyped and its first argument (the user) typed as the
    # factory
    staff = factory.PostGeneration(_staff)
