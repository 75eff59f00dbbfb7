"""Who may see and change what readers see: the permission rules used outside Django's own.

The admin checks add/change/delete/view itself; these are the rules it does not
know: publishing, and seeing unpublished pages on the public site.
"""

from django.conf import settings
from django.contrib.auth import get_permission_codename, get_user_model


def may_publish(user, model):
    """Publishing, scheduling and unpublishing (a page's status and publish time) is its own
    permission, publish_<model> (articles.publish_article)."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def may_see_unpublished(user, model):
    """Staff who may view the model in the admin (view, or change, as the admin counts it)
    see its drafts and scheduled pages on the public site; other staff get a 404 there."""
    opts = model._meta
    return user.is_staff and any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def may_preview_unpublished(request, model):
    """Whether this request may see `model`'s drafts at their public address.

    The session is read only when there is one: reading it marks an anonymous
    response "Vary: Cookie", which would keep it out of shared caches.
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES and may_see_unpublished(
        request.user, model
    )


def may_change_page(user, page):
    """Changing or deleting a published page, live or scheduled, changes what readers see (or
    will see at its time): that is a publisher's call. Drafts and pages in review are for
    anyone the admin lets change them. The admin's own change/delete permission still applies.
    """
    return not page.is_published or may_publish(user, type(page))


def publishers(model):
    """Active staff who may publish `model` pages: whom a writer asks for a change."""
    opts = model._meta
    users = get_user_model()._default_manager.with_perm(
        f"{opts.app_label}.publish_{opts.model_name}",
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",  # the one that knows permissions
    )
    return users.filter(is_staff=True).order_by("username")
