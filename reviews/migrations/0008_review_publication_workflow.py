"""Create the "Review publication" workflow and assign it to the reviews index.

Statutory notice, then Moderator approval, both approved by Moderators or Partnership
administrators. A reviews index created later (a fresh site gets one from the demo loader or the
admin) is given the workflow when it is created.
"""

from django.db import migrations

WORKFLOW_NAME = "Review publication"
APPROVING_GROUPS = ["Moderators", "Partnership administrators"]
TASKS = [
    ("statutorynoticetask", "StatutoryNoticeTask", "Statutory notice"),
    ("moderatorapprovaltask", "ModeratorApprovalTask", "Moderator approval"),
]


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ReviewIndexPage = apps.get_model("reviews", "ReviewIndexPage")

    if Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        return
    groups = list(Group.objects.filter(name__in=APPROVING_GROUPS))
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    for sort_order, (model_name, class_name, task_name) in enumerate(TASKS):
        content_type, _ = ContentType.objects.get_or_create(app_label="reviews", model=model_name)
        task = apps.get_model("reviews", class_name).objects.create(
            name=task_name, content_type=content_type, active=True
        )
        task.groups.set(groups)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=sort_order)

    for index in ReviewIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    for _model_name, class_name, _task_name in TASKS:
        apps.get_model("reviews", class_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0007_editorial_groups")]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
