"""Who may see and change what readers see: the permission rules used outside Django's own.

The admin checks add/change/delete/view itself; these are the rules it does not
know: publishing, and seeing unpublished pages on the public site.
"""

from django.contrib.auth import get_permission_codename


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
