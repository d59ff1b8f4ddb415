/// Directions stage: plugins, importers and authoring.
public enum DirectionsStage {}
