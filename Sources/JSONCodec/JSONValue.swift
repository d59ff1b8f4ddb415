/// JSON via json-c.
public enum JSONCodecStage {}
