"""The editorial process: who drafts, who approves, the statutory notice, reminders and the dashboard.

It builds on the publication window (`reviews.window`) and never the other way round.
"""
