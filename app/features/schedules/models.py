"""The schedules feature stores no documents: a schedule is a versioned data file in data/."""
