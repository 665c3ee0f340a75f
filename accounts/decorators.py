"""Access by role for the site's views: deny by default."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import rollen as _rollen


def rol_vereist(*toegestane_rollen: str, beheerder: bool = False):
    """The view is for users holding one of these roles; the beheerder (configuration, no
    routine work) only where a view says ``beheerder=True``."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if beheerder and _rollen.is_beheerder(user):
                return view(request, *args, **kwargs)
            if not (_rollen.rollen_van(user) & set(toegestane_rollen)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
