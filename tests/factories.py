from __future__ import annotations

import factory

from dieuhanh.accounts.models import Role, User

PASSWORD = "Ia-Blang@2021!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    role = Role.DATA_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def staff(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.is_staff = self.is_superuser = self.role == Role.ADMIN
            self.save()
