"""Reader comments: the model, the one moderation policy, the services that write them,
the spam check (spam/) and the moderation desk in the admin (admin/).

Depends on essays, never on pages.
"""
