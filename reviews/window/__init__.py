"""The publication window: a published review stays public for at least one year.

`rules` (dates and messages) is at the bottom and imports nothing from the app; `queries`,
`permissions`, `guards` and `receivers` hold the rule on every path; `actions` is the one
deliberate way down (withdrawal); `views`, `panels`, `forms` and `hooks` are its admin.
"""
