"""The staff groups the migrations create; the demo loader and the reminders find people by them."""

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
ADMINISTRATORS_GROUP = "Partnership administrators"
