"""The default Word templates, shipped inside the package as ``docgen.default_templates``.

Staff edit the ``.docx`` files here; this file only lets the package carry them (pyproject.toml)
so that ``docgen init`` can copy them into a new folder.
"""
