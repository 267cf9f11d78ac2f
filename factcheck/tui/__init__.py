"""The Textual review app. The only package that imports Textual; it talks to the database
only through `FactcheckService`.

Imports go one way: `app` (keys, the one write path, the one error place) → `screens` →
`widgets`; app and screens also use `messages` (what they tell each other), which uses
`session` (the headless review session: undo, own versions, the write lock; no Textual).
"""
