from tests.reviews.conftest import (  # noqa: F401  (the same people as the reviews' tests)
    administrator,
    administrator_client,
    administrator_user,
    client_for,
    editor_user,
    make_administrator,
    moderator_user,
)
