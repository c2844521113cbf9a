"""Create the "Partnership administrators" group, so every installation has it from the start."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Partnership administrators"
REVIEW_PERMISSIONS = ("schedule_takedown", "withdraw_review")
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="reviews", codename__in=REVIEW_PERMISSIONS),
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_backfill_live_since"),
        ("wagtailadmin", "0003_admin_managed"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
