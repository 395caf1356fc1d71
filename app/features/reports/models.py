"""The reports feature stores nothing: it aggregates other features' collections."""
