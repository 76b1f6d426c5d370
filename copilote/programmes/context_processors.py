from copilote.programmes.selectors import programmes_for


def navigation(request):
    """The territories and programmes the user may switch to (one query, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_programmes": lambda: programmes_for(user),
        "current_programme": getattr(request, "programme", None),
    }
