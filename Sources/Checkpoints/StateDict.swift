public enum CheckpointsStage {}
