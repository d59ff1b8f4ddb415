/// Editing stage: see README. Filled in by its issue.
public enum EditingStage {}
