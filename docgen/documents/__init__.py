"""The documents: which exist and their file names (:mod:`.kinds`), what a template sees
(:mod:`.context`), the Jinja environment and its filters (:mod:`.render`), templates compiled once
for many documents (:mod:`.prepared`), the template check (:mod:`.template_check`), and the
progress charts with their shipped frames (:mod:`.charts`)."""
