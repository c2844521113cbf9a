"""Give Editors, Moderators and Partnership administrators exactly the rights the editorial process needs.

Wagtail's own migrations create "Editors" and "Moderators" with publish rights for moderators and
document deletion for both; this replaces whatever the groups held with the sets below, so every
installation starts from the same, documented permissions. Editors draft and submit; moderators
approve (approving publishes, through the workflow); administrators also publish directly, set
takedown dates and withdraw.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN = [("wagtailadmin", "access_admin")]
THEMES = [("reviews", "add_theme"), ("reviews", "change_theme")]
UPLOAD_OWN = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]
MANAGE_ALL = [*UPLOAD_OWN, ("wagtaildocs", "change_document"), ("wagtailimages", "change_image")]

GROUPS = {
    "Editors": {
        "permissions": [*ADMIN, *THEMES],
        "page_permissions": ["add_page", "change_page"],
        "collection_permissions": UPLOAD_OWN,
    },
    "Moderators": {
        "permissions": [*ADMIN, *THEMES],
        "page_permissions": ["add_page", "change_page", "lock_page", "unlock_page"],
        "collection_permissions": MANAGE_ALL,
    },
    "Partnership administrators": {
        "permissions": [
            *ADMIN,
            *THEMES,
            ("reviews", "delete_theme"),
            ("reviews", "schedule_takedown"),
            ("reviews", "withdraw_review"),
        ],
        "page_permissions": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collection_permissions": MANAGE_ALL,
    },
}
PERMISSION_APPS = ("reviews", "wagtailadmin", "wagtailcore", "wagtaildocs", "wagtailimages")


def set_group_permissions(apps, schema_editor):
    for label in PERMISSION_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, rights in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(*key) for key in rights["permissions"]])

        GroupPagePermission.objects.filter(group=group).delete()
        if root_page is not None:
            for codename in rights["page_permissions"]:
                GroupPagePermission.objects.create(
                    group=group, page=root_page, permission=permission("wagtailcore", codename)
                )

        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for key in rights["collection_permissions"]:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=permission(*key)
                )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_workflow_tasks_and_reminders"),
        # After Wagtail's own data migrations, which add rights to every admin group as they run.
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(set_group_permissions, migrations.RunPython.noop)]
