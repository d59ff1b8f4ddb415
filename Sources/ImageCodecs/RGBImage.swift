public enum ImageCodecsStage {}
