from django.contrib.auth.forms import UserCreationForm

from krampe.web.accounts.models import User


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username",)
