"""The Textual review app. The only package that imports Textual; it talks to the database
only through `FactcheckService`."""
